//! `cargo xtask ci`'s layout checks: no Rust file over [`MAX_LINES`] lines,
//! and no import circle between the files of a crate.
//!
//! A circle is two or more files that each name something in the next
//! (`use crate::a::…`, `super::b::…`, a path in code), so that none can be
//! read or changed alone. A module and its own submodules are one unit
//! here: `file/read.rs` adding methods to the `File` of `file/mod.rs` is how
//! Rust splits a type over files, not a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::tidy::rust_files;

/// The longest a source file may be.
pub(crate) const MAX_LINES: usize = 400;

/// Every `.rs` file of the workspace with more than [`MAX_LINES`] lines, as
/// `path (N lines)`.
pub(crate) fn long_files(root: &Path) -> Result<Vec<String>, String> {
    let mut long = Vec::new();
    for file in workspace_files(root)? {
        let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let lines = text.lines().count();
        if lines > MAX_LINES {
            let shown = file.strip_prefix(root).unwrap_or(&file).display().to_string();
            long.push(format!("{shown} ({lines} lines)"));
        }
    }
    Ok(long)
}

/// Every import circle between files, one line each (`a.rs -> b.rs -> a.rs`).
pub(crate) fn circles(root: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    for src in source_roots(root)? {
        let mut files = Vec::new();
        rust_files(&src, &mut files)?;
        let modules: BTreeMap<Vec<String>, PathBuf> =
            files.iter().filter_map(|f| module_path(&src, f).map(|m| (m, f.clone()))).collect();
        let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for (module, file) in &modules {
            let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
            let targets = edges.entry(module.clone()).or_default();
            for path in referenced_paths(&strip_comments(&text)) {
                let Some(full) = absolute(module, is_mod_file(file), &path) else { continue };
                let Some(target) = deepest_module(&modules, &full) else { continue };
                if !related(module, &target) {
                    targets.insert(target);
                }
            }
        }
        for cycle in strongly_connected(&edges) {
            let names: Vec<String> = cycle
                .iter()
                .map(|m| modules[m].strip_prefix(root).unwrap_or(&modules[m]).display().to_string())
                .collect();
            found.push(names.join(" <-> "));
        }
    }
    Ok(found)
}

/// The `src/` folders of the workspace's crates, and `xtask/src`.
fn source_roots(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut roots = vec![root.join("xtask/src"), root.join("benches/src")];
    let crates = root.join("crates");
    for entry in fs::read_dir(&crates).map_err(|e| format!("{}: {e}", crates.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path().join("src");
        if path.is_dir() {
            roots.push(path);
        }
    }
    roots.retain(|r| r.is_dir());
    roots.sort();
    Ok(roots)
}

/// Every `.rs` file under the crates, xtask and benches (generated data is
/// not Rust, so it is not counted).
fn workspace_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for dir in ["crates", "xtask", "benches"] {
        rust_files(&root.join(dir), &mut files)?;
    }
    files.sort();
    Ok(files)
}

/// `src/file/read.rs` → `["file", "read"]`; `mod.rs`, `lib.rs` and `main.rs`
/// name their folder.
fn module_path(src: &Path, file: &Path) -> Option<Vec<String>> {
    let rel = file.strip_prefix(src).ok()?;
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?;
    if !(stem == "mod" || (parts.is_empty() && (stem == "lib" || stem == "main"))) {
        parts.push(stem.to_owned());
    }
    Some(parts)
}

fn is_mod_file(file: &Path) -> bool {
    matches!(file.file_name().and_then(|n| n.to_str()), Some("mod.rs" | "lib.rs" | "main.rs"))
}

/// The source without comments (line and block), so doc links and prose
/// do not count as uses.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.find('\n').map_or("", |i| &after[i..]);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |i| &after[i + 2..]);
        } else if rest.starts_with('"') {
            // Skip a string literal, escapes included.
            let bytes = rest.as_bytes();
            let mut i = 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            rest = rest.get(i + 1..).unwrap_or("");
            out.push_str("\"\"");
        } else {
            let ch = rest.chars().next().unwrap_or(' ');
            out.push(ch);
            rest = &rest[ch.len_utf8()..];
        }
    }
    out
}

/// The module paths a file names: every `use` tree expanded, and every
/// path in code that starts with `crate::`, `super::` or `self::`.
fn referenced_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(i) = find_word(rest, "use") {
        let after = &rest[i + 3..];
        let end = after.find(';').unwrap_or(after.len());
        expand_use_tree(&after[..end], &mut Vec::new(), &mut paths);
        rest = &after[end..];
    }
    for start in ["crate::", "super::", "self::"] {
        let mut rest = code;
        while let Some(i) = rest.find(start) {
            let boundary = rest[..i].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            let tail = &rest[i..];
            let len =
                tail.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(tail.len());
            if boundary {
                paths.push(tail[..len].split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect());
            }
            rest = &tail[len.max(1)..];
        }
    }
    paths
}

