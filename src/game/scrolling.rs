//! Scrolling: the mouse wheel scrolls the panel under the pointer, Page Up / Page Down the panel
//! holding the keyboard focus (or the largest one), and moving the focus with Tab scrolls the
//! focused control into view.

use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::input_focus::InputFocus;
use bevy::picking::hover::HoverMap;
use bevy::prelude::*;
use bevy::ui_widgets::Scrollbar;

/// Pixels per wheel line.
const LINE: f32 = 24.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, (wheel, page_keys, focus_into_view))
        .add_systems(PostUpdate, show_thumbs.after(bevy::ui::UiSystems::Layout));
}

/// A panel's scrollbar is shown only when its content does not fit (so a panel that fits keeps
/// its full width). Stable: showing the bar can only make the content taller.
fn show_thumbs(
    mut bars: Query<(&Scrollbar, &mut Node, &Children)>,
    areas: Query<&ComputedNode>,
    mut thumbs: Query<&mut BackgroundColor, With<crate::game::widgets::ThumbOf>>,
    theme: Res<crate::game::theme::Theme>,
) {
    for (bar, mut node, children) in &mut bars {
        let Ok(area) = areas.get(bar.target) else {
            continue;
        };
        let overflows = area.content_size().y > area.size().y + 1.0;
        let display = if overflows {
            Display::Flex
        } else {
            Display::None
        };
        if node.display != display {
            node.display = display;
        }
        let want = theme.palette.text_dim.with_alpha(0.7);
        for c in children {
            if let Ok(mut bg) = thumbs.get_mut(*c)
                && bg.0 != want
            {
                bg.0 = want;
            }
        }
    }
}

/// The nearest ancestor (or the entity itself) that scrolls vertically.
fn scroller(
    mut e: Entity,
    parents: &Query<&ChildOf>,
    nodes: &Query<(&Node, &ComputedNode, &mut ScrollPosition)>,
) -> Option<Entity> {
    for _ in 0..64 {
        if let Ok((node, _, _)) = nodes.get(e)
            && node.overflow.y == OverflowAxis::Scroll
        {
            return Some(e);
        }
        e = parents.get(e).ok()?.parent();
    }
    None
}

fn scroll_by(nodes: &mut Query<(&Node, &ComputedNode, &mut ScrollPosition)>, e: Entity, dy: f32) {
    if let Ok((_, computed, mut pos)) = nodes.get_mut(e) {
        let max = ((computed.content_size().y - computed.size().y)
            * computed.inverse_scale_factor())
        .max(0.0);
        let y = (pos.0.y + dy).clamp(0.0, max);
        if (y - pos.0.y).abs() > 0.01 {
            pos.0.y = y;
        }
    }
}

fn wheel(
    mut wheel: MessageReader<MouseWheel>,
    hover: Option<Res<HoverMap>>,
    parents: Query<&ChildOf>,
    mut nodes: Query<(&Node, &ComputedNode, &mut ScrollPosition)>,
) {
    let Some(hover) = hover else {
        wheel.clear();
        return;
    };
    for w in wheel.read() {
        let dy = -w.y
            * if w.unit == MouseScrollUnit::Line {
                LINE
            } else {
                1.0
            };
        let target = hover
            .values()
            .flat_map(|m| m.keys().copied())
            .find_map(|e| scroller(e, &parents, &nodes));
        if let Some(t) = target {
            scroll_by(&mut nodes, t, dy);
        }
    }
}

fn page_keys(
    keys: Res<ButtonInput<KeyCode>>,
    focus: Res<InputFocus>,
    parents: Query<&ChildOf>,
    areas: Query<(Entity, &Node, &ComputedNode)>,
    mut nodes: Query<(&Node, &ComputedNode, &mut ScrollPosition)>,
) {
    let dir = if keys.just_pressed(KeyCode::PageDown) {
        1.0
    } else if keys.just_pressed(KeyCode::PageUp) {
        -1.0
    } else {
        return;
    };
    // The panel holding the focus, else the largest scrolling panel on screen.
    let target = focus
        .get()
        .and_then(|f| scroller(f, &parents, &nodes))
        .or_else(|| {
            areas
                .iter()
                .filter(|(_, n, _)| n.overflow.y == OverflowAxis::Scroll)
                .max_by(|a, b| {
                    let (sa, sb) = (a.2.size(), b.2.size());
                    (sa.x * sa.y)
                        .partial_cmp(&(sb.x * sb.y))
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
                .map(|(e, _, _)| e)
        });
    if let Some(t) = target {
        let h = nodes
            .get(t)
            .map(|(_, c, _)| c.size().y * c.inverse_scale_factor())
            .unwrap_or(300.0);
        scroll_by(&mut nodes, t, dir * h * 0.85);
    }
}

fn focus_into_view(
    focus: Res<InputFocus>,
    parents: Query<&ChildOf>,
    globals: Query<(&ComputedNode, &UiGlobalTransform)>,
    mut nodes: Query<(&Node, &ComputedNode, &mut ScrollPosition)>,
) {
    if !focus.is_changed() {
        return;
    }
    let Some(f) = focus.get() else {
        return;
    };
    let Some(parent) = parents.get(f).ok().map(|p| p.parent()) else {
        return;
    };
    let Some(s) = scroller(parent, &parents, &nodes) else {
        return;
    };
    let (Ok((fc, ft)), Ok((sc, st))) = (globals.get(f), globals.get(s)) else {
        return;
    };
    let k = sc.inverse_scale_factor();
    let f_top = (ft.translation.y - fc.size().y / 2.0) * k;
    let f_bottom = (ft.translation.y + fc.size().y / 2.0) * k;
    let s_top = (st.translation.y - sc.size().y / 2.0) * k + 8.0;
    let s_bottom = (st.translation.y + sc.size().y / 2.0) * k - 8.0;
    if f_top < s_top {
        scroll_by(&mut nodes, s, f_top - s_top);
    } else if f_bottom > s_bottom {
        scroll_by(&mut nodes, s, f_bottom - s_bottom);
    }
}
