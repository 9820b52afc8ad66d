//! Game records: everything needed to play a game again — format version, level id and the hash
//! of the level file's content, seed, difficulty and the command log — plus the result it gave.
//! Written atomically (a temporary file renamed into place), read with clear errors for corrupt,
//! truncated or foreign files, and replayed to check the result hash.

use crate::files::{Disk, Storage};
use crate::level::diag::{Diagnostic, Diagnostics};
use crate::level::{self, Loaded};
use crate::sim::Difficulty;
use crate::sim::game::{Command, Game};
use crate::sim::seat::UsSeat;
use crate::sim::vocab::OutcomeKind;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// The record format this build writes and reads.
pub const RECORD_FORMAT: u32 = 1;

/// The end of a recorded game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordResult {
    /// How the game ended.
    pub outcome: OutcomeKind,
    /// The round it ended in.
    pub round: u32,
    /// The final score.
    pub score: i32,
    /// The final grade.
    pub grade: String,
    /// The hash of the final state, to check a replay.
    pub hash: String,
}

impl RecordResult {
    /// The `result:` line the text mode prints.
    pub fn line(&self) -> String {
        format!(
            "result: outcome={} round={} score={} grade={} hash={}",
            self.outcome.id(),
            self.round,
            self.score,
            self.grade,
            self.hash
        )
    }
}

/// A game record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GameRecord {
    /// Record format version; 1 is the only one so far.
    pub format: u32,
    /// Version of the game that wrote it.
    pub game_version: String,
    /// The level's id.
    pub level_id: String,
    /// Where the level was loaded from: a path, or `levels/<id>.ron` for a shipped level.
    pub level_file: String,
    /// SHA-256 of the level file's bytes.
    pub level_hash: String,
    /// The game's seed.
    pub seed: u64,
    /// The difficulty.
    pub difficulty: Difficulty,
    /// The player's name, for class reports.
    #[serde(default)]
    pub player: String,
    /// How the level was played beyond its file (another length); absent when as written.
    #[serde(default, skip_serializing_if = "crate::level::Variant::is_default")]
    pub variant: crate::level::Variant,
    /// Who sat in the other side's chair: the AI (absent) or a person, whose orders are among
    /// the commands.
    #[serde(default, skip_serializing_if = "OtherChair::is_ai")]
    pub other_chair: OtherChair,
    /// When the student sat in the other side's chair: who played Washington (`ai-normal`, a
    /// strategy id). Absent when a person held the U.S. chair (alone, or at one screen with
    /// another person opposite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub washington: Option<String>,
    /// Every accepted command, in order (both chairs' when a person sat in the other).
    pub commands: Vec<Command>,
    /// The result, if the game ended.
    #[serde(default)]
    pub result: Option<RecordResult>,
}

/// Who sat in the other side's chair, as a record keeps it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OtherChair {
    /// The AI at the record's difficulty.
    #[default]
    Ai,
    /// A person: its orders are in the log.
    Person,
}

impl OtherChair {
    fn is_ai(&self) -> bool {
        *self == OtherChair::Ai
    }

    /// The chair of a game.
    pub fn of(game: &Game) -> OtherChair {
        if game.person_opposite() {
            OtherChair::Person
        } else {
            OtherChair::Ai
        }
    }

    /// The chair to seat in a replay at `difficulty`.
    pub fn chair(self, difficulty: Difficulty) -> crate::sim::game::Chair {
        match self {
            OtherChair::Ai => crate::sim::game::Chair::Ai(std::sync::Arc::new(
                crate::ai::Brain::for_difficulty(difficulty),
            )),
            OtherChair::Person => crate::sim::game::Chair::Person,
        }
    }
}