/// Where the keyword `word` starts in `text` as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let is_ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !is_ident(before) && !is_ident(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// `crate::{a::b, c::{d, e}}` → `crate::a::b`, `crate::c::d`, `crate::c::e`.
fn expand_use_tree(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let mut path = prefix.clone();
        let head = tree.split(" as ").next().unwrap_or(tree);
        path.extend(
            head.split("::").map(str::trim).filter(|s| !s.is_empty() && *s != "*").map(str::to_owned),
        );
        out.push(path);
        return;
    };
    let close = tree.rfind('}').unwrap_or(tree.len());
    let depth_before = prefix.len();
    prefix.extend(tree[..open].split("::").map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned));
    for item in split_top_level(&tree[open + 1..close]) {
        expand_use_tree(item, prefix, out);
    }
    prefix.truncate(depth_before);
}

/// Splits `a, b::{c, d}, e` at the commas outside braces.
fn split_top_level(list: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0usize, 0);
    for (i, c) in list.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&list[start..]);
    items.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// A path as seen from `module` made absolute; `None` for paths into other
/// crates (`std::…`, `tokio::…`).
fn absolute(module: &[String], is_mod_file: bool, path: &[String]) -> Option<Vec<String>> {
    let (first, rest) = path.split_first()?;
    let mut base = match first.as_str() {
        "crate" => Vec::new(),
        "self" => module.to_vec(),
        "super" => {
            let mut base = module.to_vec();
            base.pop()?;
            base
        }
        // A bare path in a folder's mod.rs names one of its submodules.
        _ if is_mod_file => {
            let mut base = module.to_vec();
            base.push(first.clone());
            base.extend(rest.iter().cloned());
            return Some(base);
        }
        _ => return None,
    };
    let mut rest = rest;
    while let Some((next, tail)) = rest.split_first() {
        if next != "super" {
            break;
        }
        base.pop()?;
        rest = tail;
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The deepest module with a file of its own that `path` goes through.
fn deepest_module(modules: &BTreeMap<Vec<String>, PathBuf>, path: &[String]) -> Option<Vec<String>> {
    (0..=path.len()).rev().map(|n| path[..n].to_vec()).find(|p| modules.contains_key(p))
}

/// A module and its ancestors or descendants are one unit.
fn related(a: &[String], b: &[String]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Tarjan's strongly connected components with more than one member.
fn strongly_connected(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        found: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            if !edges.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn use_trees_are_expanded() {
        let paths = referenced_paths("use crate::{a::B, c::{d, e as f}};\nuse super::g;\n");
        assert!(paths.contains(&strings(&["crate", "a", "B"])));
        assert!(paths.contains(&strings(&["crate", "c", "d"])));
        assert!(paths.contains(&strings(&["crate", "c", "e"])));
        assert!(paths.contains(&strings(&["super", "g"])));
    }

    #[test]
    fn comments_and_strings_do_not_count() {
        let code = strip_comments("/// see [`crate::x`]\nlet s = \"crate::y\"; // crate::z\nuse crate::w;\n");
        let paths = referenced_paths(&code);
        assert_eq!(paths, vec![strings(&["crate", "w"]), strings(&["crate", "w"])]);
    }

    #[test]
    fn a_circle_is_found_and_a_chain_is_not() {
        let mut edges = BTreeMap::new();
        let (a, b, c) = (strings(&["a"]), strings(&["b"]), strings(&["c"]));
        edges.insert(a.clone(), BTreeSet::from([b.clone()]));
        edges.insert(b.clone(), BTreeSet::from([c.clone()]));
        edges.insert(c.clone(), BTreeSet::new());
        assert!(strongly_connected(&edges).is_empty());
        edges.insert(c.clone(), BTreeSet::from([a.clone()]));
        assert_eq!(strongly_connected(&edges), vec![vec![a, b, c]]);
    }

    #[test]
    fn super_and_bare_paths_resolve_from_the_file() {
        let module = strings(&["text", "read"]);
        assert_eq!(
            absolute(&module, false, &strings(&["super", "line", "X"])),
            Some(strings(&["text", "line", "X"]))
        );
        assert_eq!(
            absolute(&strings(&["text"]), true, &strings(&["line", "X"])),
            Some(strings(&["text", "line", "X"]))
        );
        assert_eq!(absolute(&module, false, &strings(&["std", "fs"])), None);
    }

    #[test]
    fn the_workspace_has_no_import_circle() {
        let found = circles(&crate::workspace::root()).expect("read the sources");
        assert!(found.is_empty(), "import circles between files: {found:#?}");
    }
}
