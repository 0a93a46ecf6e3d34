#!/usr/bin/env node
// Import graph of lib/ (type-only edges included), from the TypeScript compiler API: prints every
// circle (strongly connected component) and exits 1 when there is one. No dependency beyond typescript.
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function resolve(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(c)) return c;
  return undefined;
}

/** Every relative import/export/`import()` type of one file, as resolved absolute paths. */
function importsOf(file) {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out = new Set();
  const visit = (node) => {
    let spec;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) spec = node.moduleSpecifier.text;
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) spec = node.argument.literal.text;
    else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) spec = node.arguments[0].text;
    if (spec) {
      const r = resolve(file, spec);
      if (r) out.add(r);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return [...out];
}

function graph(root) {
  const g = new Map();
  for (const f of listFiles(root)) g.set(f, importsOf(f));
  return g;
}

/** Tarjan's strongly connected components of size > 1 (and self-loops). */
function circles(g) {
  let index = 0;
  const idx = new Map(); const low = new Map(); const stack = []; const on = new Set(); const out = [];
  const strong = (v) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do { w = stack.pop(); on.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || (g.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) strong(v);
  return out;
}

module.exports = { graph, circles, importsOf };

if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? 'lib');
  const found = circles(graph(root));
  for (const c of found) console.log(`circle: ${c.map((f) => path.relative(root, f)).join(' <-> ')}`);
  console.log(`${found.length} circle(s) in ${path.relative(process.cwd(), root) || '.'}`);
  process.exitCode = found.length ? 1 : 0;
}
