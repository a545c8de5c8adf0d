//! `ntpath` against CPython 3.12.1's recorded answers.

#![allow(clippy::unwrap_used)] // tests may unwrap

use serde_json::{Value, json};

use super::*;
use crate::flavour_cases::{lookup, replay, result, s};

fn call(f: &str, args: &[&str], env: &serde_json::Map<String, Value>, cwd: &str) -> Value {
    let p = args.first().copied().unwrap_or("");
    let lit = pystr::lit;
    match f {
        "normpath" => s(normpath(p)),
        "normcase" => s(normcase(p)),
        "split" => json!([s(split(p).0), s(split(p).1)]),
        "splitext" => json!([s(splitext(p).0), s(splitext(p).1)]),
        "splitdrive" => json!([s(splitdrive(p).0), s(splitdrive(p).1)]),
        "splitroot" => {
            let (d, r, t) = splitroot(p);
            json!([s(d), s(r), s(t)])
        }
        "basename" => s(basename(p)),
        "dirname" => s(dirname(p)),
        "isabs" => json!(isabs(p)),
        "abspath" => s(abspath(p, cwd)),
        "expandvars" => s(pystr::path(&expand::expandvars_with(&lit(p), &lookup(env)))),
        "expanduser" => {
            let env = |name: &str| lookup(env)(&lit(name));
            s(pystr::path(&expand::expanduser_with(&lit(p), &env)))
        }
        "join" => s(join(p, &args[1..])),
        "relpath" => result(relpath(args[0], args[1], cwd)),
        "commonpath" => result(commonpath(args)),
        "commonprefix" => json!(commonprefix(args)),
        other => panic!("no such function {other}"),
    }
}

#[test]
fn ntpath_answers_as_cpython() {
    replay("ntpath.json", &call);
}
