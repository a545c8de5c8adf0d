//! Nameprep (RFC 3491) as CPython 3.12's `encodings.idna.nameprep` does it:
//! map (stringprep B.1 to nothing, B.2 case folding), NFKC, prohibit
//! (C.1.2, C.2.2, C.3–C.9), and the bidi checks (D.1, D.2).
//!
//! The tables in `data/codecs/nameprep.bin` are read off CPython's own
//! `stringprep` and `unicodedata` by `cargo xtask codecs`. CPython's NFKC
//! for `unicodedata.ucd_3_2_0` decomposes with Unicode 3.2 (characters
//! unassigned there stay as they are) but orders and composes with its
//! current Unicode 15.0 tables; so does this module.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::tables::Reader;

static DATA: &[u8] = include_bytes!("../data/nameprep.bin");

/// Why nameprep refused a label (CPython's `UnicodeError` texts).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A prohibited character, as CPython's `repr` shows it.
    Prohibited(String),
    /// RandALCat and LCat characters in one label.
    Bidi2,
    /// A RandALCat label that does not start and end with one.
    Bidi3,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Prohibited(c) => write!(f, "Invalid character {c}"),
            Self::Bidi2 => f.write_str("Violation of BIDI requirement 2"),
            Self::Bidi3 => f.write_str("Violation of BIDI requirement 3"),
        }
    }
}

struct Tables {
    b1: Vec<(u32, u32)>,
    b2: HashMap<u32, Vec<u32>>,
    nfkd: HashMap<u32, Vec<u32>>,
    ccc: HashMap<u32, u8>,
    compose: HashMap<(u32, u32), u32>,
    /// The characters that start a composition pair.
    first: HashSet<u32>,
    prohibited: Vec<(u32, u32)>,
    rand_al: Vec<(u32, u32)>,
    l_cat: Vec<(u32, u32)>,
    /// Prohibited characters that `repr` shows as they are.
    shown: HashSet<u32>,
}

fn ranges(r: &mut Reader) -> Option<Vec<(u32, u32)>> {
    (0..r.u32()?).map(|_| Some((r.u32()?, r.u32()?))).collect()
}

fn strings(r: &mut Reader) -> Option<HashMap<u32, Vec<u32>>> {
    (0..r.u32()?)
        .map(|_| {
            let cp = r.u32()?;
            let n = r.u8()?;
            Some((cp, (0..n).map(|_| r.u32()).collect::<Option<Vec<u32>>>()?))
        })
        .collect()
}

fn parse() -> Option<Tables> {
    let mut r = Reader(DATA);
    let b1 = ranges(&mut r)?;
    let b2 = strings(&mut r)?;
    let nfkd = strings(&mut r)?;
    let ccc = (0..r.u32()?).map(|_| Some((r.u32()?, r.u8()?))).collect::<Option<_>>()?;
    let pairs: Vec<(u32, u32, u32)> =
        (0..r.u32()?).map(|_| Some((r.u32()?, r.u32()?, r.u32()?))).collect::<Option<_>>()?;
    let prohibited = ranges(&mut r)?;
    let rand_al = ranges(&mut r)?;
    let l_cat = ranges(&mut r)?;
    let shown = (0..r.u32()?).map(|_| r.u32()).collect::<Option<_>>()?;
    Some(Tables {
        b1,
        b2,
        nfkd,
        ccc,
        first: pairs.iter().map(|p| p.0).collect(),
        compose: pairs.into_iter().map(|(a, b, c)| ((a, b), c)).collect(),
        prohibited,
        rand_al,
        l_cat,
        shown,
    })
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        parse().unwrap_or_else(|| Tables {
            b1: vec![],
            b2: HashMap::new(),
            nfkd: HashMap::new(),
            ccc: HashMap::new(),
            compose: HashMap::new(),
            first: HashSet::new(),
            prohibited: vec![],
            rand_al: vec![],
            l_cat: vec![],
            shown: HashSet::new(),
        })
    })
}

fn in_ranges(ranges: &[(u32, u32)], c: u32) -> bool {
    let i = ranges.partition_point(|&(_, end)| end < c);
    ranges.get(i).is_some_and(|&(start, _)| start <= c)
}

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const S_COUNT: u32 = 11172;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;

impl Tables {
    fn ccc(&self, c: u32) -> u8 {
        self.ccc.get(&c).copied().unwrap_or(0)
    }

