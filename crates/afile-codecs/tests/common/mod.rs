//! Helpers shared by afile-codecs' integration tests: the generator's hex
//! and CRC-32, and decoding and encoding as afile's text files do (what
//! CPython's `open(..., newline='')` does with its incremental codecs).
#![allow(dead_code)]

use afile_codecs::{Errors, Result};

/// zlib's CRC-32, which the codec generator records.
pub fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *t = c;
    }
    !data.iter().fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

/// Bytes from lower-case hex, as the codec generator writes them.
pub fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digits")).collect()
}

/// Lower-case hex of bytes.
pub fn to_hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

/// What `open(p, encoding=codec, errors=errors, newline='').read()` gives
/// for a file holding `data`: one final decode of all of it by the
/// incremental decoder (so utf-16 without a BOM is refused, as there).
pub fn decode_whole(data: &[u8], codec: &str, errors: &str) -> Result<String> {
    afile_codecs::lookup(codec)?.incremental_decoder(errors)?.decode(data, true)
}

/// The same bytes fed to the incremental decoder `piece` bytes at a time.
pub fn decode_pieces(data: &[u8], codec: &str, errors: &str, piece: usize) -> Result<String> {
    let mut d = afile_codecs::lookup(codec)?.incremental_decoder(errors)?;
    let mut out = String::new();
    for chunk in data.chunks(piece) {
        d.decode_to_string(chunk, false, &mut out)?;
    }
    d.decode_to_string(b"", true, &mut out)?;
    Ok(out)
}

/// What a file written with `open(p, "w", encoding=codec, errors=errors,
/// newline='')`, one `write(text)` and `close()` holds: the text encoded
/// after a BOM, with no final return to the initial state (CPython's
/// `TextIOWrapper` never asks its encoder for one).
pub fn encode_written(text: &str, codec: &str, errors: &str) -> Result<Vec<u8>> {
    let mut e = afile_codecs::lookup(codec)?.encoder();
    let mut out = Vec::new();
    e.encode_to_vec(text, Errors::parse(errors)?, &mut out)?;
    Ok(out)
}
