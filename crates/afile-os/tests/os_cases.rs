//! Replays `cases/os.json` and `cases/os_more.json`: `os` and `os.path`
//! calls recorded from CPython 3.12 on a scratch tree, against afile-os on
//! a real tree.
//!
//! CPython ran with the scratch directory as its working directory and
//! relative paths. Tests here run in parallel and must not change the
//! process's directory, so each path is joined to a fresh scratch directory
//! and the scratch prefix is stripped from results and messages.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use afile_core::Error;
use afile_os as os;
use serde_json::{Value, json};

/// The recorded files replayed here.
const FILES: &[&str] = &["os.json", "os_more.json"];

fn cases() -> Vec<Value> {
    let dir = std::env::var_os("AFILE_CASES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../cases"));
    let mut all = Vec::new();
    for file in FILES {
        let text = std::fs::read_to_string(dir.join(file)).expect("the CPython os cases");
        let doc: Value = serde_json::from_str(&text).unwrap();
        all.extend(doc["cases"].as_array().unwrap().iter().cloned());
    }
    all
}

struct Scratch {
    root: PathBuf,
}

impl Scratch {
    fn p(&self, rel: &Value) -> PathBuf {
        // An empty path stays empty (joining would name the root).
        match rel.as_str().unwrap() {
            "" => PathBuf::new(),
            rel => self.root.join(rel),
        }
    }
    fn rel(&self, p: &Path) -> String {
        let s = p.strip_prefix(&self.root).unwrap_or(p).display().to_string();
        if s.is_empty() { ".".into() } else { s }
    }
    fn error(&self, e: Error) -> Value {
        let prefix = format!("{}/", self.root.display());
        json!({"errno": e.errno(), "message": e.to_string().replace(&prefix, "")})
    }
}

fn stat_json(m: &std::fs::Metadata) -> Value {
    let t = m.file_type();
    let null_for_dirs = |v: u64| if t.is_dir() { Value::Null } else { json!(v) };
    json!({"size": null_for_dirs(m.len()), "is_dir": t.is_dir(), "is_file": t.is_file(),
           "is_link": t.is_symlink(), "mode_perm": format!("{:04o}", m.mode() & 0o7777),
           "nlink": null_for_dirs(m.nlink())})
}

fn names(v: Vec<std::ffi::OsString>) -> Value {
    let mut v: Vec<String> = v.into_iter().map(|s| s.to_string_lossy().into_owned()).collect();
    v.sort();
    json!(v)
}

