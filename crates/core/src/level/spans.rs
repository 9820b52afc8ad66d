//! A tolerant reader of RON's shape that remembers where every value is, so that errors found
//! after deserialization ("unknown site `kumchang`") can point at the line and column.
//!
//! It reads only structure (structs, tuples, lists, maps, atoms), never panics, and gives up
//! quietly on input RON itself would reject; `ron` remains the parser of record.

/// A byte range in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A value and where it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `Name(field: value, ...)` or `(field: value, ...)`.
    Struct {
        /// The whole value.
        span: Span,
        /// Each field: its name, where the name is, and its value.
        fields: Vec<(String, Span, Node)>,
    },
    /// `Name(value, ...)` or `(value, ...)`, and enum variants with values.
    Tuple {
        /// The whole value.
        span: Span,
        /// The values, in order.
        items: Vec<Node>,
    },
    /// `[value, ...]`.
    List {
        /// The whole list.
        span: Span,
        /// The values, in order.
        items: Vec<Node>,
    },
    /// `{key: value, ...}`.
    Map {
        /// The whole map.
        span: Span,
        /// Each key with its value.
        entries: Vec<(Node, Node)>,
    },
    /// A number, string, character, identifier or unit variant.
    Atom {
        /// Where it is.
        span: Span,
    },
}

impl Node {
    /// Where the value is.
    pub fn span(&self) -> Span {
        match self {
            Node::Struct { span, .. }
            | Node::Tuple { span, .. }
            | Node::List { span, .. }
            | Node::Map { span, .. }
            | Node::Atom { span } => *span,
        }
    }

    /// The child at a path segment, if there is one.
    pub fn child(&self, seg: &Seg) -> Option<&Node> {
        match (self, seg) {
            (Node::Struct { fields, .. }, Seg::Field(name)) => {
                fields.iter().find(|(n, _, _)| n == name).map(|(_, _, v)| v)
            }
            (Node::Struct { fields, .. }, Seg::Index(i)) => fields.get(*i).map(|(_, _, v)| v),
            (Node::Tuple { items, .. } | Node::List { items, .. }, Seg::Index(i)) => items.get(*i),
            // `Some(x)` written without `Some` under implicit_some, or a newtype variant.
            (Node::Tuple { items, .. }, Seg::Field(_)) if items.len() == 1 => {
                items.first().and_then(|n| n.child(seg))
            }
            _ => None,
        }
    }

    /// The deepest node along a path, and how many segments were matched.
    pub fn locate(&self, path: &[Seg]) -> (&Node, usize) {
        let mut node = self;
        let mut depth = 0;
        for seg in path {
            match node.child(seg) {
                Some(next) => {
                    node = next;
                    depth += 1;
                }
                None => break,
            }
        }
        (node, depth)
    }

    /// Calls a struct's field `from` by the name `to` instead (the file keeps its text), so that
    /// paths written with a field's new name find it in a file that uses an old one.
    pub fn rename_field(&mut self, from: &str, to: &str) {
        if let Node::Struct { fields, .. } = self {
            for (n, _, _) in fields.iter_mut().filter(|(n, _, _)| n == from) {
                *n = to.to_string();
            }
        }
    }

    /// The span of a field's name in a struct, for "unknown field" style messages.
    pub fn field_key(&self, name: &str) -> Option<Span> {
        match self {
            Node::Struct { fields, .. } => fields
                .iter()
                .find(|(n, _, _)| n == name)
                .map(|(_, s, _)| *s),
            _ => None,
        }
    }
}

/// One step of a path into a level file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A named field.
    Field(String),
    /// A position in a list or tuple.
    Index(usize),
}

/// Reads the shape of a RON document. `None` when the text is not shaped like RON.
pub fn read(src: &str) -> Option<Node> {
    let mut r = Reader {
        s: src.as_bytes(),
        pos: 0,
        depth: 0,
    };
    r.skip_ws();
    while r.peek() == Some(b'#') {
        r.skip_attribute()?;
        r.skip_ws();
    }
    let node = r.value()?;
    Some(node)
}

