//! Reading a file someone else chose — a marker's `request=`, a template — without letting its
//! kind or size take the run down: only a regular file is read (a FIFO would hang the job, a
//! device such as `/dev/zero` never ends), and no more than a limit, so memory stays bounded
//! whatever the file is.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most read from a request description.
pub const REQUEST_LIMIT: u64 = 1024 * 1024;
/// The most read from one template.
pub const TEMPLATE_LIMIT: u64 = 256 * 1024;

/// The bytes of the regular file at `path`, refused when it is something else or holds more
/// than `limit` bytes. The error says which, for `Error::Read` to name the file.
pub fn read(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    // Checked before opening: opening a FIFO for reading blocks until a writer comes.
    check_kind(&std::fs::metadata(path)?)?;
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    {
        // If the file was swapped for a FIFO since, the open still returns at once.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    check_kind(&metadata)?;
    if metadata.len() > limit {
        return Err(too_big(limit));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // A file growing while it is read stops at the limit too.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(limit));
    }
    Ok(bytes)
}

fn check_kind(metadata: &std::fs::Metadata) -> io::Result<()> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a directory"
    } else {
        special_kind(&kind)
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{what}, not a regular file: name a file"),
    ))
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

fn too_big(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "too big: more than {} KiB, the most open1-snip reads from such a file",
            limit / 1024
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read(&path, 5).unwrap(), b"12345");
        let error = read(&path, 4).unwrap_err();
        assert!(error.to_string().starts_with("too big: "), "{error}");
    }

    #[test]
    fn refuses_directories_and_devices() {
        let dir = tempfile::tempdir().unwrap();
        let error = read(dir.path(), 10).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a directory, not a regular file: name a file"
        );
        #[cfg(unix)]
        {
            let error = read(Path::new("/dev/zero"), 10).unwrap_err();
            assert_eq!(
                error.to_string(),
                "a device, not a regular file: name a file"
            );
        }
    }
}
