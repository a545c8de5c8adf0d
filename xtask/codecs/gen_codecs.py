"""Generates afile's codec tables and the expectations the codec test checks.

Provenance: every table and expectation written here is CPython 3.12's own
answer, obtained by *running* CPython's codecs (``codecs.lookup``,
``bytes.decode``, ``str.encode``) -- no table is transcribed from CPython's
sources. Run it with CPython 3.12.1 through ``cargo xtask codecs`` (which
finds ``$(pyenv root)/versions/3.12.1/bin/python3`` or ``$AFILE_PYTHON``);
the outputs are committed, so building and testing afile never needs Python.

Outputs (under ``crates/afile-core/``):

* ``data/codecs/registry.tsv`` -- ``M module codec-name text|binary`` for
  every module of the ``encodings`` package that imports on Linux, and
  ``A alias module`` for every entry of ``encodings.aliases.aliases``.
* ``data/codecs/single_byte.bin`` -- for each single-byte (charmap) codec:
  its module name, the codec names in its decode and encode error messages,
  256 little-endian u16 decode entries (0xFFFE: undefined, as in CPython's own tables), and
  the sorted (u16 char, u8 byte) pairs that CPython encodes.
* ``data/codecs/double_byte.bin`` -- for each double-byte CJK codec: what
  CPython's decoder does with each byte alone and with each (lead, trail)
  pair (a character, several characters, "look at more bytes", or an
  illegal sequence of n bytes), the characters it encodes to more than one
  byte, the character pairs it encodes as one code, and (euc_kr) what each
  jamo byte of a KS X 1001 make-up sequence stands for, and (euc_jp,
  euc_jis_2004, euc_jisx0213) what it does with each three-byte sequence.
* ``data/codecs/names.bin`` -- the names ``errors="namereplace"`` writes
  (``\\N{NAME}``), as CPython 3.12's handler itself answers for every code
  point (Unicode 15.0 names, and the aliases it also gives for code points
  U+F0000 and up): see ``write_names``.
* ``tests/data/codecs/names.tsv`` -- per block of 256 code points (without
  surrogates), the length and CRC-32 of CPython's ``ascii``/``namereplace``
  encode of the block, which the Rust test checks through a real file.
* ``tests/data/codecs/utf_positions.json`` -- scripts on utf-16/utf-32
  text files opened or positioned away from the start (``a``, ``a+``,
  ``r+`` then seek, cookies after a BOM), in the format of
  ``shared/cases/text.json``, recorded by running them with ``open()``:
  see ``write_utf_position_cases``.
* ``tests/data/codecs/lookup.tsv`` -- names as users spell them and what
  ``codecs.lookup`` (and ``open``'s text check) answers.
* ``tests/data/codecs/expected.tsv`` -- per codec and input group, the
  length and CRC-32 (zlib's) of CPython's decode (``backslashreplace``) of
  the group's bytes, or of its encode of the group's text.
* ``tests/data/codecs/messages.tsv`` -- strict error messages for sample
  inputs.
"""

import codecs
import importlib
import os
import pkgutil
import re
import struct
import sys
import zlib

import encodings
import encodings.aliases

assert sys.version_info[:2] == (3, 12), "generate with CPython 3.12"

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "crates", "afile-core")
DATA = os.path.join(ROOT, "data", "codecs")
TESTDATA = os.path.join(ROOT, "tests", "data", "codecs")

# Codecs afile implements natively (the rest of the text codecs come from
# the generated tables).
MULTIBYTE = [
    "shift_jis", "cp932", "euc_jp", "shift_jis_2004", "shift_jisx0213", "euc_jis_2004",
    "euc_jisx0213", "gb2312", "gbk", "gb18030", "hz", "big5", "cp950", "big5hkscs",
    "euc_kr", "cp949", "johab",
]




def modules():
    """(module, CodecInfo) for every importable codec module."""
    out = []
    for m in sorted(x.name for x in pkgutil.iter_modules(encodings.__path__)):
        try:
            mod = importlib.import_module("encodings." + m)
            info = mod.getregentry()
        except (ImportError, AttributeError):
            continue
        out.append((m, mod, info))
    return out


