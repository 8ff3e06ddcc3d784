// Compiles a Docusaurus or Mintlify page holding `open1-snip gen --format docusaurus|mintlify`'s
// tabs with @mdx-js/mdx (the MDX compiler both sites build pages with), runs it with React's
// jsx-runtime and stub components, and checks its structure: the components the page uses, with
// the props those sites read, and each tab's code exactly what
// `open1-snip gen --lang <lang> --format text --style page` prints (trailing newlines aside).
//
// Docusaurus: `import Tabs from '@theme/Tabs'` and `import TabItem from '@theme/TabItem'` — the
// only imports the page may make; a resolve hook stands in for Docusaurus's theme alias and
// serves the stubs, so any other import fails — then one <Tabs groupId="lang"> holding exactly
// the <TabItem value=… label=…> of cURL, Python and Node.js, each holding one fenced block.
// Mintlify: no import (<CodeGroup> is a global component, passed in as Mintlify does), one
// <CodeGroup> holding exactly three fenced blocks, each titled by the word after its language
// (```` ```bash cURL ````). The tree is read from the elements the compiled page returns, then
// the page is rendered with renderToStaticMarkup, which must hold each snippet, escaped.
//
// The broken page (check.sh's copy with the Python snippet's prompt and the Node.js tab's label
// changed) must fail exactly the label and Python code checks and pass the rest.
//
//   node mdx.mjs docusaurus|mintlify PAGE BROKEN_PAGE OPEN1_SNIP OUT_DIR
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { register } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "@mdx-js/mdx";
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";

const [format, pagePath, brokenPath, snip, out] = process.argv.slice(2);
if (!["docusaurus", "mintlify"].includes(format) || !pagePath || !brokenPath || !snip || !out) {
  console.error("usage: node mdx.mjs docusaurus|mintlify PAGE BROKEN_PAGE OPEN1_SNIP OUT_DIR");
  process.exit(2);
}

// label, lang (gen's --lang and Docusaurus's value), the fence's language.
const TABS = [
  ["cURL", "curl", "bash"],
  ["Python", "python", "python"],
  ["Node.js", "node", "js"],
];
const BROKEN_FAILS = new Set(["labels", "code:python"]);
const THEME = ["@theme/Tabs", "@theme/TabItem"];

// The stubs render what they were given, so renderToStaticMarkup shows the props too.
const stub = (name) =>
  function Stub({ children, ...props }) {
    const attrs = Object.fromEntries(Object.entries(props).map(([k, v]) => [`data-${k.toLowerCase()}`, v]));
    return createElement("div", { "data-component": name, ...attrs }, children);
  };
const Tabs = stub("Tabs");
const TabItem = stub("TabItem");
const CodeGroup = stub("CodeGroup");
globalThis.__docusaurusTheme = { "@theme/Tabs": Tabs, "@theme/TabItem": TabItem, imported: [] };

// Docusaurus resolves @theme/* to its theme's components (a webpack alias); here they resolve to
// the stubs, and the stub module records that the page imported it.
const hooks = `
const THEME = ${JSON.stringify(THEME)};
export async function resolve(specifier, context, next) {
  if (THEME.includes(specifier)) {
    const name = JSON.stringify(specifier);
    // One module per importing page (a module is evaluated once), so each page's import is seen.
    const source = "/* imported by " + context.parentURL + " */ globalThis.__docusaurusTheme.imported.push(" + name + ");" +
      "export default globalThis.__docusaurusTheme[" + name + "];";
    return { url: "data:text/javascript," + encodeURIComponent(source), shortCircuit: true };
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

// MDX drops a fence's meta (`cURL` in ```` ```bash cURL ````); Mintlify's own rehype plugins read
// it, as Docusaurus's do into `metastring`. This passes it on the same way.
function rehypeMetastring() {
  const walk = (node) => {
    if (node.type === "element" && node.tagName === "code" && node.data?.meta) {
      node.properties.metastring = node.data.meta;
    }
    for (const child of node.children ?? []) walk(child);
  };
  return walk;
}