/// Why a record could not be used.
#[derive(Debug, Clone)]
pub enum RecordError {
    /// The file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        message: String,
    },
    /// Not a readable record: the diagnostics point at the place.
    Corrupt(Diagnostics),
    /// The file stops in the middle.
    Truncated(Diagnostics),
    /// Written by another version of the format.
    Format {
        /// The file.
        path: PathBuf,
        /// The version it says it is.
        found: u32,
    },
    /// The level it was played on cannot be found.
    LevelMissing {
        /// The level's id.
        level_id: String,
        /// The SHA-256 of the level file it was played on.
        level_hash: String,
        /// Where it was looked for.
        looked_in: Vec<String>,
    },
    /// The level file is not valid now.
    LevelInvalid(Diagnostics),
    /// The level file found is another level.
    LevelMismatch {
        /// The level id in the record.
        recorded: String,
        /// The level id of the file found.
        found: String,
    },
    /// The level file changed since the game was recorded.
    LevelEdited {
        /// The level file.
        level_file: String,
        /// Its hash when the game was recorded.
        recorded: String,
        /// Its hash now.
        found: String,
    },
    /// Playing the commands again gave another result.
    Mismatch {
        /// The result in the record.
        recorded: String,
        /// The result of the replay.
        replayed: String,
    },
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::Io { path, message } => {
                write!(f, "cannot use {}: {message}", path.display())
            }
            RecordError::Corrupt(d) => {
                write!(f, "{}: not a readable game record\n{}", d.file, d.render())
            }
            RecordError::Truncated(d) => write!(
                f,
                "{}: the record stops in the middle; it may have been cut off while copying\n{}",
                d.file,
                d.render()
            ),
            RecordError::Format { path, found } => write!(
                f,
                "{}: record format {found}, but this game reads format {RECORD_FORMAT}",
                path.display()
            ),
            RecordError::LevelMissing {
                level_id,
                level_hash,
                looked_in,
            } => write!(
                f,
                "the level this game was played on (`{level_id}`, level hash {}) is not in {}; give its file with --level PATH",
                short(level_hash),
                looked_in.join(", ")
            ),
            RecordError::LevelMismatch { recorded, found } => write!(
                f,
                "the record is of level `{recorded}`, but the level file found is `{found}`; give the right one with --level PATH"
            ),
            RecordError::LevelInvalid(d) => {
                write!(f, "the level file is not valid now:\n{}", d.render())
            }
            RecordError::LevelEdited {
                level_file,
                recorded,
                found,
            } => write!(
                f,
                "the level {level_file} has been edited since this game was recorded (level hash {} then, {} now); replaying it would give another game",
                short(recorded),
                short(found)
            ),
            RecordError::Mismatch { recorded, replayed } => write!(
                f,
                "replay mismatch: the record says\n  {recorded}\nbut playing its commands again gives\n  {replayed}"
            ),
        }
    }
}

