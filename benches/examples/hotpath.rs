//! Instruction counts of the in-memory hot path, for `valgrind --tool=callgrind`
//! (steadier than wall time on a loaded machine): `hotpath <entry> <calls>`
//! makes `calls` 4-byte reads with one entry; run it with two call counts and
//! divide the difference in instructions by the difference in calls.
//!
//! Entries: `afile-read`, `afile-readinto`, `tokio-bufreader`,
//! `futures-lite-bufreader`, `std-bufreader`.

use std::io::{Read, Seek, SeekFrom};

use tokio::io::{AsyncReadExt, AsyncSeekExt};

fn main() {
    let mut args = std::env::args().skip(1);
    let entry = args.next().unwrap_or_default();
    let calls: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let path = afile_benches::data_file("hotpath.bin", 1_000_000);
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let mut buf = [0u8; 4];
    let sum: u64 = rt.block_on(async {
        let mut sum = 0u64;
        match entry.as_str() {
            "afile-read" => {
                let mut f = afile::open(&path, "rb").await.expect("open");
                for _ in 0..calls {
                    let b = f.read(4).await.expect("read");
                    if b.len() < 4 {
                        f.seek(SeekFrom::Start(0)).await.expect("seek");
                    } else {
                        sum += u64::from(b[0]);
                    }
                }
            }
            "afile-readinto" => {
                let mut f = afile::open(&path, "rb").await.expect("open");
                for _ in 0..calls {
                    if f.readinto(&mut buf).await.expect("read") < 4 {
                        f.seek(SeekFrom::Start(0)).await.expect("seek");
                    }
                    sum += u64::from(buf[0]);
                }
            }
            "tokio-bufreader" => {
                let mut f = tokio::io::BufReader::new(tokio::fs::File::open(&path).await.expect("open"));
                for _ in 0..calls {
                    if f.read_exact(&mut buf).await.is_err() {
                        f.seek(SeekFrom::Start(0)).await.expect("seek");
                    }
                    sum += u64::from(buf[0]);
                }
            }
            "futures-lite-bufreader" => {
                let mut f =
                    futures_lite::io::BufReader::new(async_fs::File::open(&path).await.expect("open"));
                for _ in 0..calls {
                    if futures_lite::AsyncReadExt::read_exact(&mut f, &mut buf).await.is_err() {
                        futures_lite::AsyncSeekExt::seek(&mut f, SeekFrom::Start(0)).await.expect("seek");
                    }
                    sum += u64::from(buf[0]);
                }
            }
            _ => {
                let mut f = std::io::BufReader::new(std::fs::File::open(&path).expect("open"));
                for _ in 0..calls {
                    if f.read_exact(&mut buf).is_err() {
                        f.seek(SeekFrom::Start(0)).expect("seek");
                    }
                    sum += u64::from(buf[0]);
                }
            }
        }
        sum
    });
    println!("{entry}: {calls} calls, checksum {sum}");
}