const trimNewline = (s) => s.replace(/\n+$/, "");
const escapeHtml = (s) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;");
const expected = Object.fromEntries(
  TABS.map(([, lang]) => [
    lang,
    execFileSync(snip, ["gen", "--lang", lang, "--format", "text", "--style", "page"], { encoding: "utf8" }),
  ]),
);

/** The element children of a React node, and any text that is not whitespace between them. */
function childrenOf(node) {
  const all = [node?.props?.children ?? []].flat(Infinity);
  const elements = all.filter((c) => c && typeof c === "object");
  const text = all.filter((c) => typeof c === "string" && c.trim() !== "");
  return { elements, text };
}
const typeName = (el) =>
  typeof el.type === "string" ? el.type : el.type === Fragment ? "Fragment" : (el.type.name ?? "?");

/** A fenced block's `pre > code`: its language, meta and text, or why it is not one. */
function fence(el) {
  if (el.type !== "pre") return { error: `a <${typeName(el)}>, not a fenced block's <pre>` };
  const { elements, text } = childrenOf(el);
  if (elements.length !== 1 || elements[0].type !== "code" || text.length) {
    return { error: "a <pre> not holding exactly one <code>" };
  }
  const { className = "", metastring, children } = elements[0].props;
  return { lang: className.replace(/^language-/, ""), meta: metastring, code: String(children) };
}

