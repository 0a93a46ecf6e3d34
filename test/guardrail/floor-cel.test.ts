import fc from 'fast-check';
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { PASSWORD_SECRET_LABEL, checkPasswordFloor } from '../support/core';
import {
  ByteSequence, base64ContainsPattern, base64EndsWithPattern, base64StartsWithPattern, buildBgpPasswordGuardrail, whitespaceCodePoints,
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

const occursAt = (bytes: Uint8Array, seq: ByteSequence, i: number) => i + seq.length <= bytes.length && seq.every((set, j) => set.includes(bytes[i + j]));

/** Bytes biased towards the interesting values so that hits are frequent. */
const bytesArb = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x0a, 0x20, 0x22, 0x7f, 0xc2, 0x85, 0xa0, 0xe2, 0x80)), { maxLength: 24 })
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
  const special = ['"', '\n', '\r', '\t', '\u0000', '\u007f', '\u0080', '\u0085', '\u009f', '\u00a0', ' ', '\u1680', '\u2028', '\u3000', '\ufeff', 'a', 'é', '😀', '€'];
  const valueArb = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 90 }),
    fc.array(fc.constantFrom(...special), { maxLength: 8 }).map((a) => a.join('')),
    fc.tuple(fc.constantFrom(...special), fc.string({ minLength: 70, maxLength: 85 }), fc.constantFrom(...special)).map(([a, b, c]) => a + b + c),
  ).filter((s) => Buffer.from(s, 'utf8').toString('utf8') === s);

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

  it('at the 80-byte limit, for every padding', () => {
    for (const n of [78, 79, 80, 81, 82, 83]) expect(rulesOf('x'.repeat(n))).toEqual(n > 80 ? ['password.max-bytes'] : []);
    expect(rulesOf('é'.repeat(40))).toEqual([]);
    expect(rulesOf(`${'é'.repeat(40)}x`)).toEqual(['password.max-bytes']);
  });
});
