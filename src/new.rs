//! `stp new --from-epic`: reads a Jira epic ([`crate::epic`]) and writes a plan in the
//! template's layout ([`crate::epic::plan`]), never over an existing file unless `--force`.

use crate::check;
use crate::epic::{self, plan};
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// The epic: Jira REST JSON (one issue or a search result), Jira Export XML, the page text
    /// copied from the browser, or Markdown; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub from_epic: PathBuf,
    /// Where to write the plan (a file, a directory, or `-` for standard output)
    /// [default: stps/<sig>/<feature>.md with --sig, else ./<feature>.md].
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The owning SIG (`sig-network`); the plan goes to `stps/<sig>/` unless --out says otherwise.
    #[arg(long, value_name = "NAME")]
    pub sig: Option<String>,
    /// Write a child plan (one SIG's part of a multi-SIG feature) from the child template.
    #[arg(long, requires = "parent")]
    pub child: bool,
    /// The parent plan the child links to (with --child).
    #[arg(long, value_name = "PATH", requires = "child")]
    pub parent: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `stp new`: writes the plan; an error is a message for the CLI to print (exit 2).
pub fn run(args: &NewArgs) -> Result<(), String> {
    let (bytes, name) = read_input(&args.from_epic)?;
    let (epic, format) = epic::read(&bytes, &name)?;
    if args.child && args.sig.is_none() && args.out.is_none() {
        return Err("--child needs --sig (the SIG the child plan covers) or --out".to_string());
    }
    let slug = slug(
        epic.summary
            .as_deref()
            .or(epic.epic_name.as_deref())
            .or(epic.key.as_deref())
            .unwrap_or("new-plan"),
    );
    let out = output_path(args, &slug)?;
    let parent = match (&args.parent, args.child) {
        (Some(parent), true) => Some(parent_plan(parent, out.as_deref())?),
        _ => None,
    };
    let text = plan::render(
        &epic,
        &plan::Options {
            sig: args.sig.clone(),
            parent,
        },
    )?;
    let Some(out) = out else {
        print!("{text}");
        return Ok(());
    };
    write_new_file(&out, &text, args.force)?;
    eprintln!(
        "wrote {} from the {} of {}: {} scenario skeleton(s) from the acceptance criteria; `stp check {}` lists what is left to decide",
        check::display(&out),
        format.describe(),
        epic.key.as_deref().unwrap_or("the epic"),
        epic.acceptance_criteria.len(),
        check::display(&out),
    );
    Ok(())
}

fn read_input(path: &Path) -> Result<(Vec<u8>, String), String> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(check::DEFAULT_MAX_FILE_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("<stdin>: {e}"))?;
        if bytes.len() as u64 > check::DEFAULT_MAX_FILE_SIZE {
            return Err(format!(
                "<stdin>: larger than {} bytes",
                check::DEFAULT_MAX_FILE_SIZE
            ));
        }
        return Ok((bytes, "<stdin>".to_string()));
    }
    let name = check::display(path);
    let meta = std::fs::metadata(path).map_err(|e| format!("{name}: {e}"))?;
    if meta.len() > check::DEFAULT_MAX_FILE_SIZE {
        return Err(format!(
            "{name}: larger than {} bytes",
            check::DEFAULT_MAX_FILE_SIZE
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    Ok((bytes, name))
}

/// `None` means standard output.
fn output_path(args: &NewArgs, slug: &str) -> Result<Option<PathBuf>, String> {
    let file_name = format!("{slug}.md");
    if let Some(out) = &args.out {
        if out.as_os_str() == "-" {
            return Ok(None);
        }
        return Ok(Some(if out.is_dir() {
            out.join(file_name)
        } else {
            out.clone()
        }));
    }
    if let (true, Some(parent), Some(sig)) = (args.child, &args.parent, &args.sig) {
        let dir = parent.parent().unwrap_or(Path::new("."));
        let name = sig.strip_prefix("sig-").unwrap_or(sig);
        return Ok(Some(dir.join(format!("{name}.md"))));
    }
    if let Some(sig) = &args.sig {
        if sig.is_empty() || sig.contains(['/', '\\']) || sig.starts_with('.') {
            return Err(format!(
                "--sig {sig:?}: give the SIG's directory name, such as sig-network"
            ));
        }
        let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
        let stps = check::default_stps_dir(&cwd).unwrap_or_else(|| PathBuf::from("stps"));
        return Ok(Some(stps.join(sig).join(file_name)));
    }
    Ok(Some(PathBuf::from(file_name)))
}

/// A file name from the feature's title: lower case, words joined by dashes.
fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.len() + word.len() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_lowercase());
    }
    if out.is_empty() {
        "new-plan".to_string()
    } else {
        out
    }
}

