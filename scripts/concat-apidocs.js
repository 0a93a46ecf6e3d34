#!/usr/bin/env node
// Concatenates typedoc-plugin-markdown's module pages (router: 'module', useHTMLAnchors) into one API.md:
// a table of contents, then the cdk8s constructs, the Pulumi components, and the core the CLI uses, its
// symbols grouped by the `// <section>` comments of lib/index.ts (a core export outside every section
// fails the build). Anchors become unique across the file (`<module>-<anchor>`) and links between
// pages become in-page links.
const fs = require('node:fs');
const path = require('node:path');

const MODULES = [
  { page: 'calico-bgp-auth/cdk8s.md', id: 'cdk8s', title: 'cdk8s constructs: `calico-bgp-auth/cdk8s`' },
  { page: 'calico-bgp-auth/pulumi.md', id: 'pulumi', title: 'Pulumi components: `calico-bgp-auth/pulumi`' },
  { page: 'calico-bgp-auth/pulumi/testing.md', id: 'pulumi-testing', title: 'Pulumi unit-test mocks: `calico-bgp-auth/pulumi/testing`' },
  { page: 'calico-bgp-auth.md', id: 'core', title: 'Core, as the CLI uses it: `calico-bgp-auth`', sections: 'lib/index.ts' },
];

const [src, out] = process.argv.slice(2);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.md') ? [p] : [];
  });
}
const pages = walk(src).map((f) => path.relative(src, f).split(path.sep).join('/')).filter((f) => f !== 'README.md');
const unknown = pages.filter((p) => !MODULES.some((m) => m.page === p));
if (unknown.length) throw new Error(`concat-apidocs: no place for ${unknown.join(', ')} (add the entry point to MODULES)`);

const slug = (text) => text.toLowerCase().replace(/`/g, '').replace(/[^a-z0-9 _-]/g, '').trim().replace(/\s+/g, '-');
const moduleOfPage = (page) => MODULES.find((m) => m.page === page);

/** Prefixes every anchor with the module's id and turns links to other pages into in-page links. */
function relink(text, mod) {
  return text
    .replace(/<a id="([^"]+)"><\/a>/g, (_, a) => `<a id="${mod.id}-${a}"></a>`)
    .replace(/\]\(([^)\s]*?\.md)?(#[^)\s]*)?\)/g, (whole, file, anchor) => {
      if (!file && !anchor) return whole;
      const target = file ? moduleOfPage(path.posix.normalize(path.posix.join(path.posix.dirname(mod.page), file))) : mod;
      if (!target) throw new Error(`concat-apidocs: link to an unknown page in ${mod.page}: ${whole}`);
      return `](#${target.id}${anchor ? `-${anchor.slice(1)}` : ''})`;
    });
}

/** The page split into its header and its symbols, each under typedoc's group (Classes, Interfaces, ...). */
function parsePage(text) {
  const lines = text.split('\n');
  const header = [];
  const symbols = [];
  let group;
  let current;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const h2 = /^## (.+)$/.exec(line);
    if (h2) { group = h2[1]; current = undefined; continue; }
    const anchor = /^<a id="([^"]+)"><\/a>$/.exec(line);
    const heading = anchor && /^### (.+)$/.exec(lines[i + 2] ?? '');
    if (anchor && lines[i + 1] === '' && heading) {
      const name = heading[1].replace(/`[^`]*`\s*/g, '').replace(/\(\)$/, '').replace(/\\(.)/g, '$1').trim();
      current = { name, group, anchor: anchor[1], lines: [] };
      symbols.push(current);
    }
    if (current) current.lines.push(line);
    else if (!group) header.push(line);
  }
  const body = (s) => s.lines.join('\n').trim().replace(/\n+\*\*\*$/, '').trim();
  return { header: header.join('\n').trim(), symbols: symbols.map((s) => ({ ...s, body: body(s) })) };
}

/** The `// <section>` comments of an index file, each with the names exported under it, in order. */
function sectionsOf(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const sections = [];
  let statement = '';
  lines.forEach((line, i) => {
    const comment = /^\/\/ (.+)$/.exec(line);
    if (comment && /^export /.test(lines[i + 1] ?? '')) { sections.push({ title: comment[1], names: [] }); return; }
    if (!/^export /.test(line) && !statement) return;
    statement += ` ${line}`;
    if (!/from '[^']+';/.test(line)) return;
    const names = /\{([^}]*)\}/.exec(statement)?.[1].split(',').map((n) => n.trim().replace(/^type\s+/, '').replace(/^.*\s+as\s+/, '')).filter(Boolean) ?? [];
    if (!sections.length) throw new Error(`concat-apidocs: ${file} exports ${names.join(', ')} before any '// <section>' comment`);
    sections[sections.length - 1].names.push(...names);
    statement = '';
  });
  return sections;
}

