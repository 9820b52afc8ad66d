// Plays the browser build (web/dist, made by web/build.sh) in headless Chromium, as a student
// would: the main menu, a tap on Play, a scenario, a round, the offer tab, End round, the report;
// a reload that keeps the game (Continue); the tutorial played to its debrief; the HTML debrief
// and the game record downloaded, and the record replayed by the desktop build to the same
// result; a level file opened through the file picker; the page resized.
//
// Fails on a JavaScript error, a Rust panic or any error in the console, a blank picture, or a
// step that leaves the page unchanged. Screenshots go to web/test-output/. Prints the load time.
//
//   node web/test/play.mjs            (after web/build.sh and `cargo build`)
// Environment: CHROMIUM (default /usr/bin/chromium), QPQ_DESKTOP (default target/debug/quid-pro-quo).

import { chromium } from "playwright-core";
import { PNG } from "pngjs";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const dist = path.join(repo, "web", "dist");
const out = path.join(repo, "web", "test-output");
const desktop = process.env.QPQ_DESKTOP || path.join(repo, "target", "debug", "quid-pro-quo");
const started = Date.now();

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
if (!fs.existsSync(path.join(dist, "index.html"))) {
  console.error(`web test: no ${dist}/index.html: run web/build.sh first`);
  process.exit(2);
}

// --- a static server for web/dist -------------------------------------------------------------
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm",
  ".txt": "text/plain" };
