import { describe, expect, it } from 'vitest';
import { CryptoByteSource, UnbiasedSampler } from '../../support/core';
import { ScriptedByteSource, SourceExhausted, enumerateValues } from '../helpers/bytes';

/** Feeds every `width`-byte value once and counts what `int(n)` returns. */
function countOverAllValues(n: number, width: 1 | 2) {
  const source = new ScriptedByteSource(enumerateValues(width));
  const sampler = new UnbiasedSampler(source);
  const counts = new Array<number>(n).fill(0);
  for (;;) {
    try {
      counts[sampler.int(n)]++;
    } catch (e) {
      if (e instanceof SourceExhausted) break;
      throw e;
    }
  }
  return { counts, consumed: source.served, accepted: counts.reduce((a, b) => a + b, 0) };
}

describe('UnbiasedSampler.int', () => {
  it.each([2, 3, 6, 7, 62, 71, 100, 129, 200, 255, 256])(
    'GIVEN every byte value once WHEN drawing from [0, %i) THEN each result occurs equally often and the top remainder is rejected',
    (n) => {
      // GIVEN / WHEN
      const { counts, consumed, accepted } = countOverAllValues(n, 1);
      // THEN each value is hit floor(256 / n) times; the 256 mod n highest bytes were read and refused
      expect(consumed).toBe(256);
      expect(new Set(counts)).toEqual(new Set([Math.floor(256 / n)]));
      expect(256 - accepted).toBe(256 % n);
    });

  it.each([257, 300, 1000, 65535, 65536])(
    'GIVEN every two-byte value once WHEN drawing from [0, %i) THEN it reads two bytes a draw and stays exactly uniform',
    (n) => {
      // GIVEN / WHEN
      const { counts, consumed, accepted } = countOverAllValues(n, 2);
      // THEN
      expect(consumed).toBe(2 * 65536);
      expect(new Set(counts)).toEqual(new Set([Math.floor(65536 / n)]));
      expect(65536 - accepted).toBe(65536 % n);
    });

  it('GIVEN the 71-character alphabet WHEN the source offers 212 then 213 THEN 212 is accepted and 213 (the first of the 43 biased values) is rejected', () => {
    // GIVEN: 256 = 3 × 71 + 43, so the limit is 213
    const sampler = new UnbiasedSampler(new ScriptedByteSource(Uint8Array.from([212, 213, 255, 5])));
    // WHEN / THEN
    expect(sampler.int(71)).toBe(212 % 71);
    expect(sampler.int(71)).toBe(5);
  });

  it('GIVEN a range of 1 WHEN drawing THEN no byte is read', () => {
    // GIVEN
    const source = new ScriptedByteSource(new Uint8Array(0));
    // WHEN / THEN
    expect(new UnbiasedSampler(source).int(1)).toBe(0);
    expect(source.served).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 32 + 1])('GIVEN the range %s WHEN drawing THEN a RangeError is thrown', (n) => {
    // GIVEN
    const sampler = new UnbiasedSampler(new CryptoByteSource());
    // WHEN / THEN
    expect(() => sampler.int(n)).toThrow(new RangeError(`sampler range ${n} out of bounds`));
  });

  it('GIVEN the full 32-bit range WHEN drawing THEN four bytes are read big-endian', () => {
    // GIVEN
    const source = new ScriptedByteSource(Uint8Array.from([0x12, 0x34, 0x56, 0x78]));
    // WHEN / THEN
    expect(new UnbiasedSampler(source).int(2 ** 32)).toBe(0x12345678);
    expect(source.served).toBe(4);
  });
});

describe('UnbiasedSampler.pick', () => {
  it('GIVEN every byte value WHEN picking from "abc" THEN each letter comes up 85 times', () => {
    // GIVEN
    const source = new ScriptedByteSource(enumerateValues(1).subarray(0, 255));
    const sampler = new UnbiasedSampler(source);
    // WHEN
    const seen: Record<string, number> = {};
    while (source.remaining > 0) { const c = sampler.pick('abc'); seen[c] = (seen[c] ?? 0) + 1; }
    // THEN
    expect(seen).toEqual({ a: 85, b: 85, c: 85 });
  });
});

