/**
 * Password generation and derivation throughput vs drawing the same random bytes from node:crypto.
 * The baseline draws, per password, as many bytes as the generator consumed on average, with
 * `crypto.randomBytes` (and, for derivation, one `hkdfSync` call of that size): the ratio shows what the
 * unbiased sampler, the shuffle and the policy cost on top of the randomness itself.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { ByteSource, PasswordPolicy, derivePassword } from '../lib';
import { CryptoByteSource } from '../lib/password/sampler';
import { timeMedian } from './stats';

class CountingSource implements ByteSource {
  public count = 0;
  private readonly inner = new CryptoByteSource();
  public next(n: number): Uint8Array { this.count += n; return this.inner.next(n); }
}

export interface PasswordBenchRow {
  readonly what: string;
  readonly perSecond: number;
  readonly baselinePerSecond: number;
  readonly ratio: number;
  readonly bytesPerPassword: number;
}

export function benchPasswords(runs: number, count = 20_000): PasswordBenchRow[] {
  const rows: PasswordBenchRow[] = [];
  const seed = randomBytes(32);
  for (const [label, policy] of [['default', PasswordPolicy.DEFAULT], ['dell-os9', PasswordPolicy.forRouter('dell-os9')]] as const) {
    const counter = new CountingSource();
    for (let i = 0; i < 2_000; i++) policy.generate(counter);
    const bytes = Math.ceil(counter.count / 2_000);
    const gen = timeMedian(runs, () => { for (let i = 0; i < count; i++) policy.generate(); });
    const base = timeMedian(runs, () => { for (let i = 0; i < count; i++) randomBytes(bytes); });
    rows.push({ what: `generate (${label})`, perSecond: count / (gen / 1000), baselinePerSecond: count / (base / 1000), ratio: gen / base, bytesPerPassword: bytes });
    const dcount = count / 4;
    const der = timeMedian(runs, () => { for (let i = 0; i < dcount; i++) derivePassword({ seed, context: `peer-${i}`, policy }); });
    const dbase = timeMedian(runs, () => { for (let i = 0; i < dcount; i++) hkdfSync('sha256', seed, 'salt', `peer-${i}`, bytes); });
    rows.push({ what: `derive (${label})`, perSecond: dcount / (der / 1000), baselinePerSecond: dcount / (dbase / 1000), ratio: der / dbase, bytesPerPassword: bytes });
  }
  return rows;
}
