//! The RON level format (GAME.md §8): serde types ([`types`]), loading with diagnostics that point
//! at file:line:column ([`diag`], [`spans`]), and validation and compilation into the rules
//! ([`compile`]). The shipped default catalogue lives in `assets/rules/defaults.ron` and is built
//! into the program.

pub mod compile;
pub mod diag;
pub mod spans;
pub mod types;
pub use crate::sim::vocab::suggest;

use crate::sim::rules::Rules;
use diag::{Diagnostic, Diagnostics};
use ron::extensions::Extensions;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use types::{Defaults, Level};

/// The shipped default rule data.
pub const DEFAULTS_RON: &str = include_str!("../../../../assets/rules/defaults.ron");

/// The commented starting level that `quid-pro-quo new` writes (`--from blank`).
pub const NEW_LEVEL_RON: &str = include_str!("../../../../assets/templates/new-level.ron");

/// A level id made from a file name: lowercase letters, digits, `-` and `_`; anything else
/// becomes `-` (`My Level.ron` gives `my-level`). Never empty.
pub fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            c
        } else {
            '-'
        };
        if !(c == '-' && (id.is_empty() || id.ends_with('-'))) {
            id.push(c);
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() { "my-level".into() } else { id }
}

/// The text of a new level with this id: the commented blank template (`from` = `blank`), or a
/// copy of a shipped level (`april-2000`, …) under the new id. The error names the choices.
pub fn scaffold(id: &str, from: &str) -> Result<String, String> {
    if from == "blank" {
        let mut title: String = id.replace(['-', '_'], " ");
        if let Some(first) = title.get(..1) {
            title = format!("{}{}", first.to_uppercase(), &title[1..]);
        }
        return Ok(NEW_LEVEL_RON
            .replace("NEW_ID", id)
            .replace("NEW_TITLE", &title));
    }
    let choices = || {
        let mut c = vec!["blank".to_string()];
        c.extend(SHIPPED.iter().map(|(id, _)| id.to_string()));
        c.join(", ")
    };
    let text = shipped_text(from).ok_or_else(|| {
        let hint = crate::sim::vocab::suggest(from, SHIPPED.iter().map(|(id, _)| *id))
            .map(|s| format!(" Did you mean `{s}`?"))
            .unwrap_or_default();
        format!(
            "`{from}` is not a level to start from.{hint} Choose one of: {}.",
            choices()
        )
    })?;
    let needle = format!("id: \"{from}\"");
    if !text.contains(&needle) {
        return Err(format!(
            "the shipped level `{from}` does not name its id as expected"
        ));
    }
    Ok(format!(
        "// Started from the shipped level `{from}` with `quid-pro-quo new`: change what you need and\n\
         // run `quid-pro-quo check` after each change. levels/README.md describes every field.\n{}",
        text.replacen(&needle, &format!("id: \"{id}\""), 1)
    ))
}

/// The levels shipped with the game, built into the program: (id, file text). The tutorial
/// first, then the chapters of history in date order (a class can play the story in sequence),
/// then the sandbox.
pub const SHIPPED: &[(&str, &str)] = &[
    ("tutorial", include_str!("../../../../levels/tutorial.ron")),
    (
        "crisis-1993",
        include_str!("../../../../levels/crisis-1993.ron"),
    ),
    (
        "april-2000",
        include_str!("../../../../levels/april-2000.ron"),
    ),
    (
        "collapse-2002",
        include_str!("../../../../levels/collapse-2002.ron"),
    ),
    (
        "action-2007",
        include_str!("../../../../levels/action-2007.ron"),
    ),
    ("sandbox", include_str!("../../../../levels/sandbox.ron")),
];

/// The assumption presets shipped with the game: (id, file text).
pub const PRESETS: &[(&str, &str)] = &[
    (
        "memo",
        include_str!("../../../../levels/assumptions/memo.ron"),
    ),
    (
        "engagement",
        include_str!("../../../../levels/assumptions/engagement.ron"),
    ),
];

/// An assumption preset: a shipped one by id (`memo`, `engagement`), or a file by path.
pub fn preset(id_or_path: &str) -> Result<types::Preset, Diagnostics> {
    let (name, text) = match PRESETS.iter().find(|(id, _)| *id == id_or_path) {
        Some((id, t)) => (format!("levels/assumptions/{id}.ron"), (*t).to_string()),
        None => {
            let path = Path::new(id_or_path);
            match std::fs::read_to_string(path) {
                Ok(t) => (id_or_path.to_string(), t),
                Err(e) => {
                    let mut d = Diagnostics::new(id_or_path, "");
                    let known: Vec<&str> = PRESETS.iter().map(|(id, _)| *id).collect();
                    d.push_at(
                        Diagnostic::error(format!(
                            "no preset `{id_or_path}` and no such file ({e})"
                        ))
                        .with_help(Some(format!(
                            "the shipped presets are {}; or give the path of a preset file",
                            known.join(" and ")
                        ))),
                        None,
                    );
                    return Err(d);
                }
            }
        }
    };
    let normalized = normalize_text(&text);
    let text: &str = &normalized;
    ron_options().from_str::<types::Preset>(text).map_err(|e| {
        let mut d = Diagnostics::new(name, text);
        push_ron_error(&mut d, &e, &Default::default());
        d
    })
}

/// How a level is played, beyond its file: one of its other lengths, and assumptions set from
/// the command line or a preset. A game record keeps it, so the game replays on the same rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Variant {
    /// The id of one of the level's `lengths`; `None` for its own length.
    pub length: Option<String>,
    /// Assumptions set on top of the level's own: (id, value), applied in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<(String, i32)>,
}

