//! The criterion results `cargo xtask bench` reports: each group's
//! entries and their median times, read from `target/criterion`.

use std::fs;
use std::path::Path;

use serde_json::Value;

/// One criterion group: its entries, fastest first.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    pub(crate) name: String,
    pub(crate) entries: Vec<Entry>,
}

/// One measured function of a group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) name: String,
    /// Median time of one iteration, in nanoseconds.
    pub(crate) median_ns: f64,
}

impl Group {
    /// The `std` entry's median, the limit the others are measured against.
    /// In a group without one (the `programs_*` groups), the tokio twin's.
    pub(crate) fn std_ns(&self) -> Option<f64> {
        let base = |prefix| self.entries.iter().find(|e| e.name.starts_with(prefix)).map(|e| e.median_ns);
        base("std").or_else(|| base("tokio twin"))
    }

    /// Each entry with its speed as a ratio to `std` (higher is faster), or
    /// `None` if the group has no `std` entry.
    pub(crate) fn ratios(&self) -> Option<Vec<(&Entry, f64)>> {
        let base = self.std_ns()?;
        Some(self.entries.iter().map(|e| (e, base / e.median_ns)).collect())
    }
}

/// Every group criterion left under `dir`, sorted by name, each entry's
/// median read from `new/estimates.json`.
pub(crate) fn read_groups(dir: &Path) -> Result<Vec<Group>, String> {
    let mut dirs: Vec<_> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e} (run the benches first)", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "report"))
        .collect();
    dirs.sort();
    let mut groups = Vec::new();
    for group in dirs {
        let mut entries: Vec<Entry> = fs::read_dir(&group)
            .map_err(|e| format!("{}: {e}", group.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter_map(|p| {
                let name = p.file_name()?.to_string_lossy().into_owned();
                Some(Entry { name, median_ns: median_ns(&p)? })
            })
            .collect();
        if entries.is_empty() {
            continue;
        }
        entries.sort_by(|a, b| a.median_ns.total_cmp(&b.median_ns));
        let name = group.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        groups.push(Group { name, entries });
    }
    Ok(groups)
}

fn median_ns(bench_dir: &Path) -> Option<f64> {
    let text = fs::read_to_string(bench_dir.join("new/estimates.json")).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64()
}
