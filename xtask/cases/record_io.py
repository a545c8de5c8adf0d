"""Records CPython 3.12's answers for binary files, open() and text files.

Run by ``cargo xtask cases`` with CPython 3.12.1 (``$AFILE_PYTHON`` or
pyenv's 3.12.1) as ``python3 record_io.py --out CASES_DIR`` (the
repository's ``cases/`` without ``--out``). Every answer is what
CPython did when the script ran, in a scratch directory: nothing is typed
in by hand. The scripts are fixed or drawn from seeded generators, so a
second run writes the same files. Writes, in the formats of
``cases/README.md``:

* ``binary_more.json`` -- ``read1``/``readinto1`` amounts over a grid of
  buffer sizes, file sizes and request sizes (also after a ``read``);
  ``readall`` of an unbuffered write-only file; ``readable``/``writable``
  of closed files of each class; ``open`` refusing a NUL in the mode or a
  buffering beyond a C int; error messages of paths with newlines, escape
  sequences, quotes and bytes that are not UTF-8 (their ``repr``).
* ``mode_more.json`` -- ``open()`` argument checks and their order: a NUL in
  any string argument, ``buffering`` beyond a C int, an unknown ``errors``
  name (accepted), the open's own error before ``buffering=0``, ``newline``
  and ``encoding``.
* ``text_more.json`` -- reads after a decode error (a loop that catches it
  and reads on), ``errors="surrogateescape"`` before the bytes it would
  escape, an unknown ``errors`` name met while reading and writing,
  iso2022_jp writes after ``seek(cookie)``, ``truncate()`` after reads that
  hold a ``\\r`` back, and the three CPython behaviours afile does not copy
  (a write then a read without a seek, ``truncate()`` after a read,
  ``newlines`` after ``tell()``), so the replay can list them with reasons.
"""

import io
import json
import os
import random
import sys
import tempfile

PYTHON = "3.12.1"


def latin(b):
    return None if b is None else b.decode("latin-1")


def unlatin(s):
    return s.encode("latin-1")


def error_of(e, scratch):
    name = "UnsupportedOperation" if isinstance(e, io.UnsupportedOperation) else type(e).__name__
    errno = e.errno if isinstance(e, OSError) and not isinstance(e, io.UnsupportedOperation) else None
    return {"error": name, "errno": errno, "message": str(e).replace(scratch, "$DIR")}


def file_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


# --- binary files ---------------------------------------------------------


def binary_op(f, op):
    name, args = op[0], op[1:]
    if name in ("read", "read1", "readline", "readlines"):
        out = getattr(f, name)(*args)
        return [latin(x) for x in out] if name == "readlines" else latin(out)
    if name == "readall":
        return latin(f.readall())
    if name in ("readinto", "readinto1"):
        buf = bytearray(args[0])
        n = getattr(f, name)(buf)
        return {"n": n, "data": latin(bytes(buf[:n]))}
    if name == "write":
        return f.write(unlatin(args[0]))
    if name == "seek":
        return f.seek(*args)
    if name in ("tell", "truncate", "closed", "readable", "writable", "seekable", "isatty"):
        attr = getattr(f, name)
        return attr(*args) if callable(attr) else attr
    if name in ("flush", "close"):
        getattr(f, name)()
        return None
    raise ValueError(name)


def run_binary(scratch, case):
    name = unlatin(case["name"]) if "name" in case else case["id"].encode()
    path = os.path.join(scratch.encode(), name)
    if case["initial"] is not None:
        with open(path, "wb") as f:
            f.write(unlatin(case["initial"]))
    try:
        f = open(os.fsdecode(path), case["mode"], buffering=case["buffering"])
    except Exception as e:  # noqa: BLE001 - every error is an answer
        case["open_error"] = error_of(e, scratch)
        case["final"] = latin(file_bytes(path))
        return case
    results = []
    for op in case["ops"]:
        try:
            results.append(binary_op(f, op))
        except Exception as e:  # noqa: BLE001
            results.append(error_of(e, scratch))
    try:
        f.close()
    except Exception:  # noqa: BLE001
        pass
    case["results"] = results
    case["final"] = latin(file_bytes(path))
    return case


def pattern(n):
    return bytes((i * 31 + 7) % 251 for i in range(n))


