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

/// `href` when its scheme is one a link may have (http, https, mailto), else `None`.
pub fn safe_href(href: &str) -> Option<String> {
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

/// Where each delimiter occurs in a text, so every "find the closing marker" is a binary
/// search instead of a scan: inline markup reads in O(n log n) whatever the text (100 KB
/// of `[` used to take a scan of the rest per bracket).
struct Marks {
    backtick: Vec<usize>,
    star: Vec<usize>,
    underscore: Vec<usize>,
    double_star: Vec<usize>,
    double_underscore: Vec<usize>,
    /// `](` between a link's text and its target.
    link_middle: Vec<usize>,
    close_paren: Vec<usize>,
}

impl Marks {
    fn of(text: &str) -> Marks {
        let bytes = text.as_bytes();
        let mut marks = Marks {
            backtick: Vec::new(),
            star: Vec::new(),
            underscore: Vec::new(),
            double_star: Vec::new(),
            double_underscore: Vec::new(),
            link_middle: Vec::new(),
            close_paren: Vec::new(),
        };
        for (i, byte) in bytes.iter().enumerate() {
            let next = bytes.get(i + 1).copied();
            match byte {
                b'`' => marks.backtick.push(i),
                b'*' => {
                    marks.star.push(i);
                    if next == Some(b'*') {
                        marks.double_star.push(i);
                    }
                }
                b'_' => {
                    marks.underscore.push(i);
                    if next == Some(b'_') {
                        marks.double_underscore.push(i);
                    }
                }
                b']' if next == Some(b'(') => marks.link_middle.push(i),
                b')' => marks.close_paren.push(i),
                _ => {}
            }
        }
        marks
    }
}

/// The first position in `positions` at or after `from` and before `end`.
fn next_in(positions: &[usize], from: usize, end: usize) -> Option<usize> {
    let i = positions.partition_point(|p| *p < from);
    positions.get(i).copied().filter(|p| *p < end)
}

/// Reads one text's inline markup; `steps` counts the work (tests prove it linear).
struct InlineReader<'a> {
    text: &'a str,
    marks: Marks,
    steps: usize,
}