/// What the child plan takes from its parent: title, link, feature tracking.
fn parent_plan(path: &Path, child: Option<&Path>) -> Result<plan::ParentPlan, String> {
    let parsed = check::read_text(path, check::DEFAULT_MAX_FILE_SIZE)
        .and_then(|t| check::parse_text(t, check::path_facts(path)))
        .map_err(|e| format!("{}: {e}", check::display(path)))?;
    let stp = &parsed.stp;
    if stp.kind == crate::model::DocKind::NotStp {
        return Err(format!(
            "{}: not a Software Test Plan; --parent takes the parent STP",
            check::display(path)
        ));
    }
    let title = stp
        .title
        .as_ref()
        .map(|t| {
            let t = t.text.text.trim();
            t.strip_suffix("- Quality Engineering Plan")
                .unwrap_or(t)
                .trim()
                .to_string()
        })
        .unwrap_or_else(|| "the parent plan".to_string());
    let feature_tracking = stp.metadata_field(&["feature tracking"]).and_then(|f| {
        let link = f.value.links.first()?;
        let label = f
            .value
            .text
            .get(link.text_range.clone())
            .unwrap_or(&link.url);
        Some(format!("[{label}]({})", link.url))
    });
    let stated = stp
        .acceptance_criteria
        .iter()
        .chain(stp.requirements.iter().flat_map(|item| item.texts()))
        .map(|t| plan::normalise(&t.text))
        .filter(|t| !t.is_empty())
        .collect();
    Ok(plan::ParentPlan {
        title,
        stated,
        link: relative_link(path, child),
        feature_tracking,
    })
}

/// The parent's path as the child links it: `./stp.md` beside it, else relative.
fn relative_link(parent: &Path, child: Option<&Path>) -> String {
    let name = parent
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let abs = |p: &Path| {
        std::path::absolute(p).ok().map(|a| {
            a.components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect::<Vec<_>>()
        })
    };
    let (Some(child), Some(parent_dir)) = (child.and_then(|c| c.parent()), parent.parent()) else {
        return format!("./{name}");
    };
    let (Some(from), Some(to)) = (abs(child), abs(parent_dir)) else {
        return format!("./{name}");
    };
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    parts.push(name);
    if from.len() == common {
        parts.insert(0, ".".to_string());
    }
    parts.join("/")
}

/// Writes a new file atomically: a temporary file beside it, then a link that fails if the
/// target exists (or a rename with `force`). Nothing is left behind on failure.
pub fn write_new_file(path: &Path, content: &str, force: bool) -> Result<(), String> {
    let shown = check::display(path);
    if !force && path.exists() {
        return Err(format!("{shown} exists; pass --force to overwrite it"));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", check::display(dir)))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.stp-new-{}", std::process::id()));
    let result = std::fs::write(&tmp, content).and_then(|()| {
        if force {
            std::fs::rename(&tmp, path)
        } else {
            std::fs::hard_link(&tmp, path)
        }
    });
    let _ = std::fs::remove_file(&tmp);
    result.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            format!("{shown} exists; pass --force to overwrite it")
        }
        _ => format!("{shown}: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(
            slug("Configurable live-migration capacity (per node)"),
            "configurable-live-migration-capacity-per-node"
        );
        assert_eq!(slug("***"), "new-plan");
    }
}
