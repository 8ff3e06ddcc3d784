// Serves a built VitePress site on loopback and checks, in headless Debian Chromium driven by
// playwright-core, what a reader of the page sees: a code group with the tabs cURL, Python and
// Node.js, each tab showing its snippet when clicked, and each snippet's text exactly what
// `open1-snip gen --lang <lang> --format text --style page` prints (the page style, which
// sync writes into a VitePress page by default). Saves a screenshot.
//
//   node check.mjs DIST OPEN1_SNIP SCREENSHOT
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { chromium } from "playwright-core";

const [dist, snip, screenshot] = process.argv.slice(2);
if (!dist || !snip || !screenshot) {
  console.error("usage: node check.mjs DIST OPEN1_SNIP SCREENSHOT");
  process.exit(2);
}

const TABS = [
  ["cURL", "curl"],
  ["Python", "python"],
  ["Node.js", "node"],
];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

// A static server for DIST: VitePress's own preview would do, but this one needs no process to
// start and stop, and it refuses paths outside DIST.
const server = createServer(async (req, res) => {
  let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (path.endsWith("/")) path += "index.html";
  const file = normalize(join(dist, path));
  if (!file.startsWith(normalize(dist) + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

let passed = 0;
const failures = [];
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failures.push(name);
    console.log(`FAIL ${name}${detail ? `\n${detail}` : ""}`);
  }
}
const trimNewline = (s) => s.replace(/\n+$/, "");

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  // As root on a machine whose only network is loopback: no sandbox, no background fetches.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(url, { waitUntil: "networkidle" });
  const group = page.locator(".vp-doc .vp-code-group");
  await group.waitFor();
  check("one code group on the page", (await group.count()) === 1);

  const labels = group.locator(".tabs label");
  const names = (await labels.allInnerTexts()).map((s) => s.trim());
  check(
    "the tabs are cURL, Python, Node.js",
    JSON.stringify(names) === JSON.stringify(TABS.map(([label]) => label)),
    JSON.stringify(names),
  );

  const blocks = group.locator(".blocks > div");
  // Click every tab, then cURL again: switching back works too.
  for (const [label, lang] of [...TABS, TABS[0]]) {
    await labels.filter({ hasText: label }).click();
    const index = TABS.findIndex(([l]) => l === label);
    const block = blocks.nth(index);
    await block.waitFor({ state: "visible" });
    const visible = [];
    for (let i = 0; i < TABS.length; i++) visible.push(await blocks.nth(i).isVisible());
    check(
      `${label}: only its block is visible`,
      visible.every((v, i) => v === (i === index)),
      JSON.stringify(visible),
    );
    const shown = await block.locator("pre code").innerText();
    const expected = execFileSync(snip, ["gen", "--lang", lang, "--format", "text", "--style", "page"], { encoding: "utf8" });
    check(
      `${label}: the code shown is exactly \`gen --lang ${lang} --format text --style page\``,
      trimNewline(shown) === trimNewline(expected),
      `shown:\n${shown}\nexpected:\n${expected}`,
    );
  }
  check("no errors in the page", pageErrors.length === 0, pageErrors.join("\n"));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);
} finally {
  await browser.close();
  server.close();
}

console.log(`\nvitepress: ${passed} passed, ${failures.length} failed`);
for (const name of failures) console.log(`  failed: ${name}`);
process.exit(failures.length ? 1 : 0);
