//! `codes import`: files into the data directory, validated first, never replacing another
//! ICD-10-CM year.

use std::io::Read;
use std::path::Path;

use super::payer::{self, Kind};
use super::{icd_file_name, AssistError, Icd10Cm};

fn read(file: &Path) -> Result<Vec<u8>, AssistError> {
    std::fs::read(file).map_err(|source| AssistError::Io {
        path: file.to_owned(),
        source,
    })
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), AssistError> {
    std::fs::create_dir_all(dir).map_err(|source| AssistError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes).map_err(|source| AssistError::Io {
        path: tmp.clone(),
        source,
    })?;
    std::fs::rename(&tmp, dir.join(name)).map_err(|source| AssistError::Io {
        path: dir.join(name),
        source,
    })
}

/// Parses the tabular XML (plain or gzip) and files it as `icd10cm-YYYY.xml.gz` beside the other years.
pub fn icd10cm(dir: &Path, file: &Path) -> Result<String, AssistError> {
    let bytes = read(file)?;
    let gz = if bytes.starts_with(&[0x1f, 0x8b]) {
        bytes
    } else {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut enc, &bytes)
            .map_err(|e| AssistError::Import(e.to_string()))?;
        enc.finish()
            .map_err(|e| AssistError::Import(e.to_string()))?
    };
    let mut xml = String::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_string(&mut xml)
        .map_err(|e| AssistError::Import(format!("not gzip or UTF-8: {e}")))?;
    let set = Icd10Cm::from_xml(&xml)?;
    write(dir, &icd_file_name(set.year), &gz)?;
    Ok(format!(
        "ICD-10-CM FY{}: {} codes, {} billable, stored in {}",
        set.year,
        set.nodes.len(),
        set.billable_count(),
        dir.join(icd_file_name(set.year)).display()
    ))
}

pub fn payer(dir: &Path, kind: Kind, file: &Path) -> Result<String, AssistError> {
    let bytes = read(file)?;
    let text = String::from_utf8_lossy(&bytes);
    let rows = payer::parse(kind, &text)?;
    write(dir, kind.file_name(), payer::to_tsv(&rows).as_bytes())?;
    Ok(format!(
        "{kind:?}: {} rows stored in {}",
        rows.len(),
        dir.join(kind.file_name()).display()
    ))
}
