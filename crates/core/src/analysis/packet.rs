//! A level's packet for the teacher, as Markdown and as a printable HTML page: the lesson plan
//! with its running time, the discussion questions (the packet's, then the debrief's), the
//! grading rubric, and the level's "what actually happened" notes to hand in the discussion.

use crate::analysis::document::html_escape as esc;
use crate::sim::rules::Rules;
use crate::sim::vocab::TeacherDef;
use std::fmt::Write;

/// How to run the level with a class server, the same for every level.
fn running(rules: &Rules) -> String {
    format!(
        "Start the class server (`cargo run --release -p qpq-server`), open its teacher link, and open a session on “{}” at its class-period length. Project the monitor: students join with the code on it.",
        rules.title
    )
}

/// The packet as Markdown; `None` when the level has none.
pub fn markdown(rules: &Rules) -> Option<String> {
    let t = rules.teacher.as_ref()?;
    let mut s = String::new();
    let _ = writeln!(s, "# Teacher's packet: {}\n", rules.title);
    if !rules.question.is_empty() {
        let _ = writeln!(s, "**The question:** {}\n", rules.question);
    }
    if !t.aim.is_empty() {
        let _ = writeln!(s, "**Aim:** {}\n", t.aim);
    }
    let _ = writeln!(s, "**Class period:** {} minutes.\n", t.minutes);
    let _ = writeln!(s, "**Before class:** {}\n", running(rules));
    let _ = writeln!(
        s,
        "## Lesson plan\n\n| time | minutes | step |\n|---|---:|---|"
    );
    for (at, step) in timed(t) {
        let _ = writeln!(s, "| {at} | {} | {} |", step.minutes, step.step);
    }
    let _ = writeln!(s, "\n## Discussion questions\n");
    for q in questions(rules, t) {
        let _ = writeln!(s, "1. {q}");
    }
    if !t.rubric.is_empty() {
        let _ = writeln!(
            s,
            "\n## Grading rubric\n\n| criterion | strong | adequate | weak |\n|---|---|---|---|"
        );
        for r in &t.rubric {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                r.criterion, r.strong, r.adequate, r.weak
            );
        }
    }
    if !rules.debrief.history.is_empty() {
        let _ = writeln!(s, "\n## What actually happened (for the discussion)\n");
        for h in &rules.debrief.history {
            let _ = writeln!(s, "- **{}**: {} ({})", h.date, h.text, h.source);
        }
    }
    Some(s)
}

/// The packet as a self-contained page that prints well; `None` when the level has none.
pub fn html(rules: &Rules) -> Option<String> {
    let t = rules.teacher.as_ref()?;
    let mut b = String::new();
    let _ = write!(b, "<h1>Teacher's packet: {}</h1>", esc(&rules.title));
    if !rules.question.is_empty() {
        let _ = write!(
            b,
            "<p><strong>The question:</strong> {}</p>",
            esc(&rules.question)
        );
    }
    if !t.aim.is_empty() {
        let _ = write!(b, "<p><strong>Aim:</strong> {}</p>", esc(&t.aim));
    }
    let _ = write!(
        b,
        "<p><strong>Class period:</strong> {} minutes.</p><p><strong>Before class:</strong> {}</p>",
        t.minutes,
        esc(&running(rules))
    );
    b.push_str("<h2>Lesson plan</h2><table><tr><th>time</th><th>minutes</th><th>step</th></tr>");
    for (at, step) in timed(t) {
        let _ = write!(
            b,
            "<tr><td>{at}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            step.minutes,
            esc(&step.step)
        );
    }
    b.push_str("</table><h2>Discussion questions</h2><ol>");
    for q in questions(rules, t) {
        let _ = write!(b, "<li>{}</li>", esc(q));
    }
    b.push_str("</ol>");
    if !t.rubric.is_empty() {
        b.push_str("<h2>Grading rubric</h2><table><tr><th>criterion</th><th>strong</th><th>adequate</th><th>weak</th></tr>");
        for r in &t.rubric {
            let _ = write!(
                b,
                "<tr><td><strong>{}</strong></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.criterion),
                esc(&r.strong),
                esc(&r.adequate),
                esc(&r.weak)
            );
        }
        b.push_str("</table>");
    }
    if !rules.debrief.history.is_empty() {
        b.push_str("<h2>What actually happened (for the discussion)</h2><ul>");
        for h in &rules.debrief.history {
            let _ = write!(
                b,
                "<li><strong>{}</strong>: {} <span class=\"src\">({})</span></li>",
                esc(&h.date),
                esc(&h.text),
                esc(&h.source)
            );
        }
        b.push_str("</ul>");
    }
    Some(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>Teacher's packet: {}</title><style>{CSS}</style></head><body>{b}</body></html>\n",
        esc(&rules.title)
    ))
}

const CSS: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#111;line-height:1.45}h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:1.6rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right}.src{color:#555}@media print{body{margin:0;font-size:11pt}h2{break-after:avoid}tr{break-inside:avoid}}";

/// Each step with the time it starts at (`0:00`, `0:05`, …).
fn timed(t: &TeacherDef) -> Vec<(String, &crate::sim::vocab::LessonStep)> {
    let mut at = 0;
    t.plan
        .iter()
        .map(|s| {
            let start = format!("{}:{:02}", at / 60, at % 60);
            at += s.minutes;
            (start, s)
        })
        .collect()
}

/// The packet's questions, then the debrief's.
fn questions<'a>(rules: &'a Rules, t: &'a TeacherDef) -> impl Iterator<Item = &'a String> {
    t.questions.iter().chain(&rules.debrief.questions)
}
