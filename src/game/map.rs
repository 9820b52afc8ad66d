//! The map the game draws: the Korean peninsula (coast, DMZ, Pyongyang, Seoul) painted once on a
//! canvas, or a plain grid for levels elsewhere; sites and this round's events are markers placed
//! over it by latitude and longitude, with tooltips.

use crate::game::canvas::Canvas;
use crate::game::theme::{self, Palette, rgba};
use crate::game::widgets::{Tip, text};
use crate::level::types::{MapDef, Place, Program};
use crate::sim::rules::Rules;
use crate::sim::view::PlayerView;
use crate::sim::vocab::Finding;
use bevy::prelude::*;

/// The peninsula's outline (latitude, longitude), clockwise from the mouth of the Yalu.
/// Hand-simplified from standard maps; good enough to recognise, not for navigation.
pub const KOREA: &[(f32, f32)] = &[
    (39.82, 124.32),
    (40.10, 124.40),
    (40.48, 124.95),
    (40.90, 125.70),
    (41.15, 126.30),
    (41.62, 126.92),
    (41.80, 127.50),
    (41.55, 128.10),
    (42.00, 128.20),
    (42.40, 128.90),
    (42.95, 129.70),
    (42.45, 130.20),
    (42.30, 130.68),
    (41.80, 129.85),
    (41.20, 129.70),
    (40.95, 129.82),
    (40.78, 129.74),
    (40.68, 129.30),
    (40.62, 129.15),
    (40.20, 128.60),
    (39.85, 127.65),
    (39.15, 127.45),
    (38.60, 128.35),
    (37.80, 128.90),
    (37.00, 129.40),
    (36.00, 129.52),
    (35.50, 129.45),
    (35.10, 129.10),
    (34.85, 128.45),
    (34.72, 127.65),
    (34.35, 126.55),
    (34.80, 126.40),
    (35.60, 126.50),
    (36.30, 126.55),
    (36.90, 126.25),
    (37.45, 126.60),
    (37.75, 126.45),
    (37.90, 125.70),
    (37.95, 125.10),
    (38.25, 124.75),
    (38.70, 125.25),
    (39.10, 125.10),
    (39.40, 124.85),
    (39.65, 124.55),
];

/// The military demarcation line, west to east.
pub const DMZ: &[(f32, f32)] = &[
    (37.77, 126.68),
    (37.95, 126.95),
    (38.15, 127.25),
    (38.30, 127.60),
    (38.28, 128.00),
    (38.45, 128.20),
    (38.61, 128.36),
];

/// Jeju island, a small polygon.
pub const JEJU: &[(f32, f32)] = &[
    (33.52, 126.15),
    (33.56, 126.55),
    (33.48, 126.95),
    (33.25, 126.85),
    (33.20, 126.35),
];

/// Map size in pixels for the peninsula (aspect matches the lat/lon box at 38°N).
pub const KOREA_SIZE: (u32, u32) = (360, 690);

/// The images the map is drawn from.
#[derive(Resource, Clone, Default)]
pub struct MapImages {
    pub korea: Handle<Image>,
    pub plain: Handle<Image>,
    /// The plain map of the level being played, with its outlines and border, and the content
    /// hash of the rules it was painted for.
    pub level: Option<(String, Handle<Image>)>,
}

impl MapImages {
    /// The image to draw a level's map with.
    pub fn for_rules(&self, rules: &Rules) -> Handle<Image> {
        match rules.map {
            MapDef::Korea => self.korea.clone(),
            MapDef::Plain { .. } => match &self.level {
                Some((key, image)) if *key == rules.content_hash => image.clone(),
                _ => self.plain.clone(),
            },
        }
    }
}

/// Where on a map (0–1 across, 0–1 down) a latitude and longitude fall.
pub fn project(map: MapDef, lat: f32, lon: f32) -> (f32, f32) {
    let (lat0, lat1, lon0, lon1) = map.bounds();
    (
        ((lon - lon0) / (lon1 - lon0)).clamp(0.0, 1.0),
        ((lat1 - lat) / (lat1 - lat0)).clamp(0.0, 1.0),
    )
}

/// The aspect ratio (width / height) of a map.
pub fn aspect(map: MapDef) -> f32 {
    match map {
        MapDef::Korea => KOREA_SIZE.0 as f32 / KOREA_SIZE.1 as f32,
        MapDef::Plain { .. } => {
            let (lat0, lat1, lon0, lon1) = map.bounds();
            let mid = ((lat0 + lat1) / 2.0).to_radians().cos().abs().max(0.2);
            ((lon1 - lon0) * mid / (lat1 - lat0)).clamp(0.3, 3.0)
        }
    }
}