impl Variant {
    /// A short key for hashes and file names: empty for the level as written.
    pub fn key(&self) -> String {
        let mut parts = Vec::new();
        if let Some(l) = &self.length {
            parts.push(format!("length={l}"));
        }
        if !self.set.is_empty() {
            let set: Vec<String> = self.set.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            parts.push(format!("set={}", set.join(",")));
        }
        parts.join(";")
    }

    /// The variant a key describes (the inverse of [`Variant::key`]).
    pub fn from_key(key: &str) -> Variant {
        let mut v = Variant::default();
        for part in key.split(';') {
            if let Some(l) = part.strip_prefix("length=") {
                v.length = Some(l.to_string());
            } else if let Some(list) = part.strip_prefix("set=") {
                for kv in list.split(',') {
                    if let Some((k, x)) = kv.split_once(':')
                        && let Ok(x) = x.parse()
                    {
                        v.set.push((k.to_string(), x));
                    }
                }
            }
        }
        v
    }

    /// Adds a preset's values (later entries win over earlier ones).
    pub fn with_preset(mut self, p: &types::Preset) -> Variant {
        for (k, v) in &p.set {
            self.set.retain(|(x, _)| x != k);
            self.set.push((k.clone(), *v));
        }
        self
    }

    /// Sets one assumption (replacing an earlier value for it).
    pub fn with(mut self, id: &str, value: i32) -> Variant {
        self.set.retain(|(x, _)| x != id);
        self.set.push((id.to_string(), value));
        self
    }

    /// Whether the level is played as written.
    pub fn is_default(&self) -> bool {
        self.length.is_none() && self.set.is_empty()
    }
}

/// A level that passed validation.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The level as written.
    pub level: Level,
    /// The rules compiled from it.
    pub rules: Arc<Rules>,
    /// Warnings (no errors).
    pub warnings: Diagnostics,
    /// How it is played.
    pub variant: Variant,
}

