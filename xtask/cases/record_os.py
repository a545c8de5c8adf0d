"""Records the `os` and `tempfile` behaviour cases of issues 19 and 21 from
CPython 3.12.1: `cases/os_more.json` and `cases/tempfile_more.json` (the
formats are in `cases/README.md`). Deterministic: no randomness beyond a
fixed seed, each case in a fresh scratch directory, umask 022.

Run with the interpreter the cases are recorded from:
    $(pyenv root)/versions/3.12.1/bin/python3 xtask/cases/record_os.py [--out DIR]
"""

import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

SEED = 21
NUL = "a\0b"


def out_dir():
    if "--out" in sys.argv:
        return sys.argv[sys.argv.index("--out") + 1]
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cases")


def error(e):
    name = "UnsupportedOperation" if isinstance(e, io.UnsupportedOperation) else type(e).__name__
    return {"error": name, "errno": getattr(e, "errno", None), "message": str(e)}


def latin1(b):
    return b.decode("latin-1")


# ---------------------------------------------------------------- os cases


def stat_json(st):
    import stat as s

    is_dir = s.S_ISDIR(st.st_mode)
    return {
        "size": None if is_dir else st.st_size,
        "is_dir": is_dir,
        "is_file": s.S_ISREG(st.st_mode),
        "is_link": s.S_ISLNK(st.st_mode),
        "mode_perm": "%04o" % (st.st_mode & 0o7777),
        "nlink": None if is_dir else st.st_nlink,
    }


def scandir_json(p):
    out = []
    with os.scandir(p) as it:
        for e in it:
            out.append({"name": e.name, "is_dir": e.is_dir(), "is_file": e.is_file(),
                        "is_symlink": e.is_symlink(), "is_dir_nofollow": e.is_dir(follow_symlinks=False),
                        "is_file_nofollow": e.is_file(follow_symlinks=False)})
    return sorted(out, key=lambda x: x["name"])


ACCESS = {"F_OK": os.F_OK, "R_OK": os.R_OK, "W_OK": os.W_OK, "X_OK": os.X_OK}


def run_op(op, scratch):
    name, *a = op
    simple = {
        "exists": os.path.exists, "lexists": os.path.lexists, "isfile": os.path.isfile,
        "isdir": os.path.isdir, "islink": os.path.islink, "ismount": os.path.ismount,
        "getsize": os.path.getsize, "listdir": lambda p: sorted(os.listdir(p)),
        "readlink": os.readlink, "remove": os.remove, "unlink": os.unlink, "rmdir": os.rmdir,
        "removedirs": os.removedirs, "rename": os.rename, "replace": os.replace,
        "renames": os.renames, "link": os.link, "symlink": os.symlink, "samefile": os.path.samefile,
        "stat": lambda p: stat_json(os.stat(p)), "lstat": lambda p: stat_json(os.lstat(p)),
        "scandir": scandir_json, "utime": os.utime,
        "statvfs": lambda p: bool(os.statvfs(p)),
        "getmtime": lambda p: os.path.getmtime(p) > 0, "getatime": lambda p: os.path.getatime(p) > 0,
        "getctime": lambda p: os.path.getctime(p) > 0,
        "copyfile": lambda s, d: shutil.copyfile(s, d) and None,
        "relpath": os.path.relpath,
    }
    if name in simple:
        return simple[name](*a)
    if name == "access":
        mode = 0
        for flag in a[1:]:
            mode |= ACCESS[flag]
        return os.access(a[0], mode)
    if name == "mkdir":
        return os.mkdir(a[0], *(int(m, 8) for m in a[1:]))
    if name == "makedirs":
        return os.makedirs(a[0], *(int(m, 8) for m in a[2:]), exist_ok=a[1])
    if name == "chmod":
        return os.chmod(a[0], int(a[1], 8))
    if name == "walk":
        return sorted([[d, sorted(ds), sorted(fs)] for d, ds, fs in os.walk(a[0], a[1])])
    if name in ("abspath", "realpath"):
        return getattr(os.path, name)(a[0]).replace(scratch, "$DIR", 1)
    raise ValueError(name)


