//! A document of blocks — headings, paragraphs, lists, tables, scores, charts' data — and the
//! renderers that turn one into terminal text, Markdown and HTML (the window draws the same blocks
//! as nodes, in `src/game/screens/debrief.rs`). The sentences are written once, by the wording
//! (`analysis::wording`); a renderer adds layout and markup, never words. This is the one
//! place a translation would plug in.
//!
//! [`Document::units`] lists every piece of text a renderer must show, in order; the tests render
//! documents every way and require each output to hold exactly those units.

use std::fmt::Write;

/// How a paragraph reads: its colour on screen, its class in HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    /// Ordinary text.
    #[default]
    Plain,
    /// Secondary text: legends, notes.
    Quiet,
    /// Good news for the player.
    Good,
    /// Bad news for the player.
    Bad,
    /// Worth a second look.
    Warn,
}

/// A run of text in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The words.
    pub text: String,
    /// Emphasised (bold).
    pub strong: bool,
    /// An identifier or a hash (code).
    pub code: bool,
}

/// A paragraph: runs of text and how it reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Para {
    /// Its runs, in order.
    pub spans: Vec<Span>,
    /// Its tone.
    pub tone: Tone,
    /// Set as a headline (larger, bold) where the renderer can.
    pub headline: bool,
}

impl Para {
    /// A paragraph of plain text.
    pub fn new(text: impl Into<String>) -> Para {
        Para::default().plain(text)
    }

    /// Adds plain text.
    pub fn plain(mut self, text: impl Into<String>) -> Para {
        self.spans.push(Span {
            text: text.into(),
            strong: false,
            code: false,
        });
        self
    }

    /// Adds emphasised text.
    pub fn strong(mut self, text: impl Into<String>) -> Para {
        self.spans.push(Span {
            text: text.into(),
            strong: true,
            code: false,
        });
        self
    }

    /// Adds an identifier.
    pub fn code(mut self, text: impl Into<String>) -> Para {
        self.spans.push(Span {
            text: text.into(),
            strong: false,
            code: true,
        });
        self
    }

    /// Sets its tone.
    pub fn tone(mut self, tone: Tone) -> Para {
        self.tone = tone;
        self
    }

    /// Sets it as a headline.
    pub fn headline(mut self) -> Para {
        self.headline = true;
        self
    }

    /// Its words without markup.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A table: a header row and rows of cells. `numeric` marks columns aligned right.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The header cells.
    pub head: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<String>>,
    /// Which columns hold numbers.
    pub numeric: Vec<bool>,
}

impl Table {
    /// What a screen reader says for the header row: "Columns: variable, true at the start, …".
    pub fn spoken_head(&self) -> String {
        format!("Columns: {}", self.head.join(", "))
    }

    /// What a screen reader says for a row: its first cell, then each other cell after its
    /// column's name ("Famine: true at the start 60, your estimate 63").
    pub fn spoken_row(&self, row: &[String]) -> String {
        let mut cells = row.iter().zip(&self.head);
        let Some((first, _)) = cells.next() else {
            return String::new();
        };
        let rest: Vec<String> = cells
            .filter(|(c, _)| !c.is_empty())
            .map(|(c, h)| format!("{h} {c}"))
            .collect();
        if rest.is_empty() {
            first.clone()
        } else {
            format!("{first}: {}", rest.join(", "))
        }
    }
}

/// One chart's data: a variable's true value and the player's estimate with its band, round by
/// round from round 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartData {
    /// The variable's name, the chart's title.
    pub label: String,
    /// The variable, for renderers that draw.
    pub var: crate::sim::vars::Var,
    /// The true value each round.
    pub truth: Vec<i32>,
    /// The estimate each round.
    pub estimate: Vec<i32>,
    /// The band (±) of each estimate.
    pub band: Vec<i32>,
}

impl ChartData {
    /// What a screen reader says for the drawn chart.
    pub fn alt(&self) -> String {
        format!(
            "Chart of {}: true value and your estimate by round",
            self.label
        )
    }

    /// The chart's numbers in words, for outputs that cannot draw it.
    pub fn series(&self) -> String {
        let truth: Vec<String> = self.truth.iter().map(i32::to_string).collect();
        let est: Vec<String> = self
            .estimate
            .iter()
            .zip(&self.band)
            .map(|(e, b)| format!("{e}±{b}"))
            .collect();
        format!(
            "true value by round: {}; your estimate: {}",
            truth.join(" "),
            est.join(" ")
        )
    }
}

