//! The shell's state: which screen is shown, the game in play (the session), the player's
//! settings, where files live, the catalogue of levels, and saving and loading.

use crate::analysis::record::GameRecord;
use crate::game::acts::{Act, Tab};
use crate::game::platform::store;
use crate::level::types::Sequencing;
use crate::level::{self, Loaded, Variant};
use crate::sim::Difficulty;
use crate::sim::game::{Ack, Command, Game, Refusal};
use crate::sim::seat::UsSeat;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// An offer being put together.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferDraft {
    pub give: Vec<String>,
    pub ask: Vec<String>,
    pub sequencing: Sequencing,
    pub deadline: u32,
}

impl Default for OfferDraft {
    fn default() -> Self {
        OfferDraft {
            give: Vec::new(),
            ask: Vec::new(),
            sequencing: Sequencing::StepFirst,
            deadline: 3,
        }
    }
}

pub use crate::game::acts::Seating;

/// The chair chosen on the briefing.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct SeatChoice(pub Seating);

/// The AI Washington opposite a student in the other chair: its id, the strategy with its
/// memory, and its own dice.
struct Washington {
    id: String,
    strategy: Box<dyn crate::ai::strategies::Strategy + Send>,
    rng: crate::sim::rng::GameRng,
}

/// The game being played, with the screen's working state.
#[derive(Resource)]
pub struct Session {
    /// The game itself: private, so that no screen can read the true state. Screens read the
    /// U.S. chair ([`Session::seat`]); commands go through [`Session::command`].
    game: Game,
    /// How the level is played (a length, assumption settings): kept so that a reloaded level
    /// file is played the same way.
    pub variant: Variant,
    /// The level file name kept in records.
    pub level_file: String,
    /// The file on disk to watch for changes, if any.
    pub level_path: Option<PathBuf>,
    pub tab: Tab,
    /// An action waiting for its target (site or variable).
    pub choosing: Option<String>,
    pub offer: OfferDraft,
    /// Show Pyongyang's reasons on the report screen.
    pub show_why: bool,
    /// Show the scores behind its reasons, not only the words.
    pub show_scores: bool,
    /// The last message to the player, and whether it is an error.
    pub message: Option<(String, bool)>,
    /// An act waiting for the player's confirmation (withdrawing from an agreement).
    pub confirm: Option<Act>,
    /// Who sits where.
    pub seating: Seating,
    /// The AI Washington, when the student sits in the other chair (behind a lock, so the
    /// session can be shared between systems).
    washington: Option<std::sync::Mutex<Washington>>,
    /// Terms the other chair is putting together (a counter-offer, or terms named with a stall).
    pub terms: OfferDraft,
    /// At one screen: the debrief shows the other chair's.
    pub other_debrief: bool,
    /// The class this game belongs to, when joined from "Join a class": every move goes to its
    /// server.
    pub class: Option<ClassSeat>,
}

impl Session {
    pub fn new(
        game: Game,
        variant: Variant,
        level_file: String,
        level_path: Option<PathBuf>,
    ) -> Session {
        Session {
            game,
            variant,
            level_file,
            level_path,
            tab: Tab::Actions,
            choosing: None,
            offer: OfferDraft::default(),
            show_why: false,
            show_scores: false,
            message: None,
            confirm: None,
            seating: Seating::Us,
            washington: None,
            terms: OfferDraft::default(),
            other_debrief: false,
            class: None,
        }
    }

    /// The same session with these chairs: for the other chair alone, Washington is the AI
    /// `washington` (`ai-normal`, or any strategy of the level; the AI at the game's difficulty
    /// when `None`), which makes its moves at once if the round waits for it.
    pub fn seated(mut self, seating: Seating, washington: Option<&str>) -> Session {
        self.seating = seating;
        if seating == Seating::Opponent {
            let id = washington
                .unwrap_or(crate::ai::washington::id_for(self.game.difficulty()))
                .to_string();
            let rules = self.game.rules_arc().clone();
            let strategy = crate::ai::washington::any(&id, &rules)
                .or_else(|| crate::ai::washington::any("ai-normal", &rules));
            self.washington = strategy.map(|strategy| {
                std::sync::Mutex::new(Washington {
                    id,
                    strategy,
                    rng: crate::sim::rng::GameRng::new(
                        self.game.seed(),
                        crate::sim::rng::Stream::Strategy,
                    ),
                })
            });
            self.washington_moves();
        }
        self
    }

