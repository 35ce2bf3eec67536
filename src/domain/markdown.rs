//! Markdown from the API (descriptions, markdown artifacts), read by `pulldown-cmark` (without
//! its `html` feature) into a small tree the component renders as elements and text nodes:
//! CommonMark plus tables and strikethrough. Raw HTML is never interpreted: it stays text.
//! Links keep only `http`, `https` and `mailto` targets; images become links to their
//! address (never loaded). The tree is bounded whatever the text: at most [`MAX_DEPTH`]
//! levels (deeper content joins the level above) and [`MAX_NODES`] nodes (the rest is cut,
//! and the document says so).

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Deepest nesting kept (a list in a quote in a list… deeper pieces join the level above).
pub const MAX_DEPTH: usize = 32;
/// Most nodes built for one document; the rest is counted out, not built.
pub const MAX_NODES: usize = 100_000;

/// What an element is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Paragraph,
    /// 1 to 6, as written.
    Heading(u8),
    Quote,
    /// A fenced or indented code block, with its language when given.
    CodeBlock,
    List {
        /// The first number of an ordered list; None for bullets.
        start: Option<u64>,
    },
    Item,
    Emphasis,
    Strong,
    Strikethrough,
    /// A link whose target may be followed; an unsafe one is None (shown as its text).
    Link(Option<String>),
    Table,
    TableHead,
    TableRow,
    /// A cell: header or not, and its column's alignment.
    TableCell {
        header: bool,
        align: Align,
    },
}

/// A table column's alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// A piece of a document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    Text(String),
    /// Inline code.
    Code(String),
    /// A hard line break.
    Break,
    Rule,
    Element(Kind, Vec<Node>),
}

/// A document: its top-level nodes, and whether it was cut at [`MAX_NODES`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Document {
    pub nodes: Vec<Node>,
    pub cut: bool,
}

/// `href` when its scheme is one a link may have (http, https, mailto), else `None`.
pub fn safe_href(href: &str) -> Option<String> {
    let lower = href.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        .then(|| href.trim().to_string())
}

/// The elements open while reading: each with the children read so far.
struct Builder {
    open: Vec<(Kind, Vec<Node>)>,
    /// Opened beyond [`MAX_DEPTH`]: their content goes to the deepest kept element.
    flattened: usize,
    root: Vec<Node>,
    nodes: usize,
    cut: bool,
    /// The alignments of the table being read, and the next cell's column.
    aligns: Vec<Align>,
    column: usize,
    in_head: bool,
}

impl Builder {
    fn children(&mut self) -> &mut Vec<Node> {
        match self.open.last_mut() {
            Some((_, children)) => children,
            None => &mut self.root,
        }
    }

    /// Adds a leaf `node` where reading is, unless the document is full.
    fn push(&mut self, node: Node) {
        if self.nodes >= MAX_NODES {
            self.cut = true;
            return;
        }
        let children = self.children();
        match (children.last_mut(), node) {
            (Some(Node::Text(last)), Node::Text(text)) => last.push_str(&text),
            (_, node) => {
                children.push(node);
                self.nodes += 1;
            }
        }
    }

    fn text(&mut self, text: &str) {
        if !text.is_empty() {
            self.push(Node::Text(text.to_string()));
        }
    }

    fn start(&mut self, kind: Kind) {
        // Past the depth no element is made (its content joins the level above), so it
        // costs no node.
        if self.open.len() >= MAX_DEPTH {
            self.flattened += 1;
            return;
        }
        if self.nodes >= MAX_NODES {
            self.cut = true;
            return;
        }
        self.nodes += 1;
        self.open.push((kind, Vec::new()));
    }

    fn end(&mut self) {
        if self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        if let Some((kind, children)) = self.open.pop() {
            self.children().push(Node::Element(kind, children));
        }
    }

    fn cell(&mut self) -> Kind {
        let align = self.aligns.get(self.column).copied().unwrap_or(Align::None);
        self.column += 1;
        Kind::TableCell {
            header: self.in_head,
            align,
        }
    }
}

