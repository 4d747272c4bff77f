//! HTML to text: the text of the page body, block elements as lines,
//! table cells one per line behind a tab with a blank line after each row
//! (the shape the table reader expects); scripts, styles and the head are
//! dropped. Tokenised with html5gum.

use encoding_rs::Encoding;
use html5gum::{Token, Tokenizer};

/// The encoding a page declares in its first bytes (`<meta charset=gbk>`,
/// `content="text/html; charset=gb2312"`).
pub(crate) fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &lower[at..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "hr",
    "main",
    "nav",
    "aside",
    "form",
    "figure",
    "figcaption",
    "address",
];
const SKIPPED: &[&str] = &["script", "style", "head", "noscript", "template", "title", "svg"];

/// The text of an HTML page.
pub(crate) fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut line = String::new();
    let mut skip = 0usize;
    let mut in_cell = false;
    for Ok(token) in Tokenizer::new(html) {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if SKIPPED.contains(&name.as_str()) && !tag.self_closing {
                    skip += 1;
                } else if name == "td" || name == "th" {
                    flush(&mut out, &mut line, false);
                    in_cell = true;
                } else if BLOCKS.contains(&name.as_str()) && !in_cell {
                    flush(&mut out, &mut line, false);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if SKIPPED.contains(&name.as_str()) {
                    skip = skip.saturating_sub(1);
                } else if name == "td" || name == "th" {
                    flush(&mut out, &mut line, true);
                    in_cell = false;
                } else if name == "tr" {
                    flush(&mut out, &mut line, false);
                    out.push('\n');
                } else if BLOCKS.contains(&name.as_str()) && !in_cell {
                    flush(&mut out, &mut line, false);
                }
            }
            Token::String(s) if skip == 0 => {
                let s = String::from_utf8_lossy(&s);
                // HTML white space collapses to one space.
                for c in s.chars() {
                    if c.is_whitespace() && c != '\u{3000}' {
                        if !line.is_empty() && !line.ends_with(' ') {
                            line.push(' ');
                        }
                    } else {
                        line.push(c);
                    }
                }
            }
            _ => {}
        }
    }
    flush(&mut out, &mut line, in_cell);
    out
}

fn flush(out: &mut String, line: &mut String, cell: bool) {
    let t = line.trim();
    if !t.is_empty() || cell {
        if cell {
            out.push('\t');
        }
        out.push_str(t);
        out.push('\n');
    }
    line.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_in_lines() {
        let html = r#"<html><head><title>标题</title><style>p{}</style></head><body>
            <h2>（一）妇女与健康</h2><p>孕产妇死亡率下降到<b>12/10万</b>以下。</p>
            <script>var x = "达到90%";</script>
            <table><tr><td>指标</td><td>目标</td></tr><tr><td>孕产妇死亡率（1/10万）</td><td>≤7</td></tr></table>
            <div>结束&nbsp;&amp;</div></body></html>"#;
        assert_eq!(
            text(html),
            "（一）妇女与健康\n孕产妇死亡率下降到12/10万以下。\n\t指标\n\t目标\n\n\t孕产妇死亡率（1/10万）\n\t≤7\n\n结束 &\n"
        );
    }

    #[test]
    fn declared_charset() {
        let page = br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>"#;
        assert_eq!(declared_encoding(page).map(|e| e.name()), Some("GBK"));
        assert_eq!(declared_encoding(b"<meta charset=\"utf-8\">").map(|e| e.name()), Some("UTF-8"));
        assert_eq!(declared_encoding(b"<p>no charset</p>"), None);
    }
}
