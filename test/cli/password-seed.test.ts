/**
 * `calico-bgp-auth password --context` and its seed: a seed file others may read draws a warning on
 * stderr (the password is still printed), an empty CALICO_BGP_AUTH_SEED is a usage error, a
 * low-entropy seed is refused naming the flag, and wrapped base64 in a file reads as the variable's text.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePassword } from '../../lib';
import { buildCli, cli } from './run-cli';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-password-seed-'));
beforeAll(() => buildCli(), 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('calico-bgp-auth password: the seed', () => {
  it('warns on stderr about a seed file group or others may read, and still derives', () => {
    const seed = randomBytes(32).toString('hex');
    const open = path.join(dir, 'open');
    writeFileSync(open, `${seed}\n`, { mode: 0o644 });
    const r = cli(['password', '--context', 'tor', '--seed-file', open]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${derivePassword({ seed, context: 'tor' })}\n`);
    expect(r.stderr).toBe(`Warning: the seed file '${open}' ('--seed-file') may be read by group or others (mode 0644); `
      + `restrict it with 'chmod 600 ${open}': the seed is as secret as every password derived from it.\n`);
  });

  it('refuses an empty CALICO_BGP_AUTH_SEED with exit 2 instead of reporting no seed', () => {
    const r = cli(['password', '--context', 'tor'], { env: { CALICO_BGP_AUTH_SEED: '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('\'CALICO_BGP_AUTH_SEED\' is set but empty');
  });

  it('refuses a low-entropy seed file with exit 2, naming the flag and not the seed', () => {
    const weak = path.join(dir, 'weak');
    writeFileSync(weak, 'mysupersecretseed'.repeat(3), { mode: 0o600 });
    const r = cli(['password', '--context', 'tor', '--seed-file', weak]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/'--seed-file' decodes to 304 bits but can carry only about \d+/);
    expect(r.stderr).not.toContain('mysupersecret');
  });

  it('reads base64 wrapped at 76 columns in a file as the same seed as the text on one line in CALICO_BGP_AUTH_SEED', () => {
    const text = randomBytes(64).toString('base64');
    const wrapped = path.join(dir, 'wrapped');
    writeFileSync(wrapped, `${text.match(/.{1,76}/g)!.join('\n')}\n`, { mode: 0o600 });
    const fromFile = cli(['password', '--context', 'tor', '--seed-file', wrapped]);
    const fromVariable = cli(['password', '--context', 'tor'], { env: { CALICO_BGP_AUTH_SEED: text } });
    expect([fromFile.status, fromFile.stderr]).toEqual([0, '']);
    expect(fromFile.stdout).toBe(fromVariable.stdout);
    expect(fromFile.stdout).toBe(`${derivePassword({ seed: text, context: 'tor' })}\n`);
  });
});
