// A class in headless Chromium, against the real class server (target/debug/qpq-server) serving
// the browser build: the teacher opens a session on the teacher's page; two students open the
// page the server serves, choose Join a class, type the code and their names, and play the
// tutorial to its end; the live monitor shows both; the teacher ends the session; the class
// report lists both; the zip of records holds both, and the desktop build replays each record to
// the hash it ends with.
//
//   node web/test/class.mjs     (after web/build.sh, `cargo build --bin quid-pro-quo` and
//                                `cargo build -p qpq-server`)
// Environment: CHROMIUM (default /usr/bin/chromium); QPQ_DESKTOP, QPQ_SERVER (the binaries).

import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { spawn, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const out = path.join(repo, "web", "test-output", "class");
const desktop = process.env.QPQ_DESKTOP || path.join(repo, "target", "debug", "quid-pro-quo");
const serverBin = process.env.QPQ_SERVER || path.join(repo, "target", "debug", "qpq-server");
const started = Date.now();
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

let failed = false;
function check(ok, what) {
  if (!ok) {
    failed = true;
    console.error(`FAIL: ${what}`);
  } else {
    console.log(`ok: ${what}`);
  }
}

// --- the class server -------------------------------------------------------------------------
const port = await new Promise((r) => {
  const s = net.createServer();
  s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); });
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), "qpq-class-"));
const secret = "a-class-test-secret";
const server = spawn(serverBin, ["--db", `sqlite://${work}/class.db`, "--listen", `127.0.0.1:${port}`,
  "--web", path.join(repo, "web", "dist"), "--secret", secret], { stdio: ["ignore", "pipe", "pipe"] });
