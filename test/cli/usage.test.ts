/**
 * The CLI's three descriptions of itself agree: the flags each command parses, the flags its `--help`
 * lists, and the flags the README's usage block shows. The router names agree too: `password --router`
 * takes every `router-config --target`, and a password it prints for a target is one `router-config`
 * accepts for that target.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_HELP, OPTIONS as AUDIT_OPTIONS } from '../../lib/cli/audit-command';
import { CliIo } from '../../lib/cli/io';
import { MAIN_HELP, run } from '../../lib/cli/main';
import { PASSWORD_HELP, OPTIONS as PASSWORD_OPTIONS } from '../../lib/cli/password-command';
import { ROUTER_CONFIG_HELP, OPTIONS as ROUTER_CONFIG_OPTIONS } from '../../lib/cli/router-config-command';
import { ROUTER_TARGET_NAMES, checkRouterPassword } from '../support/core';

const COMMANDS = {
  'audit': { help: AUDIT_HELP, options: AUDIT_OPTIONS },
  'password': { help: PASSWORD_HELP, options: PASSWORD_OPTIONS },
  'router-config': { help: ROUTER_CONFIG_HELP, options: ROUTER_CONFIG_OPTIONS },
} as const;

const flagsIn = (text: string): string[] => [...new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]))].sort();

/** The README's usage block, by command: the line naming it and its indented continuation lines. */
function readmeUsage(): Record<string, string> {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const at = readme.indexOf('\n## Command line: `npx calico-bgp-auth`\n');
  expect(at, 'README has the Command line section').toBeGreaterThan(-1);
  const block = /```\n([\s\S]*?)```/.exec(readme.slice(at))![1];
  const usage: Record<string, string> = {};
  let command = '';
  for (const line of block.split('\n')) {
    const m = /^calico-bgp-auth ([a-z-]+)/.exec(line);
    if (m) command = m[1];
    if (command) usage[command] = `${usage[command] ?? ''}${line}\n`;
  }
  return usage;
}

function runCli(args: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => '', env: {} };
  return { status: run(args, io), stdout, stderr };
}

describe('CLI usage', () => {
  for (const [command, { help, options }] of Object.entries(COMMANDS)) {
    it(`GIVEN ${command} THEN its --help lists exactly the flags it parses`, () => {
      expect(flagsIn(help)).toEqual([...Object.keys(options), 'help'].sort());
    });

    it(`GIVEN ${command} THEN the README usage block lists exactly the flags of its --help`, () => {
      const usage = readmeUsage()[command];
      expect(usage, `README usage block has a line for ${command}`).toBeDefined();
      expect(flagsIn(usage)).toEqual(flagsIn(help).filter((f) => f !== 'help'));
    });
  }

  it('GIVEN the README usage block THEN it shows the global flags of the main help and no other command', () => {
    const usage = readmeUsage();
    expect(Object.keys(usage).sort()).toEqual(['audit', 'help', 'password', 'router-config']);
    expect(flagsIn(usage.help)).toEqual(flagsIn(MAIN_HELP).filter((f) => f !== 'fail-on'));
  });

  it('GIVEN the README usage block THEN router-config --target lists every target', () => {
    const targets = /--target ([a-z|-]+)/.exec(readmeUsage()['router-config'])![1].split('|');
    expect(targets).toEqual([...ROUTER_TARGET_NAMES]);
  });

  it.each(ROUTER_TARGET_NAMES)('GIVEN password --router %s WHEN run THEN it prints a password router-config accepts for that target', (target) => {
    // WHEN
    const r = runCli(['password', '--router', target]);
    // THEN it succeeds, and the target's own check accepts the password
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const password = r.stdout.replace(/\n$/, '');
    expect(checkRouterPassword(target, password).map((p) => p.rule)).toEqual([]);
    // AND the help names the target among what --router takes
    expect(PASSWORD_HELP).toMatch(new RegExp(`\\b${target}\\b`));
  });

  it('GIVEN an unknown --router THEN the refusal lists the profiles and the router-config targets it also takes', () => {
    const r = runCli(['password', '--router', 'nope']);
    expect(r.status).toBe(2);
    for (const target of ROUTER_TARGET_NAMES) expect(r.stderr).toContain(target);
  });
});
