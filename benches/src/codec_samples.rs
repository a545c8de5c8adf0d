//! The same bytes for afile-codecs and `encoding_rs`: sample texts of each
//! codec the `codecs` bench compares, mostly ASCII or mostly not, encoded
//! by afile-codecs (CPython's encoders) and checked to decode to the same
//! text with both decoders.

/// The codecs compared, with `encoding_rs`'s encoding whose output is
/// CPython's on these samples.
pub const CODECS: [(&str, &encoding_rs::Encoding); 6] = [
    ("cp1252", encoding_rs::WINDOWS_1252),
    ("shift_jis", encoding_rs::SHIFT_JIS),
    ("gbk", encoding_rs::GBK),
    ("big5", encoding_rs::BIG5),
    ("euc_kr", encoding_rs::EUC_KR),
    ("utf-16-le", encoding_rs::UTF_16LE),
];

/// Characters of each codec's script (all in both decoders' tables, with
/// the same meaning).
fn native(codec: &str) -> &'static str {
    match codec {
        "cp1252" => "àáâäçèéêëìíîïñòóôöùúûüÿœæßÀÉÈÇÑÖÜ€£«»–—‘’“”…",
        "shift_jis" | "utf-16-le" => "あいうえおかきくけこ日本語テキスト東京都大阪府ひらがなカタカナ漢字",
        "gbk" => "中文字符测试数据简体汉字北京上海广州深圳计算机网络编码解码",
        "big5" => "中文字體測試資料繁體漢字臺北高雄電腦網路編碼解碼",
        _ => "한국어테스트데이터서울부산대구인천컴퓨터네트워크인코딩디코딩",
    }
}

/// About `len` bytes of `codec`'s text: lines of 80 characters, mostly
/// ASCII (one character in 20 from the codec's script) or mostly not (one
/// in 10 ASCII), and the text itself.
pub fn sample(codec: &str, mostly_ascii: bool, len: usize) -> (Vec<u8>, String) {
    let script: Vec<char> = native(codec).chars().collect();
    let ascii: Vec<char> = "the quick brown fox jumps over a lazy dog 0123456789".chars().collect();
    let (mut text, mut i) = (String::new(), 0usize);
    let mut bytes = Vec::new();
    while bytes.len() < len {
        let mut line = String::new();
        for _ in 0..79 {
            i = i.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let pick = (i >> 16) % 20;
            let from_script = if mostly_ascii { pick == 0 } else { pick >= 2 };
            let pool = if from_script { &script } else { &ascii };
            line.push(pool[(i >> 8) % pool.len()]);
        }
        line.push('\n');
        bytes.extend(afile::codecs::encode(&line, codec, "strict").expect("the sample encodes"));
        text.push_str(&line);
    }
    (bytes, text)
}

/// Checks that `encoding` decodes `bytes` to `text` (so both decoders do
/// the same work), and returns the bytes.
pub fn checked(encoding: &'static encoding_rs::Encoding, bytes: Vec<u8>, text: &str) -> Vec<u8> {
    let (decoded, had_errors) = encoding.decode_without_bom_handling(&bytes);
    assert!(!had_errors && decoded == text, "encoding_rs's {} differs from CPython's here", encoding.name());
    bytes
}
