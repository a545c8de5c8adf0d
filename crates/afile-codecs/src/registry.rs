//! Python's codec registry: which names and aliases name which codec.
//!
//! The table is `encodings.aliases.aliases` and the modules of CPython
//! 3.12's `encodings` package, generated into `data/codecs/registry.tsv`.
//! The lookup repeats what `codecs.lookup` does with a name: the C-level
//! normalisation (ASCII letters and digits and `.` kept, lower-cased, every
//! other run of characters one `_`, none at either end), then
//! `encodings.search_function` (the alias of the name, or of the name with
//! `.` as `_`; then the name itself as a module name, unless it holds a `.`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::pyrepr::name_repr;

static REGISTRY: &str = include_str!("../data/registry.tsv");

/// A module of the `encodings` package: its name, the codec's own name
/// (`CodecInfo.name`) and whether it is a text encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Module {
    pub(crate) module: &'static str,
    pub(crate) name: &'static str,
    pub(crate) text: bool,
}

/// `codecs.lookup`'s normalisation of an encoding name.
pub(crate) fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut punct = false;
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            out.push(char::from(b.to_ascii_lowercase()));
            punct = false;
        } else {
            punct = true;
        }
    }
    out
}

/// The parsed table: aliases and modules by name.
struct Table {
    aliases: HashMap<&'static str, &'static str>,
    modules: HashMap<&'static str, Module>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table { aliases: HashMap::new(), modules: HashMap::new() };
        for f in REGISTRY.lines().map(|l| l.split('\t').collect::<Vec<_>>()) {
            match f[..] {
                ["A", alias, module] => {
                    t.aliases.insert(alias, module);
                }
                ["M", module, name, kind] => {
                    t.modules.insert(module, Module { module, name, text: kind == "text" });
                }
                _ => {}
            }
        }
        t
    })
}

fn alias(name: &str) -> Option<&'static str> {
    table().aliases.get(name).copied()
}

fn module(name: &str) -> Option<Module> {
    table().modules.get(name).copied()
}

/// Finds the text codec module that `name` names, with Python's errors:
/// `unknown encoding: X`, and `'X' is not a text encoding; use
/// codecs.open() to handle arbitrary codecs` for the bytes-to-bytes codecs.
pub(crate) fn find(name: &str) -> Result<Module> {
    let norm = normalise(name);
    let aliased = alias(&norm).or_else(|| alias(&norm.replace('.', "_")));
    let found = aliased
        .into_iter()
        .chain([norm.as_str()])
        .filter(|m| !m.is_empty() && !m.contains('.'))
        .find_map(module);
    match found {
        Some(m) if m.text => Ok(m),
        Some(_) => Err(Error::Lookup(format!(
            "{} is not a text encoding; use codecs.open() to handle arbitrary codecs",
            name_repr(name)
        ))),
        None => Err(Error::Lookup(format!("unknown encoding: {name}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_as_in_cpython() {
        assert_eq!(normalise("  UTF--8 "), "utf_8");
        assert_eq!(normalise("iso8859.1"), "iso8859.1");
        assert_eq!(find("Latin-1").unwrap().module, "latin_1");
        assert_eq!(find("iso8859.1").unwrap().name, "iso8859-1");
        assert_eq!(find("latin.1").unwrap_err().to_string(), "unknown encoding: latin.1");
        assert_eq!(
            find("hex").unwrap_err().to_string(),
            "'hex' is not a text encoding; use codecs.open() to handle arbitrary codecs"
        );
    }
}
