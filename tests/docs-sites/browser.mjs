// Serves a built docs site on loopback and checks, in headless Debian Chromium driven by
// playwright-core, what a reader of its pages sees. The good page (the site's index) must have one
// tab group whose tabs read cURL, Python and Node.js, each tab showing only its own block when
// clicked (and cURL again after the others), and each block's code exactly what
// `open1-snip gen --lang <lang> --format text --style page` prints (trailing newlines aside). The
// broken page (check.sh's copy of the page with the Python snippet's prompt and the Node.js tab's
// label changed) must fail exactly the label check and the Python code checks, and pass the rest:
// the checks can fail, and fail for the right reason. Saves a screenshot of the good page.
//
//   node browser.mjs vitepress|mkdocs|starlight DIST OPEN1_SNIP SCREENSHOT
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { chromium } from "playwright-core";

// How each site lays out a tab group. `texts`: the ways to read a block's code, each of which must
// equal gen's output — what the reader sees (innerText) and, where it holds the code's own text,
// the <code> element's textContent, or the text Starlight's Copy button puts on the clipboard.
const SITES = {
  vitepress: {
    group: ".vp-doc .vp-code-group",
    tabs: ".tabs label",
    panels: ".blocks > div",
    broken: "broken.html",
    texts: { innerText: innerText, textContent: textContent },
  },
  mkdocs: {
    group: ".md-content .tabbed-set",
    tabs: ".tabbed-labels > label",
    panels: ".tabbed-content > .tabbed-block",
    broken: "broken/",
    texts: { innerText: innerText, textContent: textContent },
  },
  starlight: {
    group: ".sl-markdown-content starlight-tabs",
    tabs: '[role="tab"]',
    panels: '[role="tabpanel"]',
    broken: "broken/",
    // Expressive Code renders each line as a <div class="ec-line"> (a blank one holding "\n", so
    // innerText doubles blank lines and textContent has no newlines): the lines shown are those
    // divs' text; its Copy button holds the code with U+007F for each newline.
    texts: {
      "lines (.ec-line)": async (panel) =>
        (await panel.locator("pre code .ec-line").allTextContents()).map((l) => l.replace(/\n$/, "")).join("\n"),
      "the Copy button's text": async (panel) =>
        (await panel.locator("button[data-code]").getAttribute("data-code")).replaceAll("\u007f", "\n"),
    },
  },
};
const TABS = [
  ["cURL", "curl"],
  ["Python", "python"],
  ["Node.js", "node"],
];
// What check.sh changed on the broken page, as the checks that must fail there.
const BROKEN_FAILS = new Set(["labels", "code:python"]);
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

async function innerText(panel) {
  return panel.locator("pre code").innerText();
}
async function textContent(panel) {
  return panel.locator("pre code").textContent();
}

const [name, dist, snip, screenshot] = process.argv.slice(2);
const site = SITES[name];
if (!site || !dist || !snip || !screenshot) {
  console.error(`usage: node browser.mjs ${Object.keys(SITES).join("|")} DIST OPEN1_SNIP SCREENSHOT`);
  process.exit(2);
}

// A static server for DIST: each framework's own preview would do, but this one needs no process
// to start and stop, and it refuses paths outside DIST.
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
const base = `http://127.0.0.1:${server.address().port}/`;

const trimNewline = (s) => s.replace(/\n+$/, "");
const expected = Object.fromEntries(
  TABS.map(([, lang]) => [
    lang,
    execFileSync(snip, ["gen", "--lang", lang, "--format", "text", "--style", "page"], { encoding: "utf8" }),
  ]),
);

/** Checks one page; returns its results, each `{ name, kind, ok, detail }`, and bytes compared. */
async function checkPage(browser, path, shot) {
  const results = [];
  let bytes = 0;
  const check = (name, kind, ok, detail = "") => results.push({ name, kind, ok, detail });
  // A context per page: Starlight keeps the chosen tab of a syncKey in localStorage.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  const response = await page.goto(base + path, { waitUntil: "networkidle" });
  check(`the page /${path} is served`, "page", response.ok(), String(response.status()));
  const groups = page.locator(site.group);
  await groups.first().waitFor();
  check("one tab group on the page", "group", (await groups.count()) === 1, String(await groups.count()));
  const group = groups.first();

  const tabs = group.locator(site.tabs);
  const names = (await tabs.allInnerTexts()).map((s) => s.trim());
  check(
    "the tabs are cURL, Python, Node.js",
    "labels",
    JSON.stringify(names) === JSON.stringify(TABS.map(([label]) => label)),
    JSON.stringify(names),
  );
  const panels = group.locator(site.panels);
  check("3 tab panels", "panels", (await panels.count()) === TABS.length, String(await panels.count()));

  // Click every tab by position, then cURL again: switching back works too.
  for (const index of [0, 1, 2, 0]) {
    const [label, lang] = TABS[index];
    await tabs.nth(index).click();
    const panel = panels.nth(index);
    await panel.waitFor({ state: "visible" });
    const visible = [];
    for (let i = 0; i < TABS.length; i++) visible.push(await panels.nth(i).isVisible());
    check(
      `tab ${index + 1} (${label}): only its panel is visible`,
      "visibility",
      visible.every((v, i) => v === (i === index)),
      JSON.stringify(visible),
    );
    for (const [how, read] of Object.entries(site.texts)) {
      const shown = await read(panel);
      bytes += Buffer.byteLength(shown);
      check(
        `tab ${index + 1} (${label}): its code's ${how} is exactly \`gen --lang ${lang} --format text --style page\``,
        `code:${lang}`,
        trimNewline(shown) === trimNewline(expected[lang]),
        `shown:\n${shown}\nexpected:\n${expected[lang]}`,
      );
    }
  }
  check("no errors in the page", "errors", pageErrors.length === 0, pageErrors.join("\n"));
  if (shot) await page.screenshot({ path: shot, fullPage: true, animations: "disabled" });
  await context.close();
  return { results, bytes };
}

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
let failed = 0;
try {
  const good = await checkPage(browser, "", screenshot);
  for (const r of good.results) {
    console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name}${r.ok || !r.detail ? "" : `\n${r.detail}`}`);
    if (!r.ok) failed++;
  }
  console.log(`screenshot: ${screenshot}`);

  // The broken page: the checks of what was changed fail, every other check passes.
  const broken = await checkPage(browser, site.broken, null);
  const wrong = broken.results.filter((r) => r.ok === BROKEN_FAILS.has(r.kind));
  const caught = broken.results.filter((r) => !r.ok).length;
  for (const r of wrong) {
    console.log(`FAIL broken page: ${r.name} ${r.ok ? "passed" : "failed"}${r.ok || !r.detail ? "" : `\n${r.detail}`}`);
  }
  const kinds = new Set(broken.results.filter((r) => !r.ok).map((r) => r.kind));
  const allKinds = [...BROKEN_FAILS].every((k) => kinds.has(k));
  if (wrong.length || !allKinds) failed++;
  else console.log(`ok   broken page: exactly the ${caught} checks of the changed label and Python code fail`);
  console.log(
    `\n${name}: 2 pages, ${good.results.length} checks on the good page (${good.bytes} bytes of code compared), ` +
      `${broken.results.length} on the broken page (${caught} failing); ${failed ? `${failed} FAILED` : "all passed"}`,
  );
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
