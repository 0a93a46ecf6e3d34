import fc from 'fast-check';
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { PASSWORD_SECRET_LABEL, checkPasswordFloor } from '../support/core';
import {
  ByteSequence,
  base64ContainsPattern,
  base64EndsWithPattern,
  base64StartsWithPattern,
  buildBgpPasswordGuardrail,
  formatCodePoints,
  whitespaceCodePoints,
} from '../../lib/guardrail';
import { admit } from './admission';

const env = celEnv({});
/** `matches` as the API server runs it: RE2, through CEL. */
function celMatches(pattern: string): (text: string) => boolean {
  const program = plan(env, parse('v.matches(p)'));
  return (text) => {
    const r = program({ v: text, p: pattern });
    if (isCelError(r)) throw new Error(r.message);
    return r as boolean;
  };
}

const occursAt = (bytes: Uint8Array, seq: ByteSequence, i: number) =>
  i + seq.length <= bytes.length && seq.every((set, j) => set.includes(bytes[i + j]));

/** Bytes biased towards the interesting values so that hits are frequent. */
const bytesArb = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x00, 0x0a, 0x20, 0x22, 0x7f, 0xc2, 0x85, 0xa0, 0xe2, 0x80),
    ),
    { maxLength: 24 },
  )
  .map((a) => Uint8Array.from(a));

const SETS: Array<[string, ByteSequence[]]> = [
  ['one byte', [[[0x22]]]],
  ['a byte range', [[[0x00, 0x01, 0x02, 0x1f, 0x7f]]]],
  ['two-byte sequences', [[[0xc2], [0x80, 0x85, 0x9f, 0xa0]]]],
  ['mixed lengths', [[[0x20]], [[0xc2], [0xa0]], [[0xe2], [0x80], [0x80, 0xa8]]]],
];

describe('base64 patterns find bytes in the decoded value', () => {
  it.each(SETS)('contains: %s', (_name, seqs) => {
    const test = celMatches(base64ContainsPattern(seqs));
    fc.assert(fc.property(bytesArb, (bytes) => {
      const expected = seqs.some((s) => bytes.some((_, i) => occursAt(bytes, s, i)));
      expect(test(Buffer.from(bytes).toString('base64'))).toBe(expected);
    }), { numRuns: 1500 });
  });

  it.each(SETS)('starts with: %s', (_name, seqs) => {
    const test = celMatches(base64StartsWithPattern(seqs));
    fc.assert(fc.property(bytesArb, (bytes) => {
      expect(test(Buffer.from(bytes).toString('base64'))).toBe(seqs.some((s) => occursAt(bytes, s, 0)));
    }), { numRuns: 1500 });
  });

  it.each(SETS)('ends with: %s', (_name, seqs) => {
    const test = celMatches(base64EndsWithPattern(seqs));
    fc.assert(fc.property(bytesArb, (bytes) => {
      expect(test(Buffer.from(bytes).toString('base64'))).toBe(seqs.some((s) => s.length <= bytes.length && occursAt(bytes, s, bytes.length - s.length)));
    }), { numRuns: 1500 });
  });
});

describe('the guardrail\'s floor rules equal checkPasswordFloor', () => {
  const g = buildBgpPasswordGuardrail();
  const rulesOf = (value: string) => {
    const secret = {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'calico-system', labels: { [PASSWORD_SECRET_LABEL]: 'true' } },
      data: { password: Buffer.from(value, 'utf8').toString('base64') },
    };
    return admit(g.policy as Record<string, unknown>, secret).failures.map((f) => g.validations[f.index].rule).sort();
  };
  const special = ['"', '\n', '\r', '\t', '\u0000', '\u007f', '\u0080', '\u0085', '\u009f', '\u00a0', ' ', '\u1680', '\u2028', '\u2029', '\u3000', '\ufeff',
    '\u200b', '\u200d', '\u202e', '\u2066', '\u00ad', '\u061c', '\u{110bd}', '\u{e0041}', '\u{1d173}', 'a', 'é', '😀', '€'];
  const valueArb = fc
    .oneof(
      fc.string({ unit: 'binary', maxLength: 90 }),
      fc.array(fc.constantFrom(...special), { maxLength: 8 }).map((a) => a.join('')),
      fc
        .tuple(fc.constantFrom(...special), fc.string({ minLength: 70, maxLength: 85 }), fc.constantFrom(...special))
        .map(([a, b, c]) => a + b + c),
    )
    .filter((s) => Buffer.from(s, 'utf8').toString('utf8') === s);

  it('on random values: the same rules, value for value', () => {
    fc.assert(fc.property(valueArb, (value) => {
      const core = [...new Set(checkPasswordFloor(value).map((p) => p.rule))].sort();
      expect(rulesOf(value)).toEqual(core);
    }), { numRuns: 1500 });
  });

  it('on every whitespace character at either end', () => {
    for (const cp of whitespaceCodePoints()) {
      const ws = String.fromCodePoint(cp);
      for (const value of [`${ws}abc`, `abc${ws}`, `a${ws}b`, `ab${ws}`, `abcd${ws}`]) {
        expect(rulesOf(value)).toEqual([...new Set(checkPasswordFloor(value).map((p) => p.rule))].sort());
      }
    }
  });

  it('on every format character (Cf), inside and at either end, and on line and paragraph separators', () => {
    for (const cp of formatCodePoints()) {
      const c = String.fromCodePoint(cp);
      for (const value of [`${c}abc`, `a${c}bc`, `ab${c}`, `abcd${c}`]) {
        expect(rulesOf(value)).toContain('password.format-character');
      }
    }
    expect(rulesOf('ab\u2028cd')).toEqual(['password.line-separator']);
    expect(rulesOf('abc\u2029d')).toEqual(['password.line-separator']);
  });

  it('on an encoded surrogate (ED A0-BF, as CESU-8 or WTF-8 write one), and not on valid 3-byte characters around it', () => {
    const secretWith = (bytes: number[]) => admit(g.policy as Record<string, unknown>, {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'calico-system', labels: { [PASSWORD_SECRET_LABEL]: 'true' } },
      data: { password: Buffer.from(bytes).toString('base64') },
    }).failures.map((f) => g.validations[f.index].rule);
    for (const offset of [0, 1, 2]) {
      const lead = [0x61, 0x62].slice(0, offset);
      expect(secretWith([...lead, 0xed, 0xa0, 0x80, 0x7a])).toEqual(['password.unpaired-surrogate']);
      expect(secretWith([...lead, 0xed, 0xbf, 0xbf, 0x7a])).toEqual(['password.unpaired-surrogate']);
      expect(secretWith([...lead, 0xed, 0x9f, 0xbf, 0x7a])).toEqual([]);
    }
  });

  it('at the 80-byte limit, for every padding', () => {
    for (const n of [78, 79, 80, 81, 82, 83]) {
      expect(rulesOf('x'.repeat(n))).toEqual(n > 80 ? ['password.max-bytes'] : []);
    }
    expect(rulesOf('é'.repeat(40))).toEqual([]);
    expect(rulesOf(`${'é'.repeat(40)}x`)).toEqual(['password.max-bytes']);
  });
});
