//! `cargo xtask bench`: run the criterion benches and write the ratios into
//! `docs/performance.md`.
//!
//! Every bench group measures afile beside its peers in the same run, with a
//! `std` entry as the limit. The report gives each entry's speed as a ratio to
//! `std` in its group (1.00 = as fast as std; higher is faster), because
//! absolute times on shared machines are noise.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use serde_json::Value;

const START: &str = "<!-- bench:start -->";
const END: &str = "<!-- bench:end -->";

/// The bench binaries, in the order they run: the ones that write hundreds
/// of megabytes last, so that the kernel's writeback and discards of their
/// files do not run beside the others' measurements.
const BENCHES: [&str; 3] = ["os", "tempfile", "file"];

pub(crate) fn run(root: &Path, filter: &[String]) -> Result<(), String> {
    for bench in BENCHES {
        let mut args = vec!["bench", "-p", "afile-benches", "--bench", bench, "--"];
        args.extend(filter.iter().map(String::as_str));
        crate::cargo("bench", &args, &[])?;
    }
    let table = report(&root.join("target/criterion"))?;
    println!("{table}");
    let doc_path = root.join("docs/performance.md");
    let doc = fs::read_to_string(&doc_path).map_err(|e| format!("{}: {e}", doc_path.display()))?;
    let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
        return Err(format!("{} lacks the {START} … {END} markers", doc_path.display()));
    };
    let updated = format!("{}{START}\n{table}{}", &doc[..a], &doc[b..]);
    fs::write(&doc_path, updated).map_err(|e| format!("{}: {e}", doc_path.display()))?;
    println!("xtask: wrote {}", doc_path.display());
    Ok(())
}

/// One markdown table of every group under `dir`, ratios to `std`.
fn report(dir: &Path) -> Result<String, String> {
    let mut groups: Vec<_> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e} (run the benches first)", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "report"))
        .collect();
    groups.sort();
    let mut out =
        String::from("| group | entry | median per iteration | speed vs std |\n|---|---|---|---|\n");
    for group in groups {
        let mut entries: Vec<(String, f64)> = fs::read_dir(&group)
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), median_ns(&p)?)))
            .collect();
        entries.sort_by(|a, b| a.1.total_cmp(&b.1));
        let base = entries.iter().find(|(n, _)| n.starts_with("std")).map(|(_, t)| *t);
        let name = group.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for (entry, t) in &entries {
            let ratio = base.map(|b| format!("{:.2}×", b / t)).unwrap_or_else(|| "—".into());
            let _ = writeln!(out, "| {name} | {entry} | {} | {ratio} |", human(*t));
        }
    }
    Ok(out)
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