async fn run(s: &Scratch, op: &[Value]) -> Result<Value, Error> {
    let a = |i: usize| s.p(&op[i]);
    Ok(match op[0].as_str().unwrap() {
        "exists" => json!(os::path::exists(a(1)).await),
        "lexists" => json!(os::path::lexists(a(1)).await),
        "isfile" => json!(os::path::isfile(a(1)).await),
        "isdir" => json!(os::path::isdir(a(1)).await),
        "islink" => json!(os::path::islink(a(1)).await),
        "ismount" => {
            // "." is the scratch directory, never a mount point.
            json!(os::path::ismount(if op[1] == "/" { PathBuf::from("/") } else { a(1) }).await)
        }
        "stat" => stat_json(&os::stat(a(1)).await?),
        "lstat" => stat_json(&os::lstat(a(1)).await?),
        "getsize" => json!(os::path::getsize(a(1)).await?),
        "samefile" => json!(os::path::samefile(a(1), a(2)).await?),
        "listdir" => names(os::listdir(a(1)).await?),
        "scandir" => {
            let mut it = os::scandir(a(1));
            let mut out = Vec::new();
            while let Some(e) = it.next().await {
                let e = e?;
                // A loop link makes is_dir fail, which fails the op, as in CPython.
                out.push(json!({"name": e.name().to_string_lossy(), "is_dir": e.is_dir(true).await?,
                    "is_file": e.is_file(true).await?, "is_symlink": e.is_symlink(),
                    "is_dir_nofollow": e.is_dir(false).await?, "is_file_nofollow": e.is_file(false).await?}));
            }
            out.sort_by(|x, y| x["name"].as_str().cmp(&y["name"].as_str()));
            json!(out)
        }
        "rename" => json!(os::rename(a(1), a(2)).await.map(|()| Value::Null)?),
        "renames" => json!(os::renames(a(1), a(2)).await.map(|()| Value::Null)?),
        "replace" => json!(os::replace(a(1), a(2)).await.map(|()| Value::Null)?),
        "remove" => json!(os::remove(a(1)).await.map(|()| Value::Null)?),
        "unlink" => json!(os::unlink(a(1)).await.map(|()| Value::Null)?),
        "mkdir" => {
            let mode = op.get(2).map(|m| u32::from_str_radix(m.as_str().unwrap(), 8).unwrap());
            json!(os::mkdir(a(1), mode).await.map(|()| Value::Null)?)
        }
        "makedirs" => {
            let mode = op.get(3).map(|m| u32::from_str_radix(m.as_str().unwrap(), 8).unwrap());
            json!(os::makedirs(a(1), mode, op[2].as_bool().unwrap()).await.map(|()| Value::Null)?)
        }
        "chmod" => {
            let mode = u32::from_str_radix(op[2].as_str().unwrap(), 8).unwrap();
            json!(os::chmod(a(1), mode).await.map(|()| Value::Null)?)
        }
        "utime" => json!(os::utime(a(1), None).await.map(|()| Value::Null)?),
        "statvfs" => json!(os::statvfs(a(1)).await.map(|_| true)?),
        "getmtime" => json!(os::path::getmtime_secs(a(1)).await? > 0.0),
        "getatime" => json!(os::path::getatime_secs(a(1)).await? > 0.0),
        "getctime" => json!(os::path::getctime_secs(a(1)).await? > 0.0),
        "copyfile" => json!(os::copyfile(a(1), a(2)).await.map(|_| Value::Null)?),
        "realpath" => json!(os::path::realpath(a(1)).await?.display().to_string()),
        "relpath" => {
            let got = os::path::relpath(op[1].as_str().unwrap(), Some(op[2].as_str().unwrap())).await?;
            json!(got.display().to_string())
        }
        "rmdir" => json!(os::rmdir(a(1)).await.map(|()| Value::Null)?),
        "removedirs" => json!(os::removedirs(a(1)).await.map(|()| Value::Null)?),
        "link" => json!(os::link(a(1), a(2)).await.map(|()| Value::Null)?),
        // The target of a symlink is stored as given (relative to the link).
        "symlink" => {
            json!(os::symlink(op[1].as_str().unwrap(), a(2)).await.map(|()| Value::Null).map_err(|e| {
                match e.errno() {
                    Some(n) => Error::with_paths(std::io::Error::from_raw_os_error(n), a(1), a(2)),
                    None => e,
                }
            })?)
        }
        "readlink" => json!(os::readlink(a(1)).await?.display().to_string()),
        "access" => {
            let mode = op[2..].iter().fold(None, |m: Option<os::AccessMode>, f| {
                let f = match f.as_str().unwrap() {
                    "F_OK" => os::F_OK,
                    "R_OK" => os::R_OK,
                    "W_OK" => os::W_OK,
                    _ => os::X_OK,
                };
                Some(m.map_or(f, |m| m | f))
            });
            json!(os::access(a(1), mode.unwrap()).await?)
        }
        "walk" => {
            let mut w = os::walk(a(1), op[2].as_bool().unwrap());
            let mut out = Vec::new();
            while let Some(e) = w.next().await {
                let e = e?;
                out.push(json!([s.rel(&e.dirpath), names(e.dirnames), names(e.filenames)]));
            }
            json!(out)
        }
        "abspath" => {
            let got = os::path::abspath(op[1].as_str().unwrap()).await?;
            json!(got.display().to_string())
        }
        other => panic!("unknown op {other}"),
    })
}

/// Directory order is the file system's: walks are compared as sets, plus
/// the order property that matters (parents before or after children).
fn same_walk(got: &Value, want: &Value, topdown: bool) -> bool {
    let (Some(g), Some(w)) = (got.as_array(), want.as_array()) else { return got == want };
    let mut gs: Vec<String> = g.iter().map(|v| v.to_string()).collect();
    let mut ws: Vec<String> = w.iter().map(|v| v.to_string()).collect();
    gs.sort();
    ws.sort();
    let pos = |d: &str| g.iter().position(|e| e[0] == d).unwrap();
    let ordered = g.iter().all(|e| {
        let d = e[0].as_str().unwrap();
        let parent = Path::new(d).parent().map(|p| p.display().to_string()).filter(|p| !p.is_empty());
        match parent.filter(|p| g.iter().any(|x| x[0] == p.as_str())) {
            Some(p) if topdown => pos(&p) < pos(d),
            Some(p) => pos(&p) > pos(d),
            None => true,
        }
    });
    gs == ws && ordered
}