fn paint_korea(p: &Palette) -> Canvas {
    let (w, h) = KOREA_SIZE;
    let mut c = Canvas::new(w, h, rgba(p.sea));
    let to_px = |&(lat, lon): &(f32, f32)| {
        let (x, y) = project(MapDef::Korea, lat, lon);
        (x * w as f32, y * h as f32)
    };
    let coast: Vec<(f32, f32)> = KOREA.iter().map(to_px).collect();
    let jeju: Vec<(f32, f32)> = JEJU.iter().map(to_px).collect();
    land(&mut c, &coast, p);
    land(&mut c, &jeju, p);
    let dmz: Vec<(f32, f32)> = DMZ.iter().map(to_px).collect();
    dashed_line(&mut c, &dmz, p);
    // Capitals.
    for (lat, lon) in [(39.02, 125.75), (37.57, 126.98)] {
        let (x, y) = to_px(&(lat, lon));
        c.disc(x, y, 5.0, rgba(p.text));
        c.disc(x, y, 2.5, rgba(p.heading));
    }
    c
}

/// A filled shape of land with its edge (pixel corners, in order).
fn land(c: &mut Canvas, shape: &[(f32, f32)], p: &Palette) {
    c.fill_polygon(shape, rgba(p.land));
    for k in 0..shape.len() {
        c.line(
            shape[k],
            shape[(k + 1) % shape.len()],
            1.6,
            rgba(p.land_edge),
        );
    }
}

/// A border or ceasefire line, dashed (pixel points, in order).
fn dashed_line(c: &mut Canvas, points: &[(f32, f32)], p: &Palette) {
    for pair in points.windows(2) {
        c.dashed(pair[0], pair[1], 3.0, 6.0, rgba(p.dmz));
    }
}

/// Sea with an 8 × 8 grid: the ground of a plain map.
fn grid(w: u32, h: u32, p: &Palette) -> Canvas {
    let mut c = Canvas::new(w, h, rgba(p.sea));
    for k in 1..8 {
        let x = k as f32 * w as f32 / 8.0;
        let y = k as f32 * h as f32 / 8.0;
        c.line((x, 0.0), (x, h as f32), 1.0, rgba(p.border));
        c.line((0.0, y), (w as f32, y), 1.0, rgba(p.border));
    }
    c
}

fn paint_plain(p: &Palette) -> Canvas {
    grid(400, 400, p)
}

/// A level's plain map: a grid, the level's outlines as land, its border dashed.
fn paint_level(p: &Palette, rules: &Rules) -> Canvas {
    let a = aspect(rules.map);
    let (w, h) = if a >= 1.0 {
        (480, (480.0 / a).round().max(120.0) as u32)
    } else {
        ((480.0 * a).round().max(120.0) as u32, 480)
    };
    let mut c = grid(w, h, p);
    let to_px = |&(lat, lon): &(f32, f32)| {
        let (x, y) = project(rules.map, lat, lon);
        (x * w as f32, y * h as f32)
    };
    for o in &rules.outlines {
        let shape: Vec<(f32, f32)> = o.points.iter().map(to_px).collect();
        if shape.len() >= 3 {
            land(&mut c, &shape, p);
        }
    }
    let border: Vec<(f32, f32)> = rules.border.iter().map(to_px).collect();
    dashed_line(&mut c, &border, p);
    c
}

