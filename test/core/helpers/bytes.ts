/**
 * Byte sources for tests: deterministic (fixed HKDF seed), enumerating (every byte value once),
 * prefixed (fast-check bytes first, then the OS CSPRNG), and bounded (fails instead of hanging).
 */
import { createHash, hkdfSync } from 'node:crypto';
import { ByteSource, CryptoByteSource, HkdfByteSource } from '../../support/core';

/** A fixed 256-bit seed for reproducible tests, itself an HKDF output so it has no visible pattern. */
export function testSeed(label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from('calico-bgp-auth test seed'), Buffer.alloc(0), Buffer.from(label), 32));
}

/** A deterministic stream: the same label always yields the same bytes. */
export function deterministicSource(label: string): ByteSource {
  return new HkdfByteSource(testSeed(label), label);
}

/** Thrown by {@link ScriptedByteSource} when its bytes are used up. */
export class SourceExhausted extends Error {}

/** Serves the given bytes in order, then throws {@link SourceExhausted}; counts what it served. */
export class ScriptedByteSource implements ByteSource {
  public served = 0;
  constructor(private readonly bytes: Uint8Array) {}
  public get remaining(): number { return this.bytes.length - this.served; }
  public next(n: number): Uint8Array {
    if (this.served + n > this.bytes.length) {
      throw new SourceExhausted(`asked for ${n} byte(s), ${this.remaining} left`);
    }
    const out = this.bytes.subarray(this.served, this.served + n);
    this.served += n;
    return out;
  }
}

/** Every big-endian `width`-byte value once, in order: 0, 1, …, 256^width − 1. */
export function enumerateValues(width: 1 | 2): Uint8Array {
  const count = 256 ** width;
  const out = new Uint8Array(count * width);
  for (let v = 0; v < count; v++) {
    if (width === 1) {
      out[v] = v;
    } else {
      out[2 * v] = Math.floor(v / 256);
      out[2 * v + 1] = v % 256;
    }
  }
  return out;
}

/**
 * Serves `prefix` first (bytes fast-check chose, edge values included), then the OS CSPRNG, so an
 * adversarial prefix (all 0xff, which the sampler rejects) cannot stall generation; at most
 * `limit` bytes, so a generator that never terminates fails instead of hanging the suite.
 */
export class PrefixedByteSource implements ByteSource {
  private offset = 0;
  private total = 0;
  private readonly rest = new CryptoByteSource();
  constructor(private readonly prefix: Uint8Array, private readonly limit = 2 ** 20) {}
  public next(n: number): Uint8Array {
    this.total += n;
    if (this.total > this.limit) {
      throw new Error(`generation drew more than ${this.limit} bytes: it does not terminate`);
    }
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.offset < this.prefix.length ? this.prefix[this.offset++] : this.rest.next(1)[0];
    }
    return out;
  }
}

/**
 * A short, non-reversible stand-in for a password in assertions, so a failing comparison never
 * prints the password itself.
 */
export function fingerprint(password: string): string {
  return createHash('sha256').update(password).digest('hex').slice(0, 16);
}