def binary_cases():
    cases = []

    def add(about, initial, mode, buffering, ops, **extra):
        cases.append({"about": about, "initial": latin(initial), "mode": mode, "buffering": buffering,
                      "ops": ops, **extra})

    # read1 / readinto1 amounts: CPython's rules for every buffer size.
    for buffering in (2, 5, 13, 64):
        for size in (0, 7, 40, 100):
            for n in (1, 4, 13, 14, 33, 100):
                for pre in (0, 9):
                    ops = ([["read", pre]] if pre else []) + [["readinto1", n]] * 3 + [["tell"]]
                    add(f"readinto1({n}) x3 after read({pre}), buffering {buffering}, {size} bytes",
                        pattern(size), "rb", buffering, ops)
                    ops = ([["read", pre]] if pre else []) + [["read1", n]] * 3 + [["tell"]]
                    add(f"read1({n}) x3 after read({pre}), buffering {buffering}, {size} bytes",
                        pattern(size), "rb", buffering, ops)
    rng = random.Random(1921)
    for i in range(60):
        buffering = rng.choice((2, 3, 8, 13, 16, 100))
        ops = []
        for _ in range(rng.randrange(3, 9)):
            kind = rng.choice(("read", "read1", "readinto1", "readinto", "readline", "seek", "tell"))
            if kind == "seek":
                ops.append(["seek", rng.randrange(0, 60), 0])
            elif kind == "tell":
                ops.append(["tell"])
            else:
                ops.append([kind, rng.choice((0, 1, 2, 5, 13, 20, 50))])
        add(f"random read1/readinto1 mix {i} (seed 1921)", pattern(rng.randrange(0, 80)), "r+b", buffering, ops)

    # FileIO.readall does not check the mode: a write-only descriptor is EBADF.
    add("readall on an unbuffered write-only file", b"abc", "wb", 0,
        [["readall"], ["read"], ["read", -1], ["read", 2], ["readinto", 2], ["close"], ["readall"]])
    add("readall on an unbuffered append file", b"abc", "ab", 0, [["readall"], ["write", "d"], ["readall"]])

    # readable()/writable() of a closed file, for each class.
    for mode in ("rb", "wb", "ab", "r+b", "w+b", "a+b", "xb"):
        for buffering in (0, -1):
            initial = None if mode == "xb" else b"abc"
            add(f"attributes of a closed {mode} file, buffering {buffering}", initial, mode, buffering,
                [["close"], ["closed"], ["readable"], ["writable"], ["seekable"], ["close"]])

    # open() refuses a NUL in the mode, and a buffering beyond a C int.
    for mode in ("rb\0", "r\0b", "\0"):
        add(f"open with mode {mode!r}", b"abc", mode, -1, [])
    for buffering in (2 ** 31, 2 ** 40, -(2 ** 31) - 1, 2 ** 31 - 1):
        add(f"open with buffering {buffering}", b"abc", "rb", buffering, [["read", 2]])

    # Paths in error messages are shown as their repr.
    names = [b"line\nbreak", b"\x1b[2Jwipe", b"it's", b'say "hi"', b"both '\"", b"back\\slash", b"tab\t",
             "caf\u00e9".encode(), "zw\u200b".encode(), b"raw\xff\xfe", b"sur\xed\xa0\x80", b"del\x7f"]
    for name in names:
        add(f"missing file named {name!r}", None, "rb", -1, [], name=latin(name))
    return cases


# --- open() arguments -----------------------------------------------------


def run_mode(scratch, case):
    path = os.path.join(scratch, "f")
    if os.path.lexists(path):
        os.remove(path)
    if case["exists_before"]:
        with open(path, "wb") as f:
            f.write(b"abc")
    kwargs = case.get("kwargs", {})
    try:
        f = open(path, case["mode"], **kwargs)
    except Exception as e:  # noqa: BLE001
        case["error"] = error_of(e, scratch)
        case["content_after"] = latin(file_bytes(path))
        return case
    result = {"text": isinstance(f, io.TextIOWrapper), "class": type(f).__name__, "mode_attr": f.mode,
              "readable": f.readable(), "writable": f.writable(), "seekable": f.seekable()}
    f.close()
    result["content_after"] = latin(file_bytes(path))
    result["appends"] = None
    case["result"] = result
    return case