    /// NFKD: each character's decomposition, then the canonical order.
    fn nfkd(&self, input: &[u32]) -> Vec<u32> {
        let mut out = Vec::with_capacity(input.len());
        for &c in input {
            if (S_BASE..S_BASE + S_COUNT).contains(&c) {
                let s = c - S_BASE;
                out.extend([L_BASE + s / (V_COUNT * T_COUNT), V_BASE + (s % (V_COUNT * T_COUNT)) / T_COUNT]);
                if !s.is_multiple_of(T_COUNT) {
                    out.push(T_BASE + s % T_COUNT);
                }
            } else if let Some(d) = self.nfkd.get(&c) {
                out.extend_from_slice(d);
            } else {
                out.push(c);
            }
        }
        // A stable sort by combining class of each run of non-starters.
        for i in 1..out.len() {
            let cur = self.ccc(out[i]);
            let mut o = i;
            while o > 0 && cur != 0 && self.ccc(out[o - 1]) > cur {
                out.swap(o - 1, o);
                o -= 1;
            }
        }
        out
    }

    /// NFKC: NFKD, then CPython's composition pass.
    fn nfkc(&self, input: &[u32]) -> Vec<u32> {
        if input.iter().all(|&c| c < 0x80) {
            return input.to_vec();
        }
        let d = self.nfkd(input);
        let mut out = Vec::with_capacity(d.len());
        let mut skipped: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < d.len() {
            if let Some(k) = skipped.iter().position(|&s| s == i) {
                skipped.swap_remove(k);
                i += 1;
                continue;
            }
            let mut code = d[i];
            if (L_BASE..L_BASE + L_COUNT).contains(&code)
                && d.get(i + 1).is_some_and(|v| (V_BASE..V_BASE + V_COUNT).contains(v))
            {
                let (l, v) = (code - L_BASE, d[i + 1] - V_BASE);
                code = S_BASE + (l * V_COUNT + v) * T_COUNT;
                i += 2;
                if let Some(&t) = d.get(i)
                    && t > T_BASE
                    && t < T_BASE + T_COUNT
                {
                    code += t - T_BASE;
                    i += 1;
                }
                out.push(code);
                continue;
            }
            if !self.first.contains(&code) {
                out.push(code);
                i += 1;
                continue;
            }
            let (mut i1, mut comb) = (i + 1, 0u8);
            while i1 < d.len() {
                let c1 = self.ccc(d[i1]);
                if comb != 0 {
                    if c1 == 0 {
                        break;
                    }
                    if comb >= c1 {
                        i1 += 1;
                        continue;
                    }
                }
                match self.compose.get(&(code, d[i1])) {
                    Some(&composed) => {
                        code = composed;
                        skipped.push(i1);
                        i1 += 1;
                        if !self.first.contains(&code) {
                            break;
                        }
                    }
                    None => {
                        if c1 == 0 {
                            break;
                        }
                        comb = c1;
                        i1 += 1;
                    }
                }
            }
            out.push(code);
            i += 1;
        }
        out
    }
}

/// Python's `repr` of a one-character string, for the prohibited ones.
fn repr(t: &Tables, c: u32) -> String {
    match char::from_u32(c) {
        Some(ch) if t.shown.contains(&c) => format!("'{ch}'"),
        _ if c < 0x100 => format!("'\\x{c:02x}'"),
        _ if c < 0x10000 => format!("'\\u{c:04x}'"),
        _ => format!("'\\U{c:08x}'"),
    }
}

/// Nameprep of one label (code points, as CPython's string may hold a
/// surrogate, which C.5 prohibits).
pub(crate) fn nameprep(label: &[u32]) -> Result<Vec<u32>, Refusal> {
    let t = tables();
    let mut mapped = Vec::with_capacity(label.len());
    for &c in label {
        if in_ranges(&t.b1, c) {
            continue;
        }
        match t.b2.get(&c) {
            Some(m) => mapped.extend_from_slice(m),
            None => mapped.push(c),
        }
    }
    let label = t.nfkc(&mapped);
    if let Some(&c) = label.iter().find(|&&c| in_ranges(&t.prohibited, c)) {
        return Err(Refusal::Prohibited(repr(t, c)));
    }
    let rand_al: Vec<bool> = label.iter().map(|&c| in_ranges(&t.rand_al, c)).collect();
    if rand_al.iter().any(|&r| r) {
        if label.iter().any(|&c| in_ranges(&t.l_cat, c)) {
            return Err(Refusal::Bidi2);
        }
        if !rand_al[0] || !rand_al[rand_al.len() - 1] {
            return Err(Refusal::Bidi3);
        }
    }
    Ok(label)
}