/// The text without a byte-order mark, with every line ending a `\n`.
pub fn normalize_text(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The ids of a level's own variables, moves and steps, read from its text before it is parsed.
/// A text this first reading cannot get through (a `#` taken for a comment, an unclosed string,
/// stray text) would fail the full parse too, and there perhaps earlier and for the wrong reason
/// (a level's own name unknown because it was never read): its error is the one to report.
fn own_names(text: &str) -> Result<crate::sim::names::LevelNames, ron::error::SpannedError> {
    use crate::sim::names::LevelNames;
    use crate::sim::vocab::MoveKind;
    #[derive(serde::Deserialize, Default)]
    #[serde(rename = "Level")]
    struct Prelude {
        #[serde(default)]
        variables: Vec<PreVar>,
        #[serde(default, alias = "pyongyang_moves")]
        opponent_moves: PreMoves,
        #[serde(default)]
        new_steps: Vec<PreStep>,
        #[serde(default)]
        allies: Option<Vec<PreAlly>>,
    }
    #[derive(serde::Deserialize)]
    struct PreAlly {
        id: String,
    }
    #[derive(serde::Deserialize)]
    struct PreVar {
        id: String,
        #[serde(default)]
        hidden: bool,
    }
    #[derive(serde::Deserialize, Default)]
    struct PreMoves {
        #[serde(default)]
        add: Vec<PreMove>,
    }
    #[derive(serde::Deserialize)]
    struct PreMove {
        #[serde(deserialize_with = "crate::sim::names::read_ident")]
        id: String,
    }
    #[derive(serde::Deserialize)]
    struct PreStep {
        id: String,
        #[serde(default)]
        ongoing: bool,
    }
    let p = ron_options().from_str::<Prelude>(text)?;
    let mut names = LevelNames::default();
    let room = crate::sim::vars::MAX_LEVEL_VARS;
    for v in p.variables {
        if names.vars.len() < room
            && crate::sim::vars::Var::from_id(&v.id).is_none()
            && !names.vars.iter().any(|(x, _)| *x == v.id)
        {
            names.vars.push((v.id, v.hidden));
        }
    }
    // The first two allies are `seoul` and `tokyo` by another name; a third is a variable of
    // the level's own, after its `variables`.
    for (k, a) in p.allies.unwrap_or_default().into_iter().enumerate() {
        let builtin = crate::sim::vars::Var::from_id(&a.id).is_some();
        let taken = names.all().any(|x| x == a.id);
        match k {
            0 | 1 if !builtin && !taken => names.aliases.push((a.id, 2 + k)),
            2 if !builtin && !taken && names.vars.len() < room => names.vars.push((a.id, false)),
            _ => {}
        }
    }
    for m in p.opponent_moves.add {
        if names.moves.len() < room
            && MoveKind::from_id(&m.id).is_none()
            && !names.moves.contains(&m.id)
        {
            names.moves.push(m.id);
        }
    }
    for s in p.new_steps {
        if names.steps.len() < room
            && crate::sim::vocab::StepKind::from_id(&s.id).is_none()
            && !names.steps.iter().any(|(x, _)| *x == s.id)
        {
            names.steps.push((s.id, s.ongoing));
        }
    }
    Ok(names)
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// The shipped defaults, parsed once.
pub fn defaults() -> Result<&'static Defaults, Diagnostics> {
    static CELL: OnceLock<Result<Defaults, Diagnostics>> = OnceLock::new();
    CELL.get_or_init(|| {
        ron_options()
            .from_str::<Defaults>(DEFAULTS_RON)
            .map_err(|e| {
                let mut d = Diagnostics::new("assets/rules/defaults.ron", DEFAULTS_RON);
                push_ron_error(&mut d, &e, &Default::default());
                d
            })
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Loads and validates a level file.
pub fn load_file(path: &Path) -> Result<Loaded, Diagnostics> {
    load_file_with(path, &Variant::default())
}

/// Loads and validates a level file, to be played as `variant` says.
pub fn load_file_with(path: &Path, variant: &Variant) -> Result<Loaded, Diagnostics> {
    load_file_in(&crate::files::Disk, path, variant)
}

/// Loads and validates a level file kept in `storage` (the disk, or the browser's storage), to be
/// played as `variant` says.
pub fn load_file_in(
    storage: &dyn crate::files::Storage,
    path: &Path,
    variant: &Variant,
) -> Result<Loaded, Diagnostics> {
    let name = path.display().to_string();
    match storage.read(path) {
        Ok(bytes) => load_bytes_with(&name, &bytes, variant),
        Err(e) => {
            let mut d = Diagnostics::new(name.clone(), "");
            d.push_at(Diagnostic::error(format!("cannot read {name}: {e}")), None);
            Err(d)
        }
    }
}

/// Sections renamed when the format stopped assuming North Korea: `(new, old)`. The old name is
/// still read, `check` suggests the new one, and a file is the same level under either name.
pub const OLD_SECTION_NAMES: [(&str, &str); 2] = [
    ("opponent_mind", "pyongyang"),
    ("opponent_moves", "pyongyang_moves"),
];

/// Words of the format renamed for the same reason (a condition's name), treated the same way.
pub const OLD_WORDS: [(&str, &str); 1] = [("OpponentDid", "PyongyangDid")];

/// The SHA-256 of a level file's bytes, in hex: how a game record names the exact level it was
/// played on. A section written under its new name is hashed as if written under its old one
/// ([`OLD_SECTION_NAMES`]), so renaming a section does not make a level new: records saved before
/// the rename still find their level, and the golden game keeps its hash.
pub fn content_hash(bytes: &[u8]) -> String {
    let hex = |d: &[u8]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
    match std::str::from_utf8(bytes)
        .ok()
        .and_then(with_old_section_names)
    {
        Some(old) => hex(&Sha256::digest(old.as_bytes())),
        None => hex(&Sha256::digest(bytes)),
    }
}

/// The text with each top-level section and word that has an old name ([`OLD_SECTION_NAMES`],
/// [`OLD_WORDS`]) written under it; `None` when there is none to rename (or the text is not
/// shaped like RON).
fn with_old_section_names(text: &str) -> Option<String> {
    let normalized = normalize_text(text);
    let tree = spans::read(normalized.as_ref())?;
    let mut keys: Vec<(spans::Span, &str)> = OLD_SECTION_NAMES
        .iter()
        .filter_map(|(new, old)| tree.field_key(new).map(|s| (s, *old)))
        .collect();
    for (new, old) in OLD_WORDS {
        keys.extend(
            spans::identifiers(&normalized, new)
                .into_iter()
                .map(|s| (s, old)),
        );
    }
    if keys.is_empty() {
        return None;
    }
    keys.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    // Spans are offsets in the normalized text; a byte-order mark or CR LF line ends shift them.
    let original = original_offsets(text);
    let mut out = text.to_string();
    for (span, old) in keys {
        let at = |i: usize| original.get(i).copied().unwrap_or(i);
        out.replace_range(at(span.start)..at(span.end), old);
    }
    Some(out)
}

/// For each byte offset of [`normalize_text`]'s result (and one past its end), the offset of the
/// same byte in `text`.
fn original_offsets(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut out = Vec::with_capacity(bytes.len() + 1);
    while i < bytes.len() {
        out.push(i);
        i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
    }
    out.push(bytes.len());
    out
}

/// A warning at each section or word written under its old name, suggesting the new one.
fn warn_old_section_names(text: &str, tree: Option<&spans::Node>, diags: &mut Diagnostics) {
    let mut old_ones: Vec<(spans::Span, &str, &str, &str)> = Vec::new();
    for (new, old) in OLD_SECTION_NAMES {
        if let Some(span) = tree.and_then(|t| t.field_key(old)) {
            old_ones.push((span, new, old, "section"));
        }
    }
    for (new, old) in OLD_WORDS {
        for span in spans::identifiers(text, old) {
            old_ones.push((span, new, old, "condition"));
        }
    }
    for (span, new, old, what) in old_ones {
        let colon = if what == "section" { ":" } else { "" };
        diags.push_at(
            Diagnostic::warning(format!(
                "`{old}` is the old name of the {what} `{new}`; it is still read"
            ))
            .with_help(Some(format!(
                "rename it to `{new}{colon}` (levels can be about any negotiation)"
            ))),
            Some((span.start, span.end)),
        );
    }
}

/// Loads and validates a level from its bytes; `name` is used in messages.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Loaded, Diagnostics> {
    load_bytes_with(name, bytes, &Variant::default())
}

/// The file text of a shipped level, by id.
pub fn shipped_text(id: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .find(|(x, _)| *x == id)
        .map(|(_, text)| *text)
}

/// A shipped level by id, as written.
pub fn shipped(id: &str) -> Option<Result<Loaded, Diagnostics>> {
    shipped_with(id, &Variant::default())
}

/// A shipped level by id, played as `variant` says.
pub fn shipped_with(id: &str, variant: &Variant) -> Option<Result<Loaded, Diagnostics>> {
    shipped_text(id)
        .map(|text| load_bytes_with(&format!("levels/{id}.ron"), text.as_bytes(), variant))
}

/// The level as `variant` plays it: another of its lengths, its preset, then the variant's own
/// assumption values, each checked. Errors go with `diags`.
fn played_as(
    level: &Level,
    variant: &Variant,
    mut diags: Diagnostics,
) -> Result<(Level, Diagnostics), Diagnostics> {
    // Another length: the same level with its rounds and months per round replaced.
    let mut played = level.clone();
    if let Some(id) = &variant.length {
        match level.lengths.iter().find(|l| &l.id == id) {
            Some(l) => {
                played.rounds = l.rounds;
                played.months_per_round = l.months_per_round;
            }
            None => {
                let ids: Vec<&str> = level.lengths.iter().map(|l| l.id.as_str()).collect();
                diags.push_at(
                    Diagnostic::error(format!("this level has no length `{id}`")).with_help(Some(
                        if ids.is_empty() {
                            "it is played only at its own length".into()
                        } else {
                            format!("its lengths are: {}", ids.join(", "))
                        },
                    )),
                    None,
                );
                return Err(diags);
            }
        }
    }
    // A preset named by the level, then the variant's own settings, on top of the level's ledger.
    let mut overrides: Vec<(String, i32, &str)> = Vec::new();
    if let Some(p) = &level.preset {
        match preset(p) {
            Ok(pr) => overrides.extend(pr.set.into_iter().map(|(k, v)| (k, v, "the preset"))),
            Err(d) => {
                for e in d.errors() {
                    diags.push_at(
                        Diagnostic::error(format!("preset `{p}`: {}", e.message)),
                        None,
                    );
                }
                return Err(diags);
            }
        }
        // The level's own values win over its preset's.
        overrides.retain(|(k, _, _)| !level.assumptions.iter().any(|a| &a.id == k));
    }
    overrides.extend(
        variant
            .set
            .iter()
            .map(|(k, v)| (k.clone(), *v, "the command line")),
    );
    if !overrides.is_empty() {
        let defaults = defaults()?;
        for (id, value, from) in overrides {
            let known = defaults
                .assumptions
                .iter()
                .chain(level.assumptions.iter())
                .find(|a| a.id == id);
            let Some(def) = known else {
                let ids = defaults
                    .assumptions
                    .iter()
                    .chain(level.assumptions.iter())
                    .map(|a| a.id.as_str());
                diags.push_at(
                    Diagnostic::error(format!("{from} sets `{id}`, which is not an assumption"))
                        .with_help(suggest(&id, ids).map(|s| format!("did you mean `{s}`?"))),
                    None,
                );
                continue;
            };
            let (lo, hi) = (def.min.unwrap_or(i32::MIN), def.max.unwrap_or(i32::MAX));
            if value < lo || value > hi {
                diags.push_at(
                    Diagnostic::error(format!(
                        "{from} sets `{id}` to {value}, outside its range {lo}–{hi}"
                    )),
                    None,
                );
                continue;
            }
            match played.assumptions.iter_mut().find(|a| a.id == id) {
                Some(a) => a.value = value,
                None => played.assumptions.push(types::AssumptionDef {
                    id,
                    value,
                    claim: String::new(),
                    unit: String::new(),
                    source: String::new(),
                    confidence: None,
                    min: None,
                    max: None,
                    school: None,
                }),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
    }
    Ok((played, diags))
}

/// Loads and validates a level from its bytes, to be played as `variant` says.
pub fn load_bytes_with(name: &str, bytes: &[u8], variant: &Variant) -> Result<Loaded, Diagnostics> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let good = e.valid_up_to();
            let mut d = Diagnostics::new(name, lossy.clone());
            // Offsets in the lossy text match up to the first bad byte.
            d.push_at(
                Diagnostic::error(format!(
                    "the file is not valid UTF-8 text (bad byte at offset {good})"
                ))
                .with_help(Some("save the file as UTF-8".into())),
                Some((good.min(lossy.len()), (good + 1).min(lossy.len()))),
            );
            return Err(d);
        }
    };
    // Editors differ: a byte-order mark and Windows or old Mac line endings are accepted, and
    // messages point into the text as read (the content hash stays that of the bytes).
    let normalized = normalize_text(text);
    let text: &str = &normalized;
    let mut diags = Diagnostics::new(name, text);
    if text.trim().is_empty() {
        diags.push_at(
            Diagnostic::error("the file is empty").with_help(Some(
                "a level starts with `Level(`; see levels/README.md".into(),
            )),
            Some((0, 0)),
        );
        return Err(diags);
    }
    // The level's own variables, moves and steps are read first, so that the file can use
    // their names wherever it names a built-in one.
    let names = match own_names(text) {
        Ok(names) => names,
        Err(e) => {
            push_ron_error(&mut diags, &e, &crate::sim::names::LevelNames::default());
            return Err(diags);
        }
    };
    let parsed = crate::sim::names::with_level_names(names.clone(), || {
        ron_options().from_str::<Level>(text)
    });
    let level: Level = match parsed {
        Ok(mut l) => {
            l.names = names;
            l
        }
        Err(e) => {
            push_ron_error(&mut diags, &e, &names);
            return Err(diags);
        }
    };
    let (level, mut diags) = played_as(&level, variant, diags)?;
    let defaults = defaults()?;
    let mut tree = spans::read(text);
    warn_old_section_names(text, tree.as_ref(), &mut diags);
    if let Some(t) = tree.as_mut() {
        for (new, old) in OLD_SECTION_NAMES {
            t.rename_field(old, new);
        }
    }
    let hash = content_hash(bytes);
    let rules = compile::compile(&level, defaults, tree.as_ref(), &mut diags, hash);
    diags.sort();
    match rules {
        Some(mut r) if !diags.has_errors() => {
            r.variant = variant.key();
            Ok(Loaded {
                level,
                rules: Arc::new(r),
                warnings: diags,
                variant: variant.clone(),
            })
        }
        _ => Err(diags),
    }
}

/// An error about a name in the file (a field or a variant unknown, missing or given twice),
/// with the nearest name the file could have meant.
fn naming(
    code: &ron::error::Error,
    own: &crate::sim::names::LevelNames,
) -> Option<(String, Option<String>)> {
    use ron::error::Error as E;
    Some(match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown field `{found}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in `{o}`"))
                    .unwrap_or_default()
            ),
            suggest(found, expected.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some(format!("expected one of: {}", expected.join(", ")))),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown name `{found}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" for `{o}`"))
                    .unwrap_or_default()
            ),
            suggest(found, expected.iter().copied().chain(own.all()))
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some(format!("expected one of: {}", expected.join(", ")))),
        ),
        E::MissingStructField { field, outer } => (
            format!(
                "missing field `{field}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in `{o}`"))
                    .unwrap_or_default()
            ),
            Some("see levels/README.md for the fields each part needs".into()),
        ),
        E::DuplicateStructField { field, outer } => (
            format!(
                "field `{field}` is given twice{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in `{o}`"))
                    .unwrap_or_default()
            ),
            None,
        ),
        _ => return None,
    })
}

