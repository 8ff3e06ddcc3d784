//! Writing a file back after changing it (`lint --fix`, `sync`), and showing the change instead
//! (`--diff`, `sync --check`).
//!
//! A write never leaves a half-written file and never overwrites someone else's change: the new
//! text goes to a temporary file in the same directory, which is renamed over the old one only
//! if the file still holds exactly the bytes that were read. Permissions are kept; a symlink
//! keeps pointing where it did (its target is what gets replaced).

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Replaces the contents of `path`, which held `read` when it was read, with `new`.
pub fn replace(path: &Path, read: &[u8], new: &[u8]) -> Result<(), Error> {
    let save_error = |source| Error::Save {
        path: path.to_owned(),
        source,
    };
    let target = std::fs::canonicalize(path).map_err(save_error)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)
        .map_err(save_error)?
        .permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".open1-snip-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(save_error)?;
    temp.write_all(new).map_err(save_error)?;
    temp.as_file().sync_all().map_err(save_error)?;
    std::fs::set_permissions(temp.path(), permissions).map_err(save_error)?;
    // Checked last, right before the rename, to keep the window for a lost write small.
    let now = std::fs::read(&target).map_err(save_error)?;
    if now != read {
        return Err(Error::Changed {
            path: path.to_owned(),
        });
    }
    temp.persist(&target).map_err(|e| save_error(e.error))?;
    Ok(())
}

/// A unified diff of `old` → `new` for `path`, `git diff` style; empty when they are equal.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .missing_newline_hint(true)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_atomically_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old\r\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        replace(&path, b"old\r\n", b"new\r\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        // Nothing but the file itself is left in the directory.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_a_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "theirs").unwrap();
        let error = replace(&path, b"ours", b"fixed").unwrap_err();
        assert!(matches!(error, Error::Changed { .. }), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"theirs");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        replace(&link, b"old", b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }

    #[test]
    fn diffs_like_git() {
        assert_eq!(diff("a.md", "x\n", "x\n"), "");
        assert_eq!(
            diff("a.md", "x\ny\n", "x\nz\n"),
            "--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n x\n-y\n+z\n"
        );
    }
}