    /// Who plays Washington opposite a student in the other chair.
    pub fn washington_id(&self) -> Option<String> {
        self.washington.as_ref().map(|w| {
            w.lock()
                .map_or_else(|e| e.into_inner().id.clone(), |w| w.id.clone())
        })
    }

    /// What the AI Washington weighed in its last plan, in words, if one plays.
    pub fn washington_said(&self) -> Option<String> {
        let w = self.washington.as_ref()?;
        let w = w.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        w.strategy.said()
    }

    /// The other side's chair: all its screen may read of the game.
    pub fn opponent_seat(&self) -> crate::sim::seat::OpponentSeat<'_> {
        crate::sim::seat::OpponentSeat::of(&self.game)
    }

    /// Whose orders the round is waiting for.
    pub fn phase(&self) -> crate::sim::game::Phase {
        self.game.phase()
    }

    /// The AI Washington's half of the round, when it holds the U.S. chair and the round waits
    /// for it: it plans on what the U.S. sees and ends its half.
    pub fn washington_moves(&mut self) {
        let Session {
            game, washington, ..
        } = self;
        let Some(w) = washington else {
            return;
        };
        if game.over().is_some() || game.phase() != crate::sim::game::Phase::Us {
            return;
        }
        let w = w
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Washington { strategy, rng, .. } = w;
        crate::ai::strategies::us_half(game, strategy.as_mut(), rng);
        // In a class, Washington's moves are in the game's log too: they go to the server.
        if let Some(class) = &self.class {
            class.sent(self.game.commands());
        }
    }

    /// The record of the game so far (saying who played Washington, when an AI did).
    pub fn record(&self, player: &str) -> GameRecord {
        GameRecord::of_seat(self.seat(), &self.level_file, player)
            .with_washington(self.washington_id().as_deref())
    }

    /// The U.S. player's chair: all a screen may read of the game.
    pub fn seat(&self) -> UsSeat<'_> {
        UsSeat::of(&self.game)
    }

    /// The whole game, secrets included, for the test harness and the developer's tools only:
    /// `crates/core/tests/layers.rs` fails if a screen or the text mode calls it.
    #[doc(hidden)]
    pub fn inspect_game(&self) -> &Game {
        &self.game
    }

    /// Replaces the game's secrets with others (the secrecy test: nothing on screen may change).
    #[doc(hidden)]
    pub fn scramble_secrets(&mut self) {
        self.game = self.game.with_secrets_scrambled();
    }

    /// Replaces what only Washington knows with something else (the other chair's secrecy test:
    /// nothing on its screen may change).
    #[doc(hidden)]
    pub fn scramble_us_secrets(&mut self) {
        self.game = self.game.with_us_secrets_scrambled();
    }

    /// Gives a command to the game (the shell's `command` is the one caller that reports it); in
    /// a class, the new moves go to its server.
    pub fn command(&mut self, cmd: Command) -> Result<Ack, Refusal> {
        let ack = self.game.command(cmd);
        if let Some(class) = &self.class {
            class.sent(self.game.commands());
        }
        ack
    }

    /// Puts the same moves on a changed level (hot reload): replays the commands so far on
    /// `rules`; returns the round reached before and after.
    pub fn replay_on(&mut self, rules: std::sync::Arc<crate::sim::rules::Rules>) -> (u32, u32) {
        let before = self.game.round();
        self.game = if self.game.person_opposite() {
            Game::replay_seated(
                rules,
                self.game.seed(),
                self.game.difficulty(),
                crate::sim::game::Chair::Person,
                self.game.commands(),
            )
        } else {
            Game::replay(
                rules,
                self.game.seed(),
                self.game.difficulty(),
                self.game.commands(),
            )
        };
        self.washington_moves();
        (before, self.game.round())
    }

    pub fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some((text.into(), error));
    }
}

/// The player's settings, kept in `settings.ron` in the data folder.
#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// 1.0 – 2.0, for projectors.
    pub ui_scale: f32,
    pub fullscreen: bool,
    pub difficulty: Difficulty,
    /// Use the colour-blind-safe palette.
    pub colorblind: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ui_scale: 1.0,
            fullscreen: false,
            difficulty: Difficulty::Normal,
            colorblind: false,
        }
    }
}

/// UI scale steps offered in settings.
pub const SCALES: [f32; 5] = [1.0, 1.25, 1.5, 1.75, 2.0];

