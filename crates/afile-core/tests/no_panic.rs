//! A property test (issue 19): random sizes, limits, hints, buffer sizes,
//! offsets and cookies — including other files' cookies — fed to every
//! public read and seek call of `File` and `TextFile` and to the
//! whole-file helpers. Any result is fine, an error included; a panic or
//! an abort is not. Seeded, so a failure names its seed.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::io::SeekFrom;
use std::path::Path;

use afile_core::{File, TextCookie};
use common::Lcg;
use tokio::io::AsyncBufReadExt;

const SEEDS: u64 = 160;
const OPS: usize = 24;

/// A size from the edges and the middle: 0, small, around the buffer,
/// huge, `usize::MAX`.
fn size(rng: &mut Lcg) -> usize {
    match rng.below(10) {
        0 => 0,
        1 => 1,
        2 => usize::MAX,
        3 => usize::MAX - rng.below(4096) as usize,
        4 => 1 << (20 + rng.below(44)),
        5 => isize::MAX as usize,
        _ => rng.below(9000) as usize,
    }
}

fn maybe_size(rng: &mut Lcg) -> Option<usize> {
    (rng.below(5) != 0).then(|| size(rng))
}

fn offset(rng: &mut Lcg) -> u64 {
    match rng.below(8) {
        0 => u64::MAX,
        1 => i64::MAX as u64,
        2 => i64::MAX as u64 + 1,
        3 => 1 << 40,
        _ => rng.below(5000),
    }
}

fn delta(rng: &mut Lcg) -> i64 {
    match rng.below(8) {
        0 => i64::MIN,
        1 => i64::MAX,
        2 => -(rng.below(5000) as i64),
        _ => rng.below(5000) as i64,
    }
}

fn buffering(rng: &mut Lcg) -> isize {
    *[-1, 0, 1, 2, 7, 64, 4096, i32::MAX as isize, isize::MAX, isize::MIN, -5]
        .get(rng.below(11) as usize)
        .unwrap()
}

/// File contents: text in several scripts and newline kinds, and bytes
/// that are not UTF-8, short or a few chunks long.
fn contents(rng: &mut Lcg) -> Vec<u8> {
    let pieces: [&[u8]; 9] = [
        b"line\n",
        b"r\r",
        b"crlf\r\n",
        "\u{e9}t\u{e9} ".as_bytes(),
        "\u{65e5}\u{672c}".as_bytes(),
        b"\xff",
        b"\xe6\x97",
        b"\x1b$B",
        b"\0",
    ];
    let n = if rng.below(8) == 0 { 20_000 } else { rng.below(60) as usize };
    (0..n).flat_map(|_| pieces[rng.below(pieces.len() as u64) as usize].to_vec()).collect()
}

/// Whether the file's position is small enough to write at without
/// making a huge sparse file that a later `read(None)` would read.
async fn near_start(f: &mut File) -> bool {
    f.tell().await.is_ok_and(|p| p < 1 << 20)
}

async fn binary_script(rng: &mut Lcg, path: &Path) -> usize {
    let mode = ["rb", "r+b", "wb", "ab", "a+b", "w+b"][rng.below(6) as usize];
    let Ok(mut f) = afile_core::open(path, mode).buffering(buffering(rng)).await else { return 0 };
    let mut ok = 0;
    for _ in 0..OPS {
        let done = match rng.below(19) {
            0 => f.read(maybe_size(rng)).await.map(drop),
            1 => f.read1(maybe_size(rng)).await.map(drop),
            2 => f.readall().await.map(drop),
            3 => f.readinto(&mut vec![0; rng.below(10_000) as usize]).await.map(drop),
            4 => f.readinto1(&mut vec![0; rng.below(10_000) as usize]).await.map(drop),
            5 => f.readline(maybe_size(rng)).await.map(drop),
            6 => f.readlines(maybe_size(rng)).await.map(drop),
            7 => f.seek(SeekFrom::Start(offset(rng))).await.map(drop),
            8 => f.seek(SeekFrom::Current(delta(rng))).await.map(drop),
            9 => f.seek(SeekFrom::End(delta(rng))).await.map(drop),
            10 => f.seek_data(offset(rng)).await.map(drop),
            11 => f.seek_hole(offset(rng)).await.map(drop),
            12 => f.tell().await.map(drop),
            13 => File::lines(&mut f).next().await.map_or(Ok(()), |l| l.map(drop)),
            14 => f.fill_buf().await.map(drop).map_err(afile_core::Error::from),
            15 if near_start(&mut f).await => f.write(b"written\n").await.map(drop),
            16 => f.truncate(Some(rng.below(3000))).await.map(drop),
            17 => f.flush().await,
            _ => f.close().await,
        };
        ok += usize::from(done.is_ok());
    }
    ok
}

const ENCODINGS: &[&str] = &[
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-32-be",
    "latin-1",
    "ascii",
    "shift_jis",
    "iso2022_jp",
    "utf-7",
    "gb18030",
];
const ERRORS: &[&str] =
    &["strict", "replace", "ignore", "surrogateescape", "backslashreplace", "no-such-handler"];
