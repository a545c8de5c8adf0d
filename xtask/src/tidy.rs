//! `cargo xtask ci`'s tidy check: every doc example shows its call.
//!
//! rustdoc hides lines that start with `# ` (or are a lone `#`), so an
//! example whose every line is hidden compiles and runs but renders as an
//! empty box on docs.rs. This finds such examples in `///`, `//!` and
//! `#[doc = …]` comments (including `concat!` ones written by macros, whose
//! macro arguments are read as one shown token).

use std::fs;
use std::path::{Path, PathBuf};

/// The folders whose Rust files are checked.
const SOURCES: [&str; 3] = ["crates", "xtask", "benches"];

/// Every example under `root` that shows nothing, as `path:line`.
pub(crate) fn hidden_only_examples(root: &Path) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for dir in SOURCES {
        rust_files(&root.join(dir), &mut files)?;
    }
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let shown = file.strip_prefix(root).unwrap_or(&file).display().to_string();
        found.extend(scan(&text).into_iter().map(|line| format!("{shown}:{line}")));
    }
    Ok(found)
}

pub(crate) fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The 1-based line numbers where a hidden-only example starts in `source`.
fn scan(source: &str) -> Vec<usize> {
    let mut found = Vec::new();
    // (line the fence opened on, is Rust, lines inside so far)
    let mut open: Option<(usize, bool, Vec<String>)> = None;
    for (index, raw) in source.lines().enumerate() {
        let Some(doc) = doc_text(raw.trim_start()) else {
            open = None;
            continue;
        };
        for line in doc.lines() {
            let trimmed = line.trim_start();
            match (&mut open, trimmed.strip_prefix("```")) {
                (None, Some(info)) => open = Some((index + 1, is_rust(info), Vec::new())),
                (Some((start, rust, body)), Some(_)) => {
                    if *rust && body.iter().all(|l| is_hidden(l)) {
                        found.push(*start);
                    }
                    open = None;
                }
                (Some((_, _, body)), None) => body.push(trimmed.to_owned()),
                (None, None) => {}
            }
        }
    }
    found
}

/// The doc text of one source line, or `None` if it is not documentation.
fn doc_text(line: &str) -> Option<String> {
    if let Some(rest) = line.strip_prefix("///").or_else(|| line.strip_prefix("//!")) {
        if rest.starts_with('/') {
            return None; // `////` is an ordinary comment
        }
        return Some(rest.strip_prefix(' ').unwrap_or(rest).to_owned());
    }
    let attr = line.strip_prefix("#[doc = ").or_else(|| line.strip_prefix("#![doc = "))?;
    if attr.starts_with("include_str!") {
        return None;
    }
    Some(string_pieces(attr))
}

/// The string literals of an attribute's value joined, with a shown token in
/// place of anything else (a `concat!` argument from a macro).
fn string_pieces(attr: &str) -> String {
    let mut out = String::new();
    let mut chars = attr.chars();
    let mut outside = String::new();
    while let Some(c) = chars.next() {
        if c != '"' {
            outside.push(c);
            continue;
        }
        if outside.contains('$') {
            out.push_str("ARG");
        }
        outside.clear();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                },
                c => out.push(c),
            }
        }
    }
    if outside.contains('$') {
        out.push_str("ARG");
    }
    out
}

/// Whether a fence's info string makes the block a Rust example.
fn is_rust(info: &str) -> bool {
    let info = info.trim();
    info.is_empty()
        || info.split(',').map(str::trim).any(|word| {
            matches!(word, "rust" | "no_run" | "should_panic" | "compile_fail" | "ignore")
                || word.starts_with("edition")
        })
}

/// Whether rustdoc hides this example line (blank lines show nothing either).
fn is_hidden(line: &str) -> bool {
    line.is_empty() || line == "#" || line.starts_with("# ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_of_hidden_lines_only_is_found() {
        let src = "/// Doc.\n///\n/// ```\n/// # let x = 1;\n/// #\n/// ```\nfn f() {}\n";
        assert_eq!(scan(src), vec![3]);
    }

    #[test]
    fn an_example_with_one_shown_line_passes() {
        let src = "/// ```\n/// # async fn f() {\n/// f().await;\n/// # }\n/// ```\n";
        assert!(scan(src).is_empty());
    }

    #[test]
    fn attributes_are_not_hidden_lines() {
        let src = "//! ```\n//! #[derive(Debug)] struct S;\n//! ```\n";
        assert!(scan(src).is_empty());
    }

    #[test]
    fn text_blocks_are_not_examples() {
        let src = "/// ```text\n/// # not rust\n/// ```\n";
        assert!(scan(src).is_empty());
    }

    #[test]
    fn a_macro_doc_attribute_is_read_through_concat() {
        let hidden = "        #[doc = concat!(\"```\\n# let b = \", $ctor, \".x();\\n```\")]\n";
        assert_eq!(scan(hidden), vec![1]);
        let shown = "        #[doc = concat!(\"```\\nlet b = \", $ctor, \".x();\\n```\")]\n";
        assert!(scan(shown).is_empty());
    }

    #[test]
    fn the_workspace_has_no_hidden_only_examples() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
        assert_eq!(hidden_only_examples(root), Ok(Vec::new()));
    }
}