/// Where the game keeps its files.
#[derive(Resource, Debug, Clone)]
pub struct Dirs {
    pub data: PathBuf,
}

impl Dirs {
    /// `$QPQ_DATA_DIR`, else the platform's data folder, else `./quid-pro-quo-data`. In the
    /// browser, the folder is a name in the page's storage ([`crate::files::Storage`]).
    #[cfg(target_arch = "wasm32")]
    pub fn locate() -> Dirs {
        Dirs {
            data: PathBuf::from("/quid-pro-quo"),
        }
    }

    /// `$QPQ_DATA_DIR`, else the platform's data folder, else `./quid-pro-quo-data`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn locate() -> Dirs {
        if let Some(d) = std::env::var_os("QPQ_DATA_DIR") {
            return Dirs { data: d.into() };
        }
        let data = directories::ProjectDirs::from("org", "QuidProQuo", "quid-pro-quo")
            .map(|p| p.data_dir().to_path_buf())
            .unwrap_or_else(|| PathBuf::from("quid-pro-quo-data"));
        Dirs { data }
    }

    pub fn settings(&self) -> PathBuf {
        self.data.join("settings.ron")
    }
    pub fn autosave(&self) -> PathBuf {
        self.data.join("autosave.ron")
    }
    pub fn saves(&self) -> PathBuf {
        self.data.join("saves")
    }
    /// The class the autosaved game belongs to ([`KeptClass`]).
    pub fn class(&self) -> PathBuf {
        self.data.join("class.ron")
    }
    pub fn exports(&self) -> PathBuf {
        self.data.join("exports")
    }
    pub fn user_levels(&self) -> PathBuf {
        self.data.join("levels")
    }
}

/// Reads settings; a missing or broken file gives the defaults (and a broken one is reported).
pub fn load_settings(dirs: &Dirs) -> (Settings, Option<String>) {
    let path = dirs.settings();
    match store().read(&path) {
        Ok(bytes) => match ron::from_str::<Settings>(&String::from_utf8_lossy(&bytes)) {
            Ok(mut s) => {
                s.ui_scale = s.ui_scale.clamp(1.0, 2.0);
                (s, None)
            }
            Err(e) => (
                Settings::default(),
                Some(format!(
                    "{} could not be read ({e}); default settings are used",
                    path.display()
                )),
            ),
        },
        Err(_) => (Settings::default(), None),
    }
}

/// Writes settings atomically.
pub fn save_settings(dirs: &Dirs, s: &Settings) -> Result<(), String> {
    let text = ron::ser::to_string_pretty(s, ron::ser::PrettyConfig::default())
        .map_err(|e| e.to_string())?;
    store()
        .write(&dirs.settings(), text.as_bytes())
        .map_err(|e| e.to_string())
}

/// A level file the player keeps (on disk, or in the browser's storage), as written.
pub fn load_level_file(path: &Path) -> Result<Loaded, level::diag::Diagnostics> {
    level::load_file_in(store(), path, &Variant::default())
}

/// Where a level comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum LevelSource {
    Shipped(&'static str),
    File(PathBuf),
}

/// A level in the catalogue.
#[derive(Debug, Clone)]
pub struct LevelEntry {
    pub source: LevelSource,
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The question the level puts to a class (may be empty).
    pub question: String,
    /// "24 rounds from April 2000".
    pub length: String,
    /// Why it cannot be played, if it cannot.
    pub error: Option<String>,
}

/// The levels the player can choose from: the shipped ones, then the user's folder.
#[derive(Resource, Debug, Clone, Default)]
pub struct Catalog {
    pub levels: Vec<LevelEntry>,
    pub user_dir: PathBuf,
}

fn entry(source: LevelSource, r: Result<Loaded, String>, fallback_id: String) -> LevelEntry {
    match r {
        Ok(l) => LevelEntry {
            source,
            id: l.rules.id.clone(),
            title: l.rules.title.clone(),
            summary: l.rules.summary.clone(),
            question: l.rules.question.clone(),
            length: format!(
                "{} rounds of {} month{} from {}",
                l.rules.rounds,
                l.rules.months_per_round,
                if l.rules.months_per_round == 1 {
                    ""
                } else {
                    "s"
                },
                l.rules.start.long()
            ),
            error: None,
        },
        Err(e) => LevelEntry {
            source,
            id: fallback_id.clone(),
            title: fallback_id,
            summary: String::new(),
            question: String::new(),
            length: String::new(),
            error: Some(e),
        },
    }
}

