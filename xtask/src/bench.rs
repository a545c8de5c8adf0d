//! `cargo xtask bench`: run the criterion benches, write the ratios into
//! `docs/performance.md` and draw them in `docs/performance.svg`.
//!
//! Every bench group measures afile beside its peers in the same run, with a
//! `std` entry as the limit. The report gives each entry's speed as a ratio to
//! `std` in its group (1.00 = as fast as std; higher is faster), because
//! absolute times on shared machines are noise.
//!
//! `cargo xtask bench --report-only` skips the runs and writes the report
//! and the picture from the results already in `target/criterion`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use serde_json::Value;

const START: &str = "<!-- bench:start -->";
const END: &str = "<!-- bench:end -->";

/// The bench binaries, in the order they run: the ones that write hundreds
/// of megabytes last, so that the kernel's writeback and discards of their
/// files do not run beside the others' measurements.
const BENCHES: [&str; 5] = ["os", "tempfile", "programs", "lifecycle", "file"];

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
    /// The `std` entry's median, the limit the others are measured against;
    /// in a group without one (the `programs_*` groups), the tokio twin's.
    fn std_ns(&self) -> Option<f64> {
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

pub(crate) fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let report_only = args.iter().any(|a| a == "--report-only");
    if !report_only {
        for bench in BENCHES {
            let mut cargo_args = vec!["bench", "-p", "afile-benches", "--bench", bench, "--"];
            cargo_args.extend(args.iter().map(String::as_str));
            crate::cargo("bench", &cargo_args, &[])?;
        }
    }
    let groups = read_groups(&root.join("target/criterion"))?;
    let table = table(&groups);
    println!("{table}");
    let doc_path = root.join("docs/performance.md");
    let doc = fs::read_to_string(&doc_path).map_err(|e| format!("{}: {e}", doc_path.display()))?;
    let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
        return Err(format!("{} lacks the {START} … {END} markers", doc_path.display()));
    };
    let updated = format!("{}{START}\n{table}{}", &doc[..a], &doc[b..]);
    fs::write(&doc_path, updated).map_err(|e| format!("{}: {e}", doc_path.display()))?;
    println!("xtask: wrote {}", doc_path.display());
    let svg_path = root.join("docs/performance.svg");
    fs::write(&svg_path, crate::chart::svg(&groups)?).map_err(|e| format!("{}: {e}", svg_path.display()))?;
    println!("xtask: wrote {}", svg_path.display());
    Ok(())
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

/// One markdown table of every group, ratios to `std`.
fn table(groups: &[Group]) -> String {
    let mut out =
        String::from("| group | entry | median per iteration | speed vs std |\n|---|---|---|---|\n");
    for group in groups {
        let base = group.std_ns();
        for entry in &group.entries {
            let ratio = base.map(|b| format!("{:.2}×", b / entry.median_ns)).unwrap_or_else(|| "—".into());
            let _ =
                writeln!(out, "| {} | {} | {} | {ratio} |", group.name, entry.name, human(entry.median_ns));
        }
    }
    out
}

fn median_ns(bench_dir: &Path) -> Option<f64> {
    let text = fs::read_to_string(bench_dir.join("new/estimates.json")).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn human(ns: f64) -> String {
    match ns {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.2} µs", n / 1e3),
        n => format!("{n:.1} ns"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a criterion-shaped result: `<dir>/<group>/<entry>/new/estimates.json`.
    pub(crate) fn fixture(dir: &Path, group: &str, entry: &str, median_ns: f64) {
        let path = dir.join(group).join(entry).join("new");
        fs::create_dir_all(&path).expect("fixture dir");
        let json = format!(r#"{{"median": {{"point_estimate": {median_ns}}}}}"#);
        fs::write(path.join("estimates.json"), json).expect("fixture file");
    }

    #[test]
    fn groups_are_read_fastest_first_with_ratios_to_std() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        fixture(dir, "lines", "std read_line", 100.0);
        fixture(dir, "lines", "afile lines", 125.0);
        fixture(dir, "lines", "tokio lines", 1000.0);
        fs::create_dir_all(dir.join("report")).expect("report dir");
        let groups = read_groups(dir).expect("groups");
        assert_eq!(groups.len(), 1);
        let ratios = groups[0].ratios().expect("has std");
        let shown: Vec<_> = ratios.iter().map(|(e, r)| (e.name.as_str(), *r)).collect();
        assert_eq!(shown, [("std read_line", 1.0), ("afile lines", 0.8), ("tokio lines", 0.1)]);
        let table = table(&groups);
        assert!(table.contains("| lines | afile lines | 125.0 ns | 0.80× |"), "{table}");
    }
}
