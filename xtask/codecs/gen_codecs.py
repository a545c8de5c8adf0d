"""Generates afile's codec tables and the expectations the codec test checks.

Provenance: every table and expectation written here is CPython 3.12's own
answer, obtained by *running* CPython's codecs (``codecs.lookup``,
``bytes.decode``, ``str.encode``) -- no table is transcribed from CPython's
sources. Run it with CPython 3.12.1 through ``cargo xtask codecs`` (which
finds ``$(pyenv root)/versions/3.12.1/bin/python3`` or ``$AFILE_PYTHON``);
the outputs are committed, so building and testing afile never needs Python.

Outputs (under ``crates/afile-codecs/`` unless they name afile-core):

* ``data/registry.tsv`` -- ``M module codec-name text|binary`` for
  every module of the ``encodings`` package that imports on Linux, and
  ``A alias module`` for every entry of ``encodings.aliases.aliases``.
* ``data/single_byte.bin`` -- for each single-byte (charmap) codec:
  its module name, the codec names in its decode and encode error messages,
  256 little-endian u16 decode entries (0xFFFE: undefined, as in CPython's own tables), and
  the sorted (u16 char, u8 byte) pairs that CPython encodes.
* ``data/double_byte.bin`` -- for each double-byte CJK codec: what
  CPython's decoder does with each byte alone and with each (lead, trail)
  pair (a character, several characters, "look at more bytes", or an
  illegal sequence of n bytes), the characters it encodes to more than one
  byte, the character pairs it encodes as one code, and (euc_kr) what each
  jamo byte of a KS X 1001 make-up sequence stands for, and (euc_jp,
  euc_jis_2004, euc_jisx0213) what it does with each three-byte sequence.
* ``data/gb18030.bin`` -- gb18030 (``gb18030_tables``): the
  character of every two-byte code (lead 0x81..0xfe, trail 0x40..0xfe; 0:
  illegal), the four-byte codes as ranges of their linear index
  (``((b1-0x81)*10 + b2-0x30)*1260 + (b3-0x81)*10 + b4-0x30``) that map to
  runs of consecutive characters, and the characters CPython encodes other
  than by inverting those two tables. The generator checks that rule
  against CPython for every byte pair, every four-byte code and every
  character before writing.
* ``tests/data/gb18030_*.tsv``, ``tests/data/utf_7_*.tsv`` --
  as ``expected.tsv`` and ``messages.tsv`` for gb18030 (with every
  four-byte BMP code) and utf_7, and (``utf_7_samples.tsv``) CPython's
  bytes for sample texts and its answers for sample inputs under each
  error handler.
* ``data/unicode_names.bin`` -- the Unicode character names that
  ``unicode_escape``'s ``\\N{NAME}`` accepts and ``errors="namereplace"``
  writes (CPython 3.12: Unicode 15.0), as ``unicodedata.name`` and the
  alias and named-sequence entries of ``unicodedata``'s own name table
  (read through its ``_ucnhash_CAPI`` capsule) give them: a word list, then
  each name as word numbers; plus the Hangul syllable jamo short names and
  the CJK unified ideograph ranges, which CPython names by rule.
* ``tests/data/escape.tsv`` -- unicode_escape / raw_unicode_escape
  samples: CPython's decode (or strict error message) of each, its encode,
  and the length and CRC-32 of decoding every name as ``\\N{NAME}``.
* ``tests/data/punycode.tsv`` -- punycode through ``open()``: what
  ``read()`` gives for sample files (or the message it raises) with each
  error handler, and the bytes a series of ``write()`` calls leaves.
* ``data/nameprep.bin`` -- what the ``idna`` codec's nameprep
  (RFC 3491 through CPython's ``stringprep`` and ``unicodedata.ucd_3_2_0``)
  needs, each table read off CPython's own functions: the characters
  mapped to nothing (B.1) and the case-fold mapping (B.2); each
  character's NFKD under ``ucd_3_2_0`` (Hangul syllables excepted, which
  follow the rule); the combining classes and canonical compositions that
  CPython's ``normalize`` uses even for ``ucd_3_2_0`` (its current Unicode
  15.0 tables); the prohibited characters (C.1.2, C.2.2, C.3-C.9); the
  RandALCat (D.1) and LCat (D.2) characters; and which prohibited
  characters ``repr`` shows as they are.
* ``tests/data/idna.tsv`` -- idna through ``open()``: ``read()`` of
  sample files, each sample text encoded by the incremental encoder as a
  final piece, and the CRC-32 of ``ToASCII`` of every code point and of
  random strings.
* ``afile-core/tests/data/codecs/names.tsv`` -- per block of 256 code points (without
  surrogates), the length and CRC-32 of CPython's ``ascii``/``namereplace``
  encode of the block, which the Rust test checks through a real file.
* ``afile-core/tests/data/codecs/utf_positions.json`` -- scripts on utf-16/utf-32
  text files opened or positioned away from the start (``a``, ``a+``,
  ``r+`` then seek, cookies after a BOM), in the format of
  ``shared/cases/text.json``, recorded by running them with ``open()``:
  see ``write_utf_position_cases``.
* ``tests/data/lookup.tsv`` -- names as users spell them and what
  ``codecs.lookup`` (and ``open``'s text check) answers.
* ``tests/data/expected.tsv`` -- per codec and input group, the
  length and CRC-32 (zlib's) of CPython's decode (``backslashreplace``) of
  the group's bytes, or of its encode of the group's text.
* ``tests/data/messages.tsv`` -- strict error messages for sample
  inputs.
* ``tests/data/oneshot.tsv`` -- Python's one-shot ``codecs.encode`` and
  ``codecs.decode`` of sample texts and bytes with three handlers, for
  every text codec (``oneshot_expectations``).
* the stateful codecs (hz, iso2022): ``data/stateful.bin`` and
  ``tests/data/stateful_*.tsv``, described where they are made
  (``gen_stateful.py``), also from CPython's answers only.

``gen_codecs.py PART...`` regenerates only the files of the named parts
(gb18030, utf_7, stateful, escape, punycode, idna, names, positions, oneshot;
see ``PARTS``).
"""