impl Catalog {
    /// Adds a level file opened from elsewhere (or finds it if it is listed); returns its index.
    pub fn add_file(&mut self, path: PathBuf) -> usize {
        if let Some(i) = self
            .levels
            .iter()
            .position(|l| l.source == LevelSource::File(path.clone()))
        {
            return i;
        }
        let r = load_level_file(&path).map_err(|d| d.render_short());
        let name = save_name(&path);
        self.levels.push(entry(LevelSource::File(path), r, name));
        self.levels.len() - 1
    }

    /// Scans the shipped levels and the user's level folder.
    pub fn scan(dirs: &Dirs) -> Catalog {
        let mut levels = Vec::new();
        for (id, text) in level::SHIPPED {
            let r = level::load_bytes(&format!("levels/{id}.ron"), text.as_bytes())
                .map_err(|d| d.render_short());
            levels.push(entry(LevelSource::Shipped(id), r, id.to_string()));
        }
        let user_dir = dirs.user_levels();
        let files = store()
            .list(&user_dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "ron"));
        for p in files {
            let r = load_level_file(&p).map_err(|d| {
                d.errors()
                    .next()
                    .map(|e| format!("line {}: {}", e.line, e.message))
                    .unwrap_or_else(|| "invalid".into())
            });
            let name = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            levels.push(entry(LevelSource::File(p), r, name));
        }
        Catalog { levels, user_dir }
    }
}

/// Loads a level of the catalogue, to be played as `variant` says: (loaded, file name for
/// records, path to watch).
pub fn open_level(
    source: &LevelSource,
    variant: &level::Variant,
) -> Result<(Loaded, String, Option<PathBuf>), String> {
    match source {
        LevelSource::Shipped(id) => {
            let file = format!("levels/{id}.ron");
            let loaded = level::shipped_with(id, variant)
                .ok_or_else(|| format!("no shipped level {id}"))?
                .map_err(|d| d.render_short())?;
            // While developing, the copy on disk is watched for changes.
            let on_disk = Path::new(&file);
            let watch = on_disk.exists().then(|| on_disk.to_path_buf());
            Ok((loaded, file, watch))
        }
        LevelSource::File(p) => {
            let loaded = level::load_file_in(store(), p, variant).map_err(|d| d.render_short())?;
            Ok((loaded, p.display().to_string(), Some(p.clone())))
        }
    }
}

/// A saved game on disk.
#[derive(Debug, Clone)]
pub struct SaveEntry {
    pub path: PathBuf,
    /// The name it was saved under (or "Autosave").
    pub label: String,
    /// Level title, round, when it was saved, difficulty.
    pub detail: String,
    pub error: Option<String>,
    pub autosave: bool,
}

/// The name a save was given: its file name without the extension.
pub fn save_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A file name from what the player typed: letters, digits, spaces, `-` and `_` kept, the rest
/// dropped; never empty, never a path.
pub fn sanitize_name(typed: &str) -> String {
    let kept: String = typed
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .collect();
    let trimmed = kept.trim().chars().take(60).collect::<String>();
    if trimmed.is_empty() {
        "saved game".into()
    } else {
        trimmed
    }
}

/// "Sat 28 Nov 2026, 18:10" in the computer's local time.
pub fn local_time(t: std::time::SystemTime) -> String {
    let dt: chrono::DateTime<chrono::Local> = t.into();
    dt.format("%a %-d %b %Y, %H:%M").to_string()
}