/// A block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading: level 1 (the title), 2 (a section) or 3.
    Heading(u8, String),
    /// A paragraph.
    Para(Para),
    /// A list. Brief outputs (the window, the terminal) show the first `brief` items and then
    /// [`more_line`].
    List {
        /// The items.
        items: Vec<String>,
        /// Numbered.
        ordered: bool,
        /// How many items brief outputs show.
        brief: Option<usize>,
    },
    /// A table.
    Table(Table),
    /// Scores out of 100 by name, and the total (gauges on screen).
    Scores {
        /// Each dimension and its score.
        rows: Vec<(String, i32)>,
        /// The total.
        total: i32,
    },
    /// Charts of true values against estimates.
    Charts(Vec<ChartData>),
    /// Move strips aligned in columns: (who, one letter per round).
    Strips(Vec<(String, String)>),
    /// Blocks only the full outputs (the files) show: long tables a screen has no room for.
    FullOnly(Vec<Block>),
    /// Blocks every output shows but the terminal, which has a command of its own for them.
    NotInTerminal(Vec<Block>),
}

/// The word for the total in a [`Block::Scores`].
pub const TOTAL: &str = "total";

/// What a brief output says after the first items of a long list.
pub fn more_line(more: usize) -> String {
    format!("… and {more} more (see the exported report)")
}

/// A document: a title and its blocks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// The blocks, in reading order (the title is the first heading).
    pub blocks: Vec<Block>,
}

/// Which output a document is rendered for: what it shows of lists and charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    /// Long lists are cut (the window, the terminal).
    pub brief: bool,
    /// Charts are drawn (the window, HTML); otherwise their numbers are written out.
    pub draws: bool,
    /// Wide blocks fit (all but the terminal).
    pub roomy: bool,
}

impl Output {
    /// The window: brief, drawn.
    pub const WINDOW: Output = Output {
        brief: true,
        draws: true,
        roomy: true,
    };
    /// The terminal: brief, in words.
    pub const TERMINAL: Output = Output {
        brief: true,
        draws: false,
        roomy: false,
    };
    /// Markdown: everything, in words.
    pub const MARKDOWN: Output = Output {
        brief: false,
        draws: false,
        roomy: true,
    };
    /// HTML: everything, drawn.
    pub const HTML: Output = Output {
        brief: false,
        draws: true,
        roomy: true,
    };
}

/// The items a list shows in an output, with the "and more" line where it is cut.
pub fn list_items(items: &[String], brief: Option<usize>, out: Output) -> Vec<String> {
    match brief {
        Some(n) if out.brief && items.len() > n => {
            let mut shown = items[..n].to_vec();
            shown.push(more_line(items.len() - n));
            shown
        }
        _ => items.to_vec(),
    }
}

impl Document {
    /// Adds a block.
    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }

    /// Adds a heading.
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.push(Block::Heading(level, text.into()));
    }

    /// Adds a paragraph.
    pub fn para(&mut self, p: Para) {
        self.push(Block::Para(p));
    }

    /// Adds a bulleted list.
    pub fn list(&mut self, items: Vec<String>) {
        self.push(Block::List {
            items,
            ordered: false,
            brief: None,
        });
    }

    /// Adds a table.
    pub fn table(&mut self, head: &[&str], rows: Vec<Vec<String>>, numeric: &[bool]) {
        self.push(Block::Table(Table {
            head: head.iter().map(|h| h.to_string()).collect(),
            rows,
            numeric: numeric.to_vec(),
        }));
    }

    /// Every piece of text an output shows, in order: each heading, paragraph, list item, table
    /// cell, score name and value, chart title (and its numbers where it is not drawn; brief
    /// outputs that cannot draw leave charts out), strip.
    pub fn units(&self, out: Output) -> Vec<String> {
        let mut u = Vec::new();
        units_of(&self.blocks, out, &mut u);
        u.retain(|x| !x.is_empty());
        u
    }
}

/// Whether an output shows a block at all.
pub fn shows(b: &Block, out: Output) -> bool {
    match b {
        Block::FullOnly(_) => !out.brief,
        Block::NotInTerminal(_) => out.roomy,
        Block::Charts(_) => out.draws || !out.brief,
        _ => true,
    }
}

