//! The files an operator deploys with: the systemd unit, the container build, and the scripts'
//! separate ports for the demo, the tests and the benchmarks.

use std::path::Path;
use std::process::Command;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// `systemd-analyze verify` on the unit, pointed at the binary just built; every warning
/// (an unknown or misspelt key is only a warning to systemd) fails the test.
#[test]
fn the_systemd_unit_verifies_cleanly() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("systemd-analyze is not installed here; the unit was not verified");
        return;
    }
    let unit = read("deploy/systemd/caseconsult.service").replace(
        "/usr/local/bin/caseconsult",
        env!("CARGO_BIN_EXE_caseconsult"),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("caseconsult.service");
    std::fs::write(&path, unit).unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
}

#[test]
fn the_unit_runs_confined_as_its_own_user_with_secrets_from_a_file() {
    let unit = read("deploy/systemd/caseconsult.service");
    for line in [
        "User=caseconsult",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "PrivateTmp=yes",
        "Restart=on-failure",
        "EnvironmentFile=/etc/caseconsult/credentials.env",
    ] {
        assert!(unit.lines().any(|l| l == line), "missing {line}");
    }
    let exec = unit.lines().find(|l| l.starts_with("ExecStart=")).unwrap();
    assert!(
        !exec.contains("PASSWORD") && !exec.contains("postgres://"),
        "no secret on the command line: {exec}"
    );
    assert!(read("deploy/systemd/caseconsult.sysusers").contains("u caseconsult "));
}

#[test]
fn the_container_builds_in_stages_and_runs_serve_as_a_non_root_user() {
    let file = read("deploy/container/Containerfile");
    let stages: Vec<&str> = file.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert_eq!(stages.len(), 2, "a build stage and a runtime stage");
    assert!(
        stages[1].contains("debian") && stages[1].contains("slim"),
        "{}",
        stages[1]
    );
    let runtime = &file[file.rfind("\nFROM ").unwrap()..];
    let user = runtime
        .lines()
        .find(|l| l.starts_with("USER "))
        .expect("a USER");
    assert!(!user.contains("root") && !user.ends_with(" 0"), "{user}");
    assert!(runtime.contains("--locked") || file.contains("--locked"));
    assert!(runtime.contains(r#"CMD ["serve"]"#));
}

/// Each script's rig port offset (`RIG_PORT_OFFSET=${RIG_PORT_OFFSET:-N}`), 0 when it sets none.
fn offset(script: &str) -> u32 {
    let text = read(script);
    text.split("RIG_PORT_OFFSET=${RIG_PORT_OFFSET:-")
        .nth(1)
        .map_or(0, |rest| rest.split('}').next().unwrap().parse().unwrap())
}

#[test]
fn the_demo_the_tests_and_the_benchmarks_each_have_their_own_ports() {
    let offsets = [
        offset("deploy/test.sh"),
        offset("deploy/bench.sh"),
        offset("deploy/quickstart.sh"),
        offset("deploy/fuzz-store.sh"),
    ];
    let rig = read("deploy/rig.sh");
    // The rig's widest span between its ports of one kind (IMAP 10143 to SMTPS 10465 sit in
    // different hundreds), so offsets a hundred apart never meet.
    assert!(rig.contains("$((10143 + off))") && rig.contains("$((55432 + off))"));
    let mut sorted = offsets;
    sorted.sort_unstable();
    assert!(
        sorted.windows(2).all(|w| w[1] - w[0] >= 100),
        "offsets {offsets:?} must differ by at least 100"
    );
}