/// The saved games: the autosave first, then the saves folder, newest first. Each names the
/// level by its title (from the catalogue) and says which round and when.
pub fn list_saves(dirs: &Dirs, catalog: &Catalog) -> Vec<SaveEntry> {
    let modified = |p: &Path| store().modified(p).unwrap_or(std::time::UNIX_EPOCH);
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    if store().is_file(&dirs.autosave()) {
        files.push((dirs.autosave(), true));
    }
    let mut others: Vec<(std::time::SystemTime, PathBuf)> = store()
        .list(&dirs.saves())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| (modified(&p), p))
        .collect();
    others.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    files.extend(others.into_iter().map(|(_, p)| (p, false)));
    files
        .into_iter()
        .map(|(path, autosave)| {
            let name = save_name(&path);
            let when = local_time(modified(&path));
            match GameRecord::load_in(store(), &path) {
                Ok(r) => {
                    let rounds = r
                        .commands
                        .iter()
                        .filter(|c| matches!(c, crate::sim::game::Command::End))
                        .count();
                    let title = catalog
                        .levels
                        .iter()
                        .find(|l| l.id == r.level_id)
                        .map_or_else(|| r.level_id.clone(), |l| l.title.clone());
                    let status = match &r.result {
                        Some(res) => {
                            format!("finished in round {}: {}", res.round, res.outcome.label())
                        }
                        None => format!("round {}", rounds + 1),
                    };
                    SaveEntry {
                        label: if autosave { "Autosave".into() } else { name },
                        detail: format!("{title} · {status} · saved {when} · {}", r.difficulty),
                        path,
                        error: None,
                        autosave,
                    }
                }
                Err(e) => SaveEntry {
                    label: name,
                    detail: format!("saved {when}"),
                    path,
                    error: Some(e.to_string().lines().next().unwrap_or("").to_string()),
                    autosave,
                },
            }
        })
        .collect()
}

/// Where the browser keeps a file the player opened (chose or dropped on the page): a game
/// record under `opened/`, anything else (a level, or a file that is neither, which then fails to
/// open with the level's errors) among the player's levels, where the level list finds it after a
/// reload. The name is made safe: its folders dropped, `.ron` at the end.
pub fn kept_path(dirs: &Dirs, name: &str, text: &str) -> PathBuf {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.strip_suffix(".ron").unwrap_or(base);
    let file = format!("{}.ron", sanitize_name(stem));
    if GameRecord::parse(name, text.as_bytes()).is_ok() {
        dirs.data.join("opened").join(file)
    } else {
        dirs.user_levels().join(file)
    }
}

/// Restores a game from a record file.
pub fn restore(dirs: &Dirs, path: &Path) -> Result<Session, String> {
    let r = GameRecord::load_in(store(), path).map_err(|e| e.to_string())?;
    let user_levels = dirs.user_levels();
    let folders = GameRecord::folders_for(&[&user_levels], path);
    let (loaded, found) = r
        .locate_level_in(store(), None, &folders)
        .map_err(|e| e.to_string())?;
    let game = r.replay(&loaded);
    // Hot reload watches the file the level was found in, never a path the record names.
    let seating = match r.side() {
        "opponent" => Seating::Opponent,
        "both" => Seating::Both,
        _ => Seating::Us,
    };
    Ok(
        Session::new(game, loaded.variant, r.level_file.clone(), found)
            .seated(seating, r.washington.as_deref()),
    )
}

/// Writes the autosave (atomically).
pub fn autosave(dirs: &Dirs, s: &Session) -> Result<(), String> {
    s.record("")
        .save_in(store(), &dirs.autosave())
        .map_err(|e| e.to_string())
}

/// Saves the game in the saves folder under the name the player typed (made safe for a file
/// name; a name already taken gets a number); returns the path.
pub fn save_game(dirs: &Dirs, s: &Session, typed: &str) -> Result<PathBuf, String> {
    let base = sanitize_name(typed);
    let mut path = dirs.saves().join(format!("{base}.ron"));
    let mut n = 2;
    while store().is_file(&path) {
        path = dirs.saves().join(format!("{base} ({n}).ron"));
        n += 1;
    }
    s.record("")
        .save_in(store(), &path)
        .map_err(|e| e.to_string())?;
    Ok(path)
}

/// Whether the autosave holds a game that is not finished.
pub fn can_continue(dirs: &Dirs) -> bool {
    GameRecord::load_in(store(), &dirs.autosave()).is_ok_and(|r| r.result.is_none())
}

/// The level chosen on the level screen.
#[derive(Resource, Debug, Clone, Default)]
pub struct Chosen(pub Option<usize>);

/// A length the chosen level can be played at, with the estimated minutes it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct LengthChoice {
    /// `None`: the level's own length.
    pub id: Option<String>,
    pub name: String,
    pub rounds: u32,
    pub months_per_round: u32,
    pub minutes: u32,
    pub minutes_per_round: f64,
}

/// The lengths of the chosen level, and which one is chosen.
#[derive(Resource, Debug, Clone, Default)]
pub struct Lengths {
    pub choices: Vec<LengthChoice>,
    pub chosen: usize,
}

