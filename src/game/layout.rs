//! A layout audit for tests: finds nodes that stick out of their parent (unless the parent clips
//! or scrolls, or the node is deliberately placed), nodes that leave the window, and text that
//! does not fit its box — the "nothing overlaps or overflows" check, made mechanical.

use bevy::prelude::*;
use bevy::text::TextLayoutInfo;

/// A node's rectangle in physical pixels: (left, top, right, bottom).
fn rect(c: &ComputedNode, t: &UiGlobalTransform) -> (f32, f32, f32, f32) {
    let (cx, cy) = (t.translation.x, t.translation.y);
    let (w, h) = (c.size().x, c.size().y);
    (cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0)
}

/// Everything that is out of place on screen now, in words.
pub fn problems(world: &mut World) -> Vec<String> {
    const EPS: f32 = 1.5;
    let mut out = Vec::new();
    let (win_w, win_h) = {
        let mut q = world.query::<&Window>();
        q.iter(world).next().map_or((1280.0, 720.0), |w| {
            (w.physical_width() as f32, w.physical_height() as f32)
        })
    };
    let mut q = world.query::<(
        Entity,
        &Node,
        &ComputedNode,
        &UiGlobalTransform,
        Option<&ChildOf>,
        Option<&Text>,
        Option<&TextLayoutInfo>,
        Option<&TextFont>,
    )>();
    let nodes: Vec<_> = q
        .iter(world)
        .map(|(e, n, c, t, p, text, info, font)| {
            // Bevy reports a wrapped text's width including the space a line breaks at (Parley's
            // `full_width`); that space hangs past the edge unseen, so allow one space's width.
            let space = match font.map(|f| f.font_size) {
                Some(FontSize::Px(px)) => px * 0.4 / c.inverse_scale_factor(),
                _ => 0.0,
            };
            (
                e,
                n.clone(),
                rect(c, t),
                p.map(ChildOf::parent),
                text.map(|t| t.0.clone()),
                info.map(|i| i.size),
                c.size().x,
                space,
            )
        })
        .collect();
    let find = |e: Entity| nodes.iter().find(|x| x.0 == e);
    // Hidden, absolute or clipped: such nodes and their subtrees are not checked against the
    // window, and absolute ones not against their parent.
    let exempt = |mut e: Entity| -> bool {
        for _ in 0..64 {
            let Some(n) = find(e) else { return false };
            if n.1.display == Display::None || n.1.position_type == PositionType::Absolute {
                return true;
            }
            match n.3 {
                Some(p) => e = p,
                None => return false,
            }
        }
        false
    };
    let clipped_above = |mut e: Entity| -> bool {
        for _ in 0..64 {
            let Some(n) = find(e) else { return false };
            let Some(p) = n.3 else { return false };
            let Some(parent) = find(p) else { return false };
            if parent.1.overflow.x != OverflowAxis::Visible
                || parent.1.overflow.y != OverflowAxis::Visible
            {
                return true;
            }
            e = p;
        }
        false
    };
    let describe = |e: Entity| -> String {
        // The first text in the node's subtree, else above it, to say where it is.
        let mut queue = vec![e];
        let mut seen = 0;
        while let Some(c) = queue.first().copied() {
            queue.remove(0);
            seen += 1;
            if seen > 400 {
                break;
            }
            if let Some(n) = find(c)
                && let Some(t) = &n.4
                && !t.is_empty()
            {
                return format!("“{}”", t.chars().take(50).collect::<String>());
            }
            queue.extend(nodes.iter().filter(|x| x.3 == Some(c)).map(|x| x.0));
        }
        let mut cur = find(e).and_then(|n| n.3);
        for _ in 0..64 {
            let Some(c) = cur else { break };
            let Some(n) = find(c) else { break };
            if let Some(t) = &n.4
                && !t.is_empty()
            {
                return format!("inside “{}”", t.chars().take(50).collect::<String>());
            }
            cur = n.3;
        }
        format!("{e:?}")
    };
    for (e, node, (l, t, r, b), parent, text, text_size, width, space) in &nodes {
        if node.display == Display::None || exempt(*e) {
            continue;
        }
        if let (Some(ts), Some(_)) = (text_size, text)
            && ts.x > width + EPS.max(*space)
        {
            out.push(format!(
                "text {} is {:.0}px wide in a {:.0}px box",
                describe(*e),
                ts.x,
                width
            ));
        }
        if let Some(p) = parent
            && let Some(pn) = find(*p)
        {
            let clips = pn.1.overflow.x != OverflowAxis::Visible
                || pn.1.overflow.y != OverflowAxis::Visible;
            let (pl, pt, pr, pb) = pn.2;
            if !clips && (*l < pl - EPS || *t < pt - EPS || *r > pr + EPS || *b > pb + EPS) {
                out.push(format!(
                    "{} sticks out of its parent: ({l:.0},{t:.0})–({r:.0},{b:.0}) in ({pl:.0},{pt:.0})–({pr:.0},{pb:.0})",
                    describe(*e)
                ));
            }
        }
        if !clipped_above(*e) && (*l < -EPS || *t < -EPS || *r > win_w + EPS || *b > win_h + EPS) {
            out.push(format!(
                "{} leaves the {win_w:.0}×{win_h:.0} window: ({l:.0},{t:.0})–({r:.0},{b:.0})",
                describe(*e)
            ));
        }
    }
    out.sort();
    out.dedup();
    out
}
