//! Writing a file back after changing it (`lint --fix`, `sync`), and showing the change instead
//! (`--diff`, `sync --check`).
//!
//! A write never leaves a half-written file and never overwrites someone else's change: the new
//! text goes to a temporary file in the same directory, which is renamed over the old one only
//! if the file still holds exactly the bytes that were read. Permissions, owner and group are kept
//! (also when run as root, which would otherwise give the file to root); a symlink keeps pointing
//! where it did (its target is what gets replaced). A file that a new file cannot stand in for
//! unchanged is refused with what to do: one with other hard links (they would keep the old
//! text), a read-only one (its mode says it should not change), one that is not a regular file,
//! or one whose owner the new file cannot be given.

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
    let metadata = std::fs::metadata(&target).map_err(save_error)?;
    check_replaceable(path, &metadata)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".open1-snip-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(save_error)?;
    temp.write_all(new).map_err(save_error)?;
    #[cfg(unix)]
    keep_owner(path, temp.as_file(), &metadata)?;
    // After the owner: changing it clears the set-user-ID and set-group-ID bits.
    temp.as_file()
        .set_permissions(metadata.permissions())
        .map_err(save_error)?;
    temp.as_file().sync_all().map_err(save_error)?;
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

/// Refuses a file that a new file renamed over it would not replace unchanged.
fn check_replaceable(path: &Path, metadata: &std::fs::Metadata) -> Result<(), Error> {
    let refuse = |reason: String| {
        Err(Error::Unsafe {
            path: path.to_owned(),
            reason,
        })
    };
    if !metadata.is_file() {
        return refuse("not a regular file; only regular files are rewritten".to_owned());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let links = metadata.nlink();
        if links > 1 {
            return refuse(format!(
                "it has {links} hard links, and a new file would leave the other {} with the old text; \
                 make it a file of its own (copy it, move the copy over it) and run again, \
                 or apply the change that --diff shows by hand",
                if links == 2 {
                    "name".to_owned()
                } else {
                    format!("{} names", links - 1)
                }
            ));
        }
        if metadata.mode() & 0o200 == 0 {
            return refuse(format!(
                "it is read-only (mode {:04o}); if it should change, make it writable (chmod u+w) and run again",
                metadata.mode() & 0o7777
            ));
        }
    }
    #[cfg(not(unix))]
    if metadata.permissions().readonly() {
        return refuse(
            "it is read-only; if it should change, make it writable and run again".to_owned(),
        );
    }
    Ok(())
}

/// Gives the new file the old one's owner and group, or refuses to replace the old one.
#[cfg(unix)]
fn keep_owner(path: &Path, temp: &std::fs::File, old: &std::fs::Metadata) -> Result<(), Error> {
    use std::os::unix::fs::MetadataExt;
    let new = temp.metadata().map_err(|source| Error::Save {
        path: path.to_owned(),
        source,
    })?;
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(temp, Some(old.uid()), Some(old.gid())).map_err(|e| {
        Error::Unsafe {
            path: path.to_owned(),
            reason: format!(
                "the new file cannot be given its owner and group ({}:{}): {e}; run open1-snip as its owner",
                old.uid(),
                old.gid()
            ),
        }
    })
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

    #[cfg(unix)]
    #[test]
    fn refuses_hard_links_read_only_files_and_fifos() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let other = dir.path().join("b.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::hard_link(&path, &other).unwrap();
        let error = replace(&path, b"old", b"new").unwrap_err().to_string();
        assert!(error.contains("has 2 hard links"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        std::fs::remove_file(&other).unwrap();

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let error = replace(&path, b"old", b"new").unwrap_err().to_string();
        assert!(error.contains("read-only (mode 0444)"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");

        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let error = replace(&fifo, b"", b"new").unwrap_err().to_string();
        assert!(error.contains("not a regular file"), "{error}");
        // Nothing but the files themselves is left in the directory.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
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
