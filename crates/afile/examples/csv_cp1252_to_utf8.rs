//! Converts a Windows-1252 (cp1252) CSV to UTF-8 line by line, as Python's
//! `open(src, encoding="cp1252", newline="")` /
//! `open(dst, "w", encoding="utf-8", newline="")` loop does.
//!
//! It writes its own cp1252 input (bytes made by hand, not by afile), converts
//! it, and checks the output byte for byte against the UTF-8 it expects.
//!
//! ```text
//! cargo run --release -p afile --example csv_cp1252_to_utf8
//! cargo run -p afile --example csv_cp1252_to_utf8 -- --small
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use afile::tempfile::TemporaryDirectory;

/// Rows of the sample: names and cities with the characters cp1252 has
/// beyond ASCII (`é`, `ü`, `€`, curly quotes, `œ`).
const PEOPLE: [(&str, &str, &str); 4] = [
    ("Zoë Müller", "Köln", "12,50 €"),
    ("François “Frank” Œdipe", "Besançon", "7 €"),
    ("Søren Ærø", "Århus", "1 000 €"),
    ("Plain Name", "Springfield", "3.00"),
];

#[tokio::main]
async fn main() -> afile::Result<()> {
    let small = std::env::args().any(|a| a == "--small");
    run(small).await?;
    Ok(())
}

/// Writes the cp1252 CSV, converts it, checks the UTF-8 result; returns the
/// number of rows converted and how long the conversion took.
pub async fn run(small: bool) -> afile::Result<(u64, Duration)> {
    let dir = TemporaryDirectory::new().await?;
    let (src, dst) = (dir.path().join("people-cp1252.csv"), dir.path().join("people-utf8.csv"));
    let rows = if small { 2_000 } else { 200_000 };
    let expected = sample_text(rows);
    std::fs::write(&src, encode_cp1252(&expected))?;

    let started = Instant::now();
    let converted = convert(&src, &dst).await?;
    let took = started.elapsed();
    println!(
        "converted {converted} lines, {} cp1252 bytes -> {} UTF-8 bytes in {took:.2?}",
        std::fs::metadata(&src)?.len(),
        std::fs::metadata(&dst)?.len()
    );

    let out = std::fs::read(&dst)?;
    assert!(out == expected.as_bytes(), "the UTF-8 output differs from the text written as cp1252");
    assert_eq!(converted, rows + 1, "header + rows");
    println!("checked: output is the expected UTF-8, CRLF line ends kept");
    Ok((converted, took))
}

/// The conversion: decode cp1252, encode UTF-8, one line at a time.
/// `newline("")` keeps the CSV's `\r\n` as it is, as Python's csv module
/// asks for.
async fn convert(src: &Path, dst: &Path) -> afile::Result<u64> {
    let mut input = afile::open_text(src, "r").encoding("cp1252").newline(Some("")).await?;
    let mut output = afile::open_text(dst, "w").encoding("utf-8").newline(Some("")).await?;
    let mut n = 0;
    let mut lines = input.lines();
    while let Some(line) = lines.next().await {
        output.write(&line?).await?;
        n += 1;
    }
    output.close().await?;
    input.close().await?;
    Ok(n)
}

/// The CSV as text: a header and `rows` rows, CRLF line ends.
fn sample_text(rows: u64) -> String {
    let mut text = String::from("id;name;city;amount\r\n");
    for i in 0..rows {
        let (name, city, amount) = PEOPLE[(i % PEOPLE.len() as u64) as usize];
        text.push_str(&format!("{i};\"{name}\";{city};{amount}\r\n"));
    }
    text
}

/// cp1252 by hand for the characters the sample uses, so the input does not
/// depend on the code under test.
fn encode_cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            '“' => 0x93,
            '”' => 0x94,
            'Œ' => 0x8c,
            c if (c as u32) < 0x100 => c as u32 as u8,
            c => panic!("{c:?} is not in the sample's cp1252 table"),
        })
        .collect()
}