fn level(heading: HeadingLevel) -> u8 {
    match heading {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn align(a: &Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Reads a document.
pub fn parse(text: &str) -> Document {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut b = Builder {
        open: Vec::new(),
        flattened: 0,
        root: Vec::new(),
        nodes: 0,
        cut: false,
        aligns: Vec::new(),
        column: 0,
        in_head: false,
    };
    for event in Parser::new_ext(text, options) {
        if b.cut {
            break;
        }
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Paragraph => Kind::Paragraph,
                    Tag::Heading { level: l, .. } => Kind::Heading(level(l)),
                    Tag::BlockQuote(_) => Kind::Quote,
                    Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented) => {
                        Kind::CodeBlock
                    }
                    Tag::List(start) => Kind::List { start },
                    Tag::Item => Kind::Item,
                    Tag::Emphasis => Kind::Emphasis,
                    Tag::Strong => Kind::Strong,
                    Tag::Strikethrough => Kind::Strikethrough,
                    Tag::Link { dest_url, .. } => Kind::Link(safe_href(&dest_url)),
                    // Never loaded (the CSP allows images from this origin only): a link to
                    // the address, its alt text as the link's text.
                    Tag::Image { dest_url, .. } => Kind::Link(safe_href(&dest_url)),
                    Tag::Table(aligns) => {
                        b.aligns = aligns.iter().map(align).collect();
                        Kind::Table
                    }
                    Tag::TableHead => {
                        b.in_head = true;
                        b.column = 0;
                        Kind::TableHead
                    }
                    Tag::TableRow => {
                        b.column = 0;
                        Kind::TableRow
                    }
                    Tag::TableCell => b.cell(),
                    // HTML blocks, footnotes, definitions, metadata: their text, plainly.
                    _ => Kind::Paragraph,
                };
                b.start(kind);
            }
            Event::End(tag) => {
                if tag == TagEnd::TableHead {
                    b.in_head = false;
                }
                b.end();
            }
            Event::Text(text) => b.text(&text),
            Event::Code(code) => b.push(Node::Code(code.to_string())),
            // Raw HTML is shown as the text it is.
            Event::Html(html) | Event::InlineHtml(html) => b.text(&html),
            Event::InlineMath(math) | Event::DisplayMath(math) => b.text(&math),
            Event::FootnoteReference(label) => b.text(&format!("[^{label}]")),
            Event::SoftBreak => b.text(" "),
            Event::HardBreak => b.push(Node::Break),
            Event::Rule => b.push(Node::Rule),
            Event::TaskListMarker(done) => b.text(if done { "☑ " } else { "☐ " }),
        }
    }
    // Cut short: close what is open, so the tree holds what was read.
    b.flattened = 0;
    while !b.open.is_empty() {
        b.end();
    }
    Document {
        nodes: b.root,
        cut: b.cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.into())
    }

    fn el(kind: Kind, children: Vec<Node>) -> Node {
        Node::Element(kind, children)
    }

    #[test]
    fn blocks() {
        let doc = "# Title\n\nLoads the **warehouse**\nevery hour.\n\n- one\n- two\n  continued\n\n1. first\n\n> quoted\n\n```\nlet x = 1;\n```\n---";
        let nodes = parse(doc).nodes;
        assert_eq!(nodes[0], el(Kind::Heading(1), vec![text("Title")]));
        assert_eq!(
            nodes[1],
            el(
                Kind::Paragraph,
                vec![
                    text("Loads the "),
                    el(Kind::Strong, vec![text("warehouse")]),
                    text(" every hour."),
                ]
            )
        );
        assert_eq!(
            nodes[2],
            el(
                Kind::List { start: None },
                vec![
                    el(Kind::Item, vec![text("one")]),
                    el(Kind::Item, vec![text("two continued")]),
                ]
            )
        );
        assert!(
            matches!(&nodes[3], Node::Element(Kind::List { start: Some(1) }, items) if items.len() == 1)
        );
        assert_eq!(
            nodes[4],
            el(Kind::Quote, vec![el(Kind::Paragraph, vec![text("quoted")])])
        );
        assert_eq!(nodes[5], el(Kind::CodeBlock, vec![text("let x = 1;\n")]));
        assert_eq!(nodes[6], Node::Rule);
    }

    #[test]
    fn tables_and_nested_lists() {
        let doc =
            "| name | runs |\n|:---|---:|\n| etl | 3 |\n| `load` | 12 |\n\n- a\n  - b\n    1. c";
        let nodes = parse(doc).nodes;
        let Node::Element(Kind::Table, parts) = &nodes[0] else {
            panic!("{nodes:?}")
        };
        assert_eq!(parts.len(), 3, "a head and two rows: {parts:?}");
        let head = el(
            Kind::TableHead,
            vec![
                el(
                    Kind::TableCell {
                        header: true,
                        align: Align::Left,
                    },
                    vec![text("name")],
                ),
                el(
                    Kind::TableCell {
                        header: true,
                        align: Align::Right,
                    },
                    vec![text("runs")],
                ),
            ],
        );
        assert_eq!(parts[0], head);
        assert_eq!(
            parts[2],
            el(
                Kind::TableRow,
                vec![
                    el(
                        Kind::TableCell {
                            header: false,
                            align: Align::Left,
                        },
                        vec![Node::Code("load".into())],
                    ),
                    el(
                        Kind::TableCell {
                            header: false,
                            align: Align::Right,
                        },
                        vec![text("12")],
                    ),
                ],
            )
        );
        let Node::Element(Kind::List { start: None }, items) = &nodes[1] else {
            panic!("{nodes:?}")
        };
        let Node::Element(Kind::Item, inner) = &items[0] else {
            panic!("{items:?}")
        };
        assert!(
            matches!(&inner[1], Node::Element(Kind::List { start: None }, _)),
            "{inner:?}"
        );
    }

    #[test]
    fn unsafe_links_are_text_and_images_are_links() {
        let nodes = parse(
            "[d](https://e.example) [f](javascript:alert(1)) ![chart](https://i.example/c.png)",
        )
        .nodes;
        let Node::Element(Kind::Paragraph, pieces) = &nodes[0] else {
            panic!("{nodes:?}")
        };
        assert_eq!(
            pieces[0],
            el(
                Kind::Link(Some("https://e.example".into())),
                vec![text("d")]
            )
        );
        assert_eq!(pieces[2], el(Kind::Link(None), vec![text("f")]));
        assert_eq!(
            pieces[4],
            el(
                Kind::Link(Some("https://i.example/c.png".into())),
                vec![text("chart")]
            )
        );
    }

    #[test]
    fn raw_html_stays_text() {
        let nodes = parse("<img src=x onerror=alert(1)> <script>x</script>").nodes;
        let all = format!("{nodes:?}");
        assert!(all.contains("<img src=x onerror=alert(1)>"), "{all}");
        assert!(all.contains("<script>"), "{all}");
        let block = parse("<div>\n<script>alert(1)</script>\n</div>").nodes;
        assert!(format!("{block:?}").contains("<script>alert(1)</script>"));
    }

    #[test]
    fn random_text_never_panics() {
        // A fixed linear congruential sequence over markup characters and multi-byte text.
        let alphabet: Vec<char> = "*_`[]()#>-+1. \n\tab<é漢🙂~:/|!".chars().collect();
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

    fn depth(nodes: &[Node]) -> usize {
        nodes
            .iter()
            .map(|n| match n {
                Node::Element(_, children) => 1 + depth(children),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    fn count(nodes: &[Node]) -> usize {
        nodes
            .iter()
            .map(|n| match n {
                Node::Element(_, children) => 1 + count(children),
                _ => 1,
            })
            .sum()
    }

    #[test]
    fn hostile_documents_are_bounded() {
        let n = 100_000;
        for (name, doc) in [
            ("brackets", "[".repeat(n)),
            ("stars", "*a ".repeat(n / 3)),
            ("quotes", ">".repeat(n)),
            (
                "nested lists",
                (0..5000)
                    .map(|i| format!("{}- x\n", "  ".repeat(i)))
                    .collect(),
            ),
            (
                "table of many rows",
                format!("|a|b|\n|-|-|\n{}", "|1|2|\n".repeat(n / 6)),
            ),
            (
                "emphasis",
                format!("{}x{}", "*_**__".repeat(n / 12), "__**_*".repeat(n / 12)),
            ),
        ] {
            let started = std::time::Instant::now();
            let read = parse(&doc);
            assert!(
                depth(&read.nodes) <= MAX_DEPTH,
                "{name}: {}",
                depth(&read.nodes)
            );
            assert!(
                count(&read.nodes) <= MAX_NODES + MAX_DEPTH,
                "{name}: {}",
                count(&read.nodes)
            );
            assert!(!read.nodes.is_empty(), "{name}");
            // Generous: a native debug build reads each in well under this.
            assert!(
                started.elapsed().as_secs() < 5,
                "{name}: {:?}",
                started.elapsed()
            );
        }
        // Deep nesting costs no nodes past the depth: what follows it is still read.
        let deep = parse(&format!(
            "{}\n\n{}x{}\n\n{}\n\nThe end of the **description**.",
            "[".repeat(100_000),
            "*_**__".repeat(8_000),
            "__**_*".repeat(8_000),
            "[".repeat(600_000)
        ));
        assert!(!deep.cut);
        assert!(
            deep.nodes.last()
                == Some(&el(
                    Kind::Paragraph,
                    vec![
                        text("The end of the "),
                        el(Kind::Strong, vec![text("description")]),
                        text("."),
                    ]
                )),
            "{:?}",
            deep.nodes.last()
        );
        let rows = parse(&format!("|a|\n|-|\n{}", "|1|\n".repeat(50_000)));
        assert!(rows.cut, "a 50,000-row table is cut at {MAX_NODES} nodes");
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
            "|",
            "|-|",
            "| a |\n|",
            "- [x] done",
            "[^1]\n\n[^1]: note",
        ] {
            let _ = parse(doc);
        }
    }
}