/// Paints the maps for a palette.
pub fn paint(images: &mut Assets<Image>, p: &Palette) -> MapImages {
    MapImages {
        korea: images.add(paint_korea(p).into_image()),
        plain: images.add(paint_plain(p).into_image()),
        level: None,
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MapImages>()
        .add_systems(Startup, startup_maps)
        .add_systems(
            Update,
            (repaint_on_palette, paint_level_map)
                .chain()
                .after(crate::game::acts::Handled),
        );
}

/// Paints the plain map of the level being played when it changes (a new game, a reload) or the
/// palette does; the screens are rebuilt after this, in the same frame.
fn paint_level_map(
    session: Option<Res<crate::game::state::Session>>,
    theme: Res<crate::game::theme::Theme>,
    mut images: ResMut<Assets<Image>>,
    mut maps: ResMut<MapImages>,
) {
    let Some(session) = session else {
        return;
    };
    let rules = session.seat().rules();
    if rules.map == MapDef::Korea || (rules.outlines.is_empty() && rules.border.is_empty()) {
        return;
    }
    let fresh = maps
        .level
        .as_ref()
        .is_some_and(|(key, _)| *key == rules.content_hash);
    if fresh && !theme.is_changed() {
        return;
    }
    let image = images.add(paint_level(&theme.palette, rules).into_image());
    if let Some((_, old)) = maps.level.replace((rules.content_hash.clone(), image)) {
        images.remove(&old);
    }
}

fn startup_maps(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    theme: Res<crate::game::theme::Theme>,
) {
    commands.insert_resource(paint(&mut images, &theme.palette));
}

fn repaint_on_palette(
    theme: Res<crate::game::theme::Theme>,
    mut images: ResMut<Assets<Image>>,
    mut maps: ResMut<MapImages>,
) {
    if theme.is_changed() && !theme.is_added() {
        let level = maps.level.take();
        *maps = paint(&mut images, &theme.palette);
        if let Some((_, old)) = level {
            images.remove(&old);
        }
    }
}

/// Where a place falls on the level's map (0–1 across and down), if it is on it.
pub fn place_on_map(rules: &Rules, place: Place) -> Option<(f32, f32)> {
    let (lat, lon) = rules.place_coords(place)?;
    rules
        .map
        .contains(lat, lon)
        .then(|| project(rules.map, lat, lon))
}

/// Which side of a marker its label goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

fn marker(
    c: &mut ChildSpawnerCommands,
    (x, y): (f32, f32),
    size: f32,
    color: Color,
    label: Option<(String, Side)>,
    tip: String,
    p: &Palette,
) {
    marker_at(c, (x, y), size, color, label, 0.0, tip, p, false);
}

/// A marker; `label_dy` moves its label down (pixels) to clear a neighbour's; `focusable`
/// lets the keyboard reach it (its tooltip then shows what is known).
fn marker_at(
    c: &mut ChildSpawnerCommands,
    (x, y): (f32, f32),
    size: f32,
    color: Color,
    label: Option<(String, Side)>,
    label_dy: f32,
    tip: String,
    p: &Palette,
    focusable: bool,
) {
    c.spawn((
        Node {
            position_type: PositionType::Absolute,
            left: percent(x * 100.0),
            top: percent(y * 100.0),
            margin: UiRect {
                left: px(-size / 2.0),
                top: px(-size / 2.0),
                ..default()
            },
            width: px(size),
            height: px(size),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::MAX,
            ..default()
        },
        BackgroundColor(color),
        BorderColor::all(p.text),
        Interaction::default(),
        AccessibleLabel::new(tip.clone()),
        Tip(tip),
    ))
    .insert_if(bevy::input_focus::tab_navigation::TabIndex(0), || focusable)
    .with_children(|m| {
        if let Some((l, side)) = label {
            let mut node = Node {
                position_type: PositionType::Absolute,
                top: px(-5.0 + label_dy),
                padding: UiRect::horizontal(px(2)),
                ..default()
            };
            match side {
                Side::Right => node.left = px(size + 1.0),
                Side::Left => node.right = px(size + 1.0),
            }
            m.spawn((
                text(l, 12.0, p.text),
                TextLayout::no_wrap(),
                node,
                BackgroundColor(p.background.with_alpha(0.75)),
            ));
        }
    });
}

/// Where to draw markers so none covers another: each starts at its true place (map fractions)
/// and is pushed away from the markers before it until they are `gap` apart (as a share of the
/// map's height). Deterministic; nearby markers move a little, lone ones not at all.
pub fn spread(points: &[(f32, f32)], aspect: f32, gap: f32) -> Vec<(f32, f32)> {
    // Work in units of the map's height, so distances are the same across and down.
    let mut placed: Vec<(f32, f32)> = Vec::with_capacity(points.len());
    for (k, &(x, y)) in points.iter().enumerate() {
        let mut at = (x * aspect, y);
        for _ in 0..24 {
            let Some(&(ox, oy)) = placed
                .iter()
                .find(|(ox, oy)| ((at.0 - ox).powi(2) + (at.1 - oy).powi(2)).sqrt() < gap)
            else {
                break;
            };
            let (mut dx, mut dy) = (at.0 - ox, at.1 - oy);
            let d = (dx * dx + dy * dy).sqrt();
            if d < 1e-4 {
                // Exactly on top: step out at an angle that depends on the order.
                let a = 0.6 + k as f32 * 2.1;
                (dx, dy) = (a.cos(), a.sin());
            } else {
                (dx, dy) = (dx / d, dy / d);
            }
            let push = gap - d.min(gap) + 0.002;
            at = (at.0 + dx * push, at.1 + dy * push);
        }
        placed.push(at);
    }
    placed
        .into_iter()
        .map(|(x, y)| ((x / aspect).clamp(0.0, 1.0), y.clamp(0.0, 1.0)))
        .collect()
}

/// The map legend: what the colours of the markers mean.
fn legend(c: &mut ChildSpawnerCommands, p: &Palette) {
    c.spawn((
        Node {
            flex_wrap: FlexWrap::Wrap,
            column_gap: px(10),
            row_gap: px(2),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            flex_shrink: 0.0,
            ..default()
        },
        AccessibleLabel::new("Map legend"),
    ))
    .with_children(|l| {
        for (color, what) in [
            (p.bad, "active work"),
            (p.warn, "leak or unclear"),
            (p.good, "nothing found"),
            (p.text_dim, "not inspected"),
            (p.accent.with_alpha(0.55), "news"),
        ] {
            l.spawn(Node {
                column_gap: px(4),
                align_items: AlignItems::Center,
                ..default()
            })
            .with_children(|k| {
                k.spawn((
                    Node {
                        width: px(10),
                        height: px(10),
                        border: UiRect::all(px(1)),
                        border_radius: BorderRadius::MAX,
                        ..default()
                    },
                    BackgroundColor(color),
                    BorderColor::all(p.text),
                ));
                k.spawn(text(what, 11.0, p.text_dim));
            });
        }
    });
}

/// The capitals and the level's own places, each named.
fn place_markers(m: &mut ChildSpawnerCommands, p: &Palette, rules: &Rules) {
    if rules.map == MapDef::Korea {
        for (name, lat, lon, tip) in [
            ("Pyongyang", 39.02, 125.75, "Pyongyang, the North's capital"),
            ("Seoul", 37.57, 126.98, "Seoul, the South's capital"),
        ] {
            let at = project(rules.map, lat, lon);
            marker(
                m,
                at,
                8.0,
                p.heading,
                Some((name.into(), Side::Right)),
                tip.into(),
                p,
            );
        }
    }
    // The level's own places: capitals large, the rest small, each named.
    for (k, pl) in rules.places.iter().enumerate() {
        let Some(at) = place_on_map(rules, Place::Level(k as u16)) else {
            continue;
        };
        let side = if at.0 > 0.6 { Side::Left } else { Side::Right };
        marker(
            m,
            at,
            if pl.capital { 8.0 } else { 6.0 },
            if pl.capital { p.heading } else { p.text },
            Some((pl.name.clone(), side)),
            if pl.note.is_empty() {
                pl.name.clone()
            } else {
                format!("{}: {}", pl.name, pl.note)
            },
            p,
        );
    }
}

/// The suspected sites, coloured by what inspection found, labelled where the labels do not
/// collide, each with the sentence a tooltip and a screen reader give.
fn site_markers(m: &mut ChildSpawnerCommands, p: &Palette, rules: &Rules, v: &PlayerView) {
    let shown: Vec<_> = v.sites.iter().filter(|s| s.suspected).collect();
    let truth: Vec<(f32, f32)> = shown
        .iter()
        .map(|s| project(rules.map, s.lat, s.lon))
        .collect();
    let at_all = spread(&truth, aspect(rules.map), 0.06);
    // Labels: right of the marker, unless near the east edge or a neighbour sits
    // just east; a label that would sit on another is moved down.
    let mut labels: Vec<(f32, f32, Side)> = Vec::new();
    for (k, s) in shown.iter().enumerate() {
        let at = at_all[k];
        let crowded = at_all
            .iter()
            .enumerate()
            .any(|(j, o)| j != k && (o.1 - at.1).abs() < 0.04 && o.0 > at.0 && o.0 - at.0 < 0.45);
        let mut side = if at.0 > 0.6 || crowded {
            Side::Left
        } else {
            Side::Right
        };
        // One label line is about 4% of the map's height at its usual size.
        const LINE: f32 = 0.042;
        const LINE_PX: f32 = 14.0;
        let clash = |side: Side, lines: f32, labels: &[(f32, f32, Side)]| {
            labels.iter().any(|&(lx, ly, ls)| {
                ls == side && (lx - at.0).abs() < 0.5 && (ly - (at.1 + lines * LINE)).abs() < LINE
            })
        };
        // A clash on one side: try the other side before moving the label down.
        if clash(side, 0.0, &labels) {
            let other = if side == Side::Left {
                Side::Right
            } else {
                Side::Left
            };
            if !clash(other, 0.0, &labels) && at.0 > 0.25 {
                side = other;
            }
        }
        let mut lines = 0.0;
        while lines < 4.0 && clash(side, lines, &labels) {
            lines += 1.0;
        }
        labels.push((at.0, at.1 + lines * LINE, side));
        let dy = lines * LINE_PX;
        if (at.0 - truth[k].0).abs() + (at.1 - truth[k].1).abs() > 0.004 {
            // The true place, as a small dot, when the marker had to move.
            marker(m, truth[k], 5.0, p.text, None, String::new(), p);
        }
        let (color, state) = match s.finding {
            Some((Finding::Active, _)) => (p.bad, "inspected: active work"),
            Some((Finding::Traces, _)) => (p.warn, "inspected: traces of removed work"),
            Some((Finding::Empty, _)) => (p.good, "inspected: nothing found"),
            Some((Finding::Inconclusive, _)) => (p.warn, "inspected: inconclusive"),
            None if s.leaked => (p.warn, "a leak says it is active"),
            None => (p.text_dim, "suspected, never inspected"),
        };
        let program = match s.program {
            Program::Nuclear => "nuclear",
            Program::Missile => "missile",
        };
        marker_at(
            m,
            at,
            13.0,
            color,
            Some((s.name.clone(), side)),
            dy,
            format!(
                "{} ({program}): {state}{}{}{}",
                s.name,
                if s.frozen {
                    "; frozen under an agreement"
                } else {
                    ""
                },
                if s.demand.is_some() {
                    "; inspection demanded"
                } else {
                    ""
                },
                if s.note.is_empty() {
                    String::new()
                } else {
                    format!(". {}", s.note)
                }
            ),
            p,
            true,
        );
    }
}

/// A ring where this round's news happened.
fn news_markers(m: &mut ChildSpawnerCommands, p: &Palette, rules: &Rules, v: &PlayerView) {
    for n in &v.news {
        let at = n
            .site
            .and_then(|k| rules.sites.get(k as usize))
            .map(|s| project(rules.map, s.lat, s.lon))
            .or_else(|| n.place.and_then(|pl| place_on_map(rules, pl)));
        if let Some(at) = at {
            marker(
                m,
                at,
                18.0,
                p.accent.with_alpha(0.55),
                None,
                n.headline.clone(),
                p,
            );
        }
    }
}

/// The map panel with sites and this round's events.
pub fn map_panel(
    c: &mut ChildSpawnerCommands,
    p: Palette,
    maps: &MapImages,
    rules: &Rules,
    v: &PlayerView,
) {
    let image = maps.for_rules(rules);
    c.spawn((
        Node {
            flex_basis: percent(58),
            flex_shrink: 0.0,
            min_height: px(120),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            padding: UiRect::all(px(6)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(theme::RADIUS)),
            overflow: Overflow::clip(),
            ..default()
        },
        BackgroundColor(p.panel),
        BorderColor::all(p.border),
        AccessibleLabel::new(format!(
            "Map of {} with {} known sites",
            rules.names.country,
            v.sites.iter().filter(|s| s.suspected).count()
        )),
    ))
    .with_children(|frame| {
        frame
            .spawn((
                Node {
                    height: percent(100),
                    aspect_ratio: Some(aspect(rules.map)),
                    max_width: percent(100),
                    ..default()
                },
                ImageNode::new(image),
            ))
            .with_children(|m| {
                place_markers(m, &p, rules);
                site_markers(m, &p, rules, v);
                news_markers(m, &p, rules, v);
            });
    });
    let elsewhere: Vec<String> = v
        .news
        .iter()
        .filter_map(|n| {
            n.place
                .filter(|pl| n.site.is_none() && place_on_map(rules, *pl).is_none())
                .map(|pl| format!("{}: {}", rules.place_name(pl), n.headline))
        })
        .collect();
    legend(c, &p);
    for e in elsewhere {
        c.spawn(text(e, theme::SMALL, p.text_dim));
    }
}