/// Where the identifier `name` is written in `src`, outside strings and comments (for renamed
/// words of the format, such as an enum variant).
pub fn identifiers(src: &str, name: &str) -> Vec<Span> {
    let mut r = Reader {
        s: src.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    loop {
        r.skip_ws();
        let Some(c) = r.peek() else { break };
        match c {
            b'"' => {
                r.pos += 1;
                while let Some(c) = r.peek() {
                    r.pos += if c == b'\\' { 2 } else { 1 };
                    if c == b'"' {
                        break;
                    }
                }
            }
            b'r' if matches!(r.peek_at(1), Some(b'"' | b'#')) => {
                // A raw string: r"…" or r#"…"#.
                let mut hashes = 0;
                r.pos += 1;
                while r.peek() == Some(b'#') {
                    hashes += 1;
                    r.pos += 1;
                }
                r.pos += 1;
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                while r.pos < r.s.len() && !r.s[r.pos..].starts_with(&close) {
                    r.pos += 1;
                }
                r.pos += close.len();
            }
            c if ident(c) => {
                let start = r.pos;
                while r.peek().is_some_and(ident) {
                    r.pos += 1;
                }
                if &src.as_bytes()[start..r.pos] == name.as_bytes() {
                    out.push(Span { start, end: r.pos });
                }
            }
            _ => r.pos += 1,
        }
    }
    out
}

struct Reader<'a> {
    s: &'a [u8],
    pos: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 256;

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        self.s.get(self.pos + k).copied()
    }

    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.peek_at(1) == Some(b'/') => {
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        if c == b'\n' {
                            break;
                        }
                    }
                }
                Some(b'/') if self.peek_at(1) == Some(b'*') => {
                    self.pos += 2;
                    let mut level = 1;
                    while level > 0 {
                        match (self.peek(), self.peek_at(1)) {
                            (None, _) => return,
                            (Some(b'*'), Some(b'/')) => {
                                level -= 1;
                                self.pos += 2;
                            }
                            (Some(b'/'), Some(b'*')) => {
                                level += 1;
                                self.pos += 2;
                            }
                            _ => self.pos += 1,
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_attribute(&mut self) -> Option<()> {
        // `#![...]` with balanced brackets.
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'[' {
                let mut level = 1;
                while level > 0 {
                    let c = self.peek()?;
                    self.pos += 1;
                    match c {
                        b'[' => level += 1,
                        b']' => level -= 1,
                        _ => {}
                    }
                }
                return Some(());
            }
        }
        None
    }

    fn ident(&mut self) -> Option<(usize, usize)> {
        let start = self.pos;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.pos += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        if self.pos == start {
            None
        } else {
            Some((start, self.pos))
        }
    }

    fn text(&self, a: usize, b: usize) -> String {
        String::from_utf8_lossy(self.s.get(a..b).unwrap_or_default()).into_owned()
    }

    fn value(&mut self) -> Option<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let node = self.value_inner();
        self.depth -= 1;
        node
    }

    fn value_inner(&mut self) -> Option<Node> {
        self.skip_ws();
        let start = self.pos;
        match self.peek()? {
            b'"' => {
                self.string()?;
                Some(Node::Atom {
                    span: Span {
                        start,
                        end: self.pos,
                    },
                })
            }
            b'r' if matches!(self.peek_at(1), Some(b'"' | b'#')) && self.raw_string_ahead() => {
                self.raw_string()?;
                Some(Node::Atom {
                    span: Span {
                        start,
                        end: self.pos,
                    },
                })
            }
            b'\'' => {
                self.pos += 1;
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == b'\\' {
                        self.pos += 1;
                    } else if c == b'\'' {
                        break;
                    }
                }
                Some(Node::Atom {
                    span: Span {
                        start,
                        end: self.pos,
                    },
                })
            }
            b'[' => {
                self.pos += 1;
                let items = self.seq(b']')?;
                Some(Node::List {
                    span: Span {
                        start,
                        end: self.pos,
                    },
                    items,
                })
            }
            b'{' => {
                self.pos += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_ws();
                    if self.peek()? == b'}' {
                        self.pos += 1;
                        break;
                    }
                    let k = self.value()?;
                    self.skip_ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.pos += 1;
                    let v = self.value()?;
                    entries.push((k, v));
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b'}' => {}
                        _ => return None,
                    }
                }
                Some(Node::Map {
                    span: Span {
                        start,
                        end: self.pos,
                    },
                    entries,
                })
            }
            b'(' => self.parens(start),
            c if c.is_ascii_alphabetic() || c == b'_' => {
                self.ident()?;
                self.skip_ws_no_newline_comments();
                if self.peek() == Some(b'(') {
                    self.parens(start)
                } else {
                    Some(Node::Atom {
                        span: Span {
                            start,
                            end: self.pos,
                        },
                    })
                }
            }
            c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                self.pos += 1;
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'+' | b'-') {
                        // Stop a sign that starts the next token (never inside a number here).
                        if matches!(c, b'+' | b'-')
                            && !matches!(self.s.get(self.pos - 1), Some(b'e' | b'E'))
                        {
                            break;
                        }
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                Some(Node::Atom {
                    span: Span {
                        start,
                        end: self.pos,
                    },
                })
            }
            _ => None,
        }
    }

    fn skip_ws_no_newline_comments(&mut self) {
        self.skip_ws();
    }

    fn raw_string_ahead(&self) -> bool {
        let mut k = 1;
        while self.peek_at(k) == Some(b'#') {
            k += 1;
        }
        self.peek_at(k) == Some(b'"')
    }

    fn raw_string(&mut self) -> Option<()> {
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek()? != b'"' {
            return None;
        }
        self.pos += 1;
        loop {
            let c = self.peek()?;
            self.pos += 1;
            if c == b'"' {
                let mut k = 0;
                while k < hashes && self.peek() == Some(b'#') {
                    k += 1;
                    self.pos += 1;
                }
                if k == hashes {
                    return Some(());
                }
            }
        }
    }

    fn string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            let c = self.peek()?;
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'"' => return Some(()),
                _ => {}
            }
        }
    }

    /// After an optional name: `( ... )` as a struct (fields) or a tuple (values).
    fn parens(&mut self, start: usize) -> Option<Node> {
        if self.peek()? != b'(' {
            return None;
        }
        self.pos += 1;
        self.skip_ws();
        // A struct if the first thing is `ident :` (but not `::`).
        let save = self.pos;
        let is_struct = match self.ident() {
            Some(_) => {
                self.skip_ws();
                self.peek() == Some(b':')
            }
            None => false,
        };
        self.pos = save;
        if is_struct {
            let mut fields = Vec::new();
            loop {
                self.skip_ws();
                if self.peek()? == b')' {
                    self.pos += 1;
                    break;
                }
                let (a, b) = self.ident()?;
                let key = self.text(a, b);
                self.skip_ws();
                if self.peek()? != b':' {
                    return None;
                }
                self.pos += 1;
                let v = self.value()?;
                fields.push((key, Span { start: a, end: b }, v));
                self.skip_ws();
                match self.peek()? {
                    b',' => self.pos += 1,
                    b')' => {}
                    _ => return None,
                }
            }
            Some(Node::Struct {
                span: Span {
                    start,
                    end: self.pos,
                },
                fields,
            })
        } else {
            let items = self.seq(b')')?;
            Some(Node::Tuple {
                span: Span {
                    start,
                    end: self.pos,
                },
                items,
            })
        }
    }

    fn seq(&mut self, close: u8) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.peek()? == close {
                self.pos += 1;
                return Some(items);
            }
            items.push(self.value()?);
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                c if c == close => {}
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_values() {
        let src = "#![enable(implicit_some)]\nLevel(\n  id: \"x\",\n  events: [\n    (id: \"a\", when: All([Flag(\"f\"), AtLeast(tension, 5)])),\n  ],\n)";
        let root = read(src).unwrap();
        let f = |x: &str| Seg::Field(x.to_string());
        let path = [
            f("events"),
            Seg::Index(0),
            f("when"),
            Seg::Index(0),
            Seg::Index(0),
            Seg::Index(0),
        ];
        let (n, depth) = root.locate(&path);
        assert_eq!(depth, 6);
        let s = n.span();
        assert_eq!(&src[s.start..s.end], "\"f\"");
        let (n, _) = root.locate(&[f("id")]);
        assert_eq!(&src[n.span().start..n.span().end], "\"x\"");
    }

    #[test]
    fn never_panics_on_junk() {
        for junk in [
            "",
            "(",
            "[[[",
            "Level(a:",
            "\"unterminated",
            "r#\"x",
            "/* open",
            "{1:",
            "(a: 1,, )",
        ] {
            let _ = read(junk);
        }
        let deep = "[".repeat(10_000);
        assert!(read(&deep).is_none());
    }
}