import _pyio
import codecs
import importlib
import os
import pkgutil
import random
import re
import struct
import sys
import zlib

import encodings
import encodings.aliases

assert sys.version_info[:2] == (3, 12), "generate with CPython 3.12"

CRATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "crates")
# The tables ship in afile-codecs; the expectations its tests check through
# the codecs API sit beside them; what only real files can test (tell and
# seek cookies, writes, chunk edges) is afile-core's.
DATA = os.path.join(CRATES, "afile-codecs", "data")
TESTDATA = os.path.join(CRATES, "afile-codecs", "tests", "data")
CORE_TESTDATA = os.path.join(CRATES, "afile-core", "tests", "data", "codecs")

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


# --- gb18030 -------------------------------------------------------------
# One-byte codes are ASCII; a byte 0x80..0xff needs a second byte; a second
# byte 0x30..0x39 makes a four-byte code. The tables below say what CPython
# does with each complete code; gb18030_check() proves that this rule and
# the tables give CPython's answer for every code and every character.

GB_TRAILS = range(0x40, 0xFF)          # the second bytes of two-byte codes
GB_QUADS = 126 * 10 * 126 * 10         # four-byte codes 81308130..fe39fe39


def gb_quad(i):
    """The four-byte gb18030 code of linear index i."""
    i, b4 = divmod(i, 10)
    i, b3 = divmod(i, 126)
    b1, b2 = divmod(i, 10)
    return bytes([0x81 + b1, 0x30 + b2, 0x81 + b3, 0x30 + b4])


def gb_quad_index(code):
    return (((code[0] - 0x81) * 10 + code[1] - 0x30) * 126 + code[2] - 0x81) * 10 + code[3] - 0x30


def gb18030_decode_one(code):
    """CPython's answer for one whole code: a character, or None when it is
    an illegal sequence of one byte (the only kind gb18030 reports)."""
    try:
        text = code.decode("gb18030")
    except UnicodeDecodeError as e:
        assert (e.start, e.end, e.reason) == (0, 1, "illegal multibyte sequence"), (code, e)
        return None
    assert len(text) == 1, (code, text)
    return ord(text)


