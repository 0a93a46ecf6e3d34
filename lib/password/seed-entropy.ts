/**
 * An honest, conservative estimate of how much entropy seed material can carry, from the one
 * sample we are given: the least code length, in bits, that any of a few simple models gives it.
 *
 * Why a code length: a seed that some model describes in L bits cannot carry more than about L bits
 * of entropy, whatever its length. The models catch what people type instead of random bytes: a
 * repeated block or phrase (`'0123456789abcdef'` four times), a counter or another regular
 * sequence (`00 01 02 … 1f`), text from a small alphabet (`'mysupersecretseed'` read as base64,
 * only lowercase letters), and skewed symbol frequencies (words).
 *
 * Why it does not refuse real random seeds: a model is believed only when it saves at least
 * {@link SIGNIFICANCE_BITS} bits over the uniform code of the same symbols. Every model is a
 * prefix code, so by Kraft's inequality a uniformly random input is compressed that much with
 * probability at most 2^-32 per model ("no-hypercompression"): with about a dozen models, an
 * `openssl rand -hex 32` seed is refused at most about once in 300 million. The price is a blind spot: a seed with
 * structure worth fewer than 32 bits of saving counts as uniform. No estimate from one sample can prove randomness;
 * this one catches the usual mistakes.
 */

/** The saving, in bits, a model must reach over the uniform code before its code length is believed. */
export const SIGNIFICANCE_BITS = 32;

/** At most this many symbols are analysed (the models are quadratic); a prefix never carries more than the whole. */
const MAX_SYMBOLS = 1024;

/** What {@link estimateSeedEntropy} found. */
export interface SeedEntropyEstimate {
  /** The estimate, in bits: at most 8 bits a decoded byte. */
  readonly bits: number;
  /** What structure lowered the estimate, in words (never the seed); undefined when none did. */
  readonly structure?: string;
}

/** How seed text was written, when it was text: its symbols as values of its alphabet. */
export interface SeedText {
  /** `hex` (16 symbols) or `base64` (64 symbols, standard or URL-safe). */
  readonly encoding: 'hex' | 'base64';
  /** The text, padding and line breaks removed. */
  readonly text: string;
}