const NEWLINES: &[Option<&str>] = &[None, Some(""), Some("\n"), Some("\r"), Some("\r\n")];

async fn text_script(rng: &mut Lcg, path: &Path, cookies: &mut Vec<TextCookie>) -> usize {
    let mode = ["r", "r+", "w+", "a+"][rng.below(4) as usize];
    let opened = afile_core::open_text(path, mode)
        .encoding(ENCODINGS[rng.below(ENCODINGS.len() as u64) as usize])
        .errors(ERRORS[rng.below(ERRORS.len() as u64) as usize])
        .newline(NEWLINES[rng.below(NEWLINES.len() as u64) as usize])
        .buffering(buffering(rng))
        .await;
    let Ok(mut f) = opened else { return 0 };
    let mut ok = 0;
    for _ in 0..OPS {
        let done = match rng.below(14) {
            0 => f.read(maybe_size(rng)).await.map(drop),
            1 => f.readline(maybe_size(rng)).await.map(drop),
            2 => f.readlines(maybe_size(rng)).await.map(drop),
            3 => f.lines().next().await.map_or(Ok(()), |l| l.map(drop)),
            4 => f.readline_into(&mut String::new()).await.map(drop),
            5 => f.tell().await.map(|c| cookies.push(c)),
            6 if !cookies.is_empty() => {
                let c = cookies[rng.below(cookies.len() as u64) as usize];
                f.seek_cookie(c).await.map(drop)
            }
            7 => f.seek(SeekFrom::Start(offset(rng))).await.map(drop),
            8 => f
                .seek(
                    [SeekFrom::Current(delta(rng)), SeekFrom::End(delta(rng)), SeekFrom::End(0)]
                        [rng.below(3) as usize],
                )
                .await
                .map(drop),
            9 if f.tell().await.is_ok_and(|c| c.byte_offset().is_none_or(|p| p < 1 << 20)) => {
                f.write("wr\u{e9}tten\r\n").await.map(drop)
            }
            10 => f.truncate(Some(rng.below(3000))).await.map(drop),
            11 => f.truncate(None).await.map(drop),
            12 => {
                let _ = f.newlines();
                f.flush().await
            }
            _ => f.close().await,
        };
        ok += usize::from(done.is_ok());
    }
    ok
}

async fn whole_file(rng: &mut Lcg, path: &Path) {
    let _ = afile_core::read(path).await;
    let _ = afile_core::read_to_string(path).await;
    let _ = afile_core::read_text(path)
        .encoding(ENCODINGS[rng.below(ENCODINGS.len() as u64) as usize])
        .errors(ERRORS[rng.below(ERRORS.len() as u64) as usize])
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_sizes_offsets_and_cookies_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (mut cookies, mut binary_ok, mut text_ok) = (Vec::new(), 0, 0);
    for seed in 0..SEEDS {
        let mut rng = Lcg(seed * 7919 + 1);
        let path = dir.path().join(format!("f{}", seed % 7));
        std::fs::write(&path, contents(&mut rng)).unwrap();
        let script = async {
            binary_ok += binary_script(&mut rng, &path).await;
            text_ok += text_script(&mut rng, &path, &mut cookies).await;
            whole_file(&mut rng, &path).await;
        };
        // A panic inside fails the test with the seed in view.
        println!("seed {seed}");
        script.await;
    }
    println!("{binary_ok} binary and {text_ok} text calls succeeded, {} cookies mixed", cookies.len());
    // The scripts reach deep: most calls work, on open files.
    assert!(binary_ok > SEEDS as usize * 5 && text_ok > SEEDS as usize * 5, "{binary_ok} {text_ok}");
    assert!(cookies.len() > 20, "the scripts took cookies to mix: {}", cookies.len());
}

/// A cookie that lands inside a character (another file's, or this file
/// rewritten since `tell()`) is a decode error, as CPython's decoder
/// started there raises `UnicodeDecodeError`; it was a panic.
#[tokio::test]
async fn a_cookie_inside_a_character_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::write(&a, "ab\u{e9}\u{e9}").unwrap();
    std::fs::write(&b, "\u{65e5}\u{672c}").unwrap();
    let mut f = afile_core::open_text(&a, "r").await.unwrap();
    assert_eq!(f.read(3).await.unwrap(), "ab\u{e9}");
    let cookie = f.tell().await.unwrap();
    // Four bytes into "日本" is inside its second character.
    let mut g = afile_core::open_text(&b, "r").await.unwrap();
    let err = g.seek_cookie(cookie).await.unwrap_err();
    assert!(matches!(err, afile_core::Error::Decode(_)), "{err}");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert!(err.to_string().contains("inside the character '\u{672c}'"), "{err}");
    // The file stays usable, at the cookie's chunk start.
    assert_eq!(g.read(None).await.unwrap(), "\u{65e5}\u{672c}");
}
