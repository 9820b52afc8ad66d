//! Small widget helpers that every screen builds from, so all screens look the same: text,
//! headings, panels, buttons (mouse, Tab and Enter, with their shortcut shown and an accessible
//! label), chips, gauges and tooltips.

use crate::game::acts::{Act, Screen};
use crate::game::theme::{self, Palette};
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::prelude::*;
use bevy::ui::InteractionDisabled;
use bevy::ui_widgets::Button as WidgetButton;
use bevy::ui_widgets::{ControlOrientation, Scrollbar, ScrollbarThumb};
use std::collections::HashMap;

/// A hover tooltip: the text shown when the pointer rests on the node.
#[derive(Component, Debug, Clone)]
pub struct Tip(pub String);

/// Whether a control can be used. An unusable one gets `InteractionDisabled` in the same
/// command flush that spawns it (a component hook), never in a later system: a later system
/// could queue the insert for a control that a rebuild has despawned in the meantime.
#[derive(Component, Debug, Clone, Copy)]
#[component(on_add = disable_when_added)]
pub struct Enabled(pub bool);

fn disable_when_added(
    mut world: bevy::ecs::world::DeferredWorld,
    ctx: bevy::ecs::lifecycle::HookContext,
) {
    if world.get::<Enabled>(ctx.entity).is_some_and(|e| !e.0) {
        world
            .commands()
            .entity(ctx.entity)
            .try_insert(InteractionDisabled);
    }
}

/// A button's look, kept so hover and focus can restyle it.
#[derive(Component, Debug, Clone, Copy)]
pub struct ButtonStyle {
    pub normal: Color,
    pub hover: Color,
    pub pressed: Color,
}

/// Text of a size and colour, readable by screen readers (a `Label`).
pub fn text(s: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    (
        Text::new(s.into()),
        bevy::ui::widget::Label,
        TextFont {
            font_size: FontSize::Px(size),
            ..default()
        },
        TextColor(color),
    )
}

/// Text that is seen but not read on its own: the control around it says it (a button's
/// caption, whose accessible name is given with the button).
pub fn caption(s: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    (
        Text::new(s.into()),
        TextFont {
            font_size: FontSize::Px(size),
            ..default()
        },
        TextColor(color),
    )
}

/// Bold text, readable by screen readers (a `Label`).
pub fn bold(s: impl Into<String>, size: f32, color: Color, font: &Handle<Font>) -> impl Bundle {
    (
        Text::new(s.into()),
        bevy::ui::widget::Label,
        TextFont {
            font: font.clone().into(),
            font_size: FontSize::Px(size),
            ..default()
        },
        TextColor(color),
        crate::game::a11y::Bold,
    )
}

/// A column node with a gap.
pub fn column(gap: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        row_gap: px(gap),
        ..default()
    }
}

/// A row node with a gap, wrapping.
/// The body of a screen under its top bar: a row of panels that takes the height left.
pub fn body_row() -> Node {
    Node {
        flex_grow: 1.0,
        min_height: px(0),
        padding: UiRect::all(px(theme::GAP)),
        column_gap: px(theme::GAP),
        ..default()
    }
}

pub fn row(gap: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        flex_wrap: FlexWrap::Wrap,
        column_gap: px(gap),
        row_gap: px(gap),
        align_items: AlignItems::Center,
        ..default()
    }
}

/// A panel: a padded, bordered column.
pub fn panel(p: &Palette) -> impl Bundle {
    panel_with(
        p,
        p.panel,
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(theme::PAD)),
            row_gap: px(theme::GAP),
            ..default()
        },
    )
}

/// A panel with its own layout and background; border and rounding are added.
pub fn panel_with(p: &Palette, background: Color, node: Node) -> impl Bundle {
    (
        Node {
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(theme::RADIUS)),
            ..node
        },
        BackgroundColor(background),
        BorderColor::all(p.border),
        crate::game::a11y::Group,
    )
}

/// The bar across the top of a screen: a title on the left, controls on the right, wrapping
/// onto a second line when the window is narrow.
pub fn top_bar_node(p: &Palette) -> impl Bundle {
    (
        Node {
            padding: UiRect::axes(px(16), px(8)),
            column_gap: px(16),
            row_gap: px(6),
            flex_wrap: FlexWrap::Wrap,
            align_items: AlignItems::Center,
            justify_content: JustifyContent::SpaceBetween,
            border: UiRect::bottom(px(1)),
            ..default()
        },
        BackgroundColor(p.panel),
        BorderColor::all(p.border),
    )
}