impl<'a> InlineReader<'a> {
    fn new(text: &'a str) -> InlineReader<'a> {
        InlineReader {
            text,
            marks: Marks::of(text),
            steps: 0,
        }
    }

    /// The markup in `text[start..end]`. Markup closes at the first closing marker, so no
    /// kind (link, `**`, `__`, `*`, `_`) nests inside itself: recursion is at most five deep.
    fn read(&mut self, start: usize, end: usize) -> Vec<Inline> {
        let mut out = Vec::new();
        let bytes = self.text.as_bytes();
        let mut i = start;
        let mut plain = start;
        while i < end {
            self.steps += 1;
            if !matches!(bytes[i], b'`' | b'*' | b'_' | b'[') {
                i += 1;
                continue;
            }
            push_text(&mut out, &self.text[plain..i]);
            match self.markup_at(i, end, &mut out) {
                Some(after) => i = after,
                None => {
                    push_text(&mut out, &self.text[i..i + 1]);
                    i += 1;
                }
            }
            plain = i;
        }
        push_text(&mut out, &self.text[plain..end]);
        out
    }

    /// Reads the markup starting with the delimiter at `i` into `out`: the position after
    /// it, or None when it is literal text.
    fn markup_at(&mut self, i: usize, end: usize, out: &mut Vec<Inline>) -> Option<usize> {
        let bytes = self.text.as_bytes();
        match bytes[i] {
            b'`' => {
                let close = next_in(&self.marks.backtick, i + 1, end)?;
                out.push(Inline::Code(self.text[i + 1..close].to_string()));
                Some(close + 1)
            }
            b'*' | b'_' if bytes.get(i + 1) == Some(&bytes[i]) && i + 1 < end => {
                let doubles = if bytes[i] == b'*' {
                    &self.marks.double_star
                } else {
                    &self.marks.double_underscore
                };
                // The first closing pair, which must not be the very next characters.
                let close = next_in(doubles, i + 2, end.saturating_sub(1))?;
                if close == i + 2 {
                    return None;
                }
                let inner = self.read(i + 2, close);
                out.push(Inline::Strong(inner));
                Some(close + 2)
            }
            b'*' | b'_' => {
                let singles = if bytes[i] == b'*' {
                    &self.marks.star
                } else {
                    &self.marks.underscore
                };
                let close = next_in(singles, i + 1, end)?;
                if close == i + 1 || bytes.get(i + 1) == Some(&b' ') {
                    return None;
                }
                let inner = self.read(i + 1, close);
                out.push(Inline::Emphasis(inner));
                Some(close + 1)
            }
            _ => {
                let middle = next_in(&self.marks.link_middle, i + 1, end.saturating_sub(1))?;
                let close = next_in(&self.marks.close_paren, middle + 2, end)?;
                let text = self.read(i + 1, middle);
                match safe_href(&self.text[middle + 2..close]) {
                    Some(href) => out.push(Inline::Link { text, href }),
                    None => {
                        for piece in text {
                            match piece {
                                Inline::Text(t) => push_text(out, &t),
                                other => out.push(other),
                            }
                        }
                    }
                }
                Some(close + 1)
            }
        }
    }
}

/// Reads inline markup; anything unmatched stays literal text.
pub fn inline(text: &str) -> Vec<Inline> {
    InlineReader::new(text).read(0, text.len())
}

/// `inline` and the work it took (for the linear-time tests).
#[cfg(test)]
fn inline_steps(text: &str) -> (Vec<Inline>, usize) {
    let mut reader = InlineReader::new(text);
    let pieces = reader.read(0, text.len());
    (pieces, reader.steps)
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

    /// Texts that made a scan-per-delimiter reader quadratic (or a recursive one deep).
    fn worst_cases() -> Vec<(&'static str, String)> {
        let n = 100_000;
        vec![
            ("brackets", "[".repeat(n)),
            ("link starts without a target", "[](".repeat(n / 3)),
            ("brackets then one close", format!("{}](", "[".repeat(n))),
            ("stars", "*".repeat(n)),
            ("star words", "*a ".repeat(n / 3)),
            ("underscores", "_".repeat(n)),
            ("unclosed strong", "**a".repeat(n / 3)),
            ("backtick then text", format!("`{}", "a".repeat(n))),
            (
                "nested emphasis",
                format!("{}x{}", "*_**__".repeat(n / 12), "__**_*".repeat(n / 12)),
            ),
            ("alternating", "*_".repeat(n / 2)),
            (
                "links in emphasis",
                "*[a](http://e.example) ".repeat(n / 24),
            ),
        ]
    }

    #[test]
    fn worst_cases_read_in_linear_work() {
        for (name, text) in worst_cases() {
            let (pieces, steps) = inline_steps(&text);
            assert!(
                steps <= 2 * text.len() + 16,
                "{name}: {steps} steps for {} bytes",
                text.len()
            );
            // Nothing is lost: the text of what was read is the text that came in, less markers.
            assert!(!pieces.is_empty(), "{name}");
        }
        // And whole documents (paragraph joining, lists) stay linear too.
        for (name, text) in worst_cases() {
            let doc = format!("# {}\n\n- {}\n\n{}", &text[..100], text, text);
            assert!(!parse(&doc).is_empty(), "{name}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        fn depth(pieces: &[Inline]) -> usize {
            pieces
                .iter()
                .map(|p| match p {
                    Inline::Strong(inner) | Inline::Emphasis(inner) => 1 + depth(inner),
                    Inline::Link { text, .. } => 1 + depth(text),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        // Every kind once, each inside the last: five deep.
        let all = inline("[**__*_x_*__**](https://e.example)");
        assert_eq!(depth(&all), 5, "{all:?}");
        // Forty levels of alternating emphasis and strong: no kind nests in itself.
        let mut text = String::from("x");
        for level in 0..40 {
            text = if level % 2 == 0 {
                format!("*{text}*")
            } else {
                format!("__{text}__")
            };
        }
        assert!(depth(&inline(&text)) <= 5);
        let (_, steps) = inline_steps(&"*_**__".repeat(20_000));
        assert!(steps <= 2 * 120_000 + 16, "{steps}");
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
