/**
 * Seeds are checked for the entropy they can carry, not only their decoded length: repetition,
 * regular sequences and low-entropy text are refused (`seed.low-entropy`) naming the source
 * (prop, variable or file variable) and what was found, never the seed; real random seeds
 * (`openssl rand -hex 32`, `-base64 32/48`, raw bytes) are never refused. The environment: an empty
 * variable is an error, a seed file others may read draws a warning, and wrapped base64 in a file
 * gives the seed the same text in the variable gives.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED_ENV, SEED_FILE_ENV, SIGNIFICANCE_BITS, derivePassword, estimateSeedEntropy, parseSeed, readSeedFile, seedFromEnvironment } from '../../support/core';
import { validationError } from '../../support/errors';

const dir = mkdtempSync(path.join(tmpdir(), 'calico-bgp-auth-seed-entropy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer, mode = 0o600) => {
  const f = path.join(dir, name);
  writeFileSync(f, content);
  chmodSync(f, mode);
  return f;
};
/** Wraps text at `width` columns with a trailing newline, as `base64` (76) and `openssl -base64` (64) write it. */
const wrap = (text: string, width: number) => `${text.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\n')}\n`;

const PHRASE = 'correcthorsebatterystaple';
const WEAK: Array<[string, string | Uint8Array, string]> = [
  ['\'0123456789abcdef\' four times (hex)', '0123456789abcdef'.repeat(4), 'a regular sequence'],
  ['\'mysupersecretseed\' three times (read as base64)', 'mysupersecretseed'.repeat(3), 'a repeated block'],
  ['a repeated phrase', PHRASE.repeat(3), 'a repeated block'],
  ['a phrase in lowercase letters only, read as base64', 'thisismyverylongandverysecretseedphrasenobodywillguess',
    'the letter frequencies of words'],
  ['the bytes 00 to 1f (a counter)', Uint8Array.from({ length: 32 }, (_, i) => i), 'a regular sequence of bytes'],
  ['16 random bytes twice', Buffer.concat([Buffer.alloc(16, 0), Buffer.alloc(0)]).fill(randomBytes(16)).toString('hex').repeat(2), 'a repeated block'],
  ['a step of 7 through the bytes', Uint8Array.from({ length: 48 }, (_, i) => (i * 7) % 256), 'a regular sequence'],
  ['raw ASCII text (a passphrase file read as bytes)', Buffer.from('my bgp seed: correct horse battery staple, correct horse battery staple!'), 'a repeated block'],
  ['a short sentence as raw bytes', Buffer.from('Our BGP routers share this secret seed, 2024.'),
    'the letter frequencies of words'],
];

describe('parseSeed: the entropy a seed can carry', () => {
  it.each(WEAK)('GIVEN %s WHEN parsed THEN refused as low-entropy, naming what was found, never the seed', (_what, seed, found) => {
    const e = validationError(() => parseSeed(seed, 'seed'));
    expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['seed', 'seed.low-entropy']]);
    expect(e.message).toMatch(/^'seed' decodes to \d+ bits but can carry only about \d+: it has /);
    expect(e.message).toContain(found);
    const text = typeof seed === 'string' ? seed : Buffer.from(seed).toString('hex');
    for (const piece of [text.slice(0, 12), Buffer.from(text).toString('base64').slice(0, 12), PHRASE]) expect(e.message).not.toContain(piece);
  });

  it.each(WEAK.filter(([, s]) => typeof s === 'string') as Array<[string, string, string]>)('GIVEN %s in CALICO_BGP_AUTH_SEED, or in the seed file WHEN read THEN the problem names the variable', (_w, seed) => {
    expect(validationError(() => seedFromEnvironment({ [SEED_ENV]: seed })).problems.map((p) => [p.field, p.rule])).toEqual([[SEED_ENV, 'seed.low-entropy']]);
    const f = file(`weak-${randomBytes(4).toString('hex')}`, `${seed}\n`);
    expect(validationError(() => seedFromEnvironment({ [SEED_FILE_ENV]: f })).problems.map((p) => [p.field, p.rule])).toEqual([[SEED_FILE_ENV, 'seed.low-entropy']]);
    expect(validationError(() => derivePassword({ seed, context: 'peer' })).problems.map((p) => p.rule)).toEqual(['seed.low-entropy']);
  });

  it('GIVEN 2,000 random seeds of each form openssl and Node write WHEN parsed THEN none is refused', () => {
    const forms: Array<(b: Buffer) => string | Uint8Array> = [
      (b) => b.toString('hex'), (b) => b.toString('hex').toUpperCase(), (b) => b.toString('base64'), (b) => b.toString('base64url'), (b) => b,
    ];
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      for (const bytes of [randomBytes(32), randomBytes(48)]) {
        for (const form of forms) {
          try {
            parseSeed(form(bytes));
          } catch {
            refused++;
          }
        }
      }
    }
    expect(refused).toBe(0);
  });

  it('GIVEN random bytes WHEN estimated THEN the estimate is their full length: no model saves the significance margin', () => {
    expect(SIGNIFICANCE_BITS).toBe(32);
    for (let i = 0; i < 500; i++) {
      const b = randomBytes(32);
      expect(estimateSeedEntropy(b, { encoding: 'base64', text: b.toString('base64').replace(/=+$/, '') }).bits).toBe(256);
      expect(estimateSeedEntropy(b, { encoding: 'hex', text: b.toString('hex') }).bits).toBe(256);
    }
  });

  it('GIVEN something that is neither text nor bytes WHEN parsed THEN refused by type, without the value', () => {
    const e = validationError(() => parseSeed(123456789 as unknown as string));
    expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['seed', 'seed.type']]);
    expect(e.message).not.toContain('123456789');
  });
});

