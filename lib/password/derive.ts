import { KeyObject, createSecretKey, hkdfSync } from 'node:crypto';
import { PasswordPolicy } from './policy';
import { ByteSource } from './sampler';
import { SeedText, estimateSeedEntropy } from './seed-entropy';
import { Problem, ValidationError, problem, throwIfProblems } from '../errors';

/** The least seed material accepted, in bytes (256 bits). */
export const MIN_SEED_BYTES = 32;

const SALT = Buffer.from('calico-bgp-auth/derive/v1');
// Expanded in small blocks: a password needs about 100 bytes, and HKDF cost grows with the output.
const BLOCK = 256;

/**
 * An endless stream of HKDF-SHA256 output: block `i` is HKDF(seed, salt, info || i). Deterministic
 * for the same seed and info.
 */
export class HkdfByteSource implements ByteSource {
  private block = 0;
  private buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly seed: Uint8Array | KeyObject, private readonly info: string) {}

  public next(n: number): Uint8Array {
    // The sampler draws one byte at a time: hand out a view of the current block when it holds
    // enough (the block is replaced on refill, never written), instead of a copy (derivation ~15% faster).
    if (this.offset + n <= this.buffer.length) {
      const view = this.buffer.subarray(this.offset, this.offset + n);
      this.offset += n;
      return view;
    }
    const out = Buffer.alloc(n);
    let filled = 0;
    while (filled < n) {
      if (this.offset >= this.buffer.length) this.refill();
      const take = Math.min(n - filled, this.buffer.length - this.offset);
      this.buffer.copy(out, filled, this.offset, this.offset + take);
      filled += take;
      this.offset += take;
    }
    return out;
  }

  public nextByte(): number {
    if (this.offset >= this.buffer.length) this.refill();
    return this.buffer[this.offset++];
  }

  private refill(): void {
    this.buffer = Buffer.from(hkdfSync('sha256', this.seed, SALT, Buffer.from(`${this.info}\u0000${this.block++}`), BLOCK));
    this.offset = 0;
  }
}

/** Options of {@link derivePassword}. */
export interface DerivePasswordOptions {
  /**
   * Secret seed material, at least 256 bits: bytes, or a string of hex digits (`openssl rand -hex 32`)
   * or base64 (`openssl rand -base64 32`). Random material only: a repeated block, a counter or
   * fixed step, or a phrase is refused (rule `seed.low-entropy`). Keep it out of Git; it is as
   * secret as every password derived from it.
   */
  readonly seed: string | Uint8Array;
  /** What the password is for, e.g. a construct path. Different contexts give unrelated passwords. */
  readonly context: string;
  /** Bump to rotate the password on purpose. @default 0 */
  readonly rotation?: number;
  /** The policy the password must meet. @default PasswordPolicy.DEFAULT */
  readonly policy?: PasswordPolicy;
}

/** The problem of a password's `rotation` that is not a non-negative integer (rule `derive.rotation`). */
export function checkPasswordRotation(rotation: number): Problem[] {
  return Number.isInteger(rotation) && rotation >= 0 ? []
    : [problem('rotation', 'derive.rotation', `'rotation' (${rotation}) must be a non-negative integer.`)];
}

/**
 * A stable, compliant password: the same inputs always give the same password, a different
 * `context` or `rotation` an unrelated one. HKDF-SHA256 from `node:crypto` feeds the same unbiased
 * sampler as {@link PasswordPolicy.generate}.
 *
 * @example
 * ```ts
 * import { PasswordPolicy, derivePassword, readSeedFile, seedFromEnvironment } from 'calico-bgp-auth';
 *
 * // CALICO_BGP_AUTH_SEED or CALICO_BGP_AUTH_SEED_FILE, else a file made by `openssl rand -hex 32 > bgp-seed.hex`.
 * const seed = seedFromEnvironment() ?? readSeedFile('bgp-seed.hex');
 * const password = derivePassword({ seed, context: 'tor-a', policy: PasswordPolicy.forRouter('frr') });
 * const rotated = derivePassword({ seed, context: 'tor-a', rotation: 1, policy: PasswordPolicy.forRouter('frr') });
 * ```
 */
