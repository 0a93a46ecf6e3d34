/**
 * Regular expressions over base64 text that find given bytes in the decoded value.
 *
 * Why: in a ValidatingAdmissionPolicy a Secret's `data` values reach CEL as the base64 text of the
 * JSON form (the object is converted to unstructured before evaluation, and `object` is typed
 * `dyn`), and Kubernetes' CEL environment has no base64 decoder (`k8s.io/apiserver/pkg/cel/
 * environment/base.go` does not load cel-go's encoders library). A byte `b` at byte offset `i`
 * lands in fixed bits of fixed base64 characters, so "the value contains a byte of set S" is a
 * regular language over the base64 alphabet, which RE2 (`matches`) can test.
 *
 * The construction walks the bit strings of the wanted byte sequences 6 bits (one base64
 * character) at a time and groups the characters that leave the same remainder, so each pattern
 * is a small trie of character classes. It assumes canonical, padded standard base64, which is
 * what the API server produces when it converts `[]byte` to JSON.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Any base64 character. */
export const B64_CHAR = '[A-Za-z0-9+/]';

/** A byte sequence pattern: the allowed byte values at each position. */
export type ByteSequence = readonly (readonly number[])[];

/** Every byte value from `from` to `to`, inclusive. */
export function byteRange(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The UTF-8 byte sequences of each code point in `codePoints`, as single-value sequences. */
export function utf8Sequences(codePoints: readonly number[]): ByteSequence[] {
  return codePoints.map((cp) => [...Buffer.from(String.fromCodePoint(cp), 'utf8')].map((b) => [b]));
}

function bitStrings(sequences: readonly ByteSequence[]): string[] {
  const out = new Set<string>();
  const expand = (seq: ByteSequence, i: number, prefix: string) => {
    if (i === seq.length) {
      out.add(prefix);
      return;
    }
    for (const b of seq[i]) expand(seq, i + 1, prefix + b.toString(2).padStart(8, '0'));
  };
  for (const s of sequences) expand(s, 0, '');
  return [...out];
}

/** A character class (or a single character) for base64 digit values, ranges split where ASCII is not contiguous. */
function charClass(values: readonly number[]): string {
  if (values.length === 64) return B64_CHAR;
  const sorted = [...values].sort((a, b) => a - b);
  const runs: string[] = [];
  let start = sorted[0];
  for (let i = 1; i <= sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    // Runs break at the alphabet's seams: Z|a, z|0, 9|+, +|/.
    if (cur !== prev + 1 || [26, 52, 62, 63].includes(cur)) {
      const a = ALPHABET[start];
      const b = ALPHABET[prev];
      runs.push(start === prev ? a : prev === start + 1 ? `${a}${b}` : `${a}-${b}`);
      start = cur;
    }
  }
  const body = runs.join('');
  if (values.length === 1) return body === '+' ? '\\+' : body;
  return `[${body}]`;
}

/**
 * The pattern of the characters that encode one of `strings` (bit strings), starting `skip` bits
 * into the first character. A string ends inside a character: that character completes the match.
 */
function trie(strings: readonly string[], skip: number, memo: Map<string, string>): string {
  const memoKey = `${skip}|${[...strings].sort().join(',')}`;
  const cached = memo.get(memoKey);
  if (cached !== undefined) return cached;
  const groups = new Map<string, { values: number[]; rest: string[] }>();
  for (let v = 0; v < 64; v++) {
    const bits = v.toString(2).padStart(6, '0').slice(skip);
    let done = false;
    const rest = new Set<string>();
    for (const s of strings) {
      if (s.length <= bits.length) {
        if (bits.startsWith(s)) done = true;
      } else if (s.startsWith(bits)) {
        rest.add(s.slice(bits.length));
      }
    }
    if (!done && rest.size === 0) continue;
    const key = done ? '' : [...rest].sort().join(',');
    const g = groups.get(key) ?? { values: [], rest: [...rest] };
    g.values.push(v);
    groups.set(key, g);
  }
  const alternatives = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => charClass(g.values) + (key === '' ? '' : trie(g.rest, 0, memo)));
  const pattern = alternatives.length === 1 ? alternatives[0] : `(?:${alternatives.join('|')})`;
  memo.set(memoKey, pattern);
  return pattern;
}

/** The pattern of a sequence starting at byte `position` (0, 1 or 2) of a base64 group. */
function at(sequences: readonly ByteSequence[], position: number, memo: Map<string, string>): string {
  return trie(bitStrings(sequences), 2 * position, memo);
}

/**
 * An RE2 pattern matching canonical base64 text whose decoded bytes contain one of `sequences`
 * anywhere.
 */
export function base64ContainsPattern(sequences: readonly ByteSequence[]): string {
  const memo = new Map<string, string>();
  const alts = [0, 1, 2].map((k) => `${k === 0 ? '' : k === 1 ? B64_CHAR : `${B64_CHAR}{2}`}${at(sequences, k, memo)}`);
  return `^(?:${B64_CHAR}{4})*(?:${alts.join('|')})`;
}

/** An RE2 pattern matching canonical base64 text whose decoded bytes start with one of `sequences`. */
export function base64StartsWithPattern(sequences: readonly ByteSequence[]): string {
  return `^${at(sequences, 0, new Map())}`;
}

/**
 * An RE2 pattern matching canonical base64 text whose decoded bytes end with one of `sequences`.
 * Where the last byte sits in its group depends on the padding (`==`: 1 byte, `=`: 2, none: 3), so
 * there is one alternative per padding and sequence length.
 */
export function base64EndsWithPattern(sequences: readonly ByteSequence[]): string {
  const memo = new Map<string, string>();
  const byLength = new Map<number, ByteSequence[]>();
  for (const s of sequences) byLength.set(s.length, [...(byLength.get(s.length) ?? []), s]);
  const alts: string[] = [];
  for (const [n, seqs] of [...byLength.entries()].sort(([a], [b]) => a - b)) {
    for (const [bytesInLastGroup, padding] of [[3, ''], [2, '='], [1, '==']] as const) {
      const position = (((bytesInLastGroup - n) % 3) + 3) % 3;
      const lead = position === 0 ? '' : position === 1 ? B64_CHAR : `${B64_CHAR}{2}`;
      alts.push(`${lead}${at(seqs, position, memo)}${padding}`);
    }
  }
  return `^(?:${B64_CHAR}{4})*(?:${alts.join('|')})$`;
}
