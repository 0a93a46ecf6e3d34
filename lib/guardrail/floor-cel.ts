/**
 * The floor rules of `checkPasswordFloor` as CEL over a Secret `data` value as admission CEL sees
 * it: the base64 text. Each rule is a predicate on one value that is true when the value breaks
 * the rule, tested in test/guardrail against `checkPasswordFloor` on random strings.
 *
 * Byte-level equivalents of the floor rules (UTF-8):
 * - `password.empty`: no bytes;
 * - `password.max-bytes`: more than 80 bytes, computed from the text's length and padding;
 * - `password.double-quote`: byte 0x22;
 * - `password.newline`: byte 0x0A or 0x0D;
 * - `password.control-character`: bytes 0x00–0x1F but LF and CR, 0x7F, and U+0080–U+009F (C2 80–C2 9F);
 * - `password.surrounding-whitespace`: the value starts or ends with a character JavaScript's `\s`
 *   matches (the core's definition), in its UTF-8 form;
 * - `password.line-separator`: E2 80 A8 or E2 80 A9;
 * - `password.format-character`: the UTF-8 form of any code point JavaScript's `\p{Cf}` matches;
 * - `password.unpaired-surrogate`: an encoded surrogate, ED A0–BF (what CESU-8 or WTF-8 writes for
 *   one; a JavaScript string with one is refused by the core before it is encoded).
 */
import { MAX_PASSWORD_BYTES } from '../password';
import { ByteSequence, base64ContainsPattern, base64EndsWithPattern, base64StartsWithPattern, byteRange, utf8Sequences } from './base64-pattern';

/** The floor rules the guardrail checks, by the core's rule id. */
export type FloorRuleId = 'password.empty' | 'password.max-bytes' | 'password.double-quote' | 'password.newline'
  | 'password.control-character' | 'password.surrounding-whitespace' | 'password.line-separator' | 'password.format-character'
  | 'password.unpaired-surrogate';

const single = (bytes: readonly number[]): ByteSequence[] => bytes.map((b) => [[b]]);

/** Every code point the core counts as whitespace (`/\s/u`), computed so the two cannot drift. */
export function whitespaceCodePoints(): number[] {
  const out: number[] = [];
  for (let cp = 0; cp <= 0xffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (/^\s$/u.test(String.fromCodePoint(cp))) out.push(cp);
  }
  return out;
}

/** Every code point the core counts as a format character (`/\p{Cf}/u`), computed so the two cannot drift. */
export function formatCodePoints(): number[] {
  const out: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (/^\p{Cf}$/u.test(String.fromCodePoint(cp))) out.push(cp);
  }
  return out;
}

/** A CEL string literal of `s` (single-quoted, backslashes and quotes escaped). */
export function celString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, '\\\'')}'`;
}

/**
 * For each floor rule, a CEL predicate of the base64 text `v` (a CEL expression evaluating to a
 * string) that is true when the decoded value breaks the rule.
 */
export function floorPredicates(v: string): Readonly<Record<FloorRuleId, string>> {
  const matches = (pattern: string) => `${v}.matches(${celString(pattern)})`;
  const padding = `(${v}.endsWith('==') ? 2 : ${v}.endsWith('=') ? 1 : 0)`;
  const whitespace = utf8Sequences(whitespaceCodePoints());
  return {
    'password.empty': `size(${v}) == 0`,
    'password.max-bytes': `size(${v}) / 4 * 3 - ${padding} > ${MAX_PASSWORD_BYTES}`,
    'password.double-quote': matches(base64ContainsPattern(single([0x22]))),
    'password.newline': matches(base64ContainsPattern(single([0x0a, 0x0d]))),
    'password.control-character': matches(base64ContainsPattern([
      ...single([...byteRange(0x00, 0x09), 0x0b, 0x0c, ...byteRange(0x0e, 0x1f), 0x7f]),
      [[0xc2], byteRange(0x80, 0x9f)],
    ])),
    'password.surrounding-whitespace': `(${matches(base64StartsWithPattern(whitespace))} || ${matches(base64EndsWithPattern(whitespace))})`,
    'password.line-separator': matches(base64ContainsPattern([[[0xe2], [0x80], [0xa8, 0xa9]]])),
    'password.format-character': matches(base64ContainsPattern(utf8Sequences(formatCodePoints()))),
    'password.unpaired-surrogate': matches(base64ContainsPattern([[[0xed], byteRange(0xa0, 0xbf)]])),
  };
}