fn units_of(blocks: &[Block], out: Output, u: &mut Vec<String>) {
    for b in blocks.iter().filter(|b| shows(b, out)) {
        match b {
            Block::Heading(_, t) => u.push(t.clone()),
            Block::Para(p) => u.push(p.text()),
            Block::List { items, brief, .. } => u.extend(list_items(items, *brief, out)),
            Block::Table(t) => {
                u.extend(t.head.iter().cloned());
                u.extend(t.rows.iter().flatten().cloned());
            }
            Block::Scores { rows, total } => {
                for (name, v) in rows {
                    u.push(name.clone());
                    u.push(v.to_string());
                }
                u.push(TOTAL.to_string());
                u.push(total.to_string());
            }
            Block::Charts(charts) => {
                for c in charts {
                    u.push(c.label.clone());
                    if !out.draws {
                        u.push(c.series());
                    }
                }
            }
            Block::Strips(strips) => {
                for (who, letters) in strips {
                    u.push(who.clone());
                    u.push(letters.clone());
                }
            }
            Block::FullOnly(inner) | Block::NotInTerminal(inner) => units_of(inner, out, u),
        }
    }
}

/// Word-wraps text at `width` characters (each line of the input wrapped on its own).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for para in text.split('\n') {
        let mut line_len = 0;
        for word in para.split_whitespace() {
            let wl = word.chars().count();
            if line_len > 0 && line_len + 1 + wl > width {
                out.push('\n');
                line_len = 0;
            } else if line_len > 0 {
                out.push(' ');
                line_len += 1;
            }
            out.push_str(word);
            line_len += wl;
        }
        out.push('\n');
    }
    out.trim_end().to_string()
}

fn pad(s: &str, width: usize, right: bool) -> String {
    let n = s.chars().count();
    let fill = " ".repeat(width.saturating_sub(n));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// Renders a table as aligned text columns when it fits in `width`, or else each row as its
/// cells joined by dashes, wrapped.
fn text_table(t: &Table, indent: &str, width: usize) -> String {
    let cols = t.head.len();
    let mut widths = vec![0; cols];
    for row in std::iter::once(&t.head).chain(&t.rows) {
        for (i, c) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut s = String::new();
    if indent.len() + widths.iter().sum::<usize>() + 2 * cols > width {
        for row in std::iter::once(&t.head).chain(&t.rows) {
            let cells: Vec<&str> = row
                .iter()
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect();
            let w = width.saturating_sub(indent.len() + 2).max(20);
            let body = wrap(&cells.join(" — "), w).replace('\n', &format!("\n{indent}  "));
            let _ = writeln!(s, "{indent}{body}");
        }
        return s;
    }
    for row in std::iter::once(&t.head).chain(&t.rows) {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i], t.numeric.get(i).copied().unwrap_or(false)))
            .collect();
        let _ = writeln!(s, "{indent}{}", cells.join("  ").trim_end());
    }
    s
}

/// The document as terminal text, wrapped at `width`.
pub fn terminal(doc: &Document, width: usize) -> String {
    let mut s = String::new();
    terminal_blocks(&doc.blocks, width, &mut s);
    s.trim_end().to_string()
}

