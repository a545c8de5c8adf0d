//! Decoding with afile-codecs against `encoding_rs` on the same bytes, in
//! the same run: cp1252, shift_jis, gbk, big5, euc_kr and utf-16-le, each on
//! a mostly-ASCII and a mostly-non-ASCII text of 1 MiB (80-character
//! lines, encoded by afile-codecs, checked to decode to the same text with
//! both). Both decode into a `String` reused between iterations.
//! `encoding_rs` decodes the WHATWG encodings; on these samples their
//! output is CPython's, so both do the same work.

use afile::codecs::{Errors, lookup};
use afile_benches::codec_samples::{CODECS, checked, sample};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const SIZE: usize = 1 << 20;

fn codecs_decode(c: &mut Criterion) {
    let mut g = c.benchmark_group("codecs_decode");
    g.sample_size(20);
    for (name, encoding) in CODECS {
        for (kind, mostly_ascii) in [("ascii", true), ("non-ascii", false)] {
            let (bytes, text) = sample(name, mostly_ascii, SIZE);
            let bytes = checked(encoding, bytes, &text);
            g.throughput(Throughput::Bytes(bytes.len() as u64));
            let codec = lookup(name).expect("a codec");
            let mut out = String::with_capacity(text.len());
            g.bench_function(format!("afile-codecs {name} {kind}"), |b| {
                b.iter(|| {
                    out.clear();
                    let mut d = codec.decoder();
                    d.decode_to_string(&bytes, true, Errors::Strict, &mut out).expect("decodes");
                    out.len()
                })
            });
            let mut out = String::with_capacity(
                encoding.new_decoder().max_utf8_buffer_length(bytes.len()).unwrap_or(0),
            );
            g.bench_function(format!("encoding_rs {name} {kind}"), |b| {
                b.iter(|| {
                    out.clear();
                    let mut d = encoding.new_decoder_without_bom_handling();
                    let (_, read, _) = d.decode_to_string(&bytes, &mut out, true);
                    assert_eq!(read, bytes.len());
                    out.len()
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, codecs_decode);
criterion_main!(benches);