describe('the seed in the environment', () => {
  it.each([[''], ['   '], ['\n']])('GIVEN CALICO_BGP_AUTH_SEED set to %j WHEN read THEN an error naming the variable, not "no seed"', (value) => {
    const e = validationError(() => seedFromEnvironment({ [SEED_ENV]: value }));
    expect(e.problems).toEqual([{
      field: SEED_ENV, rule: 'seed.empty', message: `'${SEED_ENV}' is set but empty (an unresolved secret or CI variable?): give it a seed of at least 256 bits `
      + `(for example 'openssl rand -hex 32'), or unset it to read ${SEED_FILE_ENV} or to generate without a seed.`,
    }]);
  });

  it('GIVEN CALICO_BGP_AUTH_SEED_FILE set but empty WHEN read THEN an error naming it', () => {
    expect(validationError(() => seedFromEnvironment({ [SEED_FILE_ENV]: '' })).problems.map((p) => [p.field, p.rule])).toEqual([[SEED_FILE_ENV, 'seed.empty']]);
  });

  it('GIVEN the same material in the variable and, wrapped by base64 (76 columns) or openssl (64), in a file WHEN read THEN the same seed', () => {
    const bytes = randomBytes(64);
    const text = bytes.toString('base64');
    expect(text.length).toBeGreaterThan(76);
    const fromVariable = seedFromEnvironment({ [SEED_ENV]: text })!;
    for (const width of [76, 64]) {
      const f = file(`wrapped-${width}`, wrap(text, width));
      expect(seedFromEnvironment({ [SEED_FILE_ENV]: f })!.equals(fromVariable)).toBe(true);
      // AND the wrapped text in the variable itself reads the same
      expect(seedFromEnvironment({ [SEED_ENV]: wrap(text, width) })!.equals(bytes)).toBe(true);
    }
    expect(fromVariable.equals(bytes)).toBe(true);
    // AND CRLF line ends too
    expect(readSeedFile(file('wrapped-crlf', wrap(text, 76).replace(/\n/g, '\r\n'))).equals(bytes)).toBe(true);
  });

  it('GIVEN a seed file group or others may read WHEN read THEN one warning naming the file and its mode, never the seed; none for 0600', () => {
    const seed = randomBytes(32).toString('hex');
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const open = file('open-seed', `${seed}\n`, 0o644);
    readSeedFile(open, 'seedFile', { warn });
    readSeedFile(open, 'seedFile', { warn });
    expect(warnings).toEqual([`Warning: the seed file '${open}' ('seedFile') may be read by group or others (mode 0644); `
      + `restrict it with 'chmod 600 ${open}': the seed is as secret as every password derived from it.`]);
    seedFromEnvironment({ [SEED_FILE_ENV]: file('group-seed', seed, 0o640) }, { warn });
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain(`('${SEED_FILE_ENV}') may be read by group or others (mode 0640)`);
    readSeedFile(file('private-seed', seed, 0o600), 'seedFile', { warn });
    readSeedFile(file('owner-read-only', seed, 0o400), 'seedFile', { warn });
    expect(warnings).toHaveLength(2);
    for (const w of warnings) expect(w).not.toContain(seed);
  });
});