/// A bordered panel whose content scrolls vertically, with a scrollbar beside it (drawn only
/// when the content does not fit). `node` sizes the panel; the content is a column with `gap`
/// between its children and `pad` inside. Its scroll position is kept under `key` across
/// rebuilds. `fill` spawns the content; returns the scrolling node.
pub fn scroll_panel(
    c: &mut ChildSpawnerCommands,
    p: &Palette,
    key: &'static str,
    kept: &Kept,
    gap: f32,
    pad: f32,
    node: Node,
    fill: impl FnOnce(&mut ChildSpawnerCommands),
) -> Entity {
    let mut area = Entity::PLACEHOLDER;
    c.spawn(panel_with(
        p,
        p.panel,
        Node {
            flex_direction: FlexDirection::Row,
            min_height: px(0),
            min_width: px(0),
            ..node
        },
    ))
    .with_children(|frame| {
        area = frame
            .spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    row_gap: px(gap),
                    padding: UiRect::all(px(pad)),
                    overflow: Overflow::scroll_y(),
                    min_height: px(0),
                    min_width: px(0),
                    ..default()
                },
                ScrollPosition(kept.scroll(key)),
                ScrollKey(key),
            ))
            .with_children(fill)
            .id();
        frame.spawn((
            Node {
                display: Display::None,
                width: px(8),
                flex_shrink: 0.0,
                margin: UiRect::axes(px(0), px(4)),
                ..default()
            },
            Scrollbar {
                orientation: ControlOrientation::Vertical,
                target: area,
                min_thumb_length: 24.0,
            },
            children![(
                BackgroundColor(p.text_dim.with_alpha(0.7)),
                ScrollbarThumb {
                    border_radius: BorderRadius::all(px(4)),
                    border: UiRect::all(px(0)),
                },
                ThumbOf(key),
            )],
        ));
    });
    area
}

/// Marks a scrollbar thumb.
#[derive(Component, Debug, Clone, Copy)]
pub struct ThumbOf(pub &'static str);

/// How a button is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Normal,
    /// The main action of a screen.
    Primary,
    /// Selected (a chosen tab, a toggled chip).
    Selected,
    /// Dangerous (strikes, withdrawing).
    Danger,
}

impl Kind {
    /// Selected when `on`, else normal: a tab, a toggle, a chosen option.
    pub fn selected_if(on: bool) -> Kind {
        if on { Kind::Selected } else { Kind::Normal }
    }
}

/// A box that calls for the player's attention (a violation to answer, a target to choose):
/// a column with a coloured border.
pub fn callout(border: Color) -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(6),
            padding: UiRect::all(px(8)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(theme::RADIUS)),
            ..default()
        },
        BorderColor::all(border),
    )
}

