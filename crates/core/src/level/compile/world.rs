//! The level's frame: its header (ids, dates, lengths, budget), its map and places, its sources, sites and flags, the starting values and the intelligence.

use super::*;

impl Compiler<'_> {
    /// Header.
    pub(super) fn header(&mut self, level: &Level) {
        let c = self;
        for b in BOUNDS {
            let path: Path = b.path.iter().map(|name| f(name)).collect();
            c.range(&path, b.name, (b.get)(level), b.lo, b.hi);
        }
        if level.format != 1 {
            c.error(
                &vec![f("format")],
                format!(
                    "format {} is not supported; this game reads format 1",
                    level.format
                ),
                None,
            );
        }
        c.check_id(&vec![f("id")], "level", &level.id);
        if level.title.trim().is_empty() {
            c.error(&vec![f("title")], "the title is empty", None);
        }
        // A level about another country that keeps April 2000's adjective, news tag or border
        // would put Korean words into its shipped texts.
        let shipped = crate::level::types::OpponentDef::default();
        let o = &level.opponent;
        if o.name != shipped.name || o.country != shipped.country {
            for (field, value, kept) in [
                ("adjective", &o.adjective, o.adjective == shipped.adjective),
                ("tag", &o.tag, o.tag == shipped.tag),
                ("border", &o.border, o.border == shipped.border),
            ] {
                if kept {
                    c.warn(
                        &vec![f("opponent")],
                        format!(
                            "the opponent is renamed but its `{field}` is still April 2000's (\"{value}\"); the shipped texts will say it"
                        ),
                        Some(format!(
                            "add `{field}: \"…\"` to `opponent`, e.g. `opponent: (name: \"{}\", country: \"{}\", adjective: \"…\", tag: \"…\", border: \"the border\")`",
                            o.name, o.country
                        )),
                    );
                }
            }
        }
        if c.start.is_none() {
            c.error(
                &vec![f("start")],
                format!(
                    "`{}` is not a month; write \"YYYY-MM\", e.g. \"2000-04\"",
                    level.start
                ),
                None,
            );
        }

        if let crate::level::types::MapDef::Plain {
            min_lat,
            max_lat,
            min_lon,
            max_lon,
        } = level.map
            && (min_lat >= max_lat || min_lon >= max_lon)
        {
            c.error(
                &vec![f("map")],
                "the map's minimum latitude and longitude must be below the maximum",
                None,
            );
        }
        for (k, l) in level.labels.iter().enumerate() {
            if l.1.trim().is_empty() {
                c.error(
                    &vec![f("labels"), i(k), i(1)],
                    format!("the label of `{}` is empty", l.0),
                    None,
                );
            }
        }
    }
    /// Warns that a site or place lies off the level's map (`then` says what follows from it).
    pub(super) fn warn_off_map(
        &mut self,
        path: &Path,
        map: MapDef,
        name: &str,
        lat: f32,
        lon: f32,
        then: &str,
    ) {
        if map.contains(lat, lon) {
            return;
        }
        let (lat0, lat1, lon0, lon1) = map.bounds();
        self.warn(
            path,
            format!(
                "{name} ({lat}, {lon}) is off the level's map ({lat0} to {lat1} latitude, {lon0} to {lon1} longitude){then}"
            ),
            None,
        );
    }
    /// An error at the first of `points` off the globe, if any (`path` is the list's);
    /// returns whether all are on it.
    pub(super) fn on_globe(&mut self, path: &Path, points: &[(f32, f32)]) -> bool {
        let bad = points.iter().position(|&(lat, lon)| !on_globe(lat, lon));
        if let Some(j) = bad {
            self.error(&join(path, &[i(j)]), OFF_GLOBE, None);
        }
        bad.is_none()
    }
    /// The level's places, outlines and border: ids well formed and unique, not clashing with a
    /// built-in place, coordinates on the globe and on the map, shapes with enough corners.
    pub(super) fn geography(&mut self, level: &Level) {
        let c = self;
        let ids: Vec<String> = level.places.iter().map(|p| p.id.clone()).collect();
        let places = vec![f("places")];
        c.unique(&places, "place", &ids);
        for (k, p) in level.places.iter().enumerate() {
            let base = join(&places, &[i(k)]);
            c.check_id(&join(&base, &[f("id")]), "place", &p.id);
            if Place::BUILT_IN.iter().any(|b| b.builtin_id() == p.id) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("`{}` is already a built-in place", p.id),
                    Some("give the level's place another id".into()),
                );
            }
            if p.name.trim().is_empty() {
                c.error(&join(&base, &[f("name")]), "a place needs a name", None);
            }
            if !on_globe(p.lat, p.lon) {
                c.error(
                    &join(&base, &[f("lat")]),
                    format!("{} ({}, {}): {OFF_GLOBE}", p.name, p.lat, p.lon),
                    None,
                );
            } else {
                c.warn_off_map(
                    &join(&base, &[f("lat")]),
                    level.map,
                    &p.name,
                    p.lat,
                    p.lon,
                    ": its news is listed under the map",
                );
            }
        }
        let korea = level.map == MapDef::Korea;
        for (k, o) in level.outlines.iter().enumerate() {
            let points = vec![f("outlines"), i(k), f("points")];
            if o.points.len() < 3 {
                c.error(
                    &points,
                    format!(
                        "an outline needs at least three corners, not {}",
                        o.points.len()
                    ),
                    None,
                );
            }
            c.on_globe(&points, &o.points);
            if korea {
                c.warn(
                    &points,
                    "outlines are drawn only on a `Plain(...)` map: the Korea map draws its own coast",
                    Some("set `map: Plain(min_lat: …, max_lat: …, min_lon: …, max_lon: …)`".into()),
                );
            }
        }
        if !level.border.is_empty() {
            let border = vec![f("border")];
            if level.border.len() < 2 {
                c.error(&border, "a border needs at least two points", None);
            }
            c.on_globe(&border, &level.border);
            if korea {
                c.warn(
                    &border,
                    "a border is drawn only on a `Plain(...)` map: the Korea map draws the DMZ",
                    None,
                );
            }
        }
    }
    /// Sources, sites, flags.
    pub(super) fn sources_sites_flags(&mut self, level: &Level) {
        let c = self;
        let src_ids: Vec<String> = level.sources.iter().map(|s| s.id.clone()).collect();
        c.unique(&vec![f("sources")], "source", &src_ids);
        let site_ids = c.sites.clone();
        c.unique(&vec![f("sites")], "site", &site_ids);
        for (k, s) in level.sites.iter().enumerate() {
            let base = vec![f("sites"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "site", &s.id);
            c.warn_off_map(
                &join(&base, &[f("lat")]),
                level.map,
                &s.name,
                s.lat,
                s.lon,
                "",
            );
            if let TruthDef::Chance {
                active,
                empty,
                cleaned,
            } = s.truth
                && active + empty + cleaned == 0
            {
                c.error(
                    &join(&base, &[f("truth")]),
                    "the chances of a site's truth add up to zero",
                    None,
                );
            }
        }
        for (k, fl) in level.flags.iter().enumerate() {
            if level.flags[..k].contains(fl) {
                c.error(
                    &vec![f("flags"), i(k)],
                    format!("duplicate flag `{fl}`"),
                    None,
                );
            }
        }
    }
    /// Initial state.
    pub(super) fn initial_state(&mut self, level: &Level) -> VarTable {
        let c = self;
        let mut initial = VarTable::default();
        for v in Var::BUILTIN.iter().copied() {
            if let Some(x) = level.initial.get(v) {
                c.range(
                    &vec![f("initial"), f(v.id())],
                    &format!("initial {v}"),
                    i64::from(x),
                    0,
                    100,
                );
                initial[v] = x.clamp(0, 100);
            }
        }
        initial[Var::Budget] = level.budget.start.max(0);
        initial
    }
    /// Intelligence.
    pub(super) fn intel(&mut self, level: &Level) -> IntelParams {
        let c = self;
        let intel = &level.intel;
        let mut start_error = Hidden::splat(0);
        for (k, e) in intel.start_error.iter().enumerate() {
            let p = vec![f("intel"), f("start_error"), i(k)];
            match start_error.get_mut(e.0) {
                Some(slot) => {
                    c.range(
                        &join(&p, &[i(1)]),
                        "a starting error",
                        i64::from(e.1),
                        -50,
                        50,
                    );
                    *slot = e.1;
                }
                None => c.error(
                    &join(&p, &[i(0)]),
                    format!(
                        "`{}` is visible to the player; only hidden variables have estimates",
                        e.0
                    ),
                    None,
                ),
            }
        }
        IntelParams {
            start_band: intel.start_band,
            widen: intel.widen,
            max_band: intel.max_band,
            drift: intel.drift,
            narrow_to: intel.narrow_to,
            start_error,
            their_band: intel.their_band,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{said, says_at};

    #[test]
    fn a_site_off_the_map_is_warned_and_a_bad_month_is_an_error() {
        let s = said("lat: 39.80, lon: 125.75", "lat: 139.80, lon: 125.75");
        says_at(&s, "Yongbyon (139.8, 125.75) is off the level's map", 61);
        let s = said("start: \"2000-04\"", "start: \"2000-13\"");
        says_at(&s, "`2000-13` is not a month", 13);
        let s = said("    rounds: 7,", "    rounds: 700,");
        says_at(
            &s,
            "rounds is 700, out of range: it must be between 1 and 120",
            15,
        );
    }
}
