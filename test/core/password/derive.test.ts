import { hkdfSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HkdfByteSource, MIN_SEED_BYTES, PasswordPolicy, ROUTER_PROFILES, SEED_ENV, SEED_FILE_ENV, ValidationError,
  derivePassword, parseSeed, seedFromEnvironment,
} from '../../support/core';
import { fingerprint, testSeed } from '../helpers/bytes';
import { validationError } from '../../support/errors';

const SEED = testSeed('derive/a');
const OTHER_SEED = testSeed('derive/b');
const HEX = SEED.toString('hex');
/** SHA-256 prefix of derivePassword({ seed: SEED, context: 'cluster/rack1-tor1' }) under derivation v1. */
const PINNED_V1 = '47ed803fec66fc32';


describe('derivePassword', () => {
  it('GIVEN the same seed, context and rotation WHEN derived twice THEN the passwords are equal', () => {
    // GIVEN
    const options = { seed: SEED, context: 'cluster/rack1-tor1', rotation: 3 };
    // WHEN / THEN
    expect(fingerprint(derivePassword(options))).toBe(fingerprint(derivePassword({ ...options })));
  });

  it('GIVEN a fixed seed and context WHEN derived THEN the result matches the pinned v1 derivation', () => {
    // GIVEN: changing the derivation silently rotates every derived password in every cluster;
    // the pin is a hash of the password, never the password.
    const options = { seed: SEED, context: 'cluster/rack1-tor1' };
    // WHEN
    const pw = derivePassword(options);
    // THEN
    expect(fingerprint(pw)).toBe(PINNED_V1);
    expect(PasswordPolicy.DEFAULT.check(pw)).toEqual([]);
  });

  it('GIVEN 1,000 contexts WHEN derived THEN every password differs', () => {
    // GIVEN / WHEN
    const fps = new Set(Array.from({ length: 1000 }, (_, i) => fingerprint(derivePassword({ seed: SEED, context: `peer-${i}` }))));
    // THEN
    expect(fps.size).toBe(1000);
  });

  it('GIVEN rotations 0 to 99 WHEN derived THEN every password differs, and an unset rotation is 0', () => {
    // GIVEN / WHEN
    const fps = Array.from({ length: 100 }, (_, rotation) => fingerprint(derivePassword({ seed: SEED, context: 'peer', rotation })));
    // THEN
    expect(new Set(fps).size).toBe(100);
    expect(fingerprint(derivePassword({ seed: SEED, context: 'peer' }))).toBe(fps[0]);
  });

  it('GIVEN seeds alternating, and one buffer refilled in place WHEN derived THEN each password is the one its seed bytes give', () => {
    // GIVEN: derivation keeps the last seed it parsed; it must compare bytes, not identities
    const buffer = Buffer.from(SEED);
    const expected = (seed: Buffer) => fingerprint(derivePassword({ seed: Buffer.from(seed), context: 'peer' }));
    const fromA = expected(SEED);
    const fromB = expected(OTHER_SEED);
    // WHEN / THEN
    expect(fingerprint(derivePassword({ seed: buffer, context: 'peer' }))).toBe(fromA);
    OTHER_SEED.copy(buffer);
    expect(fingerprint(derivePassword({ seed: buffer, context: 'peer' }))).toBe(fromB);
    expect(fingerprint(derivePassword({ seed: HEX, context: 'peer' }))).toBe(fromA);
    expect(fingerprint(derivePassword({ seed: OTHER_SEED.toString('hex'), context: 'peer' }))).toBe(fromB);
    expect(fingerprint(derivePassword({ seed: SEED.toString('base64'), context: 'peer' }))).toBe(fromA);
  });

  it('GIVEN a good seed was just used WHEN a short seed and then a weak one of the same buffer follow THEN both are still refused', () => {
    // GIVEN
    const buffer = Buffer.from(SEED);
    derivePassword({ seed: buffer, context: 'peer' });
    // WHEN / THEN
    expect(() => derivePassword({ seed: buffer.subarray(0, 16), context: 'peer' })).toThrow(ValidationError);
    buffer.fill(7);
    expect(validationError(() => derivePassword({ seed: buffer, context: 'peer' })).problems.map((p) => p.rule)).toEqual(['seed.weak']);
  });

  it('GIVEN two seeds WHEN the same context is derived THEN the passwords differ', () => {
    // GIVEN / WHEN
    const a = derivePassword({ seed: SEED, context: 'peer' });
    const b = derivePassword({ seed: OTHER_SEED, context: 'peer' });
    // THEN
    expect(fingerprint(a)).not.toBe(fingerprint(b));
  });

  it('GIVEN the seed as bytes, hex (any case, surrounding whitespace), base64 and base64url WHEN derived THEN all give the same password', () => {
    // GIVEN
    const forms: Array<string | Uint8Array> = [
      SEED, new Uint8Array(SEED), HEX, HEX.toUpperCase(), ` ${HEX}\n`, SEED.toString('base64'), SEED.toString('base64url'),
    ];
    // WHEN
    const fps = forms.map((seed) => fingerprint(derivePassword({ seed, context: 'peer' })));
    // THEN
    expect(new Set(fps).size).toBe(1);
  });

  it.each(ROUTER_PROFILES.map((p) => p.name))('GIVEN the router profile %s WHEN 200 passwords are derived THEN each meets it', (name) => {
    // GIVEN
    const policy = PasswordPolicy.forRouter(name);
    // WHEN
    const problems = Array.from({ length: 200 }, (_, i) => derivePassword({ seed: SEED, context: `peer-${i}`, policy })).flatMap((pw) => policy.check(pw));
    // THEN
    expect(problems).toEqual([]);
  });

  it('GIVEN a different policy WHEN derived from the same inputs THEN the password follows that policy', () => {
    // GIVEN
    const policy = PasswordPolicy.forRouter('lancom-lcos-sx');
    // WHEN
    const pw = derivePassword({ seed: SEED, context: 'peer', policy });
    // THEN
    expect(pw).toHaveLength(25);
    expect(/^[A-Za-z0-9]+$/.test(pw)).toBe(true);
  });

  it.each([-1, 1.5, Number.NaN])('GIVEN rotation %s WHEN derived THEN the rotation is refused', (rotation) => {
    // GIVEN / WHEN
    const e = validationError(() => derivePassword({ seed: SEED, context: 'peer', rotation }));
    // THEN
    expect(e.problems).toEqual([{ field: 'rotation', rule: 'derive.rotation', message: `'rotation' (${rotation}) must be a non-negative integer.` }]);
  });
});