/// A button: `label`, an optional shortcut shown as `[E]`, the action it triggers, and why it
/// is disabled (shown as its tooltip) if it is.
pub fn button(
    p: &Palette,
    label: &str,
    shortcut: Option<&str>,
    act: Act,
    kind: Kind,
    disabled: Option<&str>,
) -> impl Bundle {
    let (normal, fg) = match (kind, disabled.is_some()) {
        (_, true) => (p.button_disabled, p.text_dim),
        (Kind::Primary, _) => (p.accent, p.accent_text),
        (Kind::Selected, _) => (p.button_press, p.text),
        (Kind::Danger, _) => (Color::srgb_u8(0x7a, 0x2e, 0x2a), p.text),
        (Kind::Normal, _) => (p.button, p.text),
    };
    let (hover, pressed) = match kind {
        Kind::Primary => (
            normal.mix(&Color::WHITE, 0.2),
            normal.mix(&Color::WHITE, 0.35),
        ),
        _ => (p.button_hover, p.button_press),
    };
    // A selected choice carries a tick and a gold edge as well as a colour, so it reads on a
    // projector and without colour vision.
    let selected = kind == Kind::Selected && disabled.is_none();
    let tick = if selected { "\u{2713} " } else { "" };
    let shown = match shortcut {
        Some(k) => format!("{tick}{label}  [{k}]"),
        None => format!("{tick}{label}"),
    };
    let label = if selected {
        format!("{label}, selected")
    } else {
        label.to_string()
    };
    let accessible = match (shortcut, disabled) {
        (Some(k), None) => format!("{label} (shortcut {k})"),
        (Some(k), Some(why)) => format!("{label} (shortcut {k}), unavailable: {why}"),
        (None, Some(why)) => format!("{label}, unavailable: {why}"),
        (None, None) => label.to_string(),
    };
    (
        WidgetButton,
        Interaction::default(),
        Node {
            padding: UiRect::axes(px(12), px(7)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(theme::RADIUS)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(normal),
        BorderColor::all(if selected { p.heading } else { p.border }),
        ButtonStyle {
            normal,
            hover,
            pressed,
        },
        (
            TabIndex(0),
            AccessibleLabel::new(accessible),
            act,
            Enabled(disabled.is_none()),
            Tip(disabled
                .map(|why| format!("Not now: {why}"))
                .unwrap_or_default()),
            children![caption(shown, theme::BODY, fg)],
        ),
    )
}

/// A horizontal gauge: a bar filled to `value` of 100, and for estimates a band from `lo` to
/// `hi` behind a marker at the value.
pub fn gauge(p: &Palette, value: i32, band: Option<i32>, color: Color) -> impl Bundle {
    let v = value.clamp(0, 100) as f32;
    let band_node = band.map(|b| {
        let lo = (value - b).clamp(0, 100) as f32;
        let hi = (value + b).clamp(0, 100) as f32;
        (
            Node {
                position_type: PositionType::Absolute,
                left: percent(lo),
                width: percent((hi - lo).max(1.0)),
                top: px(0),
                bottom: px(0),
                ..default()
            },
            BackgroundColor(p.band),
        )
    });
    let fill = if band.is_some() {
        // For an estimate: a thin marker at the value.
        Node {
            position_type: PositionType::Absolute,
            left: percent((v - 0.8).max(0.0)),
            width: percent(1.6),
            top: px(0),
            bottom: px(0),
            ..default()
        }
    } else {
        Node {
            position_type: PositionType::Absolute,
            left: px(0),
            width: percent(v),
            top: px(0),
            bottom: px(0),
            ..default()
        }
    };
    (
        Node {
            flex_grow: 1.0,
            min_width: px(12),
            height: px(10),
            border_radius: BorderRadius::all(px(3)),
            overflow: Overflow::clip(),
            ..default()
        },
        BackgroundColor(p.panel_alt),
        children![
            (band_node.unwrap_or((Node::default(), BackgroundColor(Color::NONE)))),
            (fill, BackgroundColor(color)),
        ],
    )
}

/// Text typed into fields, by field, kept across rebuilds of the screen.
#[derive(Resource, Debug, Clone, Default)]
pub struct Fields(pub std::collections::HashMap<&'static str, String>);

/// A one-line text field under `key`: its text survives rebuilds ([`Fields`]); Enter submits it
/// (the act `Act::Submit(key)`), Esc closes what it belongs to. A screen reader names it by
/// `label`.
pub fn text_field(
    p: &Palette,
    key: &'static str,
    label: &str,
    fields: &Fields,
    width_chars: f32,
) -> impl Bundle {
    let initial = fields.0.get(key).cloned().unwrap_or_default();
    (
        Node {
            border: UiRect::all(px(1)),
            padding: UiRect::axes(px(8), px(5)),
            border_radius: BorderRadius::all(px(theme::RADIUS)),
            min_width: px(width_chars * 8.5),
            max_width: percent(100),
            ..default()
        },
        BorderColor::all(p.accent),
        BackgroundColor(p.panel_alt),
        bevy::text::EditableText {
            visible_width: Some(width_chars),
            allow_newlines: false,
            max_characters: Some(200),
            ..bevy::text::EditableText::new(initial)
        },
        TextLayout::no_wrap(),
        TextFont {
            font_size: FontSize::Px(theme::BODY),
            ..default()
        },
        TextColor(p.text),
        bevy::text::TextCursorStyle::default(),
        TabIndex(0),
        Act::Field(key),
        AccessibleLabel::new(format!("{label}, text field")),
    )
}

/// A thin divider line.
pub fn divider(p: &Palette) -> impl Bundle {
    (
        Node {
            height: px(1),
            width: percent(100),
            ..default()
        },
        BackgroundColor(p.border),
    )
}

/// Restyles buttons on hover and press, and draws a focus ring on the focused one.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, (button_looks, focus_ring));
}

/// Keeps what was typed in each field, so a rebuild of the screen does not lose it.
pub(crate) fn keep_fields(
    q: Query<(&Act, &bevy::text::EditableText), Changed<bevy::text::EditableText>>,
    mut fields: ResMut<Fields>,
) {
    for (act, t) in &q {
        if let Act::Field(key) = act {
            let value = t.value().to_string();
            if fields.0.get(key) != Some(&value) {
                fields.0.insert(key, value);
            }
        }
    }
}

fn button_looks(
    mut q: Query<
        (
            &Interaction,
            &ButtonStyle,
            &mut BackgroundColor,
            Has<InteractionDisabled>,
        ),
        Changed<Interaction>,
    >,
) {
    for (i, style, mut bg, disabled) in &mut q {
        if disabled {
            continue;
        }
        bg.0 = match i {
            Interaction::Pressed => style.pressed,
            Interaction::Hovered => style.hover,
            Interaction::None => style.normal,
        };
    }
}

fn focus_ring(
    mut commands: Commands,
    focus: Res<bevy::input_focus::InputFocus>,
    buttons: Query<Entity, With<ButtonStyle>>,
    theme: Res<crate::game::theme::Theme>,
) {
    if !focus.is_changed() {
        return;
    }
    for b in &buttons {
        if focus.get() == Some(b) {
            commands.entity(b).try_insert(Outline {
                color: theme.palette.focus,
                width: px(2),
                offset: px(2),
            });
        } else {
            commands.entity(b).try_remove::<Outline>();
        }
    }
}

/// A scroll container whose position survives rebuilds.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScrollKey(pub &'static str);

/// Scroll positions and focus kept across rebuilds.
#[derive(Resource, Default)]
pub struct Kept {
    pub screen: Option<Screen>,
    pub scroll: HashMap<&'static str, Vec2>,
    pub focus: Option<Act>,
}

impl Kept {
    pub fn scroll(&self, key: &'static str) -> Vec2 {
        self.scroll.get(key).copied().unwrap_or(Vec2::ZERO)
    }
}