fn tree(root: &Path) -> Value {
    let mut out = Vec::new();
    fn visit(root: &Path, dir: &Path, out: &mut Vec<(String, Value)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            let m = std::fs::symlink_metadata(&p).unwrap();
            if m.file_type().is_symlink() {
                out.push((
                    rel.clone(),
                    json!({"link": std::fs::read_link(&p).unwrap().display().to_string()}),
                ));
            } else if m.is_dir() {
                out.push((rel.clone(), json!({"dir": format!("{:04o}", m.mode() & 0o7777)})));
                visit(root, &p, out);
            } else {
                let content = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                out.push((
                    rel.clone(),
                    json!({"file": content, "perm": format!("{:04o}", m.mode() & 0o7777)}),
                ));
            }
        }
    }
    visit(root, root, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    json!(out)
}

/// Cases that do not apply to afile, and why. Also listed in
/// `docs/mapping.md` ("Differences from CPython kept on purpose").
const NOT_APPLICABLE: &[(&str, &str)] = &[(
    "osmore-005",
    "CPython's makedirs(\"x/a\\0b\") and renames(f, \"nd/a\\0b\") create the parent before the NUL \
     is refused; afile refuses the whole call before any system call, creating nothing",
)];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn os_cases_match_cpython() {
    // CPython recorded with umask 022; the permission bits depend on it. This
    // is the only test in this binary, so setting the umask races nothing.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o022));
    let (mut failures, mut ran, mut skipped) = (Vec::new(), 0, 0);
    let all = cases();
    assert!(all.len() >= 43, "os.json and os_more.json");
    let cwd = std::env::current_dir().unwrap();
    for case in &all {
        let id = case["id"].as_str().unwrap();
        if let Some((_, why)) = NOT_APPLICABLE.iter().find(|(c, _)| *c == id) {
            println!("{id}: not applicable: {why}");
            skipped += 1;
            continue;
        }
        ran += 1;
        let dir = tempfile::tempdir().unwrap();
        let s = Scratch { root: dir.path().to_path_buf() };
        for step in case["setup"].as_array().unwrap() {
            let st = step.as_array().unwrap();
            let p = s.p(&st[1]);
            match st[0].as_str().unwrap() {
                "mkdir" => std::fs::create_dir(&p).unwrap(),
                "write" => std::fs::write(&p, st[2].as_str().unwrap()).unwrap(),
                "link" => std::fs::hard_link(&p, s.p(&st[2])).unwrap(),
                _ => std::os::unix::fs::symlink(st[1].as_str().unwrap(), s.p(&st[2])).unwrap(),
            }
        }
        for (i, (op, want)) in
            case["ops"].as_array().unwrap().iter().zip(case["results"].as_array().unwrap()).enumerate()
        {
            let op = op.as_array().unwrap();
            let got = run(&s, op).await.unwrap_or_else(|e| s.error(e));
            let want = match want {
                Value::Object(m) if m.contains_key("error") => {
                    json!({"errno": m["errno"], "message": m["message"]})
                }
                Value::String(p) if op[0] == "abspath" => {
                    // $DIR was CPython's working directory; ours is `cwd`.
                    json!(p.replace("$DIR", &cwd.display().to_string()))
                }
                other => other.clone(),
            };
            let ok = match op[0].as_str().unwrap() {
                "walk" => same_walk(&got, &want, op[2].as_bool().unwrap()),
                _ => got == want,
            };
            if !ok {
                failures.push(format!("{id} op {i} {op:?}: got {got}, CPython {want}"));
            }
        }
        if let Some(after) = case.get("tree_after") {
            // os.json records no modes: compare them where recorded.
            let with_modes = after.as_array().unwrap().iter().any(|e| e.get("perm").is_some());
            let got = tree(&s.root);
            let got = json!(
                got.as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        let (path, kind) = (&e[0], &e[1]);
                        let kind = match (kind.get("dir"), kind.get("file")) {
                            (Some(m), _) if with_modes => json!({"dir": m}),
                            (Some(_), _) => json!("dir"),
                            (_, Some(c)) if with_modes => json!({"file": c, "perm": kind["perm"]}),
                            (_, Some(c)) => c.clone(),
                            _ => kind.clone(),
                        };
                        json!([path, kind])
                    })
                    .collect::<Vec<_>>()
            );
            let want: Vec<(String, Value)> = after
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let kind = match (e["type"].as_str().unwrap(), with_modes) {
                        ("symlink", _) => json!({"link": e["target"]}),
                        ("file", true) => json!({"file": e["content"], "perm": e["perm"]}),
                        ("file", false) => e["content"].clone(),
                        (_, true) => json!({"dir": e["perm"]}),
                        _ => json!("dir"),
                    };
                    (e["path"].as_str().unwrap().to_owned(), kind)
                })
                .collect();
            if got != json!(want) {
                failures.push(format!("{id}: tree {got} != CPython {}", json!(want)));
            }
        }
    }
    println!("os cases: {ran} ran, {skipped} not applicable");
    assert_eq!(ran + skipped, all.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