export function derivePassword(options: DerivePasswordOptions): string {
  const seed = seedKey(options.seed);
  const rotation = options.rotation ?? 0;
  throwIfProblems(checkPasswordRotation(rotation));
  const policy = options.policy ?? PasswordPolicy.DEFAULT;
  return policy.generate(new HkdfByteSource(seed, `${options.context}\u0000rotation=${rotation}`));
}

// The last seed derived from, parsed and checked, as a KeyObject: a fabric derives thousands of
// passwords from one seed, and decoding, checking and importing it each time cost about a fifth of a
// derivation. Bytes are compared, not identities: a caller may reuse and refill its buffer.
let lastSeed: { readonly input: string | Buffer; readonly key: KeyObject } | undefined;

function seedKey(seed: string | Uint8Array): KeyObject {
  const last = lastSeed;
  if (last && (typeof seed === 'string' ? last.input === seed : typeof last.input !== 'string' && Buffer.from(seed.buffer, seed.byteOffset, seed.byteLength).equals(last.input))) {
    return last.key;
  }
  const key = createSecretKey(parseSeed(seed));
  lastSeed = { input: typeof seed === 'string' ? seed : Buffer.from(seed), key };
  return key;
}

/**
 * Decodes seed material and refuses a weak seed. The seed never appears in an error.
 *
 * Strings are read as hex when they are only hex digits, else as base64 (standard or URL-safe);
 * surrounding whitespace and line breaks between lines are ignored, so `openssl rand -base64 48`,
 * `base64` output wrapped at 76 columns and the same text on one line give the same seed. The
 * seed must decode to at least 256 bits and, by {@link estimateSeedEntropy}, be able to carry
 * 256 bits: repetition, regular sequences, a small alphabet or skewed frequencies are refused
 * (rule `seed.low-entropy`), naming `field` and what was found.
 */
export function parseSeed(seed: string | Uint8Array, field = 'seed'): Buffer {
  let bytes: Buffer;
  let text: SeedText | undefined;
  if (typeof seed === 'string') {
    // Line breaks between lines of encoded text (wrapped base64) are not part of the seed.
    const s = /^[A-Za-z0-9+/=_-]+(?:\r?\n[A-Za-z0-9+/=_-]+)*$/.test(seed.trim()) ? seed.trim().replace(/\r?\n/g, '') : seed.trim();
    if (s === '') {
      throw new ValidationError([problem(field, 'seed.empty', `'${field}' is empty; give at least 256 bits of random material (for example 'openssl rand -hex 32'), or no seed at all.`)]);
    }
    if (/^(?:[0-9a-fA-F]{2})+$/.test(s)) {
      bytes = Buffer.from(s, 'hex');
      text = { encoding: 'hex', text: s };
    } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) {
      bytes = Buffer.from(s, 'base64');
      text = { encoding: 'base64', text: s.replace(/=+$/, '') };
    } else {
      throw new ValidationError([problem(field, 'seed.encoding',
        `'${field}' must be hex or base64 text (for example from 'openssl rand -hex 32'), or raw bytes.`)]);
    }
  } else if (seed instanceof Uint8Array) {
    bytes = Buffer.from(seed);
  } else {
    throw new ValidationError([problem(field, 'seed.type', `'${field}' must be a string (hex or base64) or bytes (a Uint8Array), not ${seed === null ? 'null' : typeof seed}.`)]);
  }
  if (bytes.length < MIN_SEED_BYTES) {
    throw new ValidationError([problem(field, 'seed.too-short',
      `'${field}' carries ${bytes.length * 8} bits; at least ${MIN_SEED_BYTES * 8} bits are needed (for example 'openssl rand -hex 32').`)]);
  }
  if (new Set(bytes).size < 8) {
    throw new ValidationError([problem(field, 'seed.weak',
      `'${field}' repeats a handful of byte values; use random material (for example 'openssl rand -hex 32').`)]);
  }
  const estimate = estimateSeedEntropy(bytes, text);
  if (estimate.bits < MIN_SEED_BYTES * 8) {
    throw new ValidationError([problem(field, 'seed.low-entropy',
      `'${field}' decodes to ${bytes.length * 8} bits but can carry only about ${Math.floor(estimate.bits)}: it has ${estimate.structure}. `
      + `At least ${MIN_SEED_BYTES * 8} bits of random material are needed (for example 'openssl rand -hex 32'); a phrase, a pattern or a repeated block is not one.`)]);
  }
  return bytes;
}
