/**
 * A faithful model of what the external-secrets Password generator produces, for property tests.
 *
 * external-secrets `generators/v1/password/password.go` (v2.9.0) reads the spec (nil
 * `symbolCharacters` falls back to its own default; `length` 0 to 24; nil `digits`/`symbols` to 25%
 * of the length) and calls `sethvargo/go-password` `password/generate.go`:
 *
 *   letters := lower (+ upper unless noUpper); chars := length - digits - symbols
 *   errors when chars < 0, or (allowRepeat false) chars > len(letters), digits > 10, symbols > len(symbolCharacters)
 *   for each of chars letters, then digits, then symbols: pick s[randInt(len(s))] (a BYTE of s),
 *   skip it when !allowRepeat and already present, else insert at randInt(len(result)+1)
 *
 * An empty `symbolCharacters` makes go-password fall back to its own default set.
 */
import { randomInt } from 'node:crypto';
import type { PasswordGeneratorSpec } from '../../../lib/external-secrets';

/** external-secrets' default `symbolCharacters` (generators/v1/password/password.go). */
export const ESO_DEFAULT_SYMBOLS = '~!@#$%^&*()_+`-={}|[]\\:"<>?,./';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/** The spec fields as the generator reads them (all optional, as in the CRD). */
export type GeneratorInput = Partial<Omit<PasswordGeneratorSpec, 'allowRepeat' | 'encoding'>> & { allowRepeat?: boolean; encoding?: string };

/** go-password's error messages (password/generate.go). */
export const GO_PASSWORD_ERRORS = {
  exceedsTotal: 'number of digits and symbols must be less than total length',
  letters: 'number of letters exceeds available letters and repeats are not allowed',
  digits: 'number of digits exceeds available digits and repeats are not allowed',
  symbols: 'number of symbols exceeds available symbols and repeats are not allowed',
};

/**
 * One password as the generator would produce it, as the raw bytes it writes into the Secret.
 * Throws go-password's error where it would fail.
 */
export function simulateGenerator(input: GeneratorInput, rand: (n: number) => number = randomInt): Buffer {
  const length = input.length && input.length > 0 ? input.length : 24;
  const digits = input.digits ?? Math.trunc(length * 0.25);
  const symbols = input.symbols ?? Math.trunc(length * 0.25);
  const symbolChars = Buffer.from(input.symbolCharacters === undefined ? ESO_DEFAULT_SYMBOLS : input.symbolCharacters || '!@#$%,-.', 'utf8');
  const letters = Buffer.from(input.noUpper ? LOWER : LOWER + UPPER);
  const allowRepeat = input.allowRepeat ?? false;
  const chars = length - digits - symbols;
  if (chars < 0) throw new Error(GO_PASSWORD_ERRORS.exceedsTotal);
  if (!allowRepeat && chars > letters.length) throw new Error(GO_PASSWORD_ERRORS.letters);
  if (!allowRepeat && digits > DIGITS.length) throw new Error(GO_PASSWORD_ERRORS.digits);
  if (!allowRepeat && symbols > symbolChars.length) throw new Error(GO_PASSWORD_ERRORS.symbols);
  let result: number[] = [];
  const draw = (pool: Buffer, count: number) => {
    for (let i = 0; i < count; i++) {
      const b = pool[rand(pool.length)];
      if (!allowRepeat && result.includes(b)) { i--; continue; }
      const at = result.length === 0 ? 0 : rand(result.length + 1);
      result = [...result.slice(0, at), b, ...result.slice(at)];
    }
  };
  draw(letters, chars);
  draw(Buffer.from(DIGITS), digits);
  draw(symbolChars, symbols);
  return Buffer.from(result);
}