describe('HkdfByteSource', () => {
  it('GIVEN a seed and info WHEN read THEN the bytes are HKDF-SHA256 (RFC 5869) with the v1 salt, block by block', () => {
    // GIVEN
    const source = new HkdfByteSource(SEED, 'ctx');
    // WHEN
    const first = Buffer.from(source.next(40));
    // THEN: HKDF-Expand output does not depend on the requested length, so a prefix is comparable
    const expected = Buffer.from(hkdfSync('sha256', SEED, Buffer.from('calico-bgp-auth/derive/v1'), Buffer.from('ctx\u00000'), 40));
    expect(first.equals(expected)).toBe(true);
  });

  it('GIVEN single-byte reads mixed with next() across block boundaries WHEN concatenated THEN they equal one long read', () => {
    // GIVEN
    const a = new HkdfByteSource(SEED, 'ctx');
    const b = new HkdfByteSource(SEED, 'ctx');
    // WHEN: 250 bytes, then 300 one at a time (crossing the first 256-byte block), then 7
    const parts = [
      Buffer.from(a.next(250)),
      Buffer.from(Array.from({ length: 300 }, () => a.nextByte())),
      Buffer.from(a.next(7)),
    ];
    // THEN
    expect(Buffer.concat(parts).equals(Buffer.from(b.next(557)))).toBe(true);
  });

  it('GIVEN reads of odd sizes across block boundaries WHEN concatenated THEN they equal one long read', () => {
    // GIVEN
    const a = new HkdfByteSource(SEED, 'ctx');
    const b = new HkdfByteSource(SEED, 'ctx');
    // WHEN
    const pieces = Buffer.concat([7, 250, 1, 300, 1000, 3].map((n) => Buffer.from(a.next(n))));
    const whole = Buffer.from(b.next(1561));
    // THEN
    expect(pieces.equals(whole)).toBe(true);
    expect(new Set(whole).size).toBeGreaterThan(200);
  });
});

describe('parseSeed', () => {
  const cases: Array<[string, string | Uint8Array, string, string]> = [
    ['31 bytes of hex', SEED.subarray(0, 31).toString('hex'), 'seed.too-short',
      '\'seed\' carries 248 bits; at least 256 bits are needed (for example \'openssl rand -hex 32\').'],
    ['16 raw bytes', SEED.subarray(0, 16), 'seed.too-short',
      '\'seed\' carries 128 bits; at least 256 bits are needed (for example \'openssl rand -hex 32\').'],
    ['an empty string', '', 'seed.empty',
      '\'seed\' is empty; give at least 256 bits of random material (for example \'openssl rand -hex 32\'), or no seed at all.'],
    ['32 repeated bytes', 'ab'.repeat(32), 'seed.weak',
      '\'seed\' repeats a handful of byte values; use random material (for example \'openssl rand -hex 32\').'],
    ['64 bytes cycling through 7 values', Buffer.from(Array.from({ length: 64 }, (_, i) => i % 7)), 'seed.weak',
      '\'seed\' repeats a handful of byte values; use random material (for example \'openssl rand -hex 32\').'],
    ['text with spaces and punctuation', `${HEX.slice(0, 20)} ${HEX.slice(20)}!`, 'seed.encoding',
      '\'seed\' must be hex or base64 text (for example from \'openssl rand -hex 32\'), or raw bytes.'],
    ['base64 of 24 bytes', SEED.subarray(0, 24).toString('base64'), 'seed.too-short',
      '\'seed\' carries 192 bits; at least 256 bits are needed (for example \'openssl rand -hex 32\').'],
  ];

  it.each(cases)('GIVEN %s WHEN parsed THEN it is refused with the exact problem, without the seed', (_name, seed, rule, message) => {
    // GIVEN / WHEN
    const e = validationError(() => parseSeed(seed));
    // THEN
    expect(e.problems).toEqual([{ field: 'seed', rule, message }]);
    expect(e.message).toBe(message);
    const text = typeof seed === 'string' ? seed.trim() : Buffer.from(seed).toString('hex');
    if (text.length > 0) expect(e.message.includes(text) || e.message.includes(HEX)).toBe(false);
  });

  it('GIVEN a field name WHEN a weak seed is parsed THEN the problem names that field', () => {
    // GIVEN / WHEN
    const e = validationError(() => parseSeed('00'.repeat(32), 'seedSecret'));
    // THEN
    expect(e.problems.map((p) => [p.field, p.rule])).toEqual([['seedSecret', 'seed.weak']]);
  });

  it('GIVEN exactly 256 bits WHEN parsed THEN the bytes are returned', () => {
    // GIVEN / WHEN / THEN
    expect(MIN_SEED_BYTES).toBe(32);
    expect(parseSeed(HEX).equals(SEED)).toBe(true);
  });
});

