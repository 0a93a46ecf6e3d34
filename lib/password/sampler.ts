import { randomBytes } from 'node:crypto';

/**
 * A source of uniformly random bytes. The generator draws from `node:crypto`; derivation draws from an
 * HKDF-SHA256 stream; the Pulumi components draw from entropy kept in state by `@pulumi/random`.
 */
export interface ByteSource {
  /** Returns `n` fresh bytes. */
  next(n: number): Uint8Array;
  /**
   * Returns one fresh byte: the same stream as `next(1)[0]`, without a view per byte (a password
   * draws about a hundred bytes one at a time).
   *
   * @default next(1)[0]
   */
  nextByte?(): number;
}

/** Bytes from the operating system's CSPRNG (`crypto.randomBytes`), fetched in blocks. */
export class CryptoByteSource implements ByteSource {
  private buffer: Buffer = Buffer.alloc(0);
  private offset = 0;

  public next(n: number): Uint8Array {
    if (this.offset + n > this.buffer.length) {
      this.buffer = randomBytes(Math.max(4096, n));
      this.offset = 0;
    }
    const out = this.buffer.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  public nextByte(): number {
    if (this.offset >= this.buffer.length) {
      this.buffer = randomBytes(4096);
      this.offset = 0;
    }
    return this.buffer[this.offset++];
  }
}

/**
 * Draws integers in `[0, n)` without modulo bias: reads the fewest bytes that cover `n`, and rejects
 * values at or above the largest multiple of `n` that fits, as `crypto.randomInt` does.
 */
export class UnbiasedSampler {
  constructor(private readonly source: ByteSource) {}

  public int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`sampler range ${n} out of bounds`);
    if (n === 1) return 0;
    const bytes = n <= 0x100 ? 1 : n <= 0x10000 ? 2 : n <= 0x1000000 ? 3 : 4;
    const space = 2 ** (8 * bytes);
    const limit = space - (space % n);
    const source = this.source;
    if (bytes === 1 && source.nextByte) {
      for (;;) {
        const v = source.nextByte();
        if (v < limit) return v % n;
      }
    }
    for (;;) {
      const b = source.next(bytes);
      let v = 0;
      for (let i = 0; i < bytes; i++) v = v * 256 + b[i];
      if (v < limit) return v % n;
    }
  }

  /** One character of `alphabet`, uniformly. */
  public pick(alphabet: string): string {
    return alphabet[this.int(alphabet.length)];
  }

  /** Fisher-Yates shuffle in place, every permutation equally likely. */
  public shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}
