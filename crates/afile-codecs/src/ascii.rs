//! Finding ASCII runs fast: every decoder copies ASCII bytes straight
//! into its output, a run at a time.

const HIGH: u64 = 0x8080_8080_8080_8080;

/// How many bytes at the start of `bytes` are ASCII.
#[inline]
pub(crate) fn ascii_len(bytes: &[u8]) -> usize {
    let mut i = 0;
    // Sixteen bytes a step: two words, one test.
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        let (a, b) = block.split_at(8);
        let a = u64::from_le_bytes(a.try_into().unwrap_or([0; 8]));
        let b = u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        if (a | b) & HIGH != 0 {
            break;
        }
        i += 16;
    }
    i + bytes[i..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_high_byte_at_any_offset() {
        for len in 0..70 {
            for high in 0..=len {
                let mut v = vec![b'a'; len];
                if high < len {
                    v[high] = 0x80;
                }
                assert_eq!(ascii_len(&v), high, "len {len}, high byte at {high}");
            }
        }
    }
}