describe('UnbiasedSampler.shuffle', () => {
  it('GIVEN every accepted pair of draws WHEN shuffling 3 items THEN all 6 permutations occur equally often', () => {
    // GIVEN: Fisher-Yates on 3 items draws int(3) (bytes 0..254 accepted) then int(2) (all bytes)
    const counts = new Map<string, number>();
    for (let first = 0; first < 255; first++) {
      for (let second = 0; second < 256; second++) {
        const source = new ScriptedByteSource(Uint8Array.from([first, second]));
        // WHEN
        const perm = new UnbiasedSampler(source).shuffle(['a', 'b', 'c']).join('');
        expect(source.remaining).toBe(0);
        counts.set(perm, (counts.get(perm) ?? 0) + 1);
      }
    }
    // THEN 255 × 256 / 6 = 10,880 each
    expect([...counts.keys()].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
    expect(new Set(counts.values())).toEqual(new Set([10_880]));
  });

  it('GIVEN items WHEN shuffled THEN the same array holds the same items', () => {
    // GIVEN
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    // WHEN
    const out = new UnbiasedSampler(new CryptoByteSource()).shuffle(items);
    // THEN
    expect(out).toBe(items);
    expect([...out].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

/** The scripted bytes, also served one at a time through `nextByte`; counts each way. */
class ByteByByteSource extends ScriptedByteSource {
  public singles = 0;
  public nextByte(): number {
    this.singles++;
    return this.next(1)[0];
  }
}

describe('UnbiasedSampler with a nextByte source', () => {
  it('GIVEN a source offering nextByte WHEN drawing one-byte ranges THEN it reads through nextByte and returns what next() would have given', () => {
    // GIVEN: the same script, once through next() only and once through nextByte
    const script = enumerateValues(1);
    const plain = new UnbiasedSampler(new ScriptedByteSource(script));
    const byByte = new ByteByByteSource(script);
    const fast = new UnbiasedSampler(byByte);
    // WHEN: ranges that reject some bytes, and a two-byte range that must still use next(2)
    const ranges = [71, 200, 3, 255, 62];
    const a = Array.from({ length: 40 }, (_, i) => plain.int(ranges[i % ranges.length]));
    const b = Array.from({ length: 40 }, (_, i) => fast.int(ranges[i % ranges.length]));
    const singles = byByte.singles;
    const served = byByte.served;
    fast.int(300);
    // THEN: every one-byte draw went through nextByte; the two-byte draw read two bytes with next()
    expect(b).toEqual(a);
    expect(singles).toBe(served);
    expect(byByte.singles).toBe(singles);
    expect(byByte.served).toBe(served + 2);
  });
});

describe('CryptoByteSource', () => {
  it('GIVEN single-byte reads across several refills WHEN counted THEN every byte value occurs and next() still serves fresh bytes', () => {
    // GIVEN
    const source = new CryptoByteSource();
    // WHEN: 3 blocks of 4,096 bytes and more
    const seen = new Set<number>();
    for (let i = 0; i < 13_000; i++) seen.add(source.nextByte());
    const after = source.next(32);
    // THEN
    expect(seen.size).toBe(256);
    expect(after).toHaveLength(32);
    expect(new Set(after).size).toBeGreaterThan(8);
  });

  it('GIVEN requests smaller and larger than its block WHEN read THEN each returns the asked length and fresh bytes', () => {
    // GIVEN
    const source = new CryptoByteSource();
    // WHEN
    const a = source.next(16);
    const b = source.next(16);
    const big = source.next(1000);
    // THEN
    expect(a).toHaveLength(16);
    expect(big).toHaveLength(1000);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('GIVEN many reads WHEN the bytes are counted THEN every byte value occurs', () => {
    // GIVEN
    const source = new CryptoByteSource();
    // WHEN
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) for (const b of source.next(64)) seen.add(b);
    // THEN 12,800 uniform bytes miss one of 256 values with probability about 256 × e^-50
    expect(seen.size).toBe(256);
  });
});