let compiledCount = 0;
/** Compiles, runs and checks one page; returns its results, each `{ name, kind, ok, detail }`. */
async function checkPage(path, label) {
  const results = [];
  let bytes = 0;
  const check = (name, kind, ok, detail = "") => results.push({ name, kind, ok, detail });
  const source = await readFile(path, "utf8");
  let compiled;
  try {
    compiled = String(await compile(source, { rehypePlugins: [rehypeMetastring] }));
    check(`${label} compiles (${Buffer.byteLength(source)} bytes of MDX)`, "compile", true);
  } catch (e) {
    check(`${label} compiles`, "compile", false, String(e));
    return { results, bytes };
  }
  // Written next to node_modules so that react/jsx-runtime resolves; a new name per page, as a
  // module is imported once.
  await mkdir(out, { recursive: true });
  const file = join(out, `${format}-${++compiledCount}.mjs`);
  await writeFile(file, compiled);
  globalThis.__docusaurusTheme.imported = [];
  const { default: MDXContent } = await import(pathToFileURL(file).href);
  const imported = [...globalThis.__docusaurusTheme.imported].sort();
  const wantImports = format === "docusaurus" ? [...THEME].sort() : [];
  check(
    `imports exactly ${wantImports.length ? wantImports.join(" and ") : "nothing"}`,
    "imports",
    JSON.stringify(imported) === JSON.stringify(wantImports),
    JSON.stringify(imported),
  );

  const components = format === "mintlify" ? { CodeGroup } : {};
  let tree;
  try {
    tree = MDXContent({ components });
  } catch (e) {
    check("the page runs with its components", "run", false, String(e));
    return { results, bytes };
  }
  const group = format === "docusaurus" ? Tabs : CodeGroup;
  const groups = childrenOf(tree).elements.filter((el) => el.type === group);
  const groupName = format === "docusaurus" ? "Tabs" : "CodeGroup";
  check(`one <${groupName}> on the page`, "group", groups.length === 1, String(groups.length));
  if (groups.length !== 1) return { results, bytes };
  const [el] = groups;
  const { elements: items, text: stray } = childrenOf(el);
  check("no text between the tabs", "stray", stray.length === 0, JSON.stringify(stray));
  check("3 tabs", "panels", items.length === TABS.length, String(items.length));

  // Each tab as [label, fence]: Docusaurus's TabItem holds one fence; Mintlify's tab is the fence.
  let tabs;
  if (format === "docusaurus") {
    const { groupId, ...rest } = el.props;
    delete rest.children;
    check('<Tabs groupId="lang">, no other prop', "props", groupId === "lang" && !Object.keys(rest).length, JSON.stringify(el.props, (k, v) => (k === "children" ? undefined : v)));
    check("every tab is a <TabItem>", "items", items.every((i) => i.type === TabItem), items.map(typeName).join(", "));
    tabs = items.map((item) => {
      const { elements, text } = childrenOf(item);
      const f = elements.length === 1 && !text.length ? fence(elements[0]) : { error: "not exactly one fenced block" };
      return { label: item.props.label, value: item.props.value, fence: f };
    });
    const values = tabs.map((t) => t.value);
    check(
      "the TabItems' values are curl, python, node",
      "values",
      JSON.stringify(values) === JSON.stringify(TABS.map(([, lang]) => lang)),
      JSON.stringify(values),
    );
  } else {
    tabs = items.map((item) => {
      const f = fence(item);
      return { label: f.meta, fence: f };
    });
  }
  const labels = tabs.map((t) => t.label);
  check(
    `the tabs' ${format === "docusaurus" ? "labels" : "titles (the fences' meta)"} are cURL, Python, Node.js`,
    "labels",
    JSON.stringify(labels) === JSON.stringify(TABS.map(([l]) => l)),
    JSON.stringify(labels),
  );
  TABS.forEach(([label, lang, info], i) => {
    const f = tabs[i]?.fence ?? { error: "missing" };
    check(`tab ${i + 1} (${label}) is a fenced block`, `fence:${lang}`, !f.error, f.error);
    if (f.error) return;
    check(`tab ${i + 1} (${label}): the fence's language is ${info}`, `info:${lang}`, f.lang === info, f.lang);
    bytes += Buffer.byteLength(f.code);
    check(
      `tab ${i + 1} (${label}): its code is exactly \`gen --lang ${lang} --format text --style page\``,
      `code:${lang}`,
      trimNewline(f.code) === trimNewline(expected[lang]),
      `shown:\n${f.code}\nexpected:\n${expected[lang]}`,
    );
  });

  let html = "";
  try {
    html = renderToStaticMarkup(createElement(MDXContent, { components }));
  } catch (e) {
    check("renders to static markup", "render", false, String(e));
    return { results, bytes };
  }
  const pres = html.split("<pre>").length - 1;
  check(`renders to static markup with 3 <pre> (${html.length} bytes)`, "render", pres === TABS.length, String(pres));
  TABS.forEach(([label, lang]) =>
    check(
      `the markup holds the ${label} snippet`,
      `code:${lang}`,
      html.includes(escapeHtml(trimNewline(expected[lang]))),
    ),
  );
  return { results, bytes };
}

let failed = 0;
const good = await checkPage(pagePath, "the page");
for (const r of good.results) {
  console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name}${r.ok || !r.detail ? "" : `\n${r.detail}`}`);
  if (!r.ok) failed++;
}
const broken = await checkPage(brokenPath, "the broken page");
const wrong = broken.results.filter((r) => r.ok === BROKEN_FAILS.has(r.kind));
const caught = broken.results.filter((r) => !r.ok).length;
for (const r of wrong) {
  console.log(`FAIL broken page: ${r.name} ${r.ok ? "passed" : "failed"}${r.ok || !r.detail ? "" : `\n${r.detail}`}`);
}
const kinds = new Set(broken.results.filter((r) => !r.ok).map((r) => r.kind));
if (wrong.length || ![...BROKEN_FAILS].every((k) => kinds.has(k))) failed++;
else console.log(`ok   broken page: exactly the ${caught} checks of the changed label and Python code fail`);
console.log(
  `\n${format}: 2 pages compiled, ${good.results.length} checks on the good page (${good.bytes} bytes of code compared), ` +
    `${broken.results.length} on the broken page (${caught} failing); ${failed ? `${failed} FAILED` : "all passed"}`,
);
process.exit(failed ? 1 : 0);