def mode_cases():
    cases = []

    def add(mode, exists, **kwargs):
        about = f"open(path, {mode!r}, {kwargs!r}) with the file {'present' if exists else 'absent'}"
        case = {"mode": mode, "exists_before": exists, "about": about}
        if kwargs:
            case["kwargs"] = kwargs
        cases.append(case)

    for exists in (True, False):
        # A NUL in a string argument, before anything else.
        for mode in ("r\0", "w\0", "rb\0", "\0r", "rr\0"):
            add(mode, exists)
        add("r", exists, encoding="utf-8\0")
        add("w", exists, errors="strict\0")
        add("r", exists, newline="\n\0")
        add("rr", exists, encoding="x\0")
        # buffering must fit a C int.
        for buffering in (2 ** 31, -(2 ** 31) - 1, 2 ** 40):
            add("r", exists, buffering=buffering)
            add("rb", exists, buffering=buffering)
        add("rr", exists, buffering=2 ** 40)
        add("r\0", exists, buffering=2 ** 40)
        add("r", exists, buffering=2 ** 31 - 1)
        # An unknown error handler name is looked up only when needed.
        for mode in ("r", "w", "a", "r+", "x"):
            add(mode, exists, errors="no-such-handler")
        # The open comes before buffering=0, newline and encoding.
        for mode in ("r", "w", "x", "a", "r+", "w+"):
            add(mode, exists, buffering=0)
            add(mode, exists, encoding="no-such-codec")
            add(mode, exists, newline="x")
            add(mode, exists, buffering=0, newline="x", encoding="no-such-codec")
            add(mode, exists, newline="x", encoding="no-such-codec")
    return cases


# --- text files -----------------------------------------------------------


def text_op(f, op, cookies, results):
    name, args = op[0], op[1:]
    if name in ("read", "readline", "readlines"):
        return getattr(f, name)(*args)
    if name == "iter":
        return list(f)
    if name == "iter_catching":
        out = []
        for _ in range(args[0]):
            try:
                line = f.readline()
            except UnicodeDecodeError as e:
                out.append({"error": "UnicodeDecodeError", "errno": None, "message": str(e)})
                continue
            out.append(line)
            if not line:
                break
        return out
    if name == "write":
        return f.write(args[0])
    if name == "writelines":
        f.writelines(args[0])
        return None
    if name == "tell":
        cookies[len(results)] = f.tell()
        return {"cookie": True}
    if name == "seek":
        if isinstance(args[0], dict):
            f.seek(cookies[args[0]["cookie_of"]])
        else:
            f.seek(*args)
        return None
    if name == "truncate":
        return f.truncate(*args)
    if name in ("flush", "close"):
        getattr(f, name)()
        return None
    if name == "newlines":
        return list(f.newlines) if isinstance(f.newlines, tuple) else f.newlines
    if name in ("encoding", "errors", "closed"):
        return getattr(f, name)
    raise ValueError(name)


def run_text(scratch, case):
    path = os.path.join(scratch, case["id"])
    if case["initial"] is not None:
        with open(path, "wb") as f:
            f.write(unlatin(case["initial"]))
    try:
        f = open(path, case["mode"], buffering=case["buffering"], encoding=case["encoding"],
                 errors=case["errors"], newline=case["newline"])
    except Exception as e:  # noqa: BLE001
        case["open_error"] = error_of(e, scratch)
        case["results"] = []
        case["final"] = latin(file_bytes(path))
        return case
    results, cookies = [], {}
    for op in case["ops"]:
        try:
            results.append(text_op(f, op, cookies, results))
        except Exception as e:  # noqa: BLE001
            results.append(error_of(e, scratch))
    try:
        f.close()
    except Exception:  # noqa: BLE001
        pass
    case["results"] = results
    case["final"] = latin(file_bytes(path))
    return case


