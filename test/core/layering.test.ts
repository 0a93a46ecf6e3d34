/**
 * The layering of lib/ is enforced, not remembered: the project's own ESLint configuration
 * (.eslintrc.json, generated from .projenrc.ts) refuses an upward import, a sibling or engine-to-engine
 * import, a deep import past a folder's index.ts and an import circle; and the import graph of lib/,
 * type-only edges included (which `import/no-cycle` always skips), has no circle.
 *
 * Each probe lints a real file of lib/ with one import added (ESLint's Node API, `lintText` under
 * the file's own path) and checks the rule fires; the same file without the line is the control.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LegacyESLint } from 'eslint/use-at-your-own-risk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const GRAPH_SCRIPT = path.join(ROOT, 'scripts/import-graph.js');
const LAYER_RULES = new Set(['import/no-cycle', 'import/no-restricted-paths']);

let eslint: LegacyESLint;

beforeAll(() => {
  eslint = new LegacyESLint({ cwd: ROOT, useEslintrc: true });
});

/** The layering messages ESLint reports for `file` (relative to the root) with `line` appended. */
async function layeringErrors(file: string, line?: string): Promise<string[]> {
  const text = readFileSync(path.join(ROOT, file), 'utf8') + (line === undefined ? '' : `\n${line}\n`);
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
  return result.messages
    .filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId))
    .map((m) => `${file}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
}

describe('ESLint refuses imports that break the layering of lib/', () => {
  const probes: Array<{ what: string; file: string; line: string; rule: string; message: RegExp }> = [
    {
      what: 'an upward import (password imports calico, a floor above)',
      file: 'lib/password/floor.ts',
      line: 'import { CalicoInstall } from \'../calico\';\nexport type Probe = CalicoInstall;',
      rule: 'import/no-restricted-paths',
      message: /lib\/password is on floor 1 .*imports only from lower floors/,
    },
    {
      what: 'a circular import (floor.ts imports policy.ts, which imports floor.ts)',
      file: 'lib/password/floor.ts',
      line: 'import { PasswordPolicy } from \'./policy\';\nexport const PROBE = PasswordPolicy;',
      rule: 'import/no-cycle',
      message: /Dependency cycle detected/,
    },
    {
      what: 'a sibling on the same floor (router imports audit)',
      file: 'lib/router/model.ts',
      line: 'import { AUDIT_RULES } from \'../audit\';\nexport const PROBE = AUDIT_RULES;',
      rule: 'import/no-restricted-paths',
      message: /lib\/router is on floor 3/,
    },
    {
      what: 'a deep import past a folder\'s index.ts (router imports calico/fields)',
      file: 'lib/router/model.ts',
      line: 'import { checkName } from \'../calico/fields\';\nexport const PROBE = checkName;',
      rule: 'import/no-restricted-paths',
      message: /Import lib\/calico through its index\.ts/,
    },
    {
      what: 'one engine importing the other (cdk8s imports pulumi)',
      file: 'lib/cdk8s/emit.ts',
      line: 'import type { BgpPassword } from \'../pulumi\';\nexport type Probe = BgpPassword;',
      rule: 'import/no-restricted-paths',
      message: /lib\/cdk8s is on floor 5 .*never from its own floor/,
    },
    {
      what: 'the CLI importing an engine',
      file: 'lib/cli/io.ts',
      line: 'import type { SecuredBgpPeer } from \'../cdk8s\';\nexport type Probe = SecuredBgpPeer;',
      rule: 'import/no-restricted-paths',
      message: /The CLI uses only the framework-free core/,
    },
    {
      what: 'the core importing the CLI (guardrail imports cli)',
      file: 'lib/guardrail/props.ts',
      line: 'import \'../cli/format\';',
      rule: 'import/no-restricted-paths',
      message: /lib\/guardrail is on floor 4 .*or the CLI/,
    },
  ];

  it.each([...new Set(probes.map((p) => p.file))])('GIVEN %s unchanged WHEN linted THEN no layering rule fires (control)', async (file) => {
    // GIVEN / WHEN
    const errors = await layeringErrors(file);
    // THEN
    expect(errors).toEqual([]);
  }, 60_000);

  it.each(probes)('GIVEN $what WHEN linted THEN $rule fires', async ({ file, line, rule, message }) => {
    // GIVEN / WHEN
    const errors = await layeringErrors(file, line);
    // THEN: errors only on the added import, one of them from the expected rule with its message.
    const added = readFileSync(path.join(ROOT, file), 'utf8').split('\n').length + 1;
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toContain(`${file}:${added}:`);
    expect(errors.filter((e) => e.includes(` ${rule}: `) && message.test(e))).toHaveLength(1);
  }, 60_000);
});

describe('the import graph of lib/ has no circle, type-only edges included', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'layering-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const graph = (root: string) => spawnSync(process.execPath, [GRAPH_SCRIPT, root], { cwd: ROOT, encoding: 'utf8' });

  it('GIVEN two modules importing only each other\'s types WHEN the graph is checked THEN it names the circle and fails (control)', () => {
    // GIVEN: the circle import/no-cycle cannot see (it skips `import type`).
    writeFileSync(path.join(dir, 'a.ts'), 'import type { B } from \'./b\';\nexport interface A { readonly b?: B }\n');
    writeFileSync(path.join(dir, 'b.ts'), 'export type { Z } from \'./c\';\nexport interface B { readonly a?: import(\'./a\').A }\n');
    writeFileSync(path.join(dir, 'c.ts'), 'export type Z = 1;\n');
    // WHEN
    const run = graph(dir);
    // THEN
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('circle: a.ts <-> b.ts');
    expect(run.stdout).toContain('1 circle(s)');
  });

  it('GIVEN lib/ WHEN the graph is checked THEN it has no circle', () => {
    // GIVEN / WHEN
    const run = graph(path.join(ROOT, 'lib'));
    // THEN
    expect(run.stdout).toContain('0 circle(s) in lib');
    expect(run.status).toBe(0);
  });
});
