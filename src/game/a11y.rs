//! What a screen reader needs from the window (AccessKit, read through AT-SPI on Linux).
//!
//! - The tree is there when the window opens: Bevy sends it on the frame after a screen reader
//!   asks, and only while the focus is on an accessible node. At startup Bevy focuses the window
//!   itself, which is not one, so the focus is cleared; and a sleeping window is woken when the
//!   request comes. (Otherwise a blind player heard nothing until they pressed a key.)
//! - It is read in the order it is seen: Bevy hangs an accessible node under its nearest
//!   accessible ancestor, or under the window, so every layout node is made a container
//!   ([`Role::GenericContainer`], which screen readers pass through), and the tree keeps the
//!   layout's order: title, goal strip, dashboard, map, tabs, cards.
//! - Panels are groups named by their heading ([`Group`]); a bold text in the heading colour is a
//!   heading; a line that shows a value with its label is read as one phrase ([`ReadAs`]: "Tension,
//!   45, rising 2"); an empty text is not read at all; a labelled node of no particular kind is a
//!   group.

use accesskit::{Node as A11yNode, Role};
use bevy::a11y::AccessibilityNode;
use bevy::input_focus::InputFocus;
use bevy::prelude::*;

use bevy::window::PrimaryWindow;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        PostStartup,
        unfocus_window.after(bevy::input_focus::set_initial_focus),
    )
    .add_systems(
        PostUpdate,
        // After the screens are built (before `Prepare`), before Bevy labels the texts.
        contain
            .after(bevy::ui::UiSystems::Prepare)
            .before(bevy::ui::UiSystems::PostLayout),
    )
    .add_systems(
        PostUpdate,
        (roles, read_as, name_groups)
            .chain()
            .after(bevy::ui::UiSystems::PostLayout)
            .before(bevy::a11y::AccessibilitySystems::Update),
    );
}

/// A panel: read as a group named by its first heading.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Group;

/// A bold text (a heading when it is in the heading colour).
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Bold;

/// This node is read as one phrase, and what it holds is not read again ("Tension, 45, rising
/// 2" for a label, a gauge, a value and a trend shown side by side).
#[derive(Component, Debug, Clone, PartialEq, Eq)]
pub struct ReadAs(pub String);

/// The text of a text node and its spans.
fn text_of(e: Entity, reader: &mut bevy::ui::widget::TextUiReader) -> String {
    reader
        .iter(e)
        .map(|(_, _, t, _, _, _, _)| t.to_string())
        .collect::<String>()
}

/// Empty texts are silent; bold texts in the heading colour are headings; labelled nodes of no
/// role are groups, and nodes with nothing to say (an unnamed image, an empty label) are passed
/// through. (A button's caption is no label at all: `widgets::caption`.)
fn roles(
    mut nodes: Query<
        (
            Entity,
            &mut AccessibilityNode,
            Option<&Bold>,
            Option<&TextColor>,
            Option<&AccessibleLabel>,
        ),
        Changed<AccessibilityNode>,
    >,
    labels: Query<(), With<bevy::ui::widget::Label>>,
    theme: Res<crate::game::theme::Theme>,
    mut reader: bevy::ui::widget::TextUiReader,
) {
    for (e, mut node, bold, color, named) in &mut nodes {
        let unnamed = node.label().is_none_or(|l| l.trim().is_empty());
        let to = if labels.contains(e) {
            let said = text_of(e, &mut reader);
            if said.trim().is_empty() {
                Some(silent())
            } else if bold.is_some() && color.is_some_and(|c| c.0 == theme.palette.heading) {
                let mut h = A11yNode::new(Role::Heading);
                h.set_label(said);
                Some(h)
            } else {
                None
            }
        } else if node.role() == Role::Image
            && unnamed
            && let Some(AccessibleLabel(name)) = named
        {
            // Bevy names an image by the text inside it, and clears a name given to it.
            let mut image = (**node).clone();
            image.set_label(name.clone());
            Some(image)
        } else if matches!(node.role(), Role::Unknown | Role::Image) && unnamed {
            Some(silent())
        } else if node.role() == Role::Unknown {
            let mut g = (**node).clone();
            g.set_role(Role::Group);
            Some(g)
        } else {
            None
        };
        // Only a real change is written, so a node settles after one pass.
        if let Some(to) = to
            && (to.role() != node.role() || to.label() != node.label())
        {
            set(&mut node, to);
        }
    }
}