describe('seedFromEnvironment', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'calico-bgp-auth-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => {
    const f = path.join(dir, name);
    writeFileSync(f, content);
    return f;
  };

  it('GIVEN neither variable WHEN read THEN there is no seed', () => {
    expect(seedFromEnvironment({})).toBeUndefined();
  });

  it('GIVEN CALICO_BGP_AUTH_SEED in hex or base64 WHEN read THEN the decoded seed is returned', () => {
    expect(SEED_ENV).toBe('CALICO_BGP_AUTH_SEED');
    expect(seedFromEnvironment({ [SEED_ENV]: HEX })!.equals(SEED)).toBe(true);
    expect(seedFromEnvironment({ [SEED_ENV]: SEED.toString('base64') })!.equals(SEED)).toBe(true);
  });

  it('GIVEN a seed file with hex text and a trailing newline WHEN read THEN the seed is decoded', () => {
    // GIVEN
    const f = file('hex', `${HEX}\n`);
    // WHEN / THEN
    expect(SEED_FILE_ENV).toBe('CALICO_BGP_AUTH_SEED_FILE');
    expect(seedFromEnvironment({ [SEED_FILE_ENV]: f })!.equals(SEED)).toBe(true);
  });

  it('GIVEN a seed file of raw bytes WHEN read THEN the bytes are the seed', () => {
    // GIVEN: a NUL and a 0xff make the content not text
    const raw = Buffer.concat([Buffer.from([0x00, 0xff]), SEED]);
    const f = file('raw', raw);
    // WHEN / THEN
    expect(seedFromEnvironment({ [SEED_FILE_ENV]: f })!.equals(raw)).toBe(true);
  });

  it('GIVEN both variables WHEN read THEN CALICO_BGP_AUTH_SEED wins', () => {
    // GIVEN
    const f = file('other', OTHER_SEED.toString('hex'));
    // WHEN / THEN
    expect(seedFromEnvironment({ [SEED_ENV]: HEX, [SEED_FILE_ENV]: f })!.equals(SEED)).toBe(true);
  });

  it('GIVEN a weak seed in the variable WHEN read THEN the problem names the variable and not the seed', () => {
    // GIVEN
    const weak = HEX.slice(0, 40);
    // WHEN
    const e = validationError(() => seedFromEnvironment({ [SEED_ENV]: weak }));
    // THEN
    expect(e.problems).toEqual([{
      field: 'CALICO_BGP_AUTH_SEED', rule: 'seed.too-short',
      message: '\'CALICO_BGP_AUTH_SEED\' carries 160 bits; at least 256 bits are needed (for example \'openssl rand -hex 32\').',
    }]);
    expect(e.message.includes(weak)).toBe(false);
  });

  it('GIVEN a weak seed file WHEN read THEN the problem names the file variable and not the seed', () => {
    // GIVEN
    const f = file('weak', '00'.repeat(40));
    // WHEN
    const e = validationError(() => seedFromEnvironment({ [SEED_FILE_ENV]: f }));
    // THEN
    expect(e.problems).toEqual([{
      field: 'CALICO_BGP_AUTH_SEED_FILE', rule: 'seed.weak',
      message: '\'CALICO_BGP_AUTH_SEED_FILE\' repeats a handful of byte values; use random material (for example \'openssl rand -hex 32\').',
    }]);
  });

  it('GIVEN a seed file that does not exist WHEN read THEN the problem names the path and the error code', () => {
    // GIVEN
    const missing = path.join(dir, 'missing');
    // WHEN
    const e = validationError(() => seedFromEnvironment({ [SEED_FILE_ENV]: missing }));
    // THEN
    expect(e.problems).toEqual([{
      field: 'CALICO_BGP_AUTH_SEED_FILE', rule: 'seed.unreadable',
      message: `'CALICO_BGP_AUTH_SEED_FILE' (${missing}) cannot be read: ENOENT.`,
    }]);
  });
});

