-- A password an admin set is temporary: the consultant chooses their own at the next login.
ALTER TABLE consultants ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