/// A node read as one phrase, with everything under it silent.
fn read_as(
    lines: Query<(Entity, &ReadAs), Changed<ReadAs>>,
    children: Query<&Children>,
    mut nodes: Query<&mut AccessibilityNode>,
    mut commands: Commands,
) {
    for (e, phrase) in &lines {
        let mut said = A11yNode::new(Role::Label);
        said.set_value(phrase.0.clone());
        if let Ok(mut n) = nodes.get_mut(e) {
            set(&mut n, said);
        } else {
            commands.entity(e).try_insert(AccessibilityNode::from(said));
        }
        for d in children.iter_descendants(e) {
            if let Ok(mut n) = nodes.get_mut(d) {
                set(&mut n, silent());
            }
            // Bevy would make a label of it again if its text changed.
            commands.entity(d).remove::<bevy::ui::widget::Label>();
        }
    }
}

/// A panel becomes a group named by its heading: the first thing in it a screen reader would
/// read, when that is a heading (a panel that opens with a panel of its own is passed through).
fn name_groups(
    groups: Query<Entity, Added<Group>>,
    all_groups: Query<(), With<Group>>,
    children: Query<&Children>,
    mut nodes: Query<&mut AccessibilityNode>,
) {
    for g in &groups {
        let first = children.iter_descendants_depth_first(g).find(|&d| {
            all_groups.contains(d)
                || nodes
                    .get(d)
                    .is_ok_and(|n| n.role() != Role::GenericContainer)
        });
        let name = first
            .filter(|d| !all_groups.contains(*d))
            .and_then(|d| nodes.get(d).ok())
            .filter(|n| n.role() == Role::Heading)
            .and_then(|n| n.label().map(str::to_string));
        // Without a heading of its own, a panel is passed through: an unnamed group is noise.
        let Some(name) = name else { continue };
        if let Ok(mut n) = nodes.get_mut(g) {
            let mut group = A11yNode::new(Role::Group);
            group.set_label(name);
            set(&mut n, group);
        }
    }
}

/// A node that says nothing and is passed through.
fn silent() -> A11yNode {
    A11yNode::new(Role::GenericContainer)
}

/// Replaces what a node says, keeping where it is (its bounds and transform).
fn set(node: &mut AccessibilityNode, mut to: A11yNode) {
    if let Some(b) = node.bounds() {
        to.set_bounds(b);
    }
    if let Some(t) = node.transform() {
        to.set_transform(*t);
    }
    **node = to;
}

/// The part that needs the window's event loop.
pub struct WindowedA11yPlugin;

impl Plugin for WindowedA11yPlugin {
    fn build(&self, _app: &mut App) {
        // The browser has no screen-reader bridge here (and no threads to watch with).
        #[cfg(not(target_arch = "wasm32"))]
        _app.add_systems(Startup, wake_for_screen_readers);
    }
}

/// Bevy focuses the primary window at startup; with the focus on a node that is not accessible
/// it sends no tree. Keys still reach the game with nothing focused.
fn unfocus_window(mut focus: ResMut<InputFocus>, window: Query<Entity, With<PrimaryWindow>>) {
    if focus.get().is_some_and(|f| window.contains(f)) {
        focus.clear();
    }
}

/// Makes every new layout node without an accessible node of its own a container, so its
/// accessible descendants stay in its place in the tree.
fn contain(
    mut commands: Commands,
    added: Query<Entity, (Added<Node>, Without<AccessibilityNode>)>,
) {
    for e in &added {
        commands
            .entity(e)
            .try_insert(AccessibilityNode::from(A11yNode::new(
                Role::GenericContainer,
            )));
    }
}

/// Watches, on a thread of its own, for a screen reader asking for the accessible tree, and
/// wakes the window when one does. The check is an atomic read four times a second.
#[cfg(not(target_arch = "wasm32"))]
fn wake_for_screen_readers(
    requested: Res<bevy::a11y::AccessibilityRequested>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
) {
    let Some(proxy) = proxy else {
        return;
    };
    let requested = requested.clone();
    let proxy: bevy::winit::EventLoopProxy<bevy::winit::WinitUserEvent> = (**proxy).clone();
    let watch = move || {
        let mut before = false;
        loop {
            std::thread::sleep(std::time::Duration::from_millis(250));
            let now = requested.get();
            if now
                && !before
                && proxy
                    .send_event(bevy::winit::WinitUserEvent::WakeUp)
                    .is_err()
            {
                return; // the window is gone
            }
            before = now;
        }
    };
    if let Err(e) = std::thread::Builder::new()
        .name("screen-reader-watch".into())
        .spawn(watch)
    {
        warn!("cannot watch for screen readers: {e}");
    }
}
