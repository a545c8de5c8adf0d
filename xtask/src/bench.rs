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

use crate::results::{Group, read_groups};

const START: &str = "<!-- bench:start -->";
const END: &str = "<!-- bench:end -->";

/// The bench binaries, in the order they run: the ones that write hundreds
/// of megabytes last, so that the kernel's writeback and discards of their
/// files do not run beside the others' measurements.
const BENCHES: [&str; 5] = ["os", "tempfile", "programs", "lifecycle", "file"];

pub(crate) fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let report_only = args.iter().any(|a| a == "--report-only");
    if !report_only {
        for bench in BENCHES {
            let mut cargo_args = vec!["bench", "-p", "afile-benches", "--bench", bench, "--"];
            cargo_args.extend(args.iter().map(String::as_str));
            crate::workspace::cargo("bench", &cargo_args, &[])?;
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