fn terminal_blocks(blocks: &[Block], width: usize, s: &mut String) {
    let out = Output::TERMINAL;
    let indented = |t: &str, first: &str, rest: &str| {
        let w = width.saturating_sub(first.chars().count()).max(20);
        let body = wrap(t, w).replace('\n', &format!("\n{rest}"));
        format!("{first}{body}\n")
    };
    for b in blocks.iter().filter(|b| shows(b, out)) {
        match b {
            Block::Heading(1, t) => {
                let bar = "═".repeat(t.chars().count().min(width));
                let _ = write!(s, "{bar}\n{t}\n{bar}\n");
            }
            Block::Heading(2, t) => {
                let _ = write!(s, "\n{t}\n{}\n", "─".repeat(t.chars().count().min(width)));
            }
            Block::Heading(_, t) => {
                let _ = writeln!(s, "{t}:");
            }
            // Secondary text (a news item's body, a legend) is set in under what it explains.
            Block::Para(p) if p.tone == Tone::Quiet => {
                s.push_str(&indented(&p.text(), "    ", "    "))
            }
            Block::Para(p) => s.push_str(&indented(&p.text(), "", "")),
            Block::List {
                items,
                ordered,
                brief,
            } => {
                for (i, item) in list_items(items, *brief, out).iter().enumerate() {
                    let mark = if *ordered {
                        format!("  {}. ", i + 1)
                    } else {
                        "  - ".to_string()
                    };
                    s.push_str(&indented(item, &mark, "    "));
                }
            }
            Block::Table(t) => s.push_str(&text_table(t, "  ", width)),
            Block::Scores { rows, total } => {
                for (name, v) in rows
                    .iter()
                    .chain(std::iter::once(&(TOTAL.to_string(), *total)))
                {
                    let _ = writeln!(s, "  {} {v:>3}", pad(name, 26, false));
                }
            }
            Block::Charts(charts) => {
                for c in charts {
                    s.push_str(&indented(&c.series(), &format!("  {}: ", c.label), "    "));
                }
            }
            Block::Strips(strips) => {
                for (who, letters) in strips {
                    let _ = writeln!(s, "  {} {letters}", pad(who, 11, false));
                }
            }
            Block::FullOnly(inner) | Block::NotInTerminal(inner) => {
                terminal_blocks(inner, width, s)
            }
        }
    }
}

fn md_escape(t: &str) -> String {
    t.replace('|', "\\|")
}

fn md_para(p: &Para) -> String {
    p.spans
        .iter()
        .map(|x| {
            if x.code {
                format!("`{}`", x.text)
            } else if x.strong {
                format!("**{}**", x.text)
            } else {
                x.text.clone()
            }
        })
        .collect()
}

/// The document as Markdown.
pub fn markdown(doc: &Document) -> String {
    let mut s = String::new();
    markdown_blocks(&doc.blocks, &mut s);
    s.trim_end().to_string() + "\n"
}

fn markdown_blocks(blocks: &[Block], s: &mut String) {
    let out = Output::MARKDOWN;
    for b in blocks.iter().filter(|b| shows(b, out)) {
        match b {
            Block::Heading(level, t) => {
                let _ = writeln!(s, "{} {t}\n", "#".repeat(usize::from(*level).clamp(1, 6)));
            }
            Block::Para(p) => {
                let _ = writeln!(s, "{}\n", md_para(p));
            }
            Block::List {
                items,
                ordered,
                brief,
            } => {
                for item in list_items(items, *brief, out) {
                    let _ = writeln!(s, "{} {item}", if *ordered { "1." } else { "-" });
                }
                s.push('\n');
            }
            Block::Table(t) => {
                let row = |cells: &[String]| {
                    let cells: Vec<String> = cells.iter().map(|c| md_escape(c)).collect();
                    format!("| {} |", cells.join(" | "))
                };
                let _ = writeln!(s, "{}", row(&t.head));
                let rule: Vec<&str> = (0..t.head.len())
                    .map(|i| {
                        if t.numeric.get(i).copied().unwrap_or(false) {
                            "---:"
                        } else {
                            "---"
                        }
                    })
                    .collect();
                let _ = writeln!(s, "|{}|", rule.join("|"));
                for r in &t.rows {
                    let _ = writeln!(s, "{}", row(r));
                }
                s.push('\n');
            }
            Block::Scores { rows, total } => {
                let _ = writeln!(s, "| | |\n|---|---:|");
                for (name, v) in rows {
                    let _ = writeln!(s, "| {} | {v} |", md_escape(name));
                }
                let _ = writeln!(s, "| **{TOTAL}** | **{total}** |\n");
            }
            Block::Charts(charts) => {
                for c in charts {
                    let _ = writeln!(s, "- **{}**: {}", c.label, c.series());
                }
                s.push('\n');
            }
            Block::Strips(strips) => {
                s.push_str("```\n");
                for (who, letters) in strips {
                    let _ = writeln!(s, "{} {letters}", pad(who, 10, false));
                }
                s.push_str("```\n\n");
            }
            Block::FullOnly(inner) | Block::NotInTerminal(inner) => markdown_blocks(inner, s),
        }
    }
}