const server = http.createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
  const file = path.join(dist, path.normalize(name));
  if (!file.startsWith(dist) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404);
    res.end("not found");
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/index.html`;

// --- the browser --------------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic"],
});
const context = await browser.newContext({
  viewport: { width: 1280, height: 720 }, acceptDownloads: true, hasTouch: true,
});
const page = await context.newPage();
const problems = [];
const consoleLines = [];
page.on("console", (m) => {
  const t = m.text();
  consoleLines.push(`[${m.type()}] ${t}`);
  if (m.type() === "error" || /panicked/.test(t)) problems.push(`console ${m.type()}: ${t}`);
});
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));

let failed = false;
function check(ok, what) {
  if (!ok) {
    failed = true;
    console.error(`FAIL: ${what}`);
  } else {
    console.log(`ok: ${what}`);
  }
}

// A screenshot once the page has stopped changing; checked for real content and for a change
// from the step before.
let previous = null;
// The page once it has stopped changing (this renderer draws on the CPU: a frame can take a
// good part of a second).
async function settle() {
  let png = await page.screenshot();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(250);
    const again = await page.screenshot();
    if (again.equals(png)) break;
    png = again;
  }
  return png;
}

async function shot(name, { changed = true } = {}) {
  const png = await settle();
  fs.writeFileSync(path.join(out, `${name}.png`), png);
  const img = PNG.sync.read(png);
  const colours = new Set();
  for (let i = 0; i < img.data.length; i += 4 * 97) {
    colours.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
  }
  check(colours.size >= 12, `${name}: the picture has content (${colours.size} colours sampled)`);
  if (changed && previous) check(!png.equals(previous), `${name}: the page changed`);
  previous = png;
  return png;
}

// The centre of the primary (filled, amber) button: the rows where one amber run is wider than
// any glyph of the amber title.
function primaryButton(png) {
  const img = PNG.sync.read(png);
  const amber = (i) => img.data[i] > 200 && img.data[i + 1] > 160 && img.data[i + 1] < 230 && img.data[i + 2] < 140;
  const rows = [];
  let x0 = 0, x1 = 0;
  for (let y = 0; y < img.height; y++) {
    let run = 0, best = 0, end = 0;
    for (let x = 0; x < img.width; x++) {
      run = amber((y * img.width + x) * 4) ? run + 1 : 0;
      if (run > best) { best = run; end = x; }
    }
    if (best > 150) { rows.push(y); x0 = end - best + 1; x1 = end; }
  }
  if (!rows.length) return null;
  return { x: Math.round((x0 + x1) / 2), y: Math.round((rows[0] + rows[rows.length - 1]) / 2) };
}

async function screen(name, what) {
  try {
    await page.waitForFunction((n) => window.qpqScreenName === n, name, { timeout: 30000 });
    check(true, `${what}: the ${name} screen`);
  } catch {
    check(false, `${what}: the ${name} screen (the game shows ${await page.evaluate(() => window.qpqScreenName)})`);
  }
}

async function key(k, to, what) {
  await page.keyboard.press(k);
  await screen(to, what);
  await page.waitForTimeout(400);
}

async function loaded(what) {
  await page.waitForFunction(() => window.qpqReadyAt !== undefined || window.qpqFailed !== undefined,
    null, { timeout: 240000 });
  const failure = await page.evaluate(() => window.qpqFailed);
  if (failure !== undefined) throw new Error(`the page could not start the game: ${failure}`);
  const ms = await page.evaluate(() => window.qpqReadyAt);
  console.log(`${what}: main menu on screen ${(ms / 1000).toFixed(1)} s after the page started loading`);
  return ms;
}

const autosave = () => page.evaluate(() => localStorage.getItem("qpq:file:/quid-pro-quo/autosave.ron"));
const ends = (record) => (record || "").split(/\bEnd\b/).length - 1;

try {
  // The menu, and a tap on its first button (Play) — the browser turns the tap into a press.
  await page.goto(url);
  // The loading screen, as it is when the page has loaded (the game still downloading or starting).
  fs.writeFileSync(path.join(out, "loading.png"), await page.screenshot());
  const firstLoad = await loaded("first load");
  await screen("Menu", "the page opens");
  const menu = await shot("menu");
  const play = primaryButton(menu);
  check(play !== null, `the menu shows its primary button (Play)${play ? ` at ${play.x},${play.y}` : ""}`);
  // A finger on the glass for 150 ms, as a tap lasts. (Bevy makes a touch's pointer in the frame
  // the touch starts: a tap that starts and ends within one frame is not seen as a press.)
  const cdp = await context.newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent",
    { type: "touchStart", touchPoints: [{ x: play ? play.x : 640, y: play ? play.y : 350 }] });
  await page.waitForTimeout(150);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await screen("LevelSelect", "a tap on Play");
  await shot("levels");

  // A scenario, a round, the offer tab, End round from the offer tab, the report.
  await key("3", "Briefing", "key 3 chooses April 2000");
  await shot("briefing");
  await key("s", "Round", "S starts");
  await shot("round");
  await page.keyboard.press("o");
  await shot("offer");
  await key("e", "Report", "E ends the round from the offer tab");
  await shot("report");
  const saved = await autosave();
  check(ends(saved) === 1, `the autosave in the browser's storage holds the round played (${ends(saved)} End)`);

  // A named save from the pause menu.
  // (The game reads the keys pressed since its last frame together, and this renderer is slow:
  // a person's pace between keys, not a script's.)
  const named = () => page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("qpq:file:/quid-pro-quo/saves/") && k.includes("Ana class 3"));
    return key ? localStorage.getItem(key) : null;
  });
  await page.keyboard.press("Escape");
  await settle();
  await page.keyboard.press("s");
  await settle();
  await page.keyboard.type("Ana class 3");
  await settle();
  await page.keyboard.press("Enter");
  await settle();
  check(ends(await named()) === 1, "a game saved by name from the pause menu is in the browser's storage");
  await shot("saved");
  await page.keyboard.press("Escape");

  // A reload keeps the games: Continue takes the autosave up again.
  await page.reload();
  await loaded("reload");
  await screen("Menu", "after a reload");
  check(ends(await autosave()) === 1, "the autosave survives the reload");
  check(ends(await named()) === 1, "the named save survives the reload");
  await shot("menu-again", { changed: false });
  await key("c", "Round", "C continues the saved game");
  await shot("continued");

  // The tutorial, played to its debrief.
  await key("Escape", "Round", "Esc pauses");
  await page.waitForTimeout(1500);
  await key("m", "Menu", "M goes to the main menu");
  await key("t", "Briefing", "T opens the tutorial");
  await key("s", "Round", "S starts the tutorial");
  for (let i = 0; i < 30; i++) {
    await key("e", "Report", `round ${i + 1} ends`);
    await page.keyboard.press("n");
    await page.waitForFunction(() => window.qpqScreenName !== "Report", null, { timeout: 30000 });
    if (await page.evaluate(() => window.qpqScreenName === "Debrief")) break;
  }
  await screen("Debrief", "the tutorial ends");
  await shot("debrief");

  // Exports download as files.
  const [html] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("h")]);
  const htmlFile = path.join(out, html.suggestedFilename());
  await html.saveAs(htmlFile);
  const htmlText = fs.readFileSync(htmlFile, "utf8");
  check(htmlFile.endsWith(".html") && /<html/i.test(htmlText) && htmlText.length > 2000,
    `H downloads the debrief as ${html.suggestedFilename()} (${htmlText.length} bytes)`);
  const [rec] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("r")]);
  const recFile = path.join(out, rec.suggestedFilename());
  await rec.saveAs(recFile);
  check(/-record\.ron$/.test(recFile), `R downloads the game record as ${rec.suggestedFilename()}`);

  // The record made in the browser replays on the desktop to the same result.
  if (fs.existsSync(desktop)) {
    try {
      const said = execFileSync(desktop, ["replay", recFile], { encoding: "utf8" });
      check(/replay ok/.test(said), `the desktop build replays the browser's record: ${said.trim()}`);
    } catch (e) {
      check(false, `the desktop build replays the browser's record: ${e.stdout || ""}${e.stderr || e.message}`);
    }
  } else {
    check(false, `the desktop build replays the browser's record (no ${desktop}: run cargo build)`);
  }

  // April 2000 from Pyongyang's chair, at its class length, to its own debrief.
  await key("Escape", "Menu", "Esc leaves the debrief");
  await key("p", "LevelSelect", "P opens the scenarios");
  await key("3", "Briefing", "3 chooses April 2000");
  await page.keyboard.press("o");
  await page.waitForTimeout(600);
  await page.keyboard.press("2");
  await page.waitForTimeout(600);
  await shot("briefing-pyongyang");
  await key("s", "Opponent", "O then S seats the student in Pyongyang's chair");
  await shot("pyongyang");
  check((await page.evaluate(() => document.title)) === "Quid Pro Quo: The other side's chair",
    "the page title names the other chair");
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("a");
    await page.waitForTimeout(300);
    await page.keyboard.press("e");
    await page.waitForTimeout(1200);
    if (await page.evaluate(() => window.qpqScreenName === "Debrief")) break;
  }
  await screen("Debrief", "Pyongyang's game ends");
  await shot("pyongyang-debrief");
  const [theirs] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("m")]);
  const theirsFile = path.join(out, theirs.suggestedFilename());
  await theirs.saveAs(theirsFile);
  const theirsText = fs.readFileSync(theirsFile, "utf8");
  check(/Pyongyang's chair/.test(theirsText) && /What Washington saw of you/.test(theirsText),
    `M downloads Pyongyang's own debrief as ${theirs.suggestedFilename()}`);

  // A level file opens through the file picker, and joins the player's levels.
  await key("Escape", "Menu", "Esc leaves the debrief");
  await key("l", "Load", "L opens Load");
  await shot("load");
  check((await page.evaluate(() => document.title)) === "Quid Pro Quo: Load a game", "the page title names the screen");
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("o")]);
  await chooser.setFiles(path.join(repo, "levels", "examples", "varnia.ron"));
  await screen("Briefing", "a level chosen in the file picker opens its briefing");
  await shot("opened-level");
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("qpq:file:") && k.includes("/levels/")));
  check(kept.length === 1, `the opened level is kept in the browser's storage (${kept.join(", ")})`);

  // The page fits the browser's window and follows it.
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.waitForTimeout(500);
  const size = await page.evaluate(() => {
    const c = document.getElementById("qpq");
    return { w: c.clientWidth, h: c.clientHeight };
  });
  check(size.w === 1024 && size.h === 640, `the game fills the resized page (${size.w}×${size.h})`);
  await shot("resized");

  const wasm = fs.readFileSync(path.join(dist, "quid-pro-quo_bg.wasm"));
  console.log(`wasm: ${(wasm.length / 1e6).toFixed(1)} MB raw, ` +
    `${(zlib.gzipSync(wasm, { level: 9 }).length / 1e6).toFixed(1)} MB compressed (zlib level 9); ` +
    `first load to main menu ${(firstLoad / 1000).toFixed(1)} s`);
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack || e}`);
}

check(problems.length === 0, `no errors in the console${problems.length ? ":\n  " + problems.join("\n  ") : ""}`);
fs.writeFileSync(path.join(out, "console.log"), consoleLines.join("\n") + "\n");
await browser.close();
server.close();
console.log(`web test ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${out}`);
process.exit(failed ? 1 : 0);