def text_cases():
    cases = []

    def add(about, initial, mode, ops, encoding="utf-8", errors="strict", newline=None, buffering=-1, **extra):
        cases.append({"about": about, "initial": latin(initial), "mode": mode, "buffering": buffering,
                      "ops": ops, "encoding": encoding, "errors": errors, "newline": newline, **extra})

    # After a strict decode error, reading on ends.
    for data in (b"line1\nbad\xff\nline3\n", b"\xff", b"ok\n\xe9t\xe9\n", b"a\nb\n\x80"):
        add("readline after a decode error goes on past the chunk that failed", data, "r",
            [["iter_catching", 10], ["readline"], ["tell"]])
        add("read() after a decode error", data, "r", [["read"], ["read"], ["read", 3]])
        add("read(n) after a decode error", data, "r", [["read", 2], ["read", 2], ["readline"]])
    add("utf-16 without a BOM, read on", b"a\x00b\x00", "r", [["iter_catching", 5], ["read"]], encoding="utf-16")

    # surrogateescape: the clean text before bytes that need a lone surrogate.
    for data, ops in (
        (b"clean text\nmore\xffbad", [["readline"], ["read", 4]]),
        (b"abc\xff", [["read", 3]]),
        (b"ok\n\xe9t\xe9\n", [["readline"], ["read", 0]]),
    ):
        add("surrogateescape reads the text before an undecodable byte", data, "r", ops,
            errors="surrogateescape")
        add("surrogateescape (latin-1 decodes everything)", data, "r", ops + [["read"]], encoding="latin-1",
            errors="surrogateescape")

    # An unknown errors= name: accepted, looked up when needed.
    add("unknown error handler, clean text", b"clean\n", "r+", [["errors"], ["read"], ["write", "more"]],
        errors="no-such-handler")
    add("unknown error handler, a byte that does not decode", b"ok\xffno", "r", [["read"]],
        errors="no-such-handler")
    add("unknown error handler, text that does not encode", None, "w",
        [["write", "ascii"], ["write", "caf\u00e9"], ["flush"]], encoding="ascii", errors="no-such-handler")
    for enc in ("punycode", "idna"):
        add(f"unknown error handler with {enc}", b"abc", "r", [["read"]], encoding=enc, errors="no-such-handler")

    # iso2022_jp: a write after seek(cookie) (the encoder restarts with
    # nothing designated, the decoder state comes from the cookie).
    jp = "\u65e5\u672c\u8a9e"
    for prefix, after in ((jp, "abc"), (jp + "a", jp), ("ab", jp), (jp, jp), (jp + "\n", "x" + jp)):
        enc = prefix.encode("iso2022_jp")
        add("iso2022_jp: write after seek to a cookie", enc + b"\x1b(Brest", "r+",
            [["read", len(prefix)], ["tell"], ["read", 2], ["seek", {"cookie_of": 1}], ["write", after],
             ["seek", 0], ["read"]], encoding="iso2022_jp")
        add("iso2022_jp: write after seek to a cookie, then close", enc + b"\x1b(Brest", "r+",
            [["read", len(prefix)], ["tell"], ["read", 1], ["seek", {"cookie_of": 1}], ["write", after]],
            encoding="iso2022_jp")

    # truncate(n) and truncate() where a '\r' is held back for the next chunk.
    for enc in ("utf-16-le", "utf-8", "utf-32-be"):
        for text, n in (("ab\r", 2), ("ab\rcd", 2), ("ab\r\ncd", 2), ("ab\r", 3), ("a\r", 1)):
            data = text.encode(enc)
            add(f"truncate(len) after a read before a held-back \\r ({enc})", data, "r+",
                [["read", n], ["truncate", len(data)], ["read"], ["seek", 0], ["read"]], encoding=enc)
            add(f"truncate() at end after reading all but a \\r ({enc})", data, "r+",
                [["read"], ["truncate"], ["seek", 0], ["read"]], encoding=enc)

    # Seeded mixes of reads, cookies, seeks, writes and truncations over
    # twelve codecs and every newline mode. A write or truncate comes only
    # where nothing was read since the last seek (elsewhere CPython writes
    # after its read-ahead, which afile does not copy), a read only where
    # nothing was written since the last seek (CPython then returns old
    # bytes, which afile does not copy either), `newlines` only where no
    # `tell()` came since (CPython's `tell` forgets newlines).
    rng = random.Random(2112)
    pool = "abcxyz \u00e9\u00df\u65e5\u672c\u8a9e\u20ac\u03a9\ud55c\uae00\u4e2d\u6587\uff71"
    codecs = ("utf-8", "utf-16", "utf-16-be", "utf-32-le", "latin-1", "cp1252", "shift_jis", "euc_kr",
              "gb18030", "big5", "iso2022_jp", "hz")
    ends = ("\n", "\r\n", "\r")
    for i in range(120):
        enc = codecs[i % len(codecs)]
        chars = [c for c in pool if can_encode(c, enc)]

        def text(n):
            return "".join(rng.choice(chars) if rng.random() < 0.8 else rng.choice(ends) for _ in range(n))

        newline = rng.choice((None, "", "\n", "\r", "\r\n"))
        mode = rng.choice(("r+", "r+", "w+", "a+"))
        initial = text(rng.randrange(0, 30)).encode(enc) if mode != "w+" else None
        ops, clean, wrote, told, tells = [], True, False, False, []
        for _ in range(rng.randrange(4, 12)):
            kind = rng.choice(("read", "read", "readline", "tell", "seek", "seek", "write", "write", "truncate",
                               "newlines"))
            if kind in ("write", "truncate") and not clean:
                kind = "seek"
            if kind == "newlines" and told:
                kind = "read"
            if kind in ("read", "readline") and wrote:
                kind = "seek"
            if kind == "read":
                ops.append(["read", rng.choice((0, 1, 2, 3, 5, -1))])
                clean = False
            elif kind == "readline":
                ops.append(["readline"] if rng.random() < 0.5 else ["readline", rng.randrange(0, 6)])
                clean = False
            elif kind == "tell":
                tells.append(len(ops))
                ops.append(["tell"])
                told = True
            elif kind == "seek":
                ops.append(["seek", {"cookie_of": rng.choice(tells)}] if tells and rng.random() < 0.7 else ["seek", 0])
                clean, told, wrote = True, False, False
            elif kind == "write":
                ops.append(["write", text(rng.randrange(1, 8))])
                wrote = True
            elif kind == "truncate":
                ops.append(["truncate", rng.randrange(0, 40)])
            else:
                ops.append(["newlines"])
        ops += [["seek", 0], ["read"]]
        add(f"random mix {i} (seed 2112)", initial, mode, ops, encoding=enc, newline=newline)

    # What afile does not copy (docs/mapping.md, "kept on purpose").
    add("CPython bug: a write right after a read lands after the read-ahead", b"0123456789", "r+",
        [["read", 2], ["write", "ab"], ["read", 2], ["seek", 0], ["read"]], not_copied="write_after_read")
    add("CPython bug: truncate() after a read cuts at the read-ahead", b"0123456789", "r+",
        [["read", 2], ["truncate"], ["seek", 0], ["read"]], not_copied="truncate_after_read")
    add("CPython bug: newlines right after tell() forget what was seen past the position",
        b"a\nb\r\nc\rd", "r", [["read", 1], ["newlines"], ["tell"], ["newlines"]], not_copied="newlines_after_tell")
    add("CPython keeps an incomplete character at the end in its decoder: every later read fails again",
        b"a\x00b", "r", [["read"], ["read"], ["readline"]], encoding="utf-16-le", not_copied="error_at_end_repeats")
    return cases