impl Lengths {
    /// Every length of a level with its estimated minutes (plays one scripted game each).
    pub fn of(source: &LevelSource) -> Lengths {
        let mut choices = Vec::new();
        if let Ok((loaded, _, _)) = open_level(source, &crate::level::Variant::default()) {
            let mut variants = vec![(None, "Full length".to_string())];
            variants.extend(
                loaded
                    .level
                    .lengths
                    .iter()
                    .map(|l| (Some(l.id.clone()), l.name.clone())),
            );
            for (id, name) in variants {
                let variant = crate::level::Variant {
                    length: id.clone(),
                    ..Default::default()
                };
                if let Ok((l, _, _)) = open_level(source, &variant) {
                    let (per_round, minutes) = crate::analysis::pace::estimate(&l.rules);
                    choices.push(LengthChoice {
                        id,
                        name,
                        rounds: l.rules.rounds,
                        months_per_round: l.rules.months_per_round,
                        minutes,
                        minutes_per_round: per_round,
                    });
                }
            }
        }
        Lengths { choices, chosen: 0 }
    }

    pub fn variant(&self) -> crate::level::Variant {
        crate::level::Variant {
            length: self.choices.get(self.chosen).and_then(|c| c.id.clone()),
            ..Default::default()
        }
    }
}

/// The session of a class game just joined: the class's level, length and assumptions, seed and
/// difficulty, with the moves the server has (a student who comes back carries on) — or, when
/// this computer's autosave is the same game with moves the server has not stored (made offline,
/// then the page was reloaded or the game closed), with those moves too, to be sent. Returns how
/// many moves are to be sent.
pub fn joined_session(dirs: &Dirs, j: &crate::link::Joined) -> Result<(Session, usize), String> {
    let (loaded, game) = crate::link::game_of(j)?;
    let offline = GameRecord::load_in(store(), &dirs.autosave())
        .ok()
        .filter(|r| {
            r.level_hash == j.level_hash
                && r.variant == j.variant
                && r.seed == j.seed
                && r.difficulty.id() == j.difficulty
                && r.commands.len() > j.commands.len()
                && r.commands.starts_with(&j.commands)
        })
        .map(|r| r.commands);
    let (game, extra) = match offline {
        Some(log) => {
            let extra = log.len() - j.commands.len();
            let game = crate::link::replay(&loaded, j, &log);
            (game, extra)
        }
        None => (game, 0),
    };
    let session = Session::new(
        game,
        loaded.variant.clone(),
        format!("levels/{}.ron", j.level_id),
        None,
    );
    // In the other chair, Washington is the AI at the class's difficulty.
    let session = if j.side == "opponent" {
        session.seated(Seating::Opponent, None)
    } else {
        session
    };
    Ok((session, extra))
}

use crate::link::Link;
use std::sync::Mutex;

/// A class being joined (from the Join screen, or Continue): its link until the server answers,
/// and the class list when the server sent one to pick a name from.
#[derive(Resource, Default)]
pub struct Joining {
    pub link: Option<Mutex<Link>>,
    /// The class list of the code typed, when the server asked for a name from it.
    pub roster: Vec<String>,
    /// Joining again from Continue (the game is this computer's autosave).
    pub again: bool,
}

impl Joining {
    /// Starts joining `code` as `name` at `server`.
    pub fn start(&mut self, server: &str, code: &str, name: &str, again: bool) {
        self.link = Some(Mutex::new(Link::start(server, code, name)));
        self.again = again;
    }
}

/// The class a game on this computer belongs to, kept beside the autosave: Continue joins the
/// class again (after the page was reloaded or the game closed) rather than playing on alone,
/// and the Join page starts filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptClass {
    /// The class server's address, as typed (in the page, the page's own).
    pub server: String,
    pub code: String,
    pub name: String,
    /// The game: its level's hash, seed and difficulty.
    pub level_hash: String,
    pub seed: u64,
    pub difficulty: String,
}

/// Keeps the class of a game just joined.
pub fn keep_class(dirs: &Dirs, server: &str, j: &crate::link::Joined) -> Result<(), String> {
    let kept = KeptClass {
        server: server.to_string(),
        code: j.code.clone(),
        name: j.name.clone(),
        level_hash: j.level_hash.clone(),
        seed: j.seed,
        difficulty: j.difficulty.clone(),
    };
    let text = ron::ser::to_string_pretty(&kept, ron::ser::PrettyConfig::default())
        .map_err(|e| e.to_string())?;
    store()
        .write(&dirs.class(), text.as_bytes())
        .map_err(|e| e.to_string())
}

