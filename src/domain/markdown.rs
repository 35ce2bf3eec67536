//! A small Markdown reader for descriptions: headings, paragraphs, lists, quotes, code
//! blocks, rules, and inline code, strong, emphasis and links. Raw HTML is never
//! interpreted: it stays text, and the component renders every piece as a text node. Links
//! keep only `http`, `https` and `mailto` targets.

/// An inline piece of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link { text: Vec<Inline>, href: String },
}

/// A block of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    Quote(Vec<Inline>),
    Code(String),
    Rule,
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(marker) {
            return Some((false, rest));
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &t[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, rest));
        }
    }
    None
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&level) {
        line[level..]
            .strip_prefix(' ')
            .map(|rest| (level as u8, rest.trim()))
    } else {
        None
    }
}

fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '*'))
}

/// Reads a document into blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            i += 1;
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            let mut code = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim().starts_with(fence) {
                code.push(lines[i]);
                i += 1;
            }
            i += 1;
            blocks.push(Block::Code(code.join("\n")));
        } else if let Some((level, rest)) = heading(trimmed) {
            blocks.push(Block::Heading(level, inline(rest)));
            i += 1;
        } else if is_rule(trimmed) {
            blocks.push(Block::Rule);
            i += 1;
        } else if trimmed.starts_with('>') {
            let mut quote = Vec::new();
            while i < lines.len() && lines[i].trim().starts_with('>') {
                quote.push(lines[i].trim().trim_start_matches('>').trim());
                i += 1;
            }
            blocks.push(Block::Quote(inline(&quote.join(" "))));
        } else if let Some((ordered, _)) = list_item(line) {
            let mut items: Vec<String> = Vec::new();
            while i < lines.len() && !lines[i].trim().is_empty() {
                match list_item(lines[i]) {
                    Some((o, rest)) if o == ordered => items.push(rest.trim().to_string()),
                    Some(_) => break,
                    None => match items.last_mut() {
                        Some(last) => {
                            last.push(' ');
                            last.push_str(lines[i].trim());
                        }
                        None => break,
                    },
                }
                i += 1;
            }
            blocks.push(Block::List {
                ordered,
                items: items.iter().map(|s| inline(s)).collect(),
            });
        } else {
            let mut paragraph = Vec::new();
            while i < lines.len() {
                let t = lines[i].trim();
                if t.is_empty()
                    || t.starts_with("```")
                    || t.starts_with('>')
                    || heading(t).is_some()
                    || list_item(lines[i]).is_some()
                {
                    break;
                }
                paragraph.push(t);
                i += 1;
            }
            blocks.push(Block::Paragraph(inline(&paragraph.join(" "))));
        }
    }
    blocks
}

fn safe_href(href: &str) -> Option<String> {
    let lower = href.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        .then(|| href.trim().to_string())
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text(text.to_string()));
    }
}

/// Reads inline markup; anything unmatched stays literal text.
pub fn inline(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(pos) = rest.find(['`', '*', '_', '[']) {
        push_text(&mut out, &rest[..pos]);
        let tail = &rest[pos..];
        let consumed = if let Some(body) = tail.strip_prefix('`') {
            body.find('`').map(|end| {
                out.push(Inline::Code(body[..end].to_string()));
                end + 2
            })
        } else if let Some(body) = tail.strip_prefix("**").or_else(|| tail.strip_prefix("__")) {
            let marker = &tail[..2];
            body.find(marker).filter(|end| *end > 0).map(|end| {
                out.push(Inline::Strong(inline(&body[..end])));
                end + 4
            })
        } else if tail.starts_with('[') {
            link(tail).map(|(text, href, used)| {
                match safe_href(&href) {
                    Some(href) => out.push(Inline::Link {
                        text: inline(&text),
                        href,
                    }),
                    None => {
                        for piece in inline(&text) {
                            match piece {
                                Inline::Text(t) => push_text(&mut out, &t),
                                other => out.push(other),
                            }
                        }
                    }
                }
                used
            })
        } else {
            let marker = &tail[..1];
            let body = &tail[1..];
            body.find(marker)
                .filter(|end| *end > 0 && !body.starts_with(' '))
                .map(|end| {
                    out.push(Inline::Emphasis(inline(&body[..end])));
                    end + 2
                })
        };
        match consumed {
            Some(used) => rest = &tail[used..],
            None => {
                push_text(&mut out, &tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    push_text(&mut out, rest);
    out
}

/// `[text](href)` at the start of `tail`: text, href and bytes used.
fn link(tail: &str) -> Option<(String, String, usize)> {
    let close = tail.find("](")?;
    let end = tail[close + 2..].find(')')? + close + 2;
    Some((
        tail[1..close].to_string(),
        tail[close + 2..end].to_string(),
        end + 1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn blocks() {
        let doc = "# Title\n\nLoads the **warehouse**\nevery hour.\n\n- one\n- two\n  continued\n\n1. first\n\n> quoted\n\n```\nlet x = 1;\n```\n---";
        let blocks = parse(doc);
        assert_eq!(blocks[0], Block::Heading(1, vec![text("Title")]));
        assert_eq!(
            blocks[1],
            Block::Paragraph(vec![
                text("Loads the "),
                Inline::Strong(vec![text("warehouse")]),
                text(" every hour."),
            ])
        );
        assert_eq!(
            blocks[2],
            Block::List {
                ordered: false,
                items: vec![vec![text("one")], vec![text("two continued")]],
            }
        );
        assert!(matches!(&blocks[3], Block::List { ordered: true, items } if items.len() == 1));
        assert_eq!(blocks[4], Block::Quote(vec![text("quoted")]));
        assert_eq!(blocks[5], Block::Code("let x = 1;".into()));
        assert_eq!(blocks[6], Block::Rule);
    }

    #[test]
    fn inline_markup_and_unsafe_links() {
        assert_eq!(
            inline("a `b` *c* [d](https://e.example) [f](javascript:alert(1)) g*"),
            vec![
                text("a "),
                Inline::Code("b".into()),
                text(" "),
                Inline::Emphasis(vec![text("c")]),
                text(" "),
                Inline::Link {
                    text: vec![text("d")],
                    href: "https://e.example".into()
                },
                text(" f) g*"),
            ]
        );
    }

    #[test]
    fn raw_html_stays_text() {
        let blocks = parse("<img src=x onerror=alert(1)> <script>x</script>");
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![text(
                "<img src=x onerror=alert(1)> <script>x</script>"
            )])]
        );
    }

    #[test]
    fn random_text_never_panics() {
        // A fixed linear congruential sequence over markup characters and multi-byte text.
        let alphabet: Vec<char> = "*_`[]()#>-+1. \n\tab<é漢🙂~:/".chars().collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                text.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            let _ = parse(&text);
            let _ = crate::domain::schedule::cron_words(&text);
            let _ = crate::domain::schedule::rrule_words(&text);
            let _ = crate::domain::rrule::describe(&text);
        }
    }

    #[test]
    fn odd_input_never_panics() {
        for doc in [
            "*",
            "**",
            "[",
            "[a](",
            "`",
            "#",
            "####### x",
            "1.",
            "> ",
            "```",
            "_a_b",
            "é*ü*",
            "[é](ü",
        ] {
            let _ = parse(doc);
        }
    }
}
