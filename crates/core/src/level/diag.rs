//! Diagnostics for level files: what is wrong, where (file:line:column), the line itself with a
//! caret, and a "did you mean" where one helps. Rendered with `codespan-reporting`.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, DisplayStyle};
use serde::Serialize;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The level cannot be played.
    Error,
    /// The level can be played but probably not as meant.
    Warning,
}

/// One problem in a level file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in the level's terms.
    pub message: String,
    /// Byte range in the file, if known.
    #[serde(skip)]
    pub range: Option<(usize, usize)>,
    /// 1-based line and column (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// A suggestion: "did you mean `yongbyon`?".
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with this message and no position yet.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            range: None,
            line: 0,
            column: 0,
            help: None,
        }
    }

    /// A warning with this message and no position yet.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// The same problem, with this suggestion.
    pub fn with_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// Whether it is an error (the level cannot be played).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// All problems found in one file, with the file's text for rendering.
#[derive(Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The file's name, as shown in messages.
    pub file: String,
    /// The file's text.
    pub source: String,
    /// The problems, in the order found.
    pub items: Vec<Diagnostic>,
}

impl std::fmt::Debug for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render_short())
    }
}

impl Diagnostics {
    /// An empty list for this file.
    pub fn new(file: impl Into<String>, source: impl Into<String>) -> Diagnostics {
        Diagnostics {
            file: file.into(),
            source: source.into(),
            items: Vec::new(),
        }
    }

    /// Adds a problem at a byte range (line and column are computed from it).
    pub fn push_at(&mut self, mut d: Diagnostic, range: Option<(usize, usize)>) {
        if let Some((a, b)) = range {
            let a = a.min(self.source.len());
            let b = b.clamp(a, self.source.len());
            let (line, column) = line_col(&self.source, a);
            d.range = Some((a, b));
            d.line = line;
            d.column = column;
        }
        self.items.push(d);
    }

    /// Adds a problem at a 1-based line and column.
    pub fn push_line_col(&mut self, d: Diagnostic, line: usize, column: usize) {
        // The parser may stop on the space before the value it rejects: point at the value.
        let mut start = offset_of(&self.source, line, column);
        if let Some(rest) = self.source.get(start..) {
            let skip = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            if rest
                .get(skip..)
                .is_some_and(|r| !r.is_empty() && !r.starts_with('\n'))
            {
                start += skip;
            }
        }
        let end = token_end(&self.source, start);
        self.push_at(d, Some((start, end)));
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// Problems in file order.
    pub fn sort(&mut self) {
        self.items.sort_by_key(|d| (d.line, d.column));
    }

    /// The problems as a terminal would show them: header, `file:line:col`, the line, a caret.
    pub fn render(&self) -> String {
        let file = SimpleFile::new(self.file.as_str(), self.source.as_str());
        let config = Config {
            display_style: DisplayStyle::Rich,
            ..Config::default()
        };
        let mut out = String::new();
        for d in &self.items {
            let mut cs = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
            }
            .with_message(d.message.clone());
            if let Some((a, b)) = d.range {
                cs = cs.with_labels(vec![Label::primary((), a..b.max(a))]);
            } else {
                cs = cs.with_notes(vec![format!("in {}", self.file)]);
            }
            if let Some(h) = &d.help {
                cs = cs.with_notes(vec![format!("help: {h}")]);
            }
            match term::emit_into_string(&config, &file, &cs) {
                Ok(s) => out.push_str(&s),
                Err(_) => out.push_str(&format!("{}: {}\n", self.file, d.message)),
            }
        }
        out
    }

    /// One line per problem: `file:line:col: error: message (help)`.
    pub fn render_short(&self) -> String {
        let mut out = String::new();
        for d in &self.items {
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&format!(
                "{}:{}:{}: {sev}: {}",
                self.file, d.line, d.column, d.message
            ));
            if let Some(h) = &d.help {
                out.push_str(&format!(" ({h})"));
            }
            out.push('\n');
        }
        out
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = src
        .get(line_start..offset)
        .map_or(1, |s| s.chars().count() + 1);
    (line, column)
}

/// Byte offset of a 1-based line and character column (clamped to the text).
pub fn offset_of(src: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match src[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return src.len(),
        }
    }
    let line_text = &src[start..];
    let line_end = line_text.find('\n').unwrap_or(line_text.len());
    let mut off = start;
    for (k, (i, _)) in line_text[..line_end].char_indices().enumerate() {
        off = start + i;
        if k + 1 == column.max(1) {
            return off;
        }
    }
    if column <= 1 {
        start
    } else {
        (start + line_end).max(off)
    }
}

/// The end of the token that starts at `start` (for underlining).
fn token_end(src: &str, start: usize) -> usize {
    let rest = src.get(start..).unwrap_or("");
    let mut end = start;
    for (i, c) in rest.char_indices() {
        if c.is_alphanumeric() || c == '_' || c == '"' || c == '-' || c == '.' {
            end = start + i + c.len_utf8();
        } else {
            break;
        }
    }
    if end == start {
        (start + rest.chars().next().map_or(0, char::len_utf8)).min(src.len())
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_round_trip() {
        let src = "ab\ncdé\nxyz";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, 8), (3, 1));
        assert_eq!(offset_of(src, 2, 3), 5);
        assert_eq!(offset_of(src, 3, 2), 9);
        assert_eq!(offset_of(src, 99, 1), src.len());
    }

    #[test]
    fn renders_file_line_column_and_caret() {
        let src = "Level(\n  id: \"x\",\n)";
        let mut d = Diagnostics::new("levels/x.ron", src);
        d.push_line_col(
            Diagnostic::error("bad id").with_help(Some("did you mean `y`?".into())),
            2,
            7,
        );
        let text = d.render();
        assert!(text.contains("levels/x.ron:2:7"), "{text}");
        assert!(text.contains("^^^"), "{text}");
        assert!(text.contains("did you mean `y`?"), "{text}");
        assert!(
            d.render_short()
                .starts_with("levels/x.ron:2:7: error: bad id")
        );
    }
}