def can_encode(c, enc):
    try:
        c.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


# --- main -----------------------------------------------------------------


def record(kind, cases, runner, out_dir):
    with tempfile.TemporaryDirectory() as scratch:
        scratch = os.path.realpath(scratch)
        for i, case in enumerate(cases):
            case["id"] = f"{kind}-{i:03d}"
            case_dir = os.path.join(scratch, case["id"] + ".d")
            os.mkdir(case_dir)
            runner(case_dir, case)
            fix_dir(case, case_dir)
    if has_surrogate(cases):
        sys.exit(f"{kind}: a recorded value holds a lone surrogate, which the cases cannot hold")
    path = os.path.join(out_dir, f"{kind}.json")
    with open(path, "w") as f:
        json.dump({"python": PYTHON, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{path}: {len(cases)} cases")


def has_surrogate(v):
    if isinstance(v, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    if isinstance(v, list):
        return any(has_surrogate(x) for x in v)
    if isinstance(v, dict):
        return any(has_surrogate(x) for x in v.values())
    return False


def fix_dir(case, case_dir):
    """Messages name the case's own scratch directory: `$DIR`."""
    def fix(v):
        if isinstance(v, str):
            return v.replace(case_dir, "$DIR")
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        return v
    for key in ("results", "open_error", "error", "result"):
        if key in case:
            case[key] = fix(case[key])


def main():
    if sys.version.split()[0] != PYTHON:
        sys.exit(f"record_io.py needs CPython {PYTHON}, not {sys.version.split()[0]}")
    if "--out" in sys.argv:
        out_dir = sys.argv[sys.argv.index("--out") + 1]
    else:
        out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cases")
    os.umask(0o022)
    record("binary_more", binary_cases(), run_binary, out_dir)
    record("mode_more", mode_cases(), run_mode, out_dir)
    record("text_more", text_cases(), run_text, out_dir)


if __name__ == "__main__":
    main()