/// Turns RON's error into a diagnostic at its position, with a suggestion where one helps.
fn push_ron_error(
    d: &mut Diagnostics,
    e: &ron::error::SpannedError,
    own: &crate::sim::names::LevelNames,
) {
    use ron::error::Error as E;
    // The text where the error is, to say what went wrong in the level's terms.
    let start = diag::offset_of(&d.source, e.span.start.line, e.span.start.col);
    let end = diag::offset_of(&d.source, e.span.end.line, e.span.end.col).max(start);
    let at = d.source.get(start..).and_then(|t| t.chars().next());
    let before = d.source.get(..start).and_then(|t| t.chars().next_back());
    let after_digit = before.is_some_and(|c| c.is_ascii_digit());
    let token = d.source.get(start..end).unwrap_or("").trim();
    if matches!(e.code, E::TrailingCharacters) {
        // RON points just after the level's closing `)`; point at the text that follows instead.
        let after = first_text_after(&d.source, start);
        let line = d.source[after..].lines().next().unwrap_or("").trim();
        let shown: String = line.chars().take(40).collect();
        d.push_at(
            Diagnostic::error(format!("text after the end of the level: `{shown}`")).with_help(Some(
                "the level ends with the `)` that closes `Level(`; remove what follows it, or make it a comment with `//`"
                    .into(),
            )),
            Some((after, after + line.len())),
        );
        return;
    }
    let (message, help) = if let Some(named) = naming(&e.code, own) {
        named
    } else {
        match &e.code {
        E::Eof => (
            "the file ends before the level is complete".to_string(),
            Some(match unclosed(&d.source) {
                (0, 0) => "look for a missing `)` or `]`".to_string(),
                (p, b) => format!(
                    "{}: look for where one is missing (often at the end of a list or an entry)",
                    [(p, "`)`"), (b, "`]`")]
                        .iter()
                        .filter(|(n, _)| *n > 0)
                        .map(|(n, what)| format!("{n} {what} missing"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            }),
        ),
        E::ExpectedComma | E::ExpectedMapColon if string_run_on(&d.source, start).is_some() => {
            let opened = string_run_on(&d.source, start).unwrap_or_default();
            (
                format!("text in quotes runs on from line {opened} to here"),
                Some(format!(
                    "is the closing `\"` missing on line {opened}?"
                )),
            )
        }
        E::ExpectedMapColon => (
            format!(
                "expected `:` after `{}`",
                word_before(&d.source, start).unwrap_or("the name")
            ),
            Some(
                "a field is written `name: value`; if this text is a note, start it with `//`"
                    .into(),
            ),
        ),
        E::ExpectedComma if after_digit && at == Some('.') => (
            "numbers in a level are whole numbers".to_string(),
            Some("write `3`, not `3.5`".into()),
        ),
        E::ExpectedComma => (
            "expected a comma".to_string(),
            Some("separate fields and list items with `,`".into()),
        ),
        E::ExpectedInteger | E::IntegerOutOfBounds
            if at == Some('-') || before == Some('-') || token.starts_with('-') =>
        {
            (
                "this value cannot be negative".to_string(),
                Some("it takes a whole number of 0 or more".into()),
            )
        }
        E::ExpectedInteger => ("expected a whole number".to_string(), None),
        E::ExpectedAttribute | E::ExpectedIdentifier if at == Some('#') => (
            "`#` does not start a comment in a level file".to_string(),
            Some("comments start with `//` (to the end of the line) or `/*` … `*/`".into()),
        ),
        E::ExpectedIdentifier if at == Some('"') => (
            "this value is a name, written without quotes".to_string(),
            Some(format!(
                "write {} without the quotes",
                d.source
                    .get(start..)
                    .and_then(|t| t.split('"').nth(1))
                    .filter(|n| !n.contains('\n'))
                    .map_or("it".to_string(), |n| format!("`{n}`"))
            )),
        ),
        E::ExceededRecursionLimit => (
            "the brackets nest too deeply".to_string(),
            Some(
                "a level needs only a few levels of `(` and `[`; look for brackets that are never closed"
                    .into(),
            ),
        ),
        E::ExpectedString => ("expected text in double quotes".to_string(), None),
        E::ExpectedStringEnd => ("this text is missing its closing `\"`".to_string(), None),
        E::IntegerOutOfBounds => ("this number is too large".to_string(), None),
        other => (lowercase_first(&other.to_string()), None),
        }
    };
    let diagnostic =
        Diagnostic::error(level_terms(&message)).with_help(help.map(|h| level_terms(&h)));
    if matches!(e.code, E::Eof) {
        // At the file's last character, where the closing bracket is missing.
        let last = d.source.trim_end().len();
        let first = d.source[..last]
            .char_indices()
            .next_back()
            .map_or(0, |(k, _)| k);
        d.push_at(diagnostic, Some((first, last)));
    } else {
        d.push_line_col(diagnostic, e.span.start.line, e.span.start.col);
    }
}

/// When the text just before `at` (spaces aside) closes a string that began on an earlier line,
/// the 1-based line it began on: a `"` left open runs on to the next one.
fn string_run_on(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?.trim_end();
    if !before.ends_with('"') {
        return None;
    }
    // Find where that string opened, reading strings (and comments) from the start.
    let mut opened = None;
    let mut chars = before.char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        match c {
            '"' => {
                let mut closed_at = None;
                while let Some((j, x)) = chars.next() {
                    match x {
                        '\\' => {
                            chars.next();
                        }
                        '"' => {
                            closed_at = Some(j);
                            break;
                        }
                        _ => {}
                    }
                }
                if closed_at == Some(before.len() - 1) {
                    opened = Some(k);
                }
            }
            '/' if chars.peek().map(|p| p.1) == Some('/') => {
                for (_, x) in chars.by_ref() {
                    if x == '\n' {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    let k = opened?;
    let spans_lines = before[k..].contains('\n');
    spans_lines.then(|| before[..k].matches('\n').count() + 1)
}

/// The word just before `at` (the field name before a missing `:`).
fn word_before(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?.trim_end();
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |k| k + 1);
    let w = &before[start..];
    (!w.is_empty()).then_some(w)
}

/// How many `(` and `[` are never closed, outside strings and comments.
fn unclosed(text: &str) -> (usize, usize) {
    let (mut parens, mut brackets) = (0i64, 0i64);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(x) = chars.next() {
                    match x {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                for x in chars.by_ref() {
                    if x == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for x in chars.by_ref() {
                    if prev == '*' && x == '/' {
                        break;
                    }
                    prev = x;
                }
            }
            '(' => parens += 1,
            ')' => parens -= 1,
            '[' => brackets += 1,
            ']' => brackets -= 1,
            _ => {}
        }
    }
    (parens.max(0) as usize, brackets.max(0) as usize)
}

/// The offset of the first character from `from` on that is neither white space nor in a comment
/// (`//` to the end of the line, `/*` … `*/`); the text's end if there is none.
fn first_text_after(text: &str, from: usize) -> usize {
    let mut i = from.min(text.len());
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |k| k + 2);
        } else if let Some(c) = rest.chars().next().filter(|c| c.is_whitespace()) {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// The file format's own names for the parts of a level, in place of the program's type names
/// that the parser's messages use (`BudgetDef` is what a level calls `budget`).
fn level_terms(message: &str) -> String {
    const TERMS: &[(&str, &str)] = &[
        ("Level", "Level"),
        ("PolicyDef", "a policy"),
        ("PolicyAnswer", "a policy's answer"),
        ("PolicyStepDef", "a policy step"),
        ("PolicyActionDef", "a policy action"),
        ("PolicyOfferDef", "a policy offer"),
        ("Preset", "the preset"),
        ("LengthDef", "a length"),
        ("OpponentDef", "opponent"),
        ("VarLabel", "a variable label"),
        ("VariableDef", "a variable of the level's own"),
        ("MapDef", "map"),
        ("SourceDef", "a source"),
        ("BudgetDef", "budget"),
        ("InitialState", "initial"),
        ("IntelDef", "intel"),
        ("VarAmount", "a variable and amount"),
        ("MindDef", "opponent_mind"),
        ("TypeDef", "a type of the opponent"),
        ("PriorDef", "prior"),
        ("SiteDef", "a site"),
        ("Program", "a programme (nuclear, missile)"),
        ("TruthDef", "a site's truth (Active, Empty, Chance(…))"),
        ("Truth", "a site's truth"),
        ("CatalogueChanges", "the changes to the catalogue"),
        ("Group", "an action group"),
        ("TargetKind", "a target (none, site, variable)"),
        ("ActionDef", "an action"),
        ("ActionPatch", "a change to an action"),
        ("MoveKind", "a move"),
        ("MoveDef", "a move"),
        ("MovePatch", "a change to a move"),
        ("StepKind", "a step"),
        ("StepRef", "a step"),
        ("StepPatch", "a change to a step"),
        ("StepDef", "a step"),
        (
            "Sequencing",
            "a sequencing (step_first, instalments, reward_first, simultaneous)",
        ),
        ("AgreementDef", "an agreement"),
        ("EventDef", "an event"),
        ("Place", "a place"),
        ("OutcomesDef", "outcomes"),
        ("PeaceDef", "peace"),
        ("BriefingDef", "briefing"),
        ("TipDef", "a tip"),
        ("TipExpect", "a tip's expectation"),
        ("DebriefDef", "debrief"),
        ("HistoryNote", "a history note"),
        ("Confidence", "a confidence (low, medium, high)"),
        ("AssumptionDef", "an assumption"),
        ("School", "a school (memo, engagement)"),
        ("Amount", "an amount"),
        ("Condition", "a condition"),
        ("Effect", "an effect"),
        ("OutcomeKind", "an outcome"),
        ("YearMonth", "a month (\"2000-04\")"),
        ("Var", "a variable"),
    ];
    let mut out = message.to_string();
    for (name, term) in TERMS {
        for pattern in [format!("struct `{name}`"), format!("enum `{name}`")] {
            out = out.replace(&pattern, &format!("`{term}`"));
        }
        out = out.replace(&format!("`{name}`"), &format!("`{term}`"));
    }
    out
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_typos_not_strangers() {
        let opts = ["kumchang-ri", "yongbyon", "uranium"];
        assert_eq!(suggest("kumchang", opts), Some("kumchang-ri".into()));
        assert_eq!(suggest("yongbyun", opts), Some("yongbyon".into()));
        assert_eq!(suggest("zzz", opts), None);
    }

    #[test]
    fn the_shipped_defaults_parse() {
        let d = defaults().unwrap();
        assert!(d.actions.len() >= 20);
        assert_eq!(d.moves.len(), types::MoveKind::BUILTIN.len());
        assert_eq!(d.steps.len(), types::StepKind::BUILTIN.len());
    }
}

#[cfg(test)]
mod educator_mistakes {
    //! The mistakes teachers made writing levels from the reference alone get messages in the
    //! level's own terms.

    use super::*;

    fn tutorial() -> String {
        SHIPPED
            .iter()
            .find(|(id, _)| *id == "tutorial")
            .map(|(_, t)| t.to_string())
            .unwrap_or_default()
    }

    fn error_of(text: &str) -> (String, String) {
        match load_bytes("mine.ron", text.as_bytes()) {
            Ok(_) => (String::from("loaded"), String::new()),
            Err(d) => {
                let e = d.errors().next().cloned();
                (
                    e.as_ref().map(|e| e.message.clone()).unwrap_or_default(),
                    d.render(),
                )
            }
        }
    }

    #[test]
    fn the_old_section_names_are_read_warned_and_hash_the_same() {
        let Some(april) = shipped_text("april-2000") else {
            panic!("april-2000 is shipped");
        };
        let old = april
            .replace("\n    opponent_mind: (", "\n    pyongyang: (")
            .replace("\n    opponent_moves: (", "\n    pyongyang_moves: (");
        assert_ne!(old, april, "april-2000 uses the new name");
        let (Ok(new_l), Ok(old_l)) = (
            load_bytes("april-2000.ron", april.as_bytes()),
            load_bytes("april-2000.ron", old.as_bytes()),
        ) else {
            panic!("both spellings load");
        };
        // The same level: same rules, same identity.
        assert_eq!(new_l.rules.content_hash, old_l.rules.content_hash);
        assert_eq!(content_hash(april.as_bytes()), content_hash(old.as_bytes()));
        assert_eq!(format!("{:?}", new_l.level), format!("{:?}", old_l.level));
        // And with Windows line ends and a byte-order mark, still the same.
        let crlf = format!("\u{feff}{}", april.replace('\n', "\r\n"));
        let old_crlf = format!("\u{feff}{}", old.replace('\n', "\r\n"));
        assert_eq!(
            content_hash(crlf.as_bytes()),
            content_hash(old_crlf.as_bytes())
        );
        // The new spelling is quiet; the old one is told the new name, at its line.
        assert!(!new_l.warnings.render().contains("old name"));
        let told = old_l.warnings.render();
        assert!(
            told.contains("`pyongyang` is the old name of the section `opponent_mind`"),
            "{told}"
        );
        assert!(told.contains("rename it to `opponent_mind:`"), "{told}");
        let line = old
            .lines()
            .position(|l| l == "    pyongyang: (")
            .map_or(0, |k| k + 1);
        assert!(told.contains(&format!(":{line}:")), "line {line}: {told}");
        // A condition's old name too: the same level, told the new name.
        let Some(crisis) = shipped_text("crisis-1993") else {
            panic!("crisis-1993 is shipped");
        };
        let old_word = crisis.replace("OpponentDid(", "PyongyangDid(");
        assert_ne!(old_word, crisis, "crisis-1993 uses OpponentDid");
        assert_eq!(
            content_hash(crisis.as_bytes()),
            content_hash(old_word.as_bytes())
        );
        let Ok(w) = load_bytes("crisis-1993.ron", old_word.as_bytes()) else {
            panic!("the old word loads");
        };
        assert!(
            w.warnings
                .render()
                .contains("`PyongyangDid` is the old name of the condition `OpponentDid`"),
            "{}",
            w.warnings.render()
        );
        // A string that happens to say it is not a word of the format.
        assert!(
            spans::identifiers(
                r#"(a: "OpponentDid(x)", b: OpponentDid(y, 1))"#,
                "OpponentDid"
            )
            .len()
                == 1
        );
        // A message about a value inside the section still points into it under the old name.
        let broken = old.replace(
            "concede_after_provocation: ",
            "concede_after_provocation: 1",
        );
        let (_, r) = error_of(&broken);
        assert!(r.contains("concede_after_provocation"), "{r}");
    }

    #[test]
    fn a_byte_order_mark_and_any_line_endings_are_accepted() {
        let t = tutorial();
        for text in [
            format!("\u{feff}{t}"),
            t.replace('\n', "\r\n"),
            t.replace('\n', "\r"),
        ] {
            assert!(load_bytes("mine.ron", text.as_bytes()).is_ok());
        }
        // An error in a CR-only file points at its own line, not at the whole file as line 1.
        let broken = t.replace("rounds: 7,", "rounds: 7,,").replace('\n', "\r");
        let (msg, rendered) = error_of(&broken);
        assert!(!msg.is_empty() && msg != "loaded");
        assert!(rendered.contains("rounds: 7,,"), "{rendered}");
        assert!(
            !rendered.contains("Tutorial: Learning the Table\",\n"),
            "echoes the file: {rendered}"
        );
    }

    #[test]
    fn decimals_negatives_hash_comments_and_deep_nesting_are_named() {
        let t = tutorial();
        let (m, _) = error_of(&t.replace("action_points: 3,", "action_points: 3.5,"));
        assert_eq!(m, "numbers in a level are whole numbers");
        let (m, _) = error_of(&t.replace("action_points: 3,", "action_points: -3,"));
        assert_eq!(m, "this value cannot be negative");
        let (m, r) = error_of(&t.replace("    rounds: 7,", "    # seven rounds\n    rounds: 7,"));
        assert_eq!(m, "`#` does not start a comment in a level file", "{r}");
        assert!(r.contains("//"), "{r}");
        let deep = t.replace(
            "when: Round(1, 1),",
            &format!("when: {}Always{},", "All([".repeat(200), "])".repeat(200)),
        );
        let (m, _) = error_of(&deep);
        assert_eq!(m, "the brackets nest too deeply");
    }

    fn warnings_of(text: &str) -> String {
        match load_bytes("mine.ron", text.as_bytes()) {
            Ok(l) => l.warnings.render(),
            Err(d) => d.render(),
        }
    }

    #[test]
    fn mistakes_that_loaded_silently_are_named() {
        let t = tutorial();
        let w = warnings_of(&t.replace("hold_rounds: 2)", "hold_rounds: 9)"));
        assert!(w.contains("can never be won"), "{w}");
        let w = warnings_of(&t.replace(
            "            site: \"hill-site\",\n",
            "            site: \"hill-site\",\n            place: beijing,\n",
        ));
        assert!(w.contains("both a `site` and a `place`"), "{w}");
        let with_assumption = t.replace(
            "    start: \"2000-04\",",
            "    assumptions: [(id: \"my_rate\", value: 7, min: 10, max: 5, claim: \"A rate.\", source: \"judgement\")],\n    start: \"2000-04\",",
        );
        let (m, r) = error_of(&with_assumption);
        assert!(m.contains("range backwards"), "{m}\n{r}");
        assert!(r.contains("min: 5, max: 10"), "{r}");
    }

    #[test]
    fn a_missing_bracket_and_trailing_text_point_where_they_are() {
        let t = tutorial();
        // The closing `)` of the level left out: the message counts what is missing and points
        // at the end of the file, not at a line before it.
        let cut = t
            .trim_end()
            .strip_suffix(')')
            .unwrap_or_default()
            .to_string();
        let (m, r) = error_of(&cut);
        assert!(m.contains("ends before the level is complete"), "{m}");
        assert!(r.contains("1 `)` missing"), "{r}");
        let last_line = cut.trim_end().lines().count();
        assert!(r.contains(&format!("mine.ron:{last_line}:")), "{r}");
        // Text after the level: the message quotes it and points at its own line.
        let extra = format!("{t}\n// a comment is fine\nextra stuff\n");
        let (m, r) = error_of(&extra);
        assert!(
            m.contains("text after the end of the level: `extra stuff`"),
            "{m}"
        );
        let line = extra.lines().position(|l| l == "extra stuff").unwrap_or(0) + 1;
        assert!(r.contains(&format!("mine.ron:{line}:1")), "{r}");
        assert!(load_bytes("mine.ron", format!("{t}\n// only a comment\n").as_bytes()).is_ok());
    }

    #[test]
    fn a_victory_no_play_can_reach_or_no_play_can_miss_is_named() {
        let t = tutorial();
        // More different steps than the level's step kinds and sites can give.
        let w = warnings_of(&t.replace("verified_steps: 3,", "verified_steps: 50,"));
        assert!(w.contains("can produce at most"), "{w}");
        assert!(!warnings_of(&t).contains("can produce at most"));
        // An event that ends the game in peace whatever the player does.
        let scripted = t.replace(
            "            when: Round(4, 4),\n            effects: [Reveal(regime_security), Reveal(economy)],",
            "            when: Always,\n            effects: [EndGame(verified_peace)],",
        );
        assert_ne!(scripted, t);
        let w = warnings_of(&scripted);
        assert!(
            w.contains("ends the game in verified peace with no condition"),
            "{w}"
        );
        // With a condition it is the level's design, not a mistake.
        let earned = t.replace(
            "            when: Round(4, 4),\n            effects: [Reveal(regime_security), Reveal(economy)],",
            "            when: AtLeast(normalization, 60),\n            effects: [EndGame(verified_peace)],",
        );
        assert!(!warnings_of(&earned).contains("with no condition"));
    }

    #[test]
    fn disabled_actions_and_unexplained_requirements_get_their_own_messages() {
        let t = tutorial();
        let add = |extra: &str| {
            t.replacen(
                "    sites: [",
                &format!("    actions: ({extra}),\n    sites: ["),
                1,
            )
        };
        // Disabling what the same file adds: one error, saying so.
        let both = add(
            r#"disable: ["x_act"], add: [(id: "x_act", name: "X", group: talks, ap: 1, cost: 2, effects: [], description: "d")]"#,
        );
        let (m, r) = error_of(&both);
        assert!(m.contains("added by this file"), "{m}\n{r}");
        assert_eq!(r.matches("error:").count(), 1, "{r}");
        // A reference to a disabled action says it is disabled, not unknown.
        let referenced = add(r#"disable: ["food_aid_monitored"]"#).replacen(
            "            when: Round(4, 4),",
            "            when: UsDid(\"food_aid_monitored\", 2),",
            1,
        );
        let (m, r) = error_of(&referenced);
        assert!(m.contains("is disabled by this level"), "{m}\n{r}");
        assert!(!r.contains("unknown action"), "{r}");
        // `requires_text` without `requires`: the action never fails, so the text is never shown.
        let w = warnings_of(&add(
            r#"add: [(id: "x_act", name: "X", group: talks, ap: 1, cost: 2, requires_text: "only sometimes", effects: [], description: "d")]"#,
        ));
        assert!(w.contains("has no `requires`"), "{w}");
        let w = warnings_of(&add(
            r#"add: [(id: "x_act", name: "X", group: talks, ap: 1, cost: 2, requires: AtLeast(tension, 40), requires_text: "only in a crisis", effects: [], description: "d")]"#,
        ));
        assert!(!w.contains("has no `requires`"), "{w}");
    }

    #[test]
    fn messages_use_the_formats_names_and_point_at_the_value() {
        let t = tutorial();
        let (m, r) = error_of(&t.replace(
            "budget: (start: 200, refill: 40),",
            "budget: (start: 200, refill: 40, extra: 1),",
        ));
        assert_eq!(m, "unknown field `extra` in `budget`", "{r}");
        let (m, r) = error_of(&t.replace("budget: (start: 200, refill: 40),", "budget: 200,"));
        assert!(!m.contains("BudgetDef") && m.contains("`budget`"), "{m}");
        // The caret is under the value, not the space before it.
        assert!(r.contains("budget: 200,\n   │             ^^^"), "{r}");
        let (m, r) = error_of(&t.replace("truth: Empty,", "truth: \"Empty\","));
        assert_eq!(m, "this value is a name, written without quotes", "{r}");
        assert!(r.contains("write `Empty` without the quotes"), "{r}");
    }
}