def tree(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            rel = os.path.relpath(p, root)
            st = os.lstat(p)
            if os.path.islink(p):
                out.append({"path": rel, "type": "symlink", "target": os.readlink(p)})
            elif os.path.isdir(p):
                out.append({"path": rel, "type": "dir", "perm": "%04o" % (st.st_mode & 0o7777)})
            else:
                with open(p, "rb") as f:
                    out.append({"path": rel, "type": "file", "content": latin1(f.read()),
                                "perm": "%04o" % (st.st_mode & 0o7777)})
    return sorted(out, key=lambda e: e["path"])


def os_case(about, setup, ops):
    here = os.getcwd()
    scratch = tempfile.mkdtemp()
    os.chdir(scratch)
    try:
        for step in setup:
            kind, *a = step
            if kind == "mkdir":
                os.mkdir(a[0])
            elif kind == "write":
                with open(a[0], "w", encoding="latin-1") as f:
                    f.write(a[1])
            elif kind == "symlink":
                os.symlink(a[0], a[1])
            elif kind == "link":
                os.link(a[0], a[1])
        results = []
        for op in ops:
            try:
                results.append(run_op(op, scratch))
            except Exception as e:  # noqa: BLE001 - every outcome is recorded
                results.append(error(e))
        return {"about": about, "setup": setup, "ops": ops, "results": results, "tree_after": tree(scratch)}
    finally:
        os.chdir(here)
        shutil.rmtree(scratch)


def os_cases():
    base = [["write", "f", "data"], ["mkdir", "d"]]
    one = ["stat", "lstat", "remove", "unlink", "rmdir", "removedirs", "listdir", "scandir", "readlink",
           "utime", "statvfs", "getsize", "getmtime", "getatime", "getctime", "realpath", "mkdir"]
    cases = [
        os_case("a NUL byte: the predicates answer False", base,
                [[p, NUL] for p in ["exists", "lexists", "isfile", "isdir", "islink", "ismount"]]),
        os_case("a NUL byte: every one-path call raises ValueError before any system call", base,
                [[p, NUL] for p in one] + [["access", NUL, "F_OK"], ["chmod", NUL, "0644"],
                                           ["makedirs", NUL, False], ["makedirs", "d/" + NUL, True],
                                           ["walk", NUL, True], ["walk", NUL, False]]),
        os_case("a NUL byte in either path of a two-path call", base,
                [[p, a, b] for p in ["rename", "replace", "renames", "link", "symlink", "samefile", "copyfile"]
                 for a, b in [(NUL, "f2"), ("f", NUL), ("missing", NUL)]]),
        os_case("a NUL byte: the lexical abspath and relpath go through", base,
                [["abspath", NUL], ["relpath", NUL, "."], ["relpath", "d/" + NUL, "d"]]),
        os_case("a NUL byte after a missing parent: CPython creates the parent first", base,
                [["makedirs", "x/" + NUL, False], ["renames", "f", "nd/" + NUL]]),
        os_case("makedirs splits the path as written: x/.. and y/../z", [],
                [["makedirs", "x/..", False], ["makedirs", "x/..", True], ["makedirs", "y/../z", False],
                 ["makedirs", "q/../q", True]]),
        os_case("makedirs with '.', trailing and doubled slashes", [],
                [["makedirs", "p/./q", False], ["makedirs", "s/t/.", False], ["makedirs", "u/v/", False],
                 ["makedirs", "w//x", False], ["makedirs", "./n", False], ["makedirs", "", False],
                 ["makedirs", "s/t/.", False]]),
        os_case("makedirs: the mode is the last directory's; parents get 0o777 less the umask", [],
                [["makedirs", "m/n/o", False, "0700"], ["makedirs", "k/l", False, "0750"]]),
        os_case("makedirs through a dangling symlink and a file", [["symlink", "nowhere", "dl"], ["write", "f", "1"]],
                [["makedirs", "dl/x", False], ["makedirs", "dl", True], ["makedirs", "f/g/h", False]]),
        os_case("removedirs walks the path as written", [["mkdir", "r"], ["mkdir", "r/s"], ["mkdir", "r/s/t"],
                                                          ["mkdir", "q"], ["mkdir", "q/w"]],
                [["removedirs", "r/./s/t"], ["removedirs", "q/w/"]]),
        os_case("renames makes and prunes parents as written",
                [["mkdir", "src"], ["write", "src/f", "1"], ["mkdir", "src2"], ["write", "src2/g", "2"]],
                [["renames", "src/f", "x/../y/f"], ["renames", "src2/g", "a/b/"]]),
    ]
    for i, c in enumerate(cases, 1):
        c["id"] = "osmore-%03d" % i
    return cases


# ---------------------------------------------------------- tempfile cases


def dir_state(p):
    if os.path.islink(p):
        return "symlink"
    if os.path.isdir(p):
        return "dir"
    if os.path.exists(p):
        return "file"
    return None


def tempdir_replaced(replacement, ignore, action):
    scratch = tempfile.mkdtemp()
    target = os.path.join(scratch, "target")
    os.mkdir(target)
    with open(os.path.join(target, "keep"), "w") as f:
        f.write("keep")
    d = tempfile.TemporaryDirectory(dir=scratch, ignore_cleanup_errors=ignore)
    name = d.name
    os.rmdir(name)
    if replacement == "symlink-to-dir":
        os.symlink(target, name)
    elif replacement == "symlink-to-file":
        os.symlink(os.path.join(target, "keep"), name)
    elif replacement == "dangling-symlink":
        os.symlink(os.path.join(scratch, "nowhere"), name)
    else:
        with open(name, "w") as f:
            f.write("x")
    try:
        d.cleanup() if action == "cleanup" else d.__exit__(None, None, None)
        result = "ok"
    except Exception as e:  # noqa: BLE001
        result = error(e)
        result["message"] = result["message"].replace(name, "$NAME")
    intact = os.path.isfile(os.path.join(target, "keep")) and open(os.path.join(target, "keep")).read() == "keep"
    case = {"kind": "tempdir-replaced", "replacement": replacement, "ignore_cleanup_errors": ignore,
            "action": action, "result": result, "left": dir_state(name), "target_intact": intact,
            "about": "TemporaryDirectory whose name holds a %s at %s (ignore_cleanup_errors=%s)"
                     % (replacement, "cleanup()" if action == "cleanup" else "the with-block exit", ignore)}
    shutil.rmtree(scratch)
    return case


def tempdir_recreated(what, then):
    import gc

    scratch = tempfile.mkdtemp()
    os.mkdir(os.path.join(scratch, "target"))
    d = tempfile.TemporaryDirectory(dir=scratch)
    name = d.name
    d.cleanup()
    if what == "dir":
        os.mkdir(name)
        with open(os.path.join(name, "f"), "w") as f:
            f.write("again")
    else:
        os.symlink(os.path.join(scratch, "target"), name)
    try:
        if then == "cleanup":
            d.cleanup()
        elif then == "exit":
            d.__exit__(None, None, None)
        else:
            del d
            gc.collect()
        result = "ok"
    except Exception as e:  # noqa: BLE001
        result = error(e)
        result["message"] = result["message"].replace(name, "$NAME")
    case = {"kind": "tempdir-recreated", "recreated": what, "then": then, "result": result,
            "left": dir_state(name), "target_intact": os.path.isdir(os.path.join(scratch, "target")),
            "about": "TemporaryDirectory: after cleanup() a %s is made at the name, then %s"
                     % ("directory" if what == "dir" else "symlink to a directory",
                        {"cleanup": "cleanup() again", "exit": "the with-block exit",
                         "collect": "the object is collected"}[then])}
    shutil.rmtree(scratch)
    return case


GETTEMPDIR = "import tempfile; print(tempfile.gettempdir()); print(tempfile.gettempdirb().decode())"


def gettempdir_literal(value):
    scratch = tempfile.mkdtemp()
    os.mkdir(os.path.join(scratch, "t1"))
    env = {k: v for k, v in os.environ.items() if k not in ("TMPDIR", "TEMP", "TMP")}
    env["TMPDIR"] = value
    out = subprocess.run([sys.executable, "-c", GETTEMPDIR], env=env, cwd=scratch, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    shutil.rmtree(scratch)
    rel = lambda s: s.replace(scratch, "$DIR", 1)  # noqa: E731
    return {"kind": "gettempdir", "env": {"TMPDIR": value}, "env_literal": True, "cwd": "$DIR",
            "setup": ["t1"], "gettempdir": rel(out[0]), "gettempdirb": rel(out[1]),
            "about": "gettempdir() with TMPDIR=%r as written, the working directory $DIR" % value}


def spooled(max_size, mode, ops, about, **kw):
    f = tempfile.SpooledTemporaryFile(max_size=max_size, mode=mode, **kw)
    results, rolled = [], []
    for op in ops:
        name, *a = op
        try:
            if name == "write":
                r = f.write(a[0].encode("latin-1") if "b" in mode else a[0])
            elif name == "seek":
                r = f.seek(a[0])
            elif name == "seek_tell_of":
                r = f.seek(results[a[0]])
            elif name == "readinto1":
                buf = bytearray(a[0])
                n = f.readinto1(buf)
                r = {"n": n, "data": latin1(bytes(buf[:n]))}
            elif name == "detach":
                r = {"detached": type(f.detach()).__name__}
                # Nothing left to close: spare CPython's complaint at exit.
                f._file = io.BytesIO()
            elif name == "rollover":
                r = f.rollover()
            elif name in ("read", "readline"):
                r = getattr(f, name)(*a)
                r = latin1(r) if isinstance(r, bytes) else r
            else:
                r = getattr(f, name)(*a)
        except Exception as e:  # noqa: BLE001
            r = error(e)
        results.append(r)
        rolled.append(f._rolled)
        if name == "detach":
            break
    case = {"kind": "spooled", "max_size": max_size, "mode": mode, "ops": ops[:len(results)],
            "results": results, "rolled_after": rolled, "about": about}
    case.update(kw)
    return case


TEXTS = ["héllo\nwörld\n", "a\r\nb\rc\nd", "日本語\nテキスト\r\n末尾", "x" * 40 + "\n" + "ÿ" * 10 + "\n"]


def spooled_text_cases(rng):
    cases = []
    for encoding in ["utf-8", "latin-1", "cp1252", "shift_jis", "gb18030"]:
        for newline in [None, "", "\n", "\r", "\r\n"]:
            for text in TEXTS:
                try:
                    text.encode(encoding)
                except UnicodeEncodeError:
                    continue
                ops = [["write", text], ["seek", 0]]
                for _ in range(6):
                    ops.append(rng.choice([["readline"], ["read", rng.randint(1, 5)]]))
                    ops.append(["tell"])
                ops += [["seek_tell_of", len(ops) - 1], ["read"]]
                cases.append(spooled(0, "w+", ops, "SpooledTemporaryFile(mode='w+', encoding=%r, newline=%r): tell "
                                     "mid-text is a plain byte offset" % (encoding, newline),
                                     encoding=encoding, newline=newline))
    return cases


def tempfile_cases():
    rng = random.Random(SEED)
    cases = []
    for rep in ["symlink-to-dir", "symlink-to-file", "dangling-symlink", "file"]:
        for ignore in [False, True]:
            for action in ["cleanup", "exit"]:
                cases.append(tempdir_replaced(rep, ignore, action))
    for what in ["dir", "symlink"]:
        for then in ["cleanup", "exit", "collect"]:
            cases.append(tempdir_recreated(what, then))
    for value in [".", "./", "..", "t1/..", "", "./t1", "t1/./"]:
        cases.append(gettempdir_literal(value))
    data = "hello world, spooled"
    for max_size in [0, 5]:
        cases.append(spooled(max_size, "w+b", [["write", data], ["seek", 0], ["readinto1", 4], ["readinto1", 100],
                                               ["readinto1", 4]],
                             "SpooledTemporaryFile(max_size=%d): readinto1" % max_size))
    cases.append(spooled(0, "w+b", [["write", data], ["detach"]],
                         "SpooledTemporaryFile: detach before the rollover"))
    cases.append(spooled(0, "w+b", [["write", data], ["rollover"], ["detach"]],
                         "SpooledTemporaryFile: detach after the rollover"))
    cases.append(spooled(0, "w+", [["write", "text"], ["detach"]],
                         "SpooledTemporaryFile(mode='w+'): detach gives the buffer"))
    cases += spooled_text_cases(rng)
    for i, c in enumerate(cases, 1):
        c["id"] = "tempmore-%03d" % i
    return cases


def main():
    assert sys.version_info[:3] == (3, 12, 1), "record with CPython 3.12.1"
    os.umask(0o022)
    out = out_dir()
    for name, cases in [("os_more.json", os_cases()), ("tempfile_more.json", tempfile_cases())]:
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump({"python": "3.12.1", "cases": cases}, f, ensure_ascii=False, indent=0)
            f.write("\n")
        print("%s: %d cases" % (name, len(cases)))


if __name__ == "__main__":
    main()