const toc = ['## Contents', ''];
const parts = [];
for (const mod of MODULES) {
  const page = parsePage(relink(fs.readFileSync(path.join(src, mod.page), 'utf8').trim(), mod));
  const header = page.header.replace(/^# .*\n*/, '');
  const link = (s) => `[${s.name}](#${s.anchor})`;
  toc.push(`- [${mod.title}](#${mod.id})`);
  let text = `<a id="${mod.id}"></a>\n\n# ${mod.title}\n\n${header}\n\n`;
  if (!mod.sections) {
    // The constructs' pages keep typedoc's grouping: classes first.
    const groups = [...new Set(page.symbols.map((s) => s.group))];
    for (const g of groups) {
      const members = page.symbols.filter((s) => s.group === g);
      // A re-export's entry links straight to where the symbol is documented.
      const target = (s) => (g === 'References' && /Re-exports \[[^\]]*\]\((#[^)]+)\)/.exec(s.body)?.[1]) || `#${s.anchor}`;
      toc.push(`  - ${g === 'References' ? 'Also exported here (documented in another section)' : g}: ${members.map((s) => `[${s.name}](${target(s)})`).join(', ')}`);
      text += `## ${g}\n\n${members.map((s) => s.body).join('\n\n***\n\n')}\n\n`;
    }
  } else {
    // The core by task: the sections of lib/index.ts, in its order and with its order of names.
    const byName = new Map(page.symbols.map((s) => [s.name, s]));
    const placed = new Set();
    for (const section of sectionsOf(mod.sections)) {
      const members = section.names.map((n) => byName.get(n)).filter(Boolean);
      if (!members.length) continue;
      members.forEach((s) => placed.add(s.name));
      const anchor = `${mod.id}-${slug(section.title)}`;
      toc.push(`  - [${section.title.replace(/`/g, '')}](#${anchor}): ${members.map(link).join(', ')}`);
      text += `<a id="${anchor}"></a>\n\n## ${section.title}\n\n${members.map((s) => s.body).join('\n\n***\n\n')}\n\n`;
    }
    const unplaced = page.symbols.filter((s) => !placed.has(s.name)).map((s) => s.name);
    if (unplaced.length) throw new Error(`concat-apidocs: ${unplaced.join(', ')} documented in ${mod.page} but under no '// <section>' of ${mod.sections}`);
  }
  parts.push(text.trim());
}

const intro = [
  '# API Reference',
  '',
  '<!-- Generated by `npm run docgen` (typedoc + typedoc-plugin-markdown + scripts/concat-apidocs.js). Do not edit. -->',
  '',
  'Three entry points: the cdk8s constructs (`calico-bgp-auth/cdk8s`), the Pulumi components (`calico-bgp-auth/pulumi`),',
  'and the framework-free core (`calico-bgp-auth`) that both use and the `calico-bgp-auth` command line runs.',
  '`PasswordPolicy` and `ValidationError` are exported by all three.',
  '',
];
const result = [...intro, ...toc, '', ...parts.map((p) => `${p}\n`)].join('\n').trimEnd() + '\n';
// Every in-page link lands on an anchor of the file.
const anchors = new Set([...result.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
const dead = [...new Set([...result.matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => m[1]).filter((a) => !anchors.has(a)))];
if (dead.length) throw new Error(`concat-apidocs: links without a target: ${dead.join(', ')}`);
fs.writeFileSync(out, result);
