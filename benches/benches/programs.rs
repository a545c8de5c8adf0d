//! The `programs` group: each example program of `crates/afile/examples`
//! beside its `tokio::fs` + `tempfile` twin (`programs/twins.rs`), run in
//! turn for a few rounds on the same data, timing the same part of each
//! (not the data generation). Not criterion: one run of a program takes
//! 0.1–2 s, so it is run a fixed number of rounds, the two sides
//! interleaved (which goes first alternates), and the median kept.
//!
//! The medians are written where criterion writes its own
//! (`target/criterion/programs_NAME/{afile,tokio twin}/new/estimates.json`),
//! so `cargo xtask bench` puts them in its table, each as a ratio to its
//! tokio twin.
//!
//! ```text
//! cargo bench -p afile-benches --bench programs            # 5 rounds
//! AFILE_PROGRAM_ROUNDS=9 cargo bench -p afile-benches --bench programs -- grep
//! ```

#[path = "../../crates/afile/examples/grep.rs"]
#[allow(dead_code)]
mod grep;

#[path = "../../crates/afile/examples/csv_cp1252_to_utf8.rs"]
#[allow(dead_code)]
mod csv_cp1252_to_utf8;

#[path = "../../crates/afile/examples/atomic_save.rs"]
#[allow(dead_code)]
mod atomic_save;

#[path = "../../crates/afile/examples/du_spooled.rs"]
#[allow(dead_code)]
mod du_spooled;

#[path = "../../crates/afile/examples/log_rotator.rs"]
#[allow(dead_code)]
mod log_rotator;

#[path = "../../crates/afile/examples/job_queue.rs"]
#[allow(dead_code)]
mod job_queue;

#[path = "../../crates/afile/examples/upload_buffer.rs"]
#[allow(dead_code)]
mod upload_buffer;

#[path = "programs/twins.rs"]
mod twins;

#[path = "programs/service_twins.rs"]
mod service_twins;

use std::path::PathBuf;
use std::time::Duration;

/// One side of a program: runs it once and returns its timed parts.
type Side = Box<dyn Fn(&tokio::runtime::Runtime) -> Vec<Duration>>;

/// A program: the names of its timed parts, its afile side, its twin.
struct Program {
    parts: &'static [&'static str],
    afile: Side,
    twin: Side,
}

fn afile_side<T, E, F>(run: fn(bool) -> F, parts: fn(&T) -> Vec<Duration>) -> Side
where
    T: 'static,
    E: std::fmt::Debug,
    F: std::future::Future<Output = Result<T, E>> + 'static,
{
    Box::new(move |rt| parts(&rt.block_on(run(false)).expect("the afile program")))
}

fn twin_side<T, F>(run: fn(PathBuf) -> F, parts: fn(&T) -> Vec<Duration>) -> Side
where
    T: 'static,
    F: std::future::Future<Output = twins::Res<T>> + 'static,
{
    Box::new(move |rt| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        parts(&rt.block_on(run(dir.path().to_path_buf())).expect("the tokio twin"))
    })
}

fn programs() -> Vec<Program> {
    vec![
        Program {
            parts: &["grep"],
            afile: afile_side(grep::run, |o| vec![o.1]),
            twin: twin_side(|d| async move { twins::grep(&d).await }, |t| vec![*t]),
        },
        Program {
            parts: &["csv_cp1252_to_utf8"],
            afile: afile_side(csv_cp1252_to_utf8::run, |o| vec![o.1]),
            twin: twin_side(|d| async move { twins::csv(&d).await }, |t| vec![*t]),
        },
        Program {
            parts: &["atomic_save"],
            afile: afile_side(atomic_save::run, |o| vec![o.1]),
            twin: twin_side(|d| async move { twins::atomic_save(&d).await }, |t| vec![*t]),
        },
        Program {
            parts: &["du", "spool_report"],
            afile: afile_side(du_spooled::run, |o| vec![o.1, o.2]),
            twin: twin_side(|d| async move { twins::du_spooled(&d).await }, |t| vec![t.0, t.1]),
        },
        Program {
            parts: &["log_rotator"],
            afile: afile_side(log_rotator::run, |o| vec![o.1]),
            twin: twin_side(|d| async move { service_twins::log_rotator(&d).await }, |t| vec![*t]),
        },
        Program {
            parts: &["job_queue"],
            afile: afile_side(job_queue::run, |o| vec![o.1]),
            twin: twin_side(|d| async move { service_twins::job_queue(&d).await }, |t| vec![*t]),
        },
        Program {
            parts: &["upload_buffer"],
            afile: afile_side(upload_buffer::run, |o| vec![o.1]),
            twin: twin_side(|d| async move { service_twins::upload_buffer(&d).await }, |t| vec![*t]),
        },
    ]
}

fn main() {
    // `cargo bench` passes `--bench`; words (criterion-style, `a|b` too)
    // filter the parts by their group name `programs_NAME`; numbers are
    // the values of criterion's options and ignored.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-') && a.parse::<f64>().is_err())
        .flat_map(|a| a.split('|').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let rounds: usize = std::env::var("AFILE_PROGRAM_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let rt = afile_benches::runtime();
    let mut lines = vec![
        "program | afile median | tokio twin median | afile / twin | rounds, ms (afile; twin)".to_owned(),
    ];
    for program in programs() {
        let wanted = |part: &str| {
            let group = format!("programs_{part}");
            filter.iter().any(|f| group.contains(f.as_str()) || f.contains(&group))
        };
        if !filter.is_empty() && !program.parts.iter().any(|p| wanted(p)) {
            continue;
        }
        let (mut a, mut t) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            if round % 2 == 0 {
                a.push((program.afile)(&rt));
                t.push((program.twin)(&rt));
            } else {
                t.push((program.twin)(&rt));
                a.push((program.afile)(&rt));
            }
        }
        for (i, name) in program.parts.iter().enumerate() {
            let mut a: Vec<Duration> = a.iter().map(|parts| parts[i]).collect();
            let mut t: Vec<Duration> = t.iter().map(|parts| parts[i]).collect();
            let ms = |v: &[Duration]| {
                v.iter().map(|d| format!("{:.1}", d.as_secs_f64() * 1e3)).collect::<Vec<_>>().join(" ")
            };
            let (sa, st) = (ms(&a), ms(&t));
            let (ma, mt) = (median(&mut a), median(&mut t));
            lines.push(format!(
                "{name} | {ma:.2?} | {mt:.2?} | {:.2} | {sa}; {st}",
                ma.as_secs_f64() / mt.as_secs_f64()
            ));
            record(name, "afile", ma);
            record(name, "tokio twin", mt);
        }
    }
    println!("\n{}", lines.join("\n"));
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Writes `median` as criterion would, for `cargo xtask bench`'s table.
fn record(program: &str, entry: &str, median: Duration) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("criterion").join(format!("programs_{program}")).join(entry).join("new");
    let json = format!(r#"{{"median": {{"point_estimate": {}}}}}"#, median.as_nanos());
    if let Err(e) =
        std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join("estimates.json"), json))
    {
        eprintln!("programs: could not record {program}/{entry}: {e}");
    }
}
