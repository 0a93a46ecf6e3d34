import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordPolicy, checkPasswordFloor, derivePassword } from '../support/core';
import { buildCli, cli } from './run-cli';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-password-'));
const SEED = '2f399131c5d7238f6e78754af996fd894d87ce2867323bdcb55bb88902e0be4f';
const seedFile = path.join(dir, 'seed');

beforeAll(() => {
  writeFileSync(seedFile, `${SEED}\n`, { mode: 0o600 });
  buildCli();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function password(args: string[], env?: Record<string, string>): string {
  const r = cli(['password', ...args], { env });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^[^\n]+\n$/);
  return r.stdout.slice(0, -1);
}

describe('calico-bgp-auth password', () => {
  it('prints one random password of the default policy', () => {
    const a = password([]);
    const b = password([]);
    expect(a).toHaveLength(32);
    expect(PasswordPolicy.DEFAULT.check(a)).toEqual([]);
    expect(a).not.toBe(b);
  });

  it.each(['lancom-lcos-sx', 'cisco-ios', 'dell-os9', 'huawei-vrp'])('meets the %s router profile', (router) => {
    const pw = password(['--router', router]);
    expect(PasswordPolicy.forRouter(router).check(pw)).toEqual([]);
    expect(checkPasswordFloor(pw)).toEqual([]);
  });

  it('takes --length', () => {
    expect(password(['--length', '48'])).toHaveLength(48);
    expect(password(['--router', 'frr', '--length', '40'])).toHaveLength(40);
  });

  it('derives the same password the library derives, from --seed-file, --context and --rotation', () => {
    // GIVEN a seed file WHEN deriving twice THEN the same password, equal to derivePassword's
    const first = password(['--context', 'rack1-tor', '--seed-file', seedFile]);
    expect(password(['--context', 'rack1-tor', '--seed-file', seedFile])).toBe(first);
    expect(first).toBe(derivePassword({ seed: SEED, context: 'rack1-tor' }));
    // AND another rotation, context or router gives the library's other passwords
    expect(password(['--context', 'rack1-tor', '--seed-file', seedFile, '--rotation', '1'])).toBe(derivePassword({ seed: SEED, context: 'rack1-tor', rotation: 1 }));
    expect(password(['--context', 'rack2-tor', '--seed-file', seedFile])).not.toBe(first);
    expect(password(['--context', 'rack1-tor', '--seed-file', seedFile, '--router', 'cisco-ios']))
      .toBe(derivePassword({ seed: SEED, context: 'rack1-tor', policy: PasswordPolicy.forRouter('cisco-ios') }));
  });

  it('reads the seed from CALICO_BGP_AUTH_SEED or CALICO_BGP_AUTH_SEED_FILE without --seed-file', () => {
    const expected = derivePassword({ seed: SEED, context: 'mesh' });
    expect(password(['--context', 'mesh'], { CALICO_BGP_AUTH_SEED: SEED })).toBe(expected);
    expect(password(['--context', 'mesh'], { CALICO_BGP_AUTH_SEED_FILE: seedFile })).toBe(expected);
  });

  it.each([
    [['--length', '0'], '\'--length\' must be an integer from 1 to 80 (got \'0\').'],
    [['--length', '81'], '\'--length\' must be an integer from 1 to 80 (got \'81\').'],
    [['--length', '8'],
      'A generated password would carry about 40 bits of entropy, below \'minEntropyBits\' (128); raise \'--length\' or enable more classes.'],
    [['--router', 'nope'],
      'Unknown router profile \'nope\'. Known profiles: bird, frr, gobgp, openbgpd, cisco-ios, junos, dell-os9, huawei-vrp, hpe-comware, brocade-fastiron, brocade-netiron, nokia-sros, lancom-lcos-sx, vyos, sonic, aws-direct-connect. Also accepted: cisco-nxos, arista-eos (router-config targets without a profile: the default policy).'],
    [['--seed-file', 'x'],
      '\'--seed-file\' and \'--rotation\' derive a password and need \'--context\' (what the password is for).'],
    [['--rotation', '1'],
      '\'--seed-file\' and \'--rotation\' derive a password and need \'--context\' (what the password is for).'],
    [['--context', 'a'],
      '\'--context\' derives the password from a seed: pass --seed-file, or set CALICO_BGP_AUTH_SEED or CALICO_BGP_AUTH_SEED_FILE.'],
    [['--context', 'a', '--rotation', '-1'], 'Option \'--rotation\' argument is ambiguous.'],
    [['--context', 'a', '--seed-file', '/nonexistent/seed'],
      '\'--seed-file\' (/nonexistent/seed) cannot be read: ENOENT.'],
    [['extra'], 'Unexpected argument \'extra\'.'],
  ])('refuses %j with exit 2', (args, message) => {
    expect(cli(['password', ...args])).toEqual({
      status: 2, stdout: '', stderr: `calico-bgp-auth password: ${message}\nRun 'calico-bgp-auth password --help' for usage.\n`,
    });
  });

  it('refuses a weak seed without printing it', () => {
    const weak = path.join(dir, 'weak');
    writeFileSync(weak, 'ab'.repeat(32));
    const r = cli(['password', '--context', 'a', '--seed-file', weak]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('repeats a handful of byte values');
    expect(r.stderr).not.toContain('abab');
  });
});
