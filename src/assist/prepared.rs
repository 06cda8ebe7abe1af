//! The code set and its search index, prepared once and kept in a file: a start reads them back
//! instead of parsing 800 KB of tabular XML and tokenizing 74,719 titles again.
//!
//! The file is named by a checksum of the code set's bytes and of the code that builds the
//! index from them (this crate's version and the sources of the parser, the index and the
//! tokenizer), so a new code set year or a changed tokenizer never reads a stale index; an
//! unreadable file is rebuilt.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::icd10cm::Icd10Cm;
use super::suggest::Index;
use super::AssistError;

/// The sources whose output the prepared file holds.
const BUILDERS: [&str; 3] = [
    include_str!("icd10cm.rs"),
    include_str!("suggest.rs"),
    include_str!("text.rs"),
];

const PREFIX: &str = "prepared-icd10cm-";

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

/// The checksum naming the prepared file of a code set.
fn key(source: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION"));
    for builder in BUILDERS {
        hash.update(builder);
    }
    hash.update(source);
    hex::encode(&hash.finalize()[..12])
}

fn build(source: &[u8]) -> Result<(Icd10Cm, Index), AssistError> {
    let icd = Icd10Cm::from_gzip(source)?;
    let index = Index::build(&icd);
    Ok((icd, index))
}

/// The code set in `source` (gzipped tabular XML) and its index: read from `cache` when it
/// holds them, else built and stored there for the next start. Without a cache directory, or
/// when it cannot be written, the set is built in memory as before.
pub fn load(source: &[u8], cache: Option<&Path>) -> Result<(Icd10Cm, Index), AssistError> {
    let Some(dir) = cache else {
        return build(source);
    };
    let path = dir.join(format!("{PREFIX}{}.bin", key(source)));
    match std::fs::read(&path) {
        Ok(bytes) => match postcard::from_bytes::<Reading>(&bytes) {
            Ok(r) => return Ok((r.icd, r.index.with_sides())),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "prepared code set unreadable; rebuilding it")
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "prepared code set unreadable; rebuilding it")
        }
    }
    let (icd, index) = build(source)?;
    match store(dir, &path, &icd, &index) {
        Ok(()) => tracing::info!(path = %path.display(), "code set prepared for the next start"),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "could not keep the prepared code set")
        }
    }
    Ok((icd, index))
}

/// Written beside and renamed into place, so a reader never sees half a file; the files of
/// other code sets or builds are removed.
fn store(dir: &Path, path: &Path, icd: &Icd10Cm, index: &Index) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let bytes = postcard::to_stdvec(&Writing { icd, index }).map_err(std::io::Error::other)?;
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
