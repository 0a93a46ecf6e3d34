/**
 * Uniformity of generated passwords, per position. With class minimums the characters are not
 * equally likely overall (each password holds at least one of the 9 symbols, so a symbol is likelier
 * than a letter), but after a uniform shuffle every position has the same distribution:
 *
 *   P(position i = c) = (min(class of c) / |class of c| + (length − Σ minimums) / |alphabet|) / length
 *
 * Three chi-square checks over 20,000 passwords from a fixed HKDF seed (reproducible):
 * - each position against that exact distribution (70 degrees of freedom), which catches a biased
 *   sampler;
 * - homogeneity of the 32 positions with each other (31 × 70 degrees of freedom), which catches a
 *   shuffle that leaves positions fixed;
 * - all positions pooled against the distribution, which sees a bias 32 times better.
 * Each must reach p ≥ 1e-6: a fair generator fails one of the 34 tests with probability below
 * 34 × 1e-6 (the seed is fixed, so the outcome never changes), while the broken generators below
 * fail with p-values under 1e-12.
 */
import { describe, expect, it } from 'vitest';
import { ByteSource, DEFAULT_SYMBOLS, PasswordPolicy, UnbiasedSampler } from '../../support/core';
import { deterministicSource } from '../helpers/bytes';
import { chiSquare, chiSquareSurvival, homogeneity } from '../helpers/stats';

const SAMPLES = 20_000;
const ALPHA = 1e-6;
const POLICY = PasswordPolicy.DEFAULT;
const CLASSES = ['abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789', DEFAULT_SYMBOLS];

interface Report {
  /** p-value of each position against the expected distribution. */
  readonly positions: number[];
  /** p-value of the positions' homogeneity. */
  readonly homogeneity: number;
  /** p-value of all positions pooled against the expected distribution. */
  readonly pooled: number;
}

function expectedDistribution(policy: PasswordPolicy): number[] {
  const minSum = CLASSES.length; // the default policy's minimums are 1 per class
  return [...policy.alphabet].map((c) => {
    const cls = CLASSES.find((k) => k.includes(c))!;
    return (1 / cls.length + (policy.length - minSum) / policy.alphabet.length) / policy.length;
  });
}

function measure(generate: () => string, policy = POLICY): Report {
  const index = new Map([...policy.alphabet].map((c, i) => [c, i]));
  const table = Array.from({ length: policy.length }, () => new Array<number>(policy.alphabet.length).fill(0));
  for (let n = 0; n < SAMPLES; n++) {
    const pw = generate();
    for (let i = 0; i < policy.length; i++) table[i][index.get(pw[i])!]++;
  }
  const p = expectedDistribution(policy);
  const df = policy.alphabet.length - 1;
  const positions = table.map((row) => chiSquareSurvival(chiSquare(row, p.map((x) => x * SAMPLES)), df));
  const h = homogeneity(table);
  const pooledRow = p.map((_, j) => table.reduce((s, r) => s + r[j], 0));
  const pooled = chiSquareSurvival(chiSquare(pooledRow, p.map((x) => x * SAMPLES * policy.length)), df);
  return { positions, homogeneity: chiSquareSurvival(h.statistic, h.df), pooled };
}

function passes(r: Report): boolean {
  return r.positions.every((p) => p >= ALPHA) && r.homogeneity >= ALPHA && r.pooled >= ALPHA;
}

/** The generator's algorithm with a broken integer draw and/or without the shuffle. */
function brokenGenerator(source: ByteSource, flaw: 'modulo' | 'no-shuffle'): () => string {
  const sampler = new UnbiasedSampler(source);
  // The classic mistake: one byte modulo n. With 71 characters, 256 = 3 × 71 + 43, so the first
  // 43 characters come up 4 times in 256 and the other 28 only 3 times.
  const int = flaw === 'modulo' ? (n: number) => source.next(1)[0] % n : (n: number) => sampler.int(n);
  const pick = (s: string) => s[int(s.length)];
  return () => {
    const chars = CLASSES.map(pick);
    while (chars.length < POLICY.length) chars.push(pick(POLICY.alphabet));
    if (flaw === 'modulo') {
      for (let i = chars.length - 1; i > 0; i--) { const j = int(i + 1); [chars[i], chars[j]] = [chars[j], chars[i]]; }
    }
    return chars.join('');
  };
}

describe('uniformity of PasswordPolicy.DEFAULT.generate', () => {
  it('GIVEN the expected per-position distribution THEN it sums to 1 and favours the smaller classes', () => {
    // GIVEN / WHEN
    const p = expectedDistribution(POLICY);
    // THEN
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[POLICY.alphabet.indexOf('-')]).toBeGreaterThan(p[POLICY.alphabet.indexOf('a')]);
  });

  it('GIVEN 20,000 passwords from a fixed seed WHEN each position is compared THEN every chi-square test passes', () => {
    // GIVEN
    const source = deterministicSource('uniformity/fair');
    // WHEN
    const report = measure(() => POLICY.generate(source));
    // THEN
    expect(Math.min(...report.positions)).toBeGreaterThanOrEqual(ALPHA);
    expect(report.homogeneity).toBeGreaterThanOrEqual(ALPHA);
    expect(report.pooled).toBeGreaterThanOrEqual(ALPHA);
    expect(passes(report)).toBe(true);
  });

  it('GIVEN a sampler using one byte modulo 71 WHEN measured the same way THEN the per-position tests fail', () => {
    // GIVEN
    const generate = brokenGenerator(deterministicSource('uniformity/modulo'), 'modulo');
    // WHEN
    const report = measure(generate);
    // THEN the bias is the same at every position, so homogeneity alone would miss it
    expect(passes(report)).toBe(false);
    expect(report.positions.every((p) => p < 1e-12)).toBe(true);
    expect(report.pooled).toBeLessThan(1e-12);
  });

  it('GIVEN a generator that does not shuffle WHEN measured the same way THEN positions differ from each other', () => {
    // GIVEN
    const generate = brokenGenerator(deterministicSource('uniformity/no-shuffle'), 'no-shuffle');
    // WHEN
    const report = measure(generate);
    // THEN the first four positions hold one class each; the pooled distribution is still right
    expect(passes(report)).toBe(false);
    expect(report.homogeneity).toBeLessThan(1e-12);
    expect(report.positions.slice(0, 4).every((p) => p < 1e-12)).toBe(true);
    expect(report.pooled).toBeGreaterThanOrEqual(ALPHA);
  });
});
