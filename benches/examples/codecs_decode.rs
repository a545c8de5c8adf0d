//! Decoding 1 MiB of one sample `reps` times, for `valgrind
//! --tool=callgrind` (instruction counts, steadier than time here):
//! `codecs_decode <afile|encoding_rs> <codec> <ascii|non-ascii> <reps>`,
//! with the samples and codecs of the `codecs` bench. Run it with two
//! `reps` and divide the difference by the difference in bytes: that leaves
//! out start-up (tables, the sample's making).

use afile::codecs::{Errors, lookup};
use afile_benches::codec_samples::{CODECS, checked, sample};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [who, name, kind, reps] = &args[..] else {
        eprintln!("usage: codecs_decode <afile|encoding_rs> <codec> <ascii|non-ascii> <reps>");
        std::process::exit(2);
    };
    let encoding = CODECS.iter().find(|c| c.0 == name).map(|c| c.1).expect("a codec of the bench");
    let (bytes, text) = sample(name, kind == "ascii", 1 << 20);
    let bytes = checked(encoding, bytes, &text);
    let reps: usize = reps.parse().expect("a number of repetitions");
    let mut out = String::with_capacity(text.len() * 2);
    let mut total = 0;
    for _ in 0..reps {
        out.clear();
        if who == "afile" {
            let mut d = lookup(name).expect("a codec").decoder();
            d.decode_to_string(&bytes, true, Errors::Strict, &mut out).expect("decodes");
        } else {
            let mut d = encoding.new_decoder_without_bom_handling();
            let _ = d.decode_to_string(&bytes, &mut out, true);
        }
        total += out.len();
    }
    println!("{total}");
}
