//! Where a marker's `request=` and `templates=` may lead: inside the page's project.
//!
//! `sync --check` runs in CI on pull requests from anyone, and what it reads ends up in the page
//! or in the diff it prints. A marker naming `/proc/self/environ`, `../../.git/config` or a
//! template symlinked to either would print the runner's secrets, so the paths a marker names
//! must stay inside the project root: the folder holding the nearest `open1-snip.toml` above the
//! page, else the git work tree the page is in, else the page's own folder. The path is checked
//! after symlinks are resolved, and nothing under a `.git` folder is read (its config may hold
//! the checkout's token).

use std::path::{Component, Path, PathBuf};

/// A page's project root, resolved (symlinks followed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root(PathBuf);

impl Root {
    /// The project root of a page in `folder` (`""` for the working directory).
    pub fn of(folder: &Path) -> std::io::Result<Root> {
        let folder = std::fs::canonicalize(if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        })?;
        let holding = |name: &str| {
            folder
                .ancestors()
                .find(|dir| dir.join(name).exists())
                .map(Path::to_owned)
        };
        // A `.git` file (not a folder) marks a worktree or a submodule: a work tree all the same.
        let root = holding("open1-snip.toml")
            .or_else(|| holding(".git"))
            .unwrap_or(folder);
        Ok(Root(root))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The file or folder that `written`, as a marker's `option` in a page in `folder`, names,
    /// with symlinks resolved; refused (the reason, naming the option) when it leaves the root.
    /// A path that does not exist comes back as written, for the read to report.
    pub fn resolve(&self, folder: &Path, written: &Path, option: &str) -> Result<PathBuf, String> {
        if written.has_root()
            || written
                .components()
                .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
        {
            return Err(format!(
                "{option} must be a path relative to the Markdown file, not an absolute path: name a file inside the project"
            ));
        }
        let joined = folder.join(written);
        let resolved = match std::fs::canonicalize(&joined) {
            Ok(resolved) => resolved,
            // Nothing is read from a path that does not resolve; `..` past the root is refused
            // all the same, so a missing file outside the root is not reported as missing.
            Err(_) if !self.lexically_inside(folder, written) => return Err(outside(option)),
            Err(_) => return Ok(joined),
        };
        self.check(&resolved, option)?;
        Ok(resolved)
    }

    /// Refuses a resolved path outside the root or under a `.git` folder.
    pub fn check(&self, resolved: &Path, option: &str) -> Result<(), String> {
        let Ok(inside) = resolved.strip_prefix(&self.0) else {
            return Err(outside(option));
        };
        if inside.components().any(|c| c.as_os_str() == ".git") {
            return Err(format!(
                "{option} leads into a .git folder, which sync never reads: name a file of the project"
            ));
        }
        Ok(())
    }

    /// Whether `written`, joined to `folder`, stays inside the root counting `..` as written
    /// (for paths that do not resolve).
    fn lexically_inside(&self, folder: &Path, written: &Path) -> bool {
        let Ok(folder) = std::fs::canonicalize(if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        }) else {
            return false;
        };
        let path = written
            .components()
            .try_fold(folder, |mut path, component| {
                match component {
                    Component::ParentDir => return path.pop().then_some(path),
                    Component::Normal(name) => path.push(name),
                    _ => {}
                }
                Some(path)
            });
        path.is_some_and(|path| path.starts_with(&self.0))
    }
}

fn outside(option: &str) -> String {
    format!(
        "{option} leads outside the project root (the folder of the nearest open1-snip.toml, else the git work tree, else the Markdown file's folder): name a file inside it"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_the_config_folder_else_the_work_tree_else_the_page_folder() {
        let top = tempfile::tempdir().unwrap();
        let top = std::fs::canonicalize(top.path()).unwrap();
        let page = top.join("repo/docs/guide");
        std::fs::create_dir_all(&page).unwrap();
        assert_eq!(Root::of(&page).unwrap().path(), page);

        std::fs::write(top.join("repo/.git"), "gitdir: elsewhere\n").unwrap();
        assert_eq!(Root::of(&page).unwrap().path(), top.join("repo"));

        // The config wins over a nearer work tree (a submodule's), and over a farther one.
        std::fs::create_dir_all(top.join("repo/docs/.git")).unwrap();
        std::fs::write(top.join("repo/open1-snip.toml"), "").unwrap();
        assert_eq!(Root::of(&page).unwrap().path(), top.join("repo"));
        std::fs::write(top.join("repo/docs/guide/open1-snip.toml"), "").unwrap();
        assert_eq!(Root::of(&page).unwrap().path(), page);
    }

    #[test]
    fn paths_leaving_the_root_are_refused() {
        let top = tempfile::tempdir().unwrap();
        let top = std::fs::canonicalize(top.path()).unwrap();
        let root_dir = top.join("repo");
        std::fs::create_dir_all(root_dir.join("docs/shared")).unwrap();
        std::fs::create_dir_all(root_dir.join(".git")).unwrap();
        std::fs::write(root_dir.join("open1-snip.toml"), "").unwrap();
        std::fs::write(root_dir.join("docs/shared/r.json"), "{}").unwrap();
        std::fs::write(root_dir.join(".git/config"), "").unwrap();
        std::fs::write(top.join("secret.json"), "{}").unwrap();
        let docs = root_dir.join("docs");
        let root = Root::of(&docs).unwrap();
        let resolve = |written: &str| root.resolve(&docs, Path::new(written), "request=");

        assert_eq!(
            resolve("shared/../shared/r.json").unwrap(),
            root_dir.join("docs/shared/r.json")
        );
        assert_eq!(resolve("missing.json").unwrap(), docs.join("missing.json"));
        let refused = |written: &str| resolve(written).unwrap_err();
        assert!(refused("/etc/passwd").contains("not an absolute path"));
        assert!(refused("../../secret.json").contains("leads outside the project root"));
        assert!(refused("../../missing.json").contains("leads outside the project root"));
        assert!(refused("../.git/config").contains(".git folder"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(top.join("secret.json"), docs.join("link.json")).unwrap();
            assert!(refused("link.json").contains("leads outside the project root"));
        }
    }
}
