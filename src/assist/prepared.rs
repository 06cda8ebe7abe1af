//! The code set, its search index and the Index and Tables, prepared once and kept in a file: a
//! start reads them back instead of parsing 800 KB of tabular XML, tokenizing 74,719 titles and
//! parsing 3 MB of Index rows and the Tables' XML again.
//!
//! The file is named by a checksum of the code set's bytes, of the shipped Index and Tables and
//! of the code that builds from them and lays them out (this crate's version and the sources of
//! the parsers, the index, the tokenizer and this file), so a new code set year, a changed
//! tokenizer or a changed layout never reads a stale file; an unreadable file is rebuilt.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::icd10cm::Icd10Cm;
use super::lookup::{self, Lookup};
use super::suggest::Index;
use super::AssistError;

/// The sources whose output the prepared file holds.
const BUILDERS: [&str; 5] = [
    include_str!("icd10cm.rs"),
    include_str!("lookup.rs"),
    include_str!("prepared.rs"),
    include_str!("suggest.rs"),
    include_str!("text.rs"),
];

const PREFIX: &str = "prepared-icd10cm-";

/// The file's first part; the books are its second.
#[derive(Serialize)]
struct Writing<'a> {
    icd: &'a Icd10Cm,
    index: &'a Index,
}

#[derive(Deserialize)]
struct Reading {
    icd: Icd10Cm,
    index: Index,
}

/// What the assistant starts from.
pub struct Prepared {
    pub icd: Icd10Cm,
    pub index: Index,
    pub books: Lookup,
}

/// The checksum naming the prepared file of a code set.
fn key(source: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION"));
    for builder in BUILDERS {
        hash.update(builder);
    }
    hash.update(source);
    for book in &lookup::SOURCES {
        hash.update(book);
    }
    hex::encode(&hash.finalize()[..12])
}

fn build(source: &[u8]) -> Result<Prepared, AssistError> {
    let icd = Icd10Cm::from_gzip(source)?;
    let index = Index::build(&icd);
    let books = Lookup::builtin()?;
    Ok(Prepared { icd, index, books })
}

/// The code set in `source` (gzipped tabular XML), its index and the built-in Index and Tables:
/// read from `cache` when it holds them, else built and stored there for the next start.
/// Without a cache directory, or when it cannot be written, they are built in memory as before.
pub fn load(source: &[u8], cache: Option<&Path>) -> Result<Prepared, AssistError> {
    let Some(dir) = cache else {
        return build(source);
    };
    let path = dir.join(format!("{PREFIX}{}.bin", key(source)));
    match std::fs::read(&path) {
        Ok(bytes) => match read(&bytes) {
            Ok(prepared) => return Ok(prepared),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "prepared code set unreadable; rebuilding it")
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "prepared code set unreadable; rebuilding it")
        }
    }
    let prepared = build(source)?;
    match store(dir, &path, &prepared) {
        Ok(()) => tracing::info!(path = %path.display(), "code set prepared for the next start"),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "could not keep the prepared code set")
        }
    }
    Ok(prepared)
}

/// The file holds the code set with its index, then the books, behind the length of the first
/// part: a start reads the two parts on two threads.
fn read(bytes: &[u8]) -> Result<Prepared, postcard::Error> {
    let short = || postcard::Error::DeserializeUnexpectedEnd;
    let (len, rest) = bytes.split_first_chunk::<8>().ok_or_else(short)?;
    let (first, books) = usize::try_from(u64::from_le_bytes(*len))
        .ok()
        .and_then(|n| rest.split_at_checked(n))
        .ok_or_else(short)?;
    std::thread::scope(|s| {
        let books = s.spawn(|| postcard::from_bytes::<Lookup>(books));
        let codes: Reading = postcard::from_bytes(first)?;
        let books = books
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok(Prepared {
            icd: codes.icd,
            index: codes.index.with_derived(),
            books,
        })
    })
}

/// Written beside and renamed into place, so a reader never sees half a file; the files of
/// other code sets or builds are removed.
fn store(dir: &Path, path: &Path, prepared: &Prepared) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let writing = Writing {
        icd: &prepared.icd,
        index: &prepared.index,
    };
    let first = postcard::to_stdvec(&writing).map_err(std::io::Error::other)?;
    let books = postcard::to_stdvec(&prepared.books).map_err(std::io::Error::other)?;
    let mut bytes = Vec::with_capacity(8 + first.len() + books.len());
    bytes.extend_from_slice(&(first.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&first);
    bytes.extend_from_slice(&books);
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)?;
    for stale in older_files(dir, path)? {
        let _ = std::fs::remove_file(stale);
    }
    Ok(())
}

fn older_files(dir: &Path, keep: &Path) -> std::io::Result<Vec<PathBuf>> {
    Ok(std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p != keep
                && p.extension().is_some_and(|x| x == "bin")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(PREFIX))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_follows_the_code_set_bytes() {
        assert_eq!(key(b"a"), key(b"a"));
        assert_ne!(key(b"a"), key(b"b"));
    }
}