/// The class last joined on this computer, if its file can be read.
pub fn last_class(dirs: &Dirs) -> Option<KeptClass> {
    let bytes = store().read(&dirs.class()).ok()?;
    ron::from_str(&String::from_utf8_lossy(&bytes)).ok()
}

/// The class of the autosaved game, when it is a class game not finished: Continue joins it.
pub fn autosave_class(dirs: &Dirs) -> Option<KeptClass> {
    let kept = last_class(dirs)?;
    let r = GameRecord::load_in(store(), &dirs.autosave()).ok()?;
    (r.result.is_none()
        && r.level_hash == kept.level_hash
        && r.seed == kept.seed
        && r.difficulty.id() == kept.difficulty)
        .then_some(kept)
}

/// The class a session's game belongs to.
pub struct ClassSeat {
    /// The link to the server (behind a lock: a session is shared between systems).
    link: Mutex<Link>,
    /// The join code.
    pub code: String,
    /// The student's name as the class knows it.
    pub name: String,
    /// The class was paused when last heard.
    pub paused: bool,
    /// The teacher's deadline as first heard, and the round the student was in then: the round
    /// it ends.
    deadline_round: Option<(i64, u32)>,
    /// The deadline that has ended its round already (or had passed when first heard).
    deadline_spent: Option<i64>,
    /// The round the deadline is ending, until the game has ended it (then it is said).
    pub time_up: Option<u32>,
}

impl ClassSeat {
    /// The class of a game just joined, with its link.
    pub fn new(link: Mutex<Link>, j: &crate::link::Joined) -> ClassSeat {
        ClassSeat {
            link,
            code: j.code.clone(),
            name: j.name.clone(),
            paused: j.status.paused,
            deadline_round: None,
            deadline_spent: None,
            time_up: None,
        }
    }

    /// Whether the teacher's deadline ends the student's round now: once a deadline has passed,
    /// the round the student was in when it was first heard ends (if the student has not ended
    /// it), once. A deadline already passed when first heard ends nothing; a paused or ended
    /// class waits.
    pub fn deadline_due(&mut self, round: u32, now: i64) -> bool {
        let status = self.lock().status.clone();
        let Some(d) = status.deadline else {
            self.deadline_round = None;
            return false;
        };
        if self.deadline_round.is_none_or(|(set, _)| set != d) {
            self.deadline_round = Some((d, round));
            if now >= d {
                self.deadline_spent = Some(d);
            }
        }
        let for_round = self.deadline_round.map_or(round, |(_, r)| r);
        if status.paused || status.ended || now < d || self.deadline_spent == Some(d) {
            return false;
        }
        self.deadline_spent = Some(d);
        round == for_round
    }

    /// What the link has heard since the last call.
    pub fn poll(&self) -> Vec<crate::link::Note> {
        self.lock().poll()
    }

    /// The round's deadline the teacher set, if any.
    pub fn deadline(&self) -> Option<i64> {
        self.lock().status.deadline
    }

    /// Sends the game's new moves.
    pub fn sent(&self, log: &[crate::sim::game::Command]) {
        self.lock().sent(log);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Link> {
        self.link
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// One line for the round screen: the class, and where its moves are.
    pub fn line(&self) -> (String, bool) {
        let link = self.lock();
        let head = format!("Class {}", self.code);
        let now = crate::game::platform::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        if link.status.ended {
            return (format!("{head} · ended by the teacher"), true);
        }
        if link.status.paused {
            return (format!("{head} · paused by the teacher"), true);
        }
        if link.offline {
            return (
                format!(
                    "{head} · offline: {} move{} kept",
                    link.waiting(),
                    if link.waiting() == 1 { "" } else { "s" }
                ),
                true,
            );
        }
        let deadline = link.status.deadline.map(|d| {
            let left = d - now;
            if left > 0 {
                format!(" · round deadline {}:{:02}", left / 60, left % 60)
            } else {
                " · round deadline passed".to_string()
            }
        });
        let stored = if link.waiting() == 0 {
            "every move stored".to_string()
        } else {
            format!(
                "sending {} move{}",
                link.waiting(),
                if link.waiting() == 1 { "" } else { "s" }
            )
        };
        (
            format!("{head} · {stored}{}", deadline.unwrap_or_default()),
            false,
        )
    }
}