def gb18030_tables():
    """Returns (two, ranges, exceptions): the two-byte table, the four-byte
    ranges (start, end, first character) and the encode exceptions
    (character, code bytes)."""
    two = []
    for lead in range(0x81, 0xFF):
        for trail in GB_TRAILS:
            cp = gb18030_decode_one(bytes([lead, trail]))
            assert cp is None or 0 < cp < 0x10000, (lead, trail, cp)
            two.append(cp or 0)
    ranges = []
    for i in range(GB_QUADS):
        cp = gb18030_decode_one(gb_quad(i))
        if cp is None:
            continue
        last = ranges[-1] if ranges else None
        if last and last[1] == i and last[2] + (i - last[0]) == cp:
            last[1] = i + 1
        else:
            ranges.append([i, i + 1, cp])
    by_char = sorted(ranges, key=lambda r: r[2])
    for a, b in zip(by_char, by_char[1:]):
        assert a[2] + (a[1] - a[0]) <= b[2], ("four-byte ranges share characters", a, b)
    # The encoder afile derives: ASCII as is; else the first two-byte code
    # (in code order) that decodes to the character; else the four-byte code
    # of the first range (in index order) holding it. The exceptions are
    # the characters CPython encodes otherwise.
    enc2 = {}
    for k, cp in enumerate(two):
        if cp:
            enc2.setdefault(cp, bytes([0x81 + k // len(GB_TRAILS), GB_TRAILS[k % len(GB_TRAILS)]]))

    def derived(cp):
        if cp < 0x80:
            return bytes([cp])
        if cp in enc2:
            return enc2[cp]
        for start, end, first in ranges:
            if first <= cp < first + (end - start):
                return gb_quad(start + cp - first)
        return None
    exceptions = []
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        try:
            want = chr(cp).encode("gb18030")
        except UnicodeEncodeError:
            want = None
        if derived(cp) != want:
            assert want is not None and len(want) in (2, 4), (cp, want)
            exceptions.append((cp, want))
    return two, ranges, exceptions


def gb18030_check(two, ranges):
    """Checks the decode rule afile follows against CPython for every byte,
    every byte pair, and four-byte sequences outside the tables' shape."""
    for b in range(256):
        e = first_event("gb18030", bytes([b]), [])
        assert e == (b if b < 0x80 else LEAD), (b, e)
    for lead in range(0x80, 0x100):
        for t in range(256):
            e = first_event("gb18030", bytes([lead, t]), [])
            if 0x30 <= t <= 0x39:
                assert e == MORE, (lead, t, e)
            elif 0x81 <= lead <= 0xFE and 0x40 <= t <= 0xFE:
                cp = two[(lead - 0x81) * len(GB_TRAILS) + t - 0x40]
                assert e == (cp or ILLEGAL | 1), (lead, t, e)
            else:
                assert e == ILLEGAL | 1, (lead, t, e)
    # Four-byte shapes with a byte out of range: one illegal byte.
    for b1 in (0x80, 0x81, 0x84, 0x90, 0xFE, 0xFF):
        for b3 in (0x00, 0x30, 0x80, 0x81, 0xFE, 0xFF):
            for b4 in (0x00, 0x2F, 0x30, 0x39, 0x3A, 0x81):
                code = bytes([b1, 0x30, b3, b4])
                shaped = 0x81 <= b1 <= 0xFE and 0x81 <= b3 <= 0xFE and 0x30 <= b4 <= 0x39
                if not shaped:
                    assert gb18030_decode_one(code) is None, code
    # Incomplete four-byte codes at the end: the whole tail.
    for tail in (b"\x81\x30", b"\x81\x30\x81", b"\x80\x30\x20", b"\xff\x39\xff"):
        try:
            tail.decode("gb18030")
            raise AssertionError(tail)
        except UnicodeDecodeError as e:
            assert (e.start, e.end, e.reason) == (0, len(tail), "incomplete multibyte sequence"), tail


def write_gb18030():
    two, ranges, exceptions = gb18030_tables()
    gb18030_check(two, ranges)
    out = bytearray()
    out += struct.pack(f"<I{len(two)}H", len(two), *two)
    out += struct.pack("<H", len(ranges))
    for start, end, first in ranges:
        out += struct.pack("<III", start, end, first)
    out += struct.pack("<I", len(exceptions))
    for cp, code in exceptions:
        out += struct.pack("<IB", cp, len(code)) + code.rjust(4, b"\0")
    with open(os.path.join(DATA, "gb18030.bin"), "wb") as f:
        f.write(out)
    print(f"gb18030: {len(ranges)} four-byte ranges, {len(exceptions)} encode exceptions", flush=True)
    # Test expectations: every byte and pair (as the other CJK codecs), and
    # every four-byte code whose lead is 0x80..0x85 (the BMP area and the
    # first supplementary codes) or on a boundary, with out-of-range third
    # and fourth bytes.
    rows = [r for r in expectations("gb18030")]
    for lead in list(range(0x80, 0x86)) + [0x8F, 0x90, 0xE3, 0xE4, 0xFE, 0xFF]:
        data = gb18030_quads(lead)
        text = data.decode("gb18030", "backslashreplace").encode("utf-8")
        rows.append(f"gb18030\tdecode\tquads:{lead:02x}\t{len(text)}\t{zlib.crc32(text):08x}")
    with open(os.path.join(TESTDATA, "gb18030_expected.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    msgs = messages("gb18030")
    for data in [b"\x81\x30", b"ab\x81\x30\x81", b"\x81\x30\x81\x20", b"ab\x84\x39\xfe\x39xy",
                 b"\x80\x30\x81\x30", b"\x81\x7f", b"\xe3\x32\x9a\x36", b"\x84\x31\xa5\x30",
                 b"\xfe\x39\xfe\x39", "\u4e2d\u6587".encode("gb18030") + b"\x81"]:
        try:
            data.decode("gb18030")
            raise AssertionError(data)
        except UnicodeDecodeError as e:
            msgs.append(f"gb18030\tdecode\t{data.hex()}\t{e}")
    with open(os.path.join(TESTDATA, "gb18030_messages.tsv"), "w") as f:
        f.write("\n".join(msgs) + "\n")


def gb18030_quads(lead):
    """The bytes of decode group quads:<lead>; the Rust test builds the same."""
    out = bytearray()
    for b2 in range(0x30, 0x3A):
        for b3 in range(0x80, 0x100):
            for b4 in range(0x30, 0x3B):
                out += bytes([lead, b2, b3, b4, 10])
    return bytes(out)


# --- utf_7 ---------------------------------------------------------------
UTF7_HANDLERS = ["strict", "replace", "ignore", "backslashreplace", "surrogateescape", "surrogatepass"]


def utf7_answer(data, errors):
    """CPython's final decode of data: ok:<utf-8 hex>, error:<message>, or
    lone (its text holds a lone surrogate, which afile reports as an error)."""
    try:
        text = data.decode("utf_7", errors)
    except UnicodeDecodeError as e:
        return f"error:{e}"
    if any(0xD800 <= ord(c) < 0xE000 for c in text):
        return "lone"
    return "ok:" + text.encode("utf-8").hex()


def write_utf7():
    rows = expectations("utf_7")
    with open(os.path.join(TESTDATA, "utf_7_expected.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    msgs = messages("utf_7")
    with open(os.path.join(TESTDATA, "utf_7_messages.tsv"), "w") as f:
        f.write("\n".join(msgs) + "\n")
    rng = random.Random(2152)
    texts = ["", "a", "+", "a+b", "~\\", "\xe9", "\xe9a", "\xe9-", "\xe9.", "\xe91", "ab cd\r\n",
             "\U0001f600", "\u65e5\u672c\u8a9e", "A\u2262\u0391.", "Hi Mom -\u263a-!", "\xe9\n", "\xe9\xe9",
             "\xe9/", "\xe9Z", "\xe9+", "\xe9+-", "\x00", "\x7f\x80", "\ufeff", "\uffff\U0010ffff"]
    for c in map(chr, range(128)):
        texts += [c, "\xe9" + c, c + "\xe9", "\xe9" + c + "\xe9", "\U0001f600" + c]
    pool = "aZ09+-/.~\\ !\t\r\n\x00\xe9\u20ac\u4e2d\U0001f600\uffff"
    for _ in range(400):
        texts.append("".join(rng.choice(pool) for _ in range(rng.randrange(1, 12))))
    samples = []
    for t in texts:
        samples.append(f"encode\t{t.encode('utf-8').hex()}\t{t.encode('utf_7').hex()}")
    inputs = [b"+", b"+-", b"+A", b"+AG", b"+AGE", b"+AGE-", b"+AGEA", b"+AGEAYg-", b"a+AGE.b", b"+AGE+",
              b"+2D3eAA-", b"+2D0-", b"+2D3-", b"+3gA-", b"+AGF-", b"\x80", b"a\xffb", b"+AG\xff", b"~",
              b"+ZZZZZZZZ", b"+2D3eAA", b"+2D0AQQ-", b"+AGEAYgBjAG", b"+AGEAYgBjAGQ", b"+AAA", b"+AAAA",
              b"+AAAAAA-", b"+/v8-", b"+2D3eAA+2D0-", b"x+AGF-", b"+AGEAYgF-z", b"+AGF-\xc3", b"+.",
              b"+\xff", b"+ ", b"a+", b"+2D0", b"+2D0.", b"+2D0\xff", b"+2D3eAA+", b"+AGEAYg\xffz",
              b"+AA0-\n", b"a\r+AA0-", b"+2D3-x+AGE-"]
    alphabet = b"+-AZaz09/.~ \r\n\xff\x80"
    for _ in range(500):
        inputs.append(bytes(rng.choice(alphabet) for _ in range(rng.randrange(1, 12))))
    for data in inputs:
        for h in UTF7_HANDLERS:
            samples.append(f"decode\t{h}\t{data.hex()}\t{utf7_answer(data, h)}")
    with open(os.path.join(TESTDATA, "utf_7_samples.tsv"), "w") as f:
        f.write("\n".join(samples) + "\n")
    print(f"utf_7: {len(samples)} samples", flush=True)
def leb128(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def name_aliases():
    """(alias, private code, character) for every entry of unicodedata's
    alias and named-sequence table: CPython keeps them at private code
    points 0xF0000.. that only its C name API (with_alias_and_seq=1) names,
    and its ``namereplace`` handler names those code points so;
    ``unicodedata.lookup`` gives the character an alias stands for (None
    for a named sequence, longer than one character, which \\N{} refuses)."""
    import ctypes
    import unicodedata
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype = ctypes.c_void_p
    get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
    capi = get_pointer(unicodedata._ucnhash_CAPI, b"unicodedata._ucnhash_CAPI")
    getname = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_int,
                               ctypes.c_int)((ctypes.c_void_p * 2).from_address(capi)[0])
    buf = ctypes.create_string_buffer(256)
    out = []
    for code in range(0xF0000, 0xF0400):
        if getname(code, buf, 256, 1):
            alias = buf.value.decode()
            text = unicodedata.lookup(alias)
            out.append((alias, code, ord(text) if len(text) == 1 else None))
    assert len(out) > 900, len(out)
    return out


def unicode_names():
    """Writes data/unicode_names.bin; returns every (name, code
    point) \\N{} takes, in the order the test builds them."""
    import unicodedata
    assert unicodedata.unidata_version == "15.0.0"
    names, cjk = [], []
    for cp in range(0x110000):
        n = unicodedata.name(chr(cp), None)
        if n is None or 0xAC00 <= cp <= 0xD7A3:
            continue
        if n == f"CJK UNIFIED IDEOGRAPH-{cp:X}":
            cjk.append(cp)
            continue
        names.append((n, cp))
    entries = name_aliases()
    aliases = [(n, cp) for n, _, cp in entries if cp is not None]
    count = {}
    for n, _ in names + [(n, code) for n, code, _ in entries]:
        for w in n.split(" "):
            count[w] = count.get(w, 0) + 1
    words = sorted(count, key=lambda w: (-count[w], w))
    index = {w: i for i, w in enumerate(words)}
    assert len(words) < 0x8000

    def name_bytes(n):
        ws = n.split(" ")
        out = bytearray([len(ws)])
        for w in ws:
            i = index[w]
            out += bytes([i]) if i < 0x80 else bytes([0x80 | (i >> 8), i & 0xFF])
        return out

    out = bytearray(struct.pack("<H", len(words)))
    for w in words:
        out += bytes([len(w)]) + w.encode()
    out += struct.pack("<I", len(names))
    prev = -1
    for n, cp in names:
        out += leb128(cp - prev - 1) + name_bytes(n)
        prev = cp
    out += struct.pack("<H", len(entries))
    for n, code, cp in entries:
        out += struct.pack("<II", code, 0xFFFFFFFF if cp is None else cp) + name_bytes(n)
    # Hangul: "HANGUL SYLLABLE " + L + V + T short names, read off the
    # names CPython gives (V[0] is "A", T[0] and L[11] are empty).
    syl = lambda l, v, t: unicodedata.name(chr(0xAC00 + (l * 21 + v) * 28 + t))[16:]
    lead = [syl(l, 0, 0)[:-1] for l in range(19)]
    vowel = [syl(11, v, 0) for v in range(21)]
    tail = [syl(11, 0, t)[1:] for t in range(28)]
    for table in (lead, vowel, tail):
        out += bytes([len(table)])
        for s in table:
            out += bytes([len(s)]) + s.encode()
    ranges = []
    for cp in cjk:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    out += struct.pack("<H", len(ranges))
    for a, b in ranges:
        out += struct.pack("<II", a, b)
    with open(os.path.join(DATA, "unicode_names.bin"), "wb") as f:
        f.write(out)
    hangul = [("HANGUL SYLLABLE " + lead[s // 588] + vowel[(s % 588) // 28] + tail[s % 28], 0xAC00 + s)
              for s in range(11172)]
    for n, cp in hangul:
        assert unicodedata.name(chr(cp)) == n
    return names + aliases + hangul + [(f"CJK UNIFIED IDEOGRAPH-{cp:X}", cp) for cp in cjk]


def escape_expectations(all_names):
    """tests/data/escape.tsv: codec, decode|encode|names, input
    (hex of the bytes, or of the text's UTF-8), errors handler, and
    CPython's answer (hex of the text's UTF-8 or bytes, or "!" and the
    error message)."""
    import warnings
    warnings.simplefilter("ignore", DeprecationWarning)
    rows = []
    samples = [rb"plain", rb"\n\t\r\\\'\"\a\b\f\v", b"\\\n", rb"\0\7\10\101\1012\377\400\777\8",
               rb"\x41\xff\xFf", rb"\u20ac\u20AC\U0001F600\U0010ffff", rb"\q\ \z\\", b"\\\xff\xe9\x80",
               rb"\N{LATIN SMALL LETTER A}\N{latin small letter e with acute}\N{BOM}\N{NBSP}",
               rb"\N{HANGUL SYLLABLE GAG}\N{HANGUL SYLLABLE GGWAELH}\N{CJK UNIFIED IDEOGRAPH-4E00}",
               rb"\N{CJK UNIFIED IDEOGRAPH-04E00}\N{CJK UNIFIED IDEOGRAPH-31350}",
               rb"\N{CJK UNIFIED IDEOGRAPH-4e00}", rb"\N{hangul syllable ga}", rb"\N{HANGUL SYLLABLE }",
               rb"\N{TANGUT IDEOGRAPH-17000}", rb"\N{LATIN  SMALL LETTER A}", rb"\N{}", rb"\N{", rb"\Nx",
               rb"\N", rb"\N{abc", b"\\", rb"a\x", rb"a\x4", rb"a\x4g", rb"\xg1", rb"ab\u12", rb"\u12345",
               rb"\U0011ffff", rb"\U00110000", rb"\U1", rb"\uzz", rb"x\U0001f60", b"a\r\nb\rc\n",
               rb"a\x4gb\N{}c\Nd\U00110000e\N{NOPE}f" + b"\\", rb"\N{LATIN SMALL LETTER A", b"\x00\x7f\x80\xff",
               rb"\u00e9\U000000e9\351", b"\\\\\\u0041\\\\u0042", b"\\\\\\\\\\x41"]
    # And random strings of the bytes that matter to the escapes.
    rng = __import__("random").Random(1510)
    pieces = [b"\\", b"x", b"u", b"U", b"N", b"{", b"}", b"0", b"7", b"9", b"a", b"F", b"g", b"\r", b"\n",
              b"\xff", b"SPACE", b"LATIN SMALL LETTER A", b"0001F6", b"d8", b"10FFFF", b"110000"]
    samples += [b"".join(rng.choice(pieces) for _ in range(rng.randrange(1, 14))) for _ in range(150)]
    for codec in ("unicode_escape", "raw_unicode_escape"):
        for data in samples:
            for errors in ("strict", "replace", "ignore", "backslashreplace"):
                try:
                    answer = data.decode(codec, errors).encode("utf-8").hex()
                except UnicodeDecodeError as e:
                    answer = f"!{e}"
                rows.append(f"{codec}\tdecode\t{data.hex()}\t{errors}\t{answer}")
        for text in ["plain", "a\nb\r\n\t\\'\"", "\x00\x1f\x7f\x80\xa0\xe9\xff", "\u0100\u20ac\uffff",
                     "\U0001f600\U0010ffff", "caf\xe9 \u65e5\u672c"]:
            rows.append(f"{codec}\tencode\t{text.encode('utf-8').hex()}\tstrict\t{text.encode(codec).hex()}")
    for codec in ("unicode_escape", "raw_unicode_escape"):
        for plane in (0, 1, 16):
            text = "".join(chr(c) for c in range(plane << 16, (plane + 1) << 16) if not 0xD800 <= c < 0xE000)
            data = text.encode(codec)
            rows.append(f"{codec}\tplane\t{plane}\tstrict\t{len(data)}:{zlib.crc32(data):08x}")
    data = "".join(f"\\N{{{n}}}" for n, _ in all_names).encode()
    text = data.decode("unicode_escape").encode("utf-8")
    rows.append(f"unicode_escape\tnames\t{len(data)}:{zlib.crc32(data):08x}\tstrict\t"
                f"{len(text)}:{zlib.crc32(text):08x}")
    lower = "".join(f"\\N{{{n.lower()}}}" for n, cp in all_names
                    if not 0xAC00 <= cp <= 0xD7A3 and not n.startswith("CJK UNIFIED IDEOGRAPH-")).encode()
    text = lower.decode("unicode_escape").encode("utf-8")
    rows.append(f"unicode_escape\tlower-names\t{len(lower)}:{zlib.crc32(lower):08x}\tstrict\t"
                f"{len(text)}:{zlib.crc32(text):08x}")
    with open(os.path.join(TESTDATA, "escape.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


def through_open(data, codec, errors):
    """What open(..., newline='').read() gives for a file holding data:
    the text's UTF-8 in hex (a lone surrogate as surrogatepass writes it),
    or "!" and the message (with backslash, newline, CR and tab escaped)."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "f")
        with open(p, "wb") as f:
            f.write(data)
        try:
            with open(p, encoding=codec, errors=errors, newline="") as f:
                return f.read().encode("utf-8", "surrogatepass").hex()
        except UnicodeError as e:
            # One line whatever the message holds.
            msg = str(e).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
            return f"!{msg}"


def written_through_open(writes, codec):
    """The bytes a file holds after open(..., "w", newline='') and the
    given write() calls."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "f")
        with open(p, "w", encoding=codec, newline="") as f:
            for w in writes:
                f.write(w)
        with open(p, "rb") as f:
            return f.read()


def punycode_expectations():
    """tests/data/punycode.tsv: decode rows (input hex, handler,
    answer) and encode rows (the writes' UTF-8 in hex, comma-separated,
    and the file's bytes in hex)."""
    import random
    rng = random.Random(3492)
    rows = []
    samples = [b"", b"bcher-kva", b"bcher-kva\n", b"abc-", b"-", b"a-b-c", b"b\xe9cher-kva", b"bcher-kv\xe9",
               b"bcher-k!a", b"bcher-kv9", b"99999999999999999999a", b"a\r\nb-kva", b"BCHER-KVA", b"egbpdaj6bu4bxfgehfvwxn",
               b"ihqwcrb4cv8a8dqg056pqjye", b"-> $1.00 <--", b"3B-ww4c5e180e575a65lsy2b", b"d9juau41awczczp",
               b"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzb",
               b"999999999999999999999999999999999999999999999999a", b"a" * 30 + b"-99999999999b",
               b"\x80\xff-abc", b"abc-\x80d", b"x-", b"-kva", b"--kva", b"a-KVA"]
    texts = []
    for _ in range(60):
        alphabet = rng.choice(["abc-xyz09 \n", "\xe4\xf6\xfc\xdf", "\u65e5\u672c\u8a9e", "\U0001f600\U0010fffd",
                               "a\xe9\u0100\u20ac\U0001f600-"])
        alphabet += rng.choice(["", "abc", "\u0430\u0431\u0432"])
        texts.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))))
    texts.append("b\xfccher" * 3000)
    for t in texts:
        samples.append(t.encode("punycode"))
    # Random ASCII, mostly not punycode at all: the error paths.
    for _ in range(80):
        samples.append(bytes(rng.choice(b"abkz09-!A\n\x80") for _ in range(rng.randrange(1, 12))))
    for data in samples:
        for errors in ("strict", "replace", "ignore"):
            rows.append(f"decode\t{data.hex()}\t{errors}\t{through_open(data, 'punycode', errors)}")
    for errors in ("backslashreplace", "surrogateescape", "xmlcharrefreplace"):
        rows.append(f"decode\t{b'abc'.hex()}\t{errors}\t{through_open(b'abc', 'punycode', errors)}")
    writes = [[t] for t in texts] + [["b\xfccher", "abc", "", "\xfc\n"], ["", ""], ["-", "\u20ac-"]]
    for ws in writes:
        data = written_through_open(ws, "punycode")
        rows.append(f"encode\t{','.join(w.encode().hex() for w in ws)}\tstrict\t{data.hex()}")
    with open(os.path.join(TESTDATA, "punycode.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


def code_ranges(pred):
    """[start, end] ranges of the code points for which pred(chr) holds."""
    out = []
    for cp in range(0x110000):
        if pred(chr(cp)):
            if out and out[-1][1] == cp - 1:
                out[-1][1] = cp
            else:
                out.append([cp, cp])
    return out


def pack_ranges(ranges):
    return struct.pack("<I", len(ranges)) + b"".join(struct.pack("<II", a, b) for a, b in ranges)


def pack_strings(pairs):
    out = struct.pack("<I", len(pairs))
    for cp, text in pairs:
        out += struct.pack("<IB", cp, len(text)) + struct.pack(f"<{len(text)}I", *map(ord, text))
    return out


def prohibited(c):
    import stringprep
    return any(f(c) for f in (stringprep.in_table_c12, stringprep.in_table_c22, stringprep.in_table_c3,
                              stringprep.in_table_c4, stringprep.in_table_c5, stringprep.in_table_c6,
                              stringprep.in_table_c7, stringprep.in_table_c8, stringprep.in_table_c9))


def nameprep_tables():
    """Writes data/nameprep.bin (see the module docstring)."""
    import stringprep
    import unicodedata
    old = unicodedata.ucd_3_2_0
    out = pack_ranges(code_ranges(stringprep.in_table_b1))
    out += pack_strings([(cp, stringprep.map_table_b2(chr(cp))) for cp in range(0x110000)
                         if stringprep.map_table_b2(chr(cp)) != chr(cp)])
    decomp = []
    for cp in range(0x110000):
        d = old.normalize("NFKD", chr(cp))
        if 0xAC00 <= cp <= 0xD7A3:
            s = cp - 0xAC00
            rule = chr(0x1100 + s // 588) + chr(0x1161 + (s % 588) // 28) + (chr(0x11A7 + s % 28) if s % 28 else "")
            assert d == rule, hex(cp)
        elif d != chr(cp):
            decomp.append((cp, d))
    out += pack_strings(decomp)
    ccc = [(cp, unicodedata.combining(chr(cp))) for cp in range(0x110000) if unicodedata.combining(chr(cp))]
    out += struct.pack("<I", len(ccc)) + b"".join(struct.pack("<IB", cp, c) for cp, c in ccc)
    pairs = []
    for cp in range(0x110000):
        d = unicodedata.decomposition(chr(cp))
        if not d or d.startswith("<") or len(d.split()) != 2:
            continue
        if unicodedata.normalize("NFC", chr(cp)) == chr(cp):
            a, b = (int(x, 16) for x in d.split())
            pairs.append((a, b, cp))
    out += struct.pack("<I", len(pairs)) + b"".join(struct.pack("<III", *p) for p in pairs)
    out += pack_ranges(code_ranges(prohibited))
    out += pack_ranges(code_ranges(stringprep.in_table_d1))
    out += pack_ranges(code_ranges(stringprep.in_table_d2))
    shown = [cp for cp in range(0x110000) if prohibited(chr(cp)) and repr(chr(cp)) == f"'{chr(cp)}'"]
    out += struct.pack("<I", len(shown)) + b"".join(struct.pack("<I", cp) for cp in shown)
    with open(os.path.join(DATA, "nameprep.bin"), "wb") as f:
        f.write(out)


def idna_expectations():
    """tests/data/idna.tsv: decode rows (input hex, handler, what
    open().read() gives), encode rows (text's UTF-8 hex, what the
    incremental encoder gives for it as a final piece, or "!" and the
    message), and toascii rows (the CRC-32 over a range of code points, or
    over random strings, of ToASCII's answer per label, one a line)."""
    import random
    import encodings.idna as idna
    rows = []
    samples = [b"", b"www.xn--bcher-kva.de", b"a..b", b"..a", b".a.", b"xn--bcher-kva", b"XN--bcher-kva.",
               b"xn--abc-.", b"xn--bcher-kva\nxn--bcher-kva.de\n", b"\xe9.", b"ab.\xe9", b"a" * 1025 + b".",
               b"a" * 1024 + b".", b"xn--Bcher-kva.", b"xn--bcher-k!a.", b"xn--bcher-KVA.", b"xn--.", b"xn--",
               b"xn--bcher-kva.xn--mnchen-3ya.example\r\n", b"xn--a.", b"xn--zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzb.",
               b"xn--99999999999999999999a.", b"xn--ls8h.la", b"xn--abc-xn--def.", b"xn--d1acufc.xn--p1ai",
               b"xn--mgbh0fb.xn--kgbechtv", b"xn--bcher-kva.\t.", b"xn--bcher-kva" + b".x" * 5000,
               b"xn--rhqv96g.", b"xn--ggaaaaaaaaaaaaa.", b"xn--11b5bs3a9aj6g.", b"xn--a-ecp.ru"]
    for data in samples:
        for errors in ("strict", "ignore"):
            rows.append(f"decode\t{data.hex()}\t{errors}\t{through_open(data, 'idna', errors)}")
    texts = ["", "www.b\xfccher.de", "www.b\xfccher.de.", "a..b.", "..", "x" * 63 + ".", "x" * 64 + ".",
             "ab\u3000c.", "\u0627\u0031.", "\u0627\u0628.", "\u0627a\u0628", "xn--abc.", "XN--abc",
             "a\u3002b\uff0ec\uff61d.", "M\xfcnchen", "\u00ad\u200b.", "\u00adb\u200b", "\ufb01", "\u2163",
             "\U0001f600.", "\ue000", "\u0221", "\u1e9e", "\u03a3\u03c3\u03c2", "\u0130", "a\u0301",
             "\u1100\u1161\u11a8", "\u3000", "\u2ff0", "\ufffd", "\u0340", "\u206a", "\U000e0001",
             "\ufdd0", "\u200e", "\u0627\u0628\u0661", "\u05d0\u05b0\u05d1", "b\xfccher" * 8,
             "\u0627" * 20, "abc\ndef.g\u00e9\n", "\u3002", "a\u3002"]
    for t in texts:
        try:
            answer = idna.IncrementalEncoder().encode(t, final=True).hex()
        except UnicodeError as e:
            answer = "!" + str(e).replace("\\", "\\\\").replace("\n", "\\n")
        rows.append(f"encode\t{t.encode('utf-8').hex()}\tstrict\t{answer}")
    for errors in ("replace", "ignore"):
        try:
            idna.IncrementalEncoder(errors).encode("a", final=True)
        except UnicodeError as e:
            rows.append(f"encode\t{'a'.encode().hex()}\t{errors}\t!{e}")

    def toascii(label):
        try:
            return idna.ToASCII(label).decode("ascii")
        except UnicodeError as e:
            return "!" + str(e)

    for lo, hi in ((0, 0x10000), (0x10000, 0x30000), (0x30000, 0x110000)):
        text = "".join(toascii(chr(cp)) + "\n" for cp in range(lo, hi) if not 0xD800 <= cp < 0xE000)
        data = text.encode("utf-8", "backslashreplace")
        rows.append(f"toascii\t{lo:x}-{hi:x}\tstrict\t{len(data)}:{zlib.crc32(data):08x}")
    # Random labels from an alphabet of combining marks, jamo, compatibility
    # characters, case pairs and bidi classes; the test draws the same ones
    # with the same generator (a 64-bit LCG, below).
    alphabet = ("a\u0301\u0316\u0323\u0307\u0345\u0e48\u1dc0\u1100\u1161\u11a8\uac00\u00e9e\u212b"
                "\u1e0a\u0328\u0302\u00c5\u0627\u05d0\u0661\u00ad\ufb01\u2163\u03a3\u0130\u1b05\u1b35"
                "\uff21\u3099\u304b\u309a\u0f73\u0f71\u0f72\u0344\u0958\u093c\u0915")
    state = 3491
    text = ""
    for _ in range(4000):
        n = 0
        label = ""
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        n = 1 + (state >> 33) % 8
        for _ in range(n):
            state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
            label += alphabet[(state >> 33) % len(alphabet)]
        text += toascii(label) + "\n"
    data = text.encode("utf-8", "backslashreplace")
    rows.append(f"toascii\trandom:{alphabet.encode().hex()}\tstrict\t{len(data)}:{zlib.crc32(data):08x}")
    with open(os.path.join(TESTDATA, "idna.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")



# --- namereplace names (write_names) -------------------------------------


def write_names():
    """afile-core's tests/data/codecs/names.tsv: per block of 256 code points (no
    surrogates), the length and CRC-32 of CPython's ascii/namereplace
    encode, which the Rust test compares with what afile writes (its names
    are those of unicode_names.bin)."""
    rows = []
    for block in range(0x110000 >> 8):
        text = "".join(chr(c) for c in range(block << 8, (block + 1) << 8) if not 0xD800 <= c < 0xE000)
        data = text.encode("ascii", "namereplace")
        rows.append(f"{block:04x}\t{len(data)}\t{zlib.crc32(data):08x}")
    with open(os.path.join(CORE_TESTDATA, "names.tsv"), "w") as f:
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
    with open(os.path.join(CORE_TESTDATA, "utf_positions.json"), "w") as f:
        json.dump({"python": sys.version.split()[0], "cases": cases}, f, indent=1, ensure_ascii=True)
        f.write("\n")

def write_stateful():
    # In a module of its own (it imports this one's helpers).
    import gen_stateful

    gen_stateful.write()


def write_escape():
    escape_expectations(unicode_names())


def write_idna():
    nameprep_tables()
    idna_expectations()


# What Python's one-shot ``codecs.encode``/``codecs.decode`` give (not
# through ``open()``: utf-16/32 guess the byte order, stateful encoders
# return to their initial state at the end), for afile-codecs' one-shot API.
ONESHOT_TEXTS = [
    "",
    "plain ascii",
    "a\u00e9\u20ac\r\n\u65e5\u672c\u8a9e\u30c6\ud55c\uad6d \u4e2d\u6587 \uff76 \u304b\u309a \u0401 \u0e01 \U0001f600 ~{}+\\",
    "\u304b",
    "\u00ca\u0304x",
    "www.b\u00fccher.de",
]
ONESHOT_BYTES = [
    b"", b"abc", b"\xff\xfe\x00a\x80\x81", b"\xfe\xff\x00a", b"a\x00b\x00", b"\x1b$B$+", b"\x82\xa0\x82",
    b"+AOk-", b"~{VP~}", b"\xef\xbb\xbfa", b"\\u00e9\\x41", b"xn--bcher-kva", b"\x1b$)C\x0e0!",
]


def oneshot_answer(f):
    try:
        out = f()
    except Exception as e:  # every codec error: its message is the answer
        return f"error\t{e}"
    if isinstance(out, str):
        try:
            return f"ok\t{out.encode('utf-8').hex()}"
        except UnicodeEncodeError:
            return "lone\t"
    return f"ok\t{out.hex()}"


def oneshot_expectations(mods):
    """tests/data/oneshot.tsv: codec module, encode|decode, handler, input
    (UTF-8 or bytes, hex), and ``ok`` with the output (hex), ``error`` with
    the message, or ``lone`` (a text with a lone surrogate)."""
    rows = []
    for m, _, info in mods:
        if not info._is_text_encoding or m in ("mbcs", "oem"):
            continue
        for errors in ("strict", "replace", "backslashreplace"):
            for text in ONESHOT_TEXTS:
                got = oneshot_answer(lambda: codecs.encode(text, m, errors))
                rows.append(f"{m}\tencode\t{errors}\t{text.encode().hex()}\t{got}")
            for data in ONESHOT_BYTES:
                got = oneshot_answer(lambda: codecs.decode(data, m, errors))
                rows.append(f"{m}\tdecode\t{errors}\t{data.hex()}\t{got}")
    with open(os.path.join(TESTDATA, "oneshot.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


def write_oneshot():
    oneshot_expectations(modules())


# The codecs whose files can be regenerated on their own
# (`gen_codecs.py gb18030 idna ...`); with no argument, or `multibyte`,
# everything is regenerated.
PARTS = {
    "gb18030": write_gb18030,
    "utf_7": write_utf7,
    "stateful": write_stateful,
    "escape": write_escape,
    "punycode": punycode_expectations,
    "idna": write_idna,
    "names": write_names,
    "positions": write_utf_position_cases,
    "oneshot": write_oneshot,
}


def main():
    os.makedirs(DATA, exist_ok=True)
    os.makedirs(TESTDATA, exist_ok=True)
    os.makedirs(CORE_TESTDATA, exist_ok=True)
    only = set(sys.argv[1:])
    unknown = only - set(PARTS) - {"multibyte"}
    if unknown:
        sys.exit(f"unknown part(s) {sorted(unknown)}; known: multibyte, {', '.join(PARTS)}")
    if only and only <= set(PARTS):
        for name, write in PARTS.items():
            if name in only:
                write()
        return
    mods = modules()
    write_registry(mods)
    write_lookup_cases(mods)
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
    for write in PARTS.values():
        write()


if __name__ == "__main__":
    main()
