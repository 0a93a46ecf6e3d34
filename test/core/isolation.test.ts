/**
 * The core is framework-free: from lib/index.ts, no import reaches cdk8s, constructs or an @pulumi
 * package, only Node built-ins and `yaml`. Proved twice: statically (the import graph, read with the
 * TypeScript scanner, type-only imports included), and at run time (a fresh Node process loads
 * lib/index.ts with a resolver that refuses those packages, then generates a password).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const LIB = path.join(ROOT, 'lib');
const ENTRY = path.join(LIB, 'index.ts');
const ALLOWED_PACKAGES = new Set(['yaml']);
const FRAMEWORKS = /^(cdk8s|cdk8s-plus-\d+|constructs|@pulumi\/.*)(\/.*)?$/;
const FRAMEWORK_DIRS = ['cdk8s', 'pulumi'].map((d) => path.join(LIB, d) + path.sep);

/** Module specifiers a file names: imports, re-exports, `import type`, `import()` and `require()`. */
function specifiersOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

function resolveRelative(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  const found = [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => existsSync(f) && statSync(f).isFile());
  if (!found) throw new Error(`${path.relative(ROOT, from)}: cannot resolve '${spec}'`);
  return found;
}

const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec);
const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/** Every file reachable from `entry` and every bare specifier they name (with the naming file). */
function importGraph(entry: string) {
  const files = new Set<string>();
  const external: Array<{ spec: string; from: string }> = [];
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiersOf(file)) {
      if (spec.startsWith('.')) queue.push(resolveRelative(file, spec));
      else external.push({ spec, from: path.relative(ROOT, file) });
    }
  }
  return { files: [...files].map((f) => path.relative(ROOT, f)).sort(), external };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the core imports no framework', () => {
  it('GIVEN the scanner WHEN it reads a sample THEN it finds imports, re-exports, type imports and require calls (control)', () => {
    // GIVEN
    const sample = 'import type { X } from \'@pulumi/pulumi\';\nexport * from \'./a\';\n// require(\'in-a-comment\')\nconst c = require(\'constructs\');\nconst u = \'http://x\';\n';
    // WHEN
    const found = ts.preProcessFile(sample, true, true).importedFiles.map((f) => f.fileName);
    // THEN
    expect(found.sort()).toEqual(['./a', '@pulumi/pulumi', 'constructs']);
  });

  it('GIVEN lib/index.ts WHEN its import graph is followed THEN it stays in the core and reaches only Node built-ins and yaml', () => {
    // GIVEN / WHEN
    const { files, external } = importGraph(ENTRY);
    // THEN
    expect(files).toContain('lib/password/policy.ts');
    expect(files).toContain('lib/calico/manifests.ts');
    expect(files.filter((f) => FRAMEWORK_DIRS.some((d) => path.join(ROOT, f).startsWith(d)))).toEqual([]);
    expect(external.filter(({ spec }) => !isBuiltin(spec) && !ALLOWED_PACKAGES.has(packageOf(spec)))).toEqual([]);
  });

  it('GIVEN every file of lib/ outside lib/cdk8s and lib/pulumi WHEN scanned THEN none names cdk8s, constructs or @pulumi', () => {
    // GIVEN
    const files = walk(LIB).filter((f) => !FRAMEWORK_DIRS.some((d) => f.startsWith(d)));
    // WHEN
    const offenders = files.flatMap((f) => specifiersOf(f).filter((s) => FRAMEWORKS.test(s)).map((s) => `${path.relative(ROOT, f)} → ${s}`));
    // THEN
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  it('GIVEN a Node process that refuses cdk8s, constructs and @pulumi WHEN it loads lib/index.ts THEN the core loads and works', () => {
    // GIVEN
    const script = `
      const Module = require('module');
      const path = require('path');
      const lib = ${JSON.stringify(LIB + path.sep)};
      const bare = new Set();
      const original = Module._resolveFilename;
      Module._resolveFilename = function (request, parent, ...rest) {
        if (${FRAMEWORKS}.test(request)) throw new Error('framework module requested: ' + request + ' by ' + (parent && parent.filename));
        if (parent && parent.filename && parent.filename.startsWith(lib) && !request.startsWith('.')) bare.add(request);
        return original.call(this, request, parent, ...rest);
      };
      require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
      const core = require(${JSON.stringify(ENTRY)});
      const pw = core.PasswordPolicy.DEFAULT.generate();
      const loaded = Object.keys(require.cache).filter((f) => f.startsWith(lib)).map((f) => path.relative(lib, f));
      process.stdout.write(JSON.stringify({
        compliant: core.PasswordPolicy.DEFAULT.check(pw).length === 0,
        exports: ['auditManifests', 'derivePassword', 'ROUTER_PROFILES'].filter((n) => n in core),
        bare: [...bare].sort(),
        frameworkFiles: loaded.filter((f) => /^(cdk8s|pulumi)[\\\\/]/.test(f)),
        loadedCount: loaded.length,
      }));
    `;
    // WHEN
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    // THEN
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as {
      compliant: boolean;
      exports: string[];
      bare: string[];
      frameworkFiles: string[];
      loadedCount: number;
    };
    expect(out.compliant).toBe(true);
    expect(out.exports).toEqual(['auditManifests', 'derivePassword', 'ROUTER_PROFILES']);
    expect(out.frameworkFiles).toEqual([]);
    expect(out.bare.filter((s) => !isBuiltin(s) && !ALLOWED_PACKAGES.has(packageOf(s)))).toEqual([]);
    expect(out.loadedCount).toBeGreaterThan(10);
  });

  it('GIVEN the same refusing resolver WHEN lib/cdk8s is loaded THEN it fails on a framework module (control)', () => {
    // GIVEN
    const script = `
      const Module = require('module');
      const original = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        if (${FRAMEWORKS}.test(request)) throw new Error('framework module requested: ' + request);
        return original.call(this, request, ...rest);
      };
      require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
      require(${JSON.stringify(path.join(LIB, 'cdk8s', 'index.ts'))});
    `;
    // WHEN
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    // THEN
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/framework module requested: (cdk8s|constructs)/);
  });
});