fn short(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

impl GameRecord {
    /// The record of a game as it stands.
    pub fn of(game: &Game, level_file: &str, player: &str) -> GameRecord {
        let score = game.score();
        GameRecord {
            format: RECORD_FORMAT,
            game_version: env!("CARGO_PKG_VERSION").to_string(),
            level_id: game.rules().id.clone(),
            level_file: level_file.to_string(),
            level_hash: game.rules().content_hash.clone(),
            seed: game.seed(),
            difficulty: game.difficulty(),
            player: player.to_string(),
            variant: crate::level::Variant::from_key(&game.rules().variant),
            other_chair: OtherChair::of(game),
            washington: None,
            commands: game.commands().to_vec(),
            result: game.over().map(|outcome| RecordResult {
                outcome,
                round: game.round(),
                score: score.total,
                grade: score.grade.to_string(),
                hash: game.hash(),
            }),
        }
    }

    /// The record of the game at a U.S. chair: the level, seed, difficulty and the player's own
    /// commands, with the result once the game is over (nothing of the true state before then).
    pub fn of_seat(seat: UsSeat<'_>, level_file: &str, player: &str) -> GameRecord {
        GameRecord::of(seat.game(), level_file, player)
    }

    /// The same record, saying who played Washington opposite a student in the other chair.
    pub fn with_washington(mut self, washington: Option<&str>) -> GameRecord {
        self.washington = washington.map(str::to_string);
        self
    }

    /// The chair the student sat in: the U.S.'s, the other side's (against an AI Washington),
    /// or both (two people at one screen).
    pub fn side(&self) -> &'static str {
        match (self.other_chair, &self.washington) {
            (OtherChair::Ai, _) => "us",
            (OtherChair::Person, Some(_)) => "opponent",
            (OtherChair::Person, None) => "both",
        }
    }

    /// The record as RON text.
    pub fn to_ron(&self) -> String {
        let cfg = ron::ser::PrettyConfig::new()
            .depth_limit(2)
            .separate_tuple_members(false);
        ron::ser::to_string_pretty(self, cfg).unwrap_or_default()
    }

    /// Writes the record atomically: to a temporary file beside `path`, then renamed over it, so
    /// a crash never leaves half a record.
    pub fn save(&self, path: &Path) -> Result<(), RecordError> {
        self.save_in(&Disk, path)
    }

    /// Writes the record whole into `storage` (the disk, or the browser's storage).
    pub fn save_in(&self, storage: &dyn Storage, path: &Path) -> Result<(), RecordError> {
        storage
            .write(path, self.to_ron().as_bytes())
            .map_err(|e| RecordError::Io {
                path: e.path,
                message: e.message,
            })
    }

    /// Reads a record file.
    pub fn load(path: &Path) -> Result<GameRecord, RecordError> {
        GameRecord::load_in(&Disk, path)
    }

    /// Reads a record kept in `storage`.
    pub fn load_in(storage: &dyn Storage, path: &Path) -> Result<GameRecord, RecordError> {
        let bytes = storage.read(path).map_err(|e| RecordError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        GameRecord::parse(&path.display().to_string(), &bytes)
    }

    /// Parses a record from bytes; `name` is used in messages.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<GameRecord, RecordError> {
        let text = String::from_utf8_lossy(bytes);
        let mut d = Diagnostics::new(name, text.as_ref());
        if std::str::from_utf8(bytes).is_err() {
            d.push_at(
                Diagnostic::error("the file is not UTF-8 text"),
                Some((0, 0)),
            );
            return Err(RecordError::Corrupt(d));
        }
        if text.trim().is_empty() {
            d.push_at(Diagnostic::error("the file is empty"), Some((0, 0)));
            return Err(RecordError::Truncated(d));
        }
        match ron::from_str::<GameRecord>(&text) {
            Ok(r) => {
                if r.format != RECORD_FORMAT {
                    return Err(RecordError::Format {
                        path: PathBuf::from(name),
                        found: r.format,
                    });
                }
                Ok(r)
            }
            Err(e) => {
                // A record starts with `(` and ends with the `)` that closes it: one that starts
                // right but does not end so was cut off.
                let trimmed = text.trim();
                let starts_right = trimmed.starts_with('(') || trimmed.starts_with("GameRecord(");
                let truncated = starts_right
                    && (matches!(e.code, ron::error::Error::Eof) || !trimmed.ends_with(')'));
                d.push_line_col(
                    Diagnostic::error(e.code.to_string()),
                    e.span.start.line,
                    e.span.start.col,
                );
                if truncated {
                    Err(RecordError::Truncated(d))
                } else {
                    Err(RecordError::Corrupt(d))
                }
            }
        }
    }

    /// Finds the level this game was played on and checks that its content has not changed:
    /// `level` if the user named one, else the level with the recorded id and content hash among
    /// the shipped levels and the `.ron` files directly in `folders` (the user's levels folder, the
    /// record's own folder). The path written in the record is never opened: a record cannot make
    /// the program read another file.
    pub fn find_level(
        &self,
        level: Option<&Path>,
        folders: &[&Path],
    ) -> Result<Loaded, RecordError> {
        self.locate_level(level, folders).map(|(l, _)| l)
    }

    /// The folders to look in for the level of the record at `path`: `folders` (the user's levels
    /// folder), then the record's own folder.
    pub fn folders_for<'a>(folders: &[&'a Path], path: &'a Path) -> Vec<&'a Path> {
        folders.iter().copied().chain(path.parent()).collect()
    }

    /// [`GameRecord::find_level`], with the file the level was read from (none if shipped).
    pub fn locate_level(
        &self,
        level: Option<&Path>,
        folders: &[&Path],
    ) -> Result<(Loaded, Option<PathBuf>), RecordError> {
        self.locate_level_in(&Disk, level, folders)
    }

    /// [`GameRecord::locate_level`] among the files of `storage`.
    pub fn locate_level_in(
        &self,
        storage: &dyn Storage,
        level: Option<&Path>,
        folders: &[&Path],
    ) -> Result<(Loaded, Option<PathBuf>), RecordError> {
        if let Some(p) = level {
            if !storage.is_file(p) {
                return Err(RecordError::LevelMissing {
                    level_id: self.level_id.clone(),
                    level_hash: self.level_hash.clone(),
                    looked_in: vec![p.display().to_string()],
                });
            }
            let loaded = level::load_file_in(storage, p, &self.variant)
                .map_err(RecordError::LevelInvalid)?;
            if loaded.rules.id != self.level_id {
                return Err(RecordError::LevelMismatch {
                    recorded: self.level_id.clone(),
                    found: loaded.rules.id.clone(),
                });
            }
            if loaded.rules.content_hash != self.level_hash {
                return Err(RecordError::LevelEdited {
                    level_file: p.display().to_string(),
                    recorded: self.level_hash.clone(),
                    found: loaded.rules.content_hash.clone(),
                });
            }
            return Ok((loaded, Some(p.to_path_buf())));
        }
        // A level with the same id but other content, for the message if nothing matches.
        let mut edited: Option<(String, String)> = None;
        if let Some(found) = level::shipped_with(&self.level_id, &self.variant) {
            let loaded = found.map_err(RecordError::LevelInvalid)?;
            if loaded.rules.content_hash == self.level_hash {
                return Ok((loaded, None));
            }
            edited = Some((
                format!("levels/{}.ron", self.level_id),
                loaded.rules.content_hash.clone(),
            ));
        }
        let id_line = format!("\"{}\"", self.level_id);
        for dir in folders {
            let files = storage.list(dir).into_iter().filter(|p| {
                p.extension().is_some_and(|x| x == "ron")
                    && !p.to_string_lossy().ends_with(".qpq.ron")
            });
            for f in files {
                let Ok(bytes) = storage.read(&f) else {
                    continue;
                };
                let name = f.display().to_string();
                if level::content_hash(&bytes) == self.level_hash {
                    let loaded = level::load_bytes_with(&name, &bytes, &self.variant)
                        .map_err(RecordError::LevelInvalid)?;
                    if loaded.rules.id == self.level_id {
                        return Ok((loaded, Some(f)));
                    }
                } else if edited.is_none()
                    && String::from_utf8_lossy(&bytes).contains(&id_line)
                    && let Ok(other) = level::load_bytes_with(&name, &bytes, &self.variant)
                    && other.rules.id == self.level_id
                {
                    edited = Some((name, other.rules.content_hash.clone()));
                }
            }
        }
        Err(match edited {
            Some((level_file, found)) => RecordError::LevelEdited {
                level_file,
                recorded: self.level_hash.clone(),
                found,
            },
            None => RecordError::LevelMissing {
                level_id: self.level_id.clone(),
                level_hash: self.level_hash.clone(),
                looked_in: std::iter::once("the shipped levels".to_string())
                    .chain(folders.iter().map(|d| d.display().to_string()))
                    .collect(),
            },
        })
    }

    /// Plays the recorded commands again on the level.
    pub fn replay(&self, loaded: &Loaded) -> Game {
        Game::replay_seated(
            loaded.rules.clone(),
            self.seed,
            self.difficulty,
            self.other_chair.chair(self.difficulty),
            &self.commands,
        )
    }

    /// Replays and checks the result against the recorded one.
    pub fn verify(&self, loaded: &Loaded) -> Result<Game, RecordError> {
        let game = self.replay(loaded);
        let again = GameRecord::of(&game, &self.level_file, &self.player);
        let line = |r: &Option<RecordResult>| {
            r.as_ref()
                .map_or_else(|| "the game unfinished".to_string(), RecordResult::line)
        };
        if again.result != self.result {
            return Err(RecordError::Mismatch {
                recorded: line(&self.result),
                replayed: line(&again.result),
            });
        }
        Ok(game)
    }
}