let serverLog = "";
server.stdout.on("data", (d) => { serverLog += d; });
server.stderr.on("data", (d) => { serverLog += d; });
for (let i = 0; i < 100 && !serverLog.includes("ready in"); i++) await new Promise((r) => setTimeout(r, 100));
check(serverLog.includes("ready in"), `the class server starts (${serverLog.split("\n")[0]})`);
const base = `http://127.0.0.1:${port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic"],
});
const problems = [];

async function student(name) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 640 } });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || /panicked/.test(m.text())) problems.push(`${name}: console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${name}: page error: ${e.message}`));
  return page;
}

async function screen(page, name, what) {
  try {
    await page.waitForFunction((n) => window.qpqScreenName === n, name, { timeout: 60000 });
    check(true, `${what}: the ${name} screen`);
    return true;
  } catch {
    check(false, `${what}: the ${name} screen (the game shows ${await page.evaluate(() => window.qpqScreenName)})`);
    return false;
  }
}

// A person's pace between keys: the page draws on the CPU here.
async function press(page, k) {
  await page.keyboard.press(k);
  await page.waitForTimeout(450);
}

try {
  // The teacher opens a session on the tutorial.
  const teacher = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  teacher.on("dialog", (d) => d.accept());
  await teacher.goto(`${base}/teacher`);
  check((await teacher.content()).includes("need the teacher link"), "the teacher's pages are closed without the secret");
  await teacher.goto(`${base}/teacher?key=${secret}`);
  await teacher.selectOption("select[name=level]", "tutorial");
  await teacher.selectOption("select[name=length]", "");
  await teacher.fill("textarea[name=roster]", "Ada\nBo\nCy");
  await Promise.all([teacher.waitForNavigation(), teacher.click("button[type=submit]")]);
  const code = (await teacher.textContent(".code")).trim();
  check(/^[A-Z2-9]{6}$/.test(code), `the session's join code is on the monitor (${code})`);
  await teacher.screenshot({ path: path.join(out, "monitor-empty.png"), fullPage: true });

  // Two students join from the page the server serves, and play the tutorial to its end.
  const names = ["Ada", "Bo"];
  const pages = [];
  for (const name of names) {
    const page = await student(name);
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.qpqReadyAt !== undefined || window.qpqFailed !== undefined,
      null, { timeout: 240000 });
    await screen(page, "Menu", `${name} opens the page`);
    await press(page, "j");
    await screen(page, "Join", `${name} presses J`);
    // As a person does, read the page before typing: the screen is named as soon as it is
    // chosen, and its field takes the keys once the page is drawn.
    await page.waitForTimeout(1500);
    await page.keyboard.type(code.toLowerCase(), { delay: 40 });
    if (name === "Ada") {
      // Ada types her name.
      await press(page, "Tab");
      await page.keyboard.type(name, { delay: 40 });
      await page.screenshot({ path: path.join(out, `${name}-join.png`) });
      await press(page, "Enter");
    } else {
      // Bo types none: the class list comes up, and he picks his name (the field, Ada, Bo).
      await press(page, "Enter");
      await page.waitForTimeout(2000);
      await page.screenshot({ path: path.join(out, `${name}-class-list.png`) });
      check(await page.evaluate(() => window.qpqScreenName) === "Join", `${name} sees the class list`);
      for (let k = 0; k < 3; k++) await press(page, "Tab");
      await press(page, "Enter");
    }
    await screen(page, "Round", `${name} joins class ${code}`);
    await page.screenshot({ path: path.join(out, `${name}-round.png`) });
    pages.push(page);
  }
  // Ada ends a round, and her page is reloaded: Continue joins the class again, where she was.
  await press(pages[0], "e");
  await screen(pages[0], "Report", "Ada ends round 1");
  await pages[0].reload();
  await pages[0].waitForFunction(() => window.qpqReadyAt !== undefined || window.qpqFailed !== undefined,
    null, { timeout: 240000 });
  await screen(pages[0], "Menu", "Ada's page reloaded");
  await pages[0].screenshot({ path: path.join(out, "Ada-reloaded.png") });
  await press(pages[0], "c");
  await screen(pages[0], "Round", "Continue takes Ada back to her class game");
  await pages[0].screenshot({ path: path.join(out, "Ada-continued.png") });
  // Round by round, in turn: End round, then on from the report, until the debrief. Each key
  // waits for the screen it changes (the page draws on the CPU here, two pages at once).
  async function next(page) {
    const now = await page.evaluate(() => window.qpqScreenName);
    const key = { Round: "e", Report: "n" }[now];
    if (!key) return now;
    await page.keyboard.press(key);
    await page.waitForFunction((n) => window.qpqScreenName !== n, now, { timeout: 20000 })
      .catch(() => {});
    return page.evaluate(() => window.qpqScreenName);
  }
  for (let step = 0; step < 60; step++) {
    const now = await Promise.all(pages.map(next));
    if (now.every((s) => s === "Debrief")) break;
  }
  for (const [k, page] of pages.entries()) {
    await screen(page, "Debrief", `${names[k]} plays the tutorial to its end`);
    await page.screenshot({ path: path.join(out, `${names[k]}-debrief.png`) });
  }

  // The monitor, brought up to date by the server, shows both students finished.
  await teacher.waitForTimeout(2500);
  const rows = await teacher.textContent("#rows");
  for (const name of names) check(rows.includes(name), `the monitor shows ${name}`);
  check(!rows.includes("playing"), `the monitor shows both games over (${rows.replace(/\s+/g, " ").slice(0, 160)})`);
  await teacher.screenshot({ path: path.join(out, "monitor.png"), fullPage: true });

  // The teacher ends the session and opens the results.
  await Promise.all([teacher.waitForNavigation(), teacher.click("button[value=end]")]);
  check((await teacher.content()).includes("This session has ended"), "the teacher ends the session");
  await teacher.goto(`${base}/teacher/s/${code}/report`);
  const report = await teacher.content();
  check(report.includes("2 game records"), "the class report lists both records");
  for (const name of names) check(report.includes(name), `the class report names ${name}`);
  await teacher.screenshot({ path: path.join(out, "class-report.png"), fullPage: true });
  const packet = await teacher.goto(`${base}/teacher/packet/tutorial`);
  check(packet.ok() && (await teacher.content()).includes("Lesson plan"), "the tutorial's teacher packet prints");

  // Every record, from the zip, replays on the desktop build to the hash it ends with.
  const zip = await teacher.request.get(`${base}/teacher/s/${code}/records.zip`);
  check(zip.ok(), "the zip of records downloads");
  const zipFile = path.join(out, "records.zip");
  fs.writeFileSync(zipFile, await zip.body());
  const dir = path.join(out, "records");
  execFileSync("python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zipFile, dir]);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ron"));
  check(files.length === 2, `the zip holds two records (${files.join(", ")})`);
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    const hash = (text.match(/(?<![_a-z])hash: "([0-9a-f]+)"/) || [])[1];
    let said = "";
    try {
      said = execFileSync(desktop, ["replay", path.join(dir, f)], { encoding: "utf8" });
    } catch (e) {
      said = `${e.stdout || ""}${e.stderr || ""}`;
    }
    check(hash !== undefined && said.includes("replay ok") && said.includes(hash),
      `${f} replays on the desktop to its hash ${hash} (${said.trim().split("\n").pop()})`);
  }
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack || e}`);
}

check(problems.length === 0, `no errors in the pages' consoles${problems.length ? ":\n  " + problems.join("\n  ") : ""}`);
await browser.close();
server.kill("SIGKILL");
fs.rmSync(work, { recursive: true, force: true });
console.log(`class test ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${out}`);
process.exit(failed ? 1 : 0);