def write_registry(mods):
    lines = []
    for m, _, info in mods:
        lines.append(f"M\t{m}\t{info.name}\t{'text' if info._is_text_encoding else 'binary'}")
    for alias, target in sorted(encodings.aliases.aliases.items()):
        lines.append(f"A\t{alias}\t{target}")
    with open(os.path.join(DATA, "registry.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")


def lookup_answer(name):
    try:
        info = codecs.lookup(name)
    except LookupError as e:
        return f"error\t{e}"
    if not info._is_text_encoding:
        return f"error\t{name!r} is not a text encoding; use codecs.open() to handle arbitrary codecs"
    return f"ok\t{info.name}"


def write_lookup_cases(mods):
    names = set()
    for m, _, _ in mods:
        names.add(m)
    names.update(encodings.aliases.aliases)
    variants = set()
    for n in sorted(names):
        variants.update({n, n.upper(), n.replace("_", "-"), n.replace("_", " "), f"  {n}  ",
                         n.replace("_", "--"), n.replace("_", "."), "-" + n + "-", n.title()})
    variants.update(["", "utf.8", "latin.1", "iso8859.1", "ütf8", "utf8ü", "u,t,f,8", "aliases",
                     "mbcs", "oem", "tactis", "x-mac-japanese", "UTF-8-SIG", "utf8é", "__init__",
                     "encodings.utf_8", "utf_8.", ".utf_8", "iso-8859-1", "cp65001", "windows-1252",
                     "latin+1", "euc-jp", "sjis", "no-such-codec"])
    rows = []
    for v in sorted(variants):
        if "\t" in v or "\n" in v:
            continue
        rows.append(f"{v}\t{lookup_answer(v)}")
    with open(os.path.join(TESTDATA, "lookup.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


def single_byte(mods):
    """Writes the charmap tables; returns the codec module names."""
    out = bytearray()
    names = []
    for m, mod, info in mods:
        if not hasattr(mod, "decoding_table"):
            continue
        dec = []
        err_name = None
        for b in range(256):
            try:
                s = bytes([b]).decode(m)
            except UnicodeDecodeError as e:
                err_name = e.encoding
                dec.append(0xFFFE)
                continue
            assert len(s) == 1 and ord(s) < 0x10000 and s != "\ufffe", (m, b, s)
            dec.append(ord(s))
        enc = []
        enc_err = None
        for cp in range(0x10000):
            if 0xD800 <= cp < 0xE000:
                continue
            try:
                bs = chr(cp).encode(m)
            except UnicodeEncodeError as e:
                enc_err = e.encoding
                continue
            assert len(bs) == 1, (m, cp)
            enc.append((cp, bs[0]))
        for cp in (0x10000, 0x1F600, 0x10FFFF):
            try:
                chr(cp).encode(m)
                raise AssertionError((m, cp))
            except UnicodeEncodeError as e:
                enc_err = e.encoding
        names.append(m)
        for field in (m, err_name or "charmap", enc_err):
            out += bytes([len(field)]) + field.encode()
        out += struct.pack("<256H", *dec)
        out += struct.pack("<H", len(enc))
        for cp, b in enc:
            out += struct.pack("<HB", cp, b)
    with open(os.path.join(DATA, "single_byte.bin"), "wb") as f:
        f.write(out)
    return names


# Markers in the multi-byte decode tables (u32 entries; below 0x110000 a
# character).
LEAD = 0xFE000000        # a lead byte: look at the next byte
MORE = 0xFC000000        # the pair starts a longer sequence
ILLEGAL = 0xFF000000     # | n: n bytes are an illegal multibyte sequence
MULTI = 0xFD000000       # | i: the i-th entry of the codec's multi-character list

# The double-byte codecs afile decodes with generated tables alone.
DOUBLE_BYTE = ["shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213", "gb2312", "gbk",
               "big5", "cp950", "big5hkscs", "euc_kr", "cp949", "johab",
               "euc_jp", "euc_jis_2004", "euc_jisx0213"]


def triple_prefixes(codec):
    """The (lead, second) byte pairs that start a three-byte sequence (EUC's
    0x8f + JIS X 0212/0213 plane 2), as CPython reports them: incomplete
    at the end of the input."""
    out = []
    for lead in range(0x80, 0x100):
        if first_event(codec, bytes([lead]), []) != LEAD:
            continue
        for b2 in range(256):
            if first_event(codec, bytes([lead, b2]), []) == MORE and bytes([lead, b2]) != b"\xa4\xd4":
                out.append((lead, b2))
    return out


def jamo_tables(codec):
    """euc_kr's KS X 1001:1998 Annex 3 make-up sequences (a4 d4, then three
    a4 xx jamo bytes) as CPython decodes them: for each xx in a1..fe, the
    initial, medial and final index it stands for (0xff: none)."""
    def syllable(cho, jung, jong):
        data = bytes([0xA4, 0xD4, 0xA4, cho, 0xA4, jung, 0xA4, jong])
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            return None
        return ord(text) - 0xAC00 if len(text) == 1 and 0 <= ord(text) - 0xAC00 < 11172 else None
    cho, jung, jong = [], [], []
    for x in range(0xA1, 0xFF):
        s = syllable(x, 0xBF, 0xD4)
        cho.append(0xFF if s is None else s // 588)
        s = syllable(0xA1, x, 0xD4)
        jung.append(0xFF if s is None else (s % 588) // 28)
        s = syllable(0xA1, 0xBF, x)
        jong.append(0xFF if s is None else s % 28)
    return cho, jung, jong


def first_event(codec, data, multi):
    """What CPython's decoder does with the start of `data` (final): the
    table entry for it."""
    rec = Recorder()
    codecs.register_error("afile-first", rec)
    text = data.decode(codec, "afile-first")
    if rec.errors and rec.errors[0][0] == 0:
        start, end, reason = rec.errors[0]
        if reason == "incomplete multibyte sequence":
            return LEAD if len(data) == 1 else MORE
        assert reason == "illegal multibyte sequence", (codec, data, reason)
        return ILLEGAL | (end - start)
    # Output first: the whole of data made it (no error at 0).
    assert not rec.errors, (codec, data, rec.errors)
    if len(text) == 1:
        return ord(text)
    if text not in multi:
        multi.append(text)
    return MULTI | multi.index(text)


def double_byte(codec):
    """Writes the decode and encode tables of one multi-byte codec."""
    multi = []
    single = [first_event(codec, bytes([b]), multi) for b in range(256)]
    out = bytearray()
    out += bytes([len(codec)]) + codec.encode()
    out += struct.pack("<256I", *single)
    leads = [b for b in range(256) if single[b] == LEAD]
    out += struct.pack("<H", len(leads))
    for lead in leads:
        row = [first_event(codec, bytes([lead, t]), multi) for t in range(256)]
        default = max(set(row), key=row.count)
        used = [t for t in range(256) if row[t] != default]
        lo, hi = (used[0], used[-1]) if used else (1, 0)
        out += struct.pack("<BBBI", lead, lo, hi, default)
        out += struct.pack(f"<{max(hi - lo + 1, 0)}I", *row[lo:hi + 1])
    out += struct.pack("<H", len(multi))
    for m in multi:
        out += struct.pack("<B", len(m)) + struct.pack(f"<{len(m)}I", *map(ord, m))
    # Encoding: every character CPython encodes alone (to more than one
    # byte, or to a byte other than its own decode), and every pair that it
    # encodes as one code (JIS X 0213 and HKSCS combining sequences).
    jamo = jamo_tables(codec) if codec == "euc_kr" else None
    enc = []
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        try:
            bs = chr(cp).encode(codec)
        except UnicodeEncodeError:
            continue
        if len(bs) == 1 and single[bs[0]] == cp:
            continue
        if len(bs) == 8 and jamo:
            # A make-up sequence: afile composes it from the jamo tables.
            s = cp - 0xAC00
            want = bytes([0xA4, 0xD4, 0xA4, 0xA1 + jamo[0].index(s // 588), 0xA4,
                          0xA1 + jamo[1].index((s % 588) // 28), 0xA4, 0xA1 + jamo[2].index(s % 28)])
            assert bs == want, (codec, cp, bs, want)
            continue
        assert 1 <= len(bs) <= 4, (codec, cp, bs)
        enc.append((cp, int.from_bytes(bs.rjust(4, b"\0"), "big"), len(bs)))
    out += struct.pack("<I", len(enc))
    for cp, code, n in enc:
        out += struct.pack("<IIB", cp, code, n)
    multi_before = len(multi)
    pairs = []
    for m in multi:
        if len(m) == 2:
            bs = m.encode(codec)
            pairs.append((ord(m[0]), ord(m[1]), int.from_bytes(bs.rjust(4, b"\0"), "big"), len(bs)))
    out += struct.pack("<H", len(pairs))
    for a, b, code, n in pairs:
        out += struct.pack("<IIIB", a, b, code, n)
    if jamo:
        out += bytes([94]) + bytes(jamo[0]) + bytes(jamo[1]) + bytes(jamo[2])
    else:
        out += bytes([0])
    triples = triple_prefixes(codec) if codec.startswith("euc_j") else []
    out += struct.pack("<H", len(triples))
    for lead, b2 in triples:
        row = [first_event(codec, bytes([lead, b2, t]), multi) for t in range(256)]
        default = max(set(row), key=row.count)
        used = [t for t in range(256) if row[t] != default]
        lo, hi = (used[0], used[-1]) if used else (1, 0)
        out += struct.pack("<BBBBI", lead, b2, lo, hi, default)
        out += struct.pack(f"<{max(hi - lo + 1, 0)}I", *row[lo:hi + 1])
    assert len(multi) == multi_before or not triples, (codec, "multi-character triples")
    return out


class Recorder:
    """Error handler that records CPython's error positions and reasons."""

    def __init__(self):
        self.errors = []

    def __call__(self, exc):
        self.errors.append((exc.start, exc.end, exc.reason))
        return ("", exc.end)


codecs.register_error("afile-record", Recorder())


def decode_groups(codec):
    """The decode input groups of a codec: (group name, bytes). The Rust test
    builds the same bytes from the same names."""
    groups = [("bytes", bytes(range(256)) + b"\n" + b"".join(bytes([b, 10]) for b in range(256)))]
    if codec in MULTIBYTE:
        for lead in range(0x80, 0x100):
            groups.append((f"pairs:{lead:02x}", b"".join(bytes([lead, t, 10]) for t in range(256))))
        if codec.startswith("euc_j"):
            for lead, b2 in triple_prefixes(codec):
                groups.append((f"triples:{lead:02x}{b2:02x}",
                               b"".join(bytes([lead, b2, t, 10]) for t in range(256))))
    return groups


def encode_groups():
    """(group name, text): every scalar value of each plane that any codec
    encodes something of (the others take the same error path), one per line."""
    for plane in (0, 1, 2, 3, 16):
        chars = (chr(c) for c in range(plane << 16, (plane + 1) << 16) if not 0xD800 <= c < 0xE000)
        yield f"plane:{plane}", "\n".join(chars)


def expectations(codec):
    rows = []
    for name, data in decode_groups(codec):
        text = data.decode(codec, "backslashreplace").encode("utf-8")
        rows.append(f"{codec}\tdecode\t{name}\t{len(text)}\t{zlib.crc32(text):08x}")
    for name, text in encode_groups():
        data = text.encode(codec, "backslashreplace")
        rows.append(f"{codec}\tencode\t{name}\t{len(data)}\t{zlib.crc32(data):08x}")
    return rows


def messages(codec):
    rows = []
    samples = set()
    for b in range(256):
        samples.add(bytes([b]))
        samples.add(b"ab" + bytes([b, b]) + b"cd")
    for data in sorted(samples):
        try:
            data.decode(codec)
        except UnicodeDecodeError as e:
            rows.append(f"{codec}\tdecode\t{data.hex()}\t{e}")
    for text in ["\xe9", "ab\u20ac\u20acd", "a\U0001F600", "\u4e00x\uac00\uac01", "x\u0e01\u0e02y"]:
        try:
            text.encode(codec)
        except UnicodeEncodeError as e:
            rows.append(f"{codec}\tencode\t{text.encode('utf-8').hex()}\t{e}")
    return rows


# --- namereplace names (write_names) -------------------------------------

NAME_RULE = re.compile(r"^(.*)-([0-9A-F]{4,6})$")
HANGUL_L = ["G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"]
HANGUL_V = ["A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
            "WI", "YU", "EU", "YI", "I"]
HANGUL_T = ["", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
            "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"]


def hangul_name(cp):
    s = cp - 0xAC00
    return "HANGUL SYLLABLE " + HANGUL_L[s // 588] + HANGUL_V[(s % 588) // 28] + HANGUL_T[s % 28]


def namereplace_names():
    """{code point: name} for every code point CPython's namereplace handler
    writes as \\N{name}, by running the handler."""
    names = {}
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        out = chr(cp).encode("ascii", "namereplace")
        if out.startswith(b"\\N{"):
            names[cp] = out[3:-1].decode("ascii")
    return names


def name_rule(cp, name):
    """The rule that gives `name` (a prefix, or "" for Hangul), if one does."""
    m = NAME_RULE.match(name)
    if m and m.group(2) == f"{cp:04X}":
        return m.group(1)
    if 0xAC00 <= cp <= 0xD7A3 and name == hangul_name(cp):
        return ""
    return None


def varint(n):
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def write_names():
    """names.bin: little-endian; the parser is text/codecs/names.rs.

    * u16 count of rule prefixes, each u8 length + ASCII;
    * u16 count of rule ranges: u32 first, u32 last, u16 prefix index (the
      name is PREFIX-XXXX, the code point in upper-case hex, or the Hangul
      syllable rule when the prefix is empty);
    * u16 count of words, each u8 length + ASCII, most frequent first;
    * u32 count of named code points, then for each, in code point order:
      varint delta from the previous code point, u8 token count, and tokens.
      A name is words joined by ' ' or '-'; a token is word index * 2 + 1
      when '-' follows the word, in one byte below 0x80, else two bytes
      big-endian with the top bit set.
    """
    names = namereplace_names()
    prefixes, ranges, explicit = [], [], {}
    for cp, name in sorted(names.items()):
        rule = name_rule(cp, name)
        if rule is None:
            explicit[cp] = name
            continue
        if rule not in prefixes:
            prefixes.append(rule)
        k = prefixes.index(rule)
        if ranges and ranges[-1][1] == cp - 1 and ranges[-1][2] == k:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp, k])
    counts = {}
    split = {cp: re.split(r"([ -])", n) for cp, n in explicit.items()}
    for parts in split.values():
        for w in parts[0::2]:
            counts[w] = counts.get(w, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    assert len(words) < 1 << 14, "word index no longer fits a token"
    index = {w: i for i, w in enumerate(words)}
    out = bytearray(struct.pack("<H", len(prefixes)))
    for p in prefixes:
        out += bytes([len(p)]) + p.encode("ascii")
    out += struct.pack("<H", len(ranges))
    for first, last, k in ranges:
        out += struct.pack("<IIH", first, last, k)
    out += struct.pack("<H", len(words))
    for w in words:
        out += bytes([len(w)]) + w.encode("ascii")
    out += struct.pack("<I", len(explicit))
    prev = 0
    for cp, parts in sorted(split.items()):
        ws, seps = parts[0::2], parts[1::2] + [" "]
        out += varint(cp - prev) + bytes([len(ws)])
        prev = cp
        for w, sep in zip(ws, seps):
            t = index[w] * 2 + (sep == "-")
            out += bytes([t]) if t < 0x80 else struct.pack(">H", 0x8000 | t)
    with open(os.path.join(DATA, "names.bin"), "wb") as f:
        f.write(out)
    rows = []
    for block in range(0x110000 >> 8):
        text = "".join(chr(c) for c in range(block << 8, (block + 1) << 8) if not 0xD800 <= c < 0xE000)
        data = text.encode("ascii", "namereplace")
        rows.append(f"{block:04x}\t{len(data)}\t{zlib.crc32(data):08x}")
    with open(os.path.join(TESTDATA, "names.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


# --- utf-16/32 away from the start of the file (write_utf_position_cases) -

UTF_POSITION_SCRIPTS = [
    # (about, initial bytes or None, mode, ops)
    ("append after a LE BOM", "ab", "le", "a", [["write", "cd"]]),
    ("append after a BE BOM", "ab", "be", "a", [["write", "cd"]]),
    ("a+ after a BE BOM, then read all", "ab", "be", "a+", [["write", "cd"], ["seek", 0, 0], ["read", None]]),
    ("a+ on an empty file writes a BOM", "", "none", "a+", [["write", "cd"], ["seek", 0, 0], ["read", None]]),
    ("r+ read a BE file, then write at its end", "ab", "be", "r+", [["read", None], ["write", "cd"]]),
    ("r+ BE, read all, seek 0, write over the start", "ab", "be", "r+",
     [["read", None], ["seek", 0, 0], ["write", "XY"]]),
    ("r+ BE, raw seek past the BOM, read", "ab", "be", "r+", [["seek", "unit", 0], ["read", None]]),
    ("r+ BE, raw seek past the BOM, write", "ab", "be", "r+", [["seek", "unit", 0], ["write", "Z"]]),
    ("r+ LE, raw seek past the BOM, write", "ab", "le", "r+", [["seek", "unit", 0], ["write", "Z"]]),
    ("r+ BE, read, raw seek past the BOM, read", "abc", "be", "r+",
     [["read", 1], ["seek", "unit", 0], ["read", None]]),
    ("r+ BE, cookie after the BOM, seek to it, read", "abc", "be", "r+",
     [["read", 1], ["tell"], ["read", None], ["seek", {"cookie_of": 1}], ["read", None]]),
    ("r+ BE, cookie after the BOM, seek to it, write", "abc", "be", "r+",
     [["read", 1], ["tell"], ["read", None], ["seek", {"cookie_of": 1}], ["write", "Q"]]),
    ("r+ BE, seek to the end, write", "ab", "be", "r+", [["seek", 0, 2], ["write", "c"], ["seek", 0, 0], ["read", None]]),
    ("w+ then read back, seek to the end, write", "", "none", "w+",
     [["write", "ab"], ["seek", 0, 0], ["read", None], ["seek", 0, 2], ["write", "c"], ["seek", 0, 0],
      ["read", None]]),
    ("r+ BE, cookie at the start, seek to it, write", "ab", "be", "r+",
     [["tell"], ["read", None], ["seek", {"cookie_of": 0}], ["write", "Z"]]),
    ("no BOM: the native-order decode's error comes first", "raw:\x00\x00\x00a\x00\x00\x00b", "raw", "r",
     [["read", None]]),
    ("no BOM, text that decodes", "raw:a\x00\x00\x00", "raw", "r", [["read", None]]),
    ("no BOM, a lone surrogate", "raw:\x00\xd8\x00\x00a\x00\x00\x00", "raw", "r", [["read", None]]),
]


# Writing right after a seek to a cookie inside decoded text lands at the
# cookie's exact byte (any codec, any newline mode).
COOKIE_WRITE_SCRIPTS = [
    ("utf-8", None, "é\r\nñ\r\nxyz", [["readline", -1], ["tell"], ["read", None], ["seek", {"cookie_of": 1}],
                                        ["write", "W"]]),
    ("utf-8", None, "a\rb\r\nc", [["read", 1], ["read", 1], ["tell"], ["read", None], ["seek", {"cookie_of": 2}],
                                 ["write", "W"]]),
    ("utf-8", "", "a\r\nb", [["read", 2], ["tell"], ["read", None], ["seek", {"cookie_of": 1}], ["write", "W"]]),
    ("utf-8-sig", None, "\ufeffab", [["read", 1], ["tell"], ["read", None], ["seek", {"cookie_of": 1}],
                                     ["write", "W"], ["seek", 0, 0], ["read", None]]),
    ("shift_jis", None, "日本語", [["read", 1], ["tell"], ["read", None], ["seek", {"cookie_of": 1}],
                                 ["truncate", None], ["write", "W"]]),
]


def utf_position_case(n, codec, about, text, bom, mode, ops, newline=""):
    import tempfile as tmp
    width = 2 if codec == "utf-16" else 4
    initial = None
    if bom == "raw":
        initial = text[4:].encode("latin-1")
    elif bom != "none":
        suffix = "-le" if bom == "le" else "-be"
        initial = {(2, "le"): codecs.BOM_UTF16_LE, (2, "be"): codecs.BOM_UTF16_BE,
                   (4, "le"): codecs.BOM_UTF32_LE, (4, "be"): codecs.BOM_UTF32_BE}[(width, bom)]
        initial += text.encode(codec + suffix)
    elif text == "" and mode.startswith("a"):
        initial = b""
    results, cookies_by_op = [], {}
    with tmp.TemporaryDirectory() as d:
        path = os.path.join(d, "f")
        if initial is not None:
            with open(path, "wb") as f:
                f.write(initial)
        f = open(path, mode, encoding=codec, newline=newline)
        real_ops = []
        for op in ops:
            op = [width if a == "unit" else a for a in op]
            real_ops.append(op)
            try:
                if op[0] == "read":
                    results.append(f.read(op[1]))
                elif op[0] == "write":
                    results.append(f.write(op[1]))
                elif op[0] == "readline":
                    results.append(f.readline(op[1]))
                elif op[0] == "truncate":
                    results.append(f.truncate(op[1]))
                elif op[0] == "tell":
                    cookies_by_op[len(real_ops) - 1] = f.tell()
                    results.append({"cookie": True})
                    continue
                elif op[0] == "seek":
                    if isinstance(op[1], dict):
                        f.seek(cookies_by_op[op[1]["cookie_of"]])
                    else:
                        f.seek(op[1], op[2])
                    results.append(None)
            except Exception as e:  # recorded like shared/cases
                errno = getattr(e, "errno", None)
                results.append({"error": type(e).__name__, "errno": errno, "message": str(e)})
        f.close()
        with open(path, "rb") as f:
            final = f.read()
    latin = lambda b: None if b is None else b.decode("latin-1")
    return {"about": f"{codec}: {about}", "initial": latin(initial), "mode": mode, "buffering": -1,
            "ops": real_ops, "encoding": codec, "errors": "strict", "newline": newline, "results": results,
            "final": latin(final), "id": f"utfpos-{n:03d}"}


def write_utf_position_cases():
    import json
    cases = []
    for codec in ("utf-16", "utf-32"):
        for about, text, bom, mode, ops in UTF_POSITION_SCRIPTS:
            cases.append(utf_position_case(len(cases), codec, about, text, bom, mode, ops))
    for codec, newline, text, ops in COOKIE_WRITE_SCRIPTS:
        about = f"write after a seek to a cookie, newline={newline!r}"
        raw = "raw:" + text.encode(codec.replace("-sig", "")).decode("latin-1")
        cases.append(utf_position_case(len(cases), codec, about, raw, "raw", "r+", ops, newline))
    with open(os.path.join(TESTDATA, "utf_positions.json"), "w") as f:
        json.dump({"python": sys.version.split()[0], "cases": cases}, f, indent=1, ensure_ascii=True)
        f.write("\n")


def main():
    os.makedirs(DATA, exist_ok=True)
    os.makedirs(TESTDATA, exist_ok=True)
    mods = modules()
    write_registry(mods)
    write_lookup_cases(mods)
    only = set(sys.argv[1:])
    if not only or "names" in only:
        write_names()
    if not only or "positions" in only:
        write_utf_position_cases()
    if not only or "multibyte" in only:
        out = bytearray()
        for c in DOUBLE_BYTE:
            print("tables:", c, flush=True)
            out += double_byte(c)
        with open(os.path.join(DATA, "double_byte.bin"), "wb") as f:
            f.write(out)
    codec_names = single_byte(mods) + ["ascii", "latin_1"] + DOUBLE_BYTE
    rows, msgs = [], []
    for c in codec_names:
        rows += expectations(c)
        msgs += messages(c)
    with open(os.path.join(TESTDATA, "expected.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    with open(os.path.join(TESTDATA, "messages.tsv"), "w") as f:
        f.write("\n".join(msgs) + "\n")


if __name__ == "__main__":
    main()