interface View {
  /** Symbol values, 0 to size - 1. */
  readonly symbols: readonly number[];
  readonly size: number;
  /**
   * The letter (0 = a … 25 = z) a symbol value stands for, and whether it is uppercase; undefined for other symbols.
   */
  readonly letter: (v: number) => { readonly index: number; readonly upper: boolean } | undefined;
  /** How many symbol values are not letters, and how many of those are likely in text (space, punctuation). */
  readonly others: {
    readonly count: number;
    readonly textLike: (v: number) => boolean;
    readonly textLikeCount: number;
    readonly space?: number;
  };
  /** Named subsets of the alphabet (by symbol value) a small-alphabet model may use. */
  readonly subsets: ReadonlyArray<{
    readonly name: string;
    readonly has: (v: number) => boolean;
    readonly count: number;
  }>;
  /** What a symbol is called in messages, e.g. `byte`, `character`. */
  readonly unit: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** An ASCII byte with uppercase letters lowered. */
const lower = (v: number) => (v >= 0x41 && v <= 0x5a ? v + 0x20 : v);
const log2 = Math.log2;

/** Letter frequencies of English text, a to z (percent; Lewand, "Cryptological Mathematics", 2000). */
const ENGLISH = [
  8.167, 1.492, 2.782, 4.253, 12.702, 2.228, 2.015, 6.094, 6.966, 0.153, 0.772, 4.025, 2.406, 6.749, 7.507, 1.929,
  0.095, 5.987, 6.327, 9.056, 2.758, 0.978, 2.36, 0.15, 1.974, 0.074,
].map((p) => p / 100);
/**
 * The share of letters, and of uppercase letters among them, the English-text model may assume (its choice costs log2 6
 * bits).
 */
const TEXT_SHAPES = [0.98, 0.85].flatMap((letters) => [0.01, 0.1, 0.5].map((upper) => ({ letters, upper })));

/**
 * The entropy estimate of seed material: `bytes` as decoded, and `text` when it was given as hex or
 * base64 text (its characters are analysed too: a phrase read as base64 has structure its decoded
 * bytes hide).
 */
export function estimateSeedEntropy(bytes: Uint8Array, text?: SeedText): SeedEntropyEstimate {
  const cap = bytes.length * 8;
  let best: SeedEntropyEstimate = { bits: cap };
  for (const view of views(bytes, text)) {
    const n = view.symbols.length;
    if (n === 0) continue;
    const uniform = n * log2(view.size);
    for (const [bits, structure] of models(view)) {
      if (uniform - bits >= SIGNIFICANCE_BITS && bits < best.bits) best = { bits, structure };
    }
  }
  return best;
}

function views(bytes: Uint8Array, text: SeedText | undefined): View[] {
  const b = [...bytes.subarray(0, MAX_SYMBOLS)];
  const byteSubsets = [
    { name: 'digits', has: (v: number) => v >= 0x30 && v <= 0x39, count: 10 },
    { name: 'lowercase letters', has: (v: number) => v >= 0x61 && v <= 0x7a, count: 26 },
    { name: 'letters', has: (v: number) => lower(v) >= 0x61 && lower(v) <= 0x7a, count: 52 },
    { name: 'hex digits', has: (v: number) => (v >= 0x30 && v <= 0x39) || (lower(v) >= 0x61 && lower(v) <= 0x66), count: 22 },
    { name: 'letters and digits', has: (v: number) => (v >= 0x30 && v <= 0x39) || (lower(v) >= 0x61 && lower(v) <= 0x7a), count: 62 },
    { name: 'printable ASCII', has: (v: number) => v >= 0x20 && v <= 0x7e, count: 95 },
    { name: 'ASCII text', has: (v: number) => (v >= 0x20 && v <= 0x7e) || v === 0x09 || v === 0x0a || v === 0x0d, count: 98 },
  ];
  const asciiLetter = (v: number) =>
    lower(v) >= 0x61 && lower(v) <= 0x7a ? { index: lower(v) - 0x61, upper: v < 0x61 } : undefined;
  const out: View[] = [{
    symbols: b, size: 256, subsets: byteSubsets, unit: 'byte', letter: asciiLetter,
    others: { count: 256 - 52, textLike: (v) => v >= 0x20 && v <= 0x7e, textLikeCount: 95 - 52, space: 0x20 },
  }];
  if (text?.encoding === 'hex') {
    const symbols = [...text.text.slice(0, MAX_SYMBOLS)].map((c) => parseInt(c, 16));
    out.push({
      symbols, size: 16, unit: 'hex digit', letter: () => undefined, others: { count: 16, textLike: () => true, textLikeCount: 16 }, subsets: [
        { name: 'decimal digits', has: (v) => v < 10, count: 10 },
        { name: 'the letters a-f', has: (v) => v >= 10, count: 6 },
      ],
    });
  } else if (text?.encoding === 'base64') {
    const symbols = [...text.text.slice(0, MAX_SYMBOLS)].map((c) => B64.indexOf(c === '-' ? '+' : c === '_' ? '/' : c));
    const classes = [
      { name: 'uppercase letters', lo: 0, hi: 25 }, { name: 'lowercase letters', lo: 26, hi: 51 },
      { name: 'digits', lo: 52, hi: 61 }, { name: 'symbols', lo: 62, hi: 63 },
    ];
    // Every union of classes but the whole alphabet: 14 subsets.
    const subsets = [];
    for (let mask = 1; mask < 15; mask++) {
      const chosen = classes.filter((_, i) => Math.floor(mask / 2 ** i) % 2 === 1);
      subsets.push({
        name: chosen.map((c) => c.name).join(' and '),
        has: (v: number) => chosen.some((c) => v >= c.lo && v <= c.hi),
        count: chosen.reduce((s, c) => s + c.hi - c.lo + 1, 0),
      });
    }
    out.push({
      symbols, size: 64, subsets, unit: 'character',
      letter: (v) => (v < 52 ? { index: v % 26, upper: v < 26 } : undefined),
      others: { count: 12, textLike: () => true, textLikeCount: 12 },
    });
  }
  return out;
}

/** Each model's code length of the view's symbols (model description included), with what it found. */
function models(view: View): Array<[number, string]> {
  const { symbols, size, unit } = view;
  const n = symbols.length;
  const out: Array<[number, string]> = [];
  // A smaller alphabet: the smallest named subset holding every symbol (the choice costs log2 of
  // the number of subsets), or the range from the least to the greatest symbol (both cost log2 size).
  const subsetCost = log2(view.subsets.length + 1);
  let alphabet = { count: size, cost: 0 };
  const fitting = view.subsets.filter((s) => symbols.every(s.has)).sort((a, b) => a.count - b.count)[0];
  if (fitting) {
    alphabet = { count: fitting.count, cost: subsetCost };
    out.push([n * log2(fitting.count) + subsetCost, `only ${fitting.name}`]);
  }
  const lo = Math.min(...symbols);
  const hi = Math.max(...symbols);
  const rangeCost = 2 * log2(size);
  if (hi - lo + 1 < alphabet.count) alphabet = { count: hi - lo + 1, cost: rangeCost };
  out.push([n * log2(hi - lo + 1) + rangeCost, `only ${hi - lo + 1} different ${unit} values in a range`]);
  // Skewed frequencies (words, a few symbols used often): an adaptive order-0 code (Krichevsky-Trofimov).
  out.push([adaptive(symbols, alphabet.count) + alphabet.cost, `unevenly used ${unit}s`]);
  // Repetition: a greedy LZ77 parse; a counter or another regular step: the same on the differences.
  const uniformLiteral = () => log2(alphabet.count);
  out.push([lz(symbols, uniformLiteral) + alphabet.cost, `a repeated block of ${unit}s`]);
  // Words: letters at English frequencies, alone and as the literals of the repetition model.
  // Only where letters are most of the symbols: elsewhere the model cannot win, and it costs time.
  if (symbols.filter((v) => view.letter(v) !== undefined).length * 2 > n) {
    // The shape that codes the letters best alone, then with repetition; the choice is coded (log2 6 bits).
    const costs = TEXT_SHAPES.map((shape) => englishCost(view, shape));
    const unigrams = costs.map((cost) => symbols.reduce((s, v) => s + cost(v), 0));
    const best = unigrams.indexOf(Math.min(...unigrams));
    out.push([Math.min(unigrams[best], lz(symbols, costs[best]) + 1) + log2(TEXT_SHAPES.length),
      'the letter frequencies of words (a phrase)']);
  }
  out.push([lz(symbols.map((v, i) => (v - (i > 0 ? symbols[i - 1] : 0) + size) % size), () => log2(size)),
    `a regular sequence of ${unit}s (a counter or a fixed step)`]);
  return out;
}

/** The code length of one symbol under the English-text model of the given shape. */
function englishCost(view: View, shape: { readonly letters: number; readonly upper: number }): (v: number) => number {
  const { others } = view;
  const rest = others.count - others.textLikeCount;
  return (v) => {
    const l = view.letter(v);
    if (l) return -log2(shape.letters * ENGLISH[l.index] * (l.upper ? shape.upper : 1 - shape.upper));
    // Between words: half the other symbols' share goes to the space, when the view has one.
    if (v === others.space) return -log2((1 - shape.letters) * 0.5);
    const textLike = (rest > 0 ? 0.999 : 1) * (others.space !== undefined ? 0.5 : 1);
    const share = others.textLike(v)
      ? textLike / (others.textLikeCount - (others.space !== undefined ? 1 : 0))
      : 0.001 / rest;
    return -log2((1 - shape.letters) * share);
  };
}

/** Code length of an adaptive order-0 model (KT estimator) over an alphabet of `size` symbols. */
function adaptive(symbols: readonly number[], size: number): number {
  const counts = new Map<number, number>();
  let bits = 0;
  symbols.forEach((v, i) => {
    const c = counts.get(v) ?? 0;
    bits -= log2((c + 0.5) / (i + size / 2));
    counts.set(v, c + 1);
  });
  return bits;
}

/**
 * Code length of a greedy LZ77 parse: each token is a flag bit, then a literal (`literal(v)` bits:
 * a uniform or an English-text code) or a match (the start among the positions before, uniformly,
 * and the length minus one in Elias gamma). Matches may overlap the position (a run). A prefix
 * code, so random input rarely gains.
 */
function lz(symbols: readonly number[], literal: (v: number) => number): number {
  const n = symbols.length;
  let bits = 0;
  for (let i = 0; i < n;) {
    let bestLen = 0;
    for (let j = 0; j < i; j++) {
      let len = 0;
      while (i + len < n && symbols[j + len] === symbols[i + len]) len++;
      if (len > bestLen) bestLen = len;
    }
    const matchBits = bestLen >= 2 ? 1 + log2(i) + gamma(bestLen - 1) : Infinity;
    let literalBits = 0;
    for (let k = 0; k < Math.max(1, bestLen); k++) literalBits += 1 + literal(symbols[i + k]);
    if (matchBits < literalBits) {
      bits += matchBits;
      i += bestLen;
    } else {
      bits += 1 + literal(symbols[i]);
      i++;
    }
  }
  return bits;
}

/** Length of the Elias gamma code of `v` (v ≥ 1). */
function gamma(v: number): number {
  return 2 * Math.floor(log2(v)) + 1;
}