/// Escapes text for HTML.
pub fn html_escape(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

fn html_para(p: &Para) -> String {
    p.spans
        .iter()
        .map(|x| {
            let t = html_escape(&x.text);
            if x.code {
                format!("<code>{t}</code>")
            } else if x.strong {
                format!("<strong>{t}</strong>")
            } else {
                t
            }
        })
        .collect()
}

fn tone_class(t: Tone) -> &'static str {
    match t {
        Tone::Plain => "",
        Tone::Quiet => " class=\"quiet\"",
        Tone::Good => " class=\"good\"",
        Tone::Bad => " class=\"bad\"",
        Tone::Warn => " class=\"warn\"",
    }
}

/// The style sheet of an HTML document.
pub const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b2631;line-height:1.45}h1{color:#1f4e79}h2{border-bottom:2px solid #1f4e79;padding-bottom:.2rem;margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0;display:block;max-width:100%;overflow-x:auto}td,th{border:1px solid #ccd1d1;padding:.25rem .5rem;text-align:left;font-size:.9rem}td.n{text-align:right}th{background:#eaf2f8}.charts{display:flex;flex-wrap:wrap;gap:1rem}.chart{border:1px solid #ccd1d1;padding:.4rem}.chart h3{margin:.1rem 0;font-size:.95rem}code,pre{background:#f4f6f6;padding:.1rem .3rem}.headline,.outcome{font-size:1.2rem;font-weight:bold}.quiet{color:#566573;font-size:.9rem}.good{color:#1e8449}.bad{color:#b03a2e}.warn{color:#b9770e}";

/// The document as one self-contained HTML page; `chart` draws a chart as inline SVG.
pub fn html(doc: &Document, title: &str, chart: &dyn Fn(&ChartData) -> String) -> String {
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>{}</title><style>{CSS}</style></head><body>\n",
        html_escape(title)
    );
    html_blocks(&doc.blocks, chart, &mut s);
    s.push_str("</body></html>\n");
    s
}

fn html_blocks(blocks: &[Block], chart: &dyn Fn(&ChartData) -> String, s: &mut String) {
    let out = Output::HTML;
    for b in blocks.iter().filter(|b| shows(b, out)) {
        match b {
            Block::Heading(level, t) => {
                let l = level.clamp(&1, &6);
                let _ = writeln!(s, "<h{l}>{}</h{l}>", html_escape(t));
            }
            Block::Para(p) => {
                let class = if p.headline {
                    " class=\"headline\"".to_string()
                } else {
                    tone_class(p.tone).to_string()
                };
                let _ = writeln!(s, "<p{class}>{}</p>", html_para(p));
            }
            Block::List {
                items,
                ordered,
                brief,
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = write!(s, "<{tag}>");
                for item in list_items(items, *brief, out) {
                    let _ = write!(s, "<li>{}</li>", html_escape(&item));
                }
                let _ = writeln!(s, "</{tag}>");
            }
            Block::Table(t) => {
                s.push_str("<table><tr>");
                for h in &t.head {
                    let _ = write!(s, "<th>{}</th>", html_escape(h));
                }
                s.push_str("</tr>");
                for r in &t.rows {
                    s.push_str("<tr>");
                    for (i, c) in r.iter().enumerate() {
                        let class = if t.numeric.get(i).copied().unwrap_or(false) {
                            " class=\"n\""
                        } else {
                            ""
                        };
                        let _ = write!(s, "<td{class}>{}</td>", html_escape(c));
                    }
                    s.push_str("</tr>");
                }
                s.push_str("</table>\n");
            }
            Block::Scores { rows, total } => {
                s.push_str("<table>");
                for (name, v) in rows {
                    let _ = write!(
                        s,
                        "<tr><td>{}</td><td class=\"n\">{v}</td></tr>",
                        html_escape(name)
                    );
                }
                let _ = writeln!(s, "<tr><th>{TOTAL}</th><th>{total}</th></tr></table>");
            }
            Block::Charts(charts) => {
                s.push_str("<div class=\"charts\">");
                for c in charts {
                    let _ = write!(
                        s,
                        "<div class=\"chart\"><h3>{}</h3>{}</div>",
                        html_escape(&c.label),
                        chart(c)
                    );
                }
                s.push_str("</div>\n");
            }
            Block::Strips(strips) => {
                s.push_str("<pre>");
                for (who, letters) in strips {
                    let _ = writeln!(s, "{} {}", html_escape(&pad(who, 10, false)), letters);
                }
                s.push_str("</pre>\n");
            }
            Block::FullOnly(inner) | Block::NotInTerminal(inner) => html_blocks(inner, chart, s),
        }
    }
}
