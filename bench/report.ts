/** Summaries of repeated samples, and the table printed on stdout. */
import { cpus, platform, release, totalmem } from 'node:os';
import { FabricShape } from './fabric';
import { Sample } from './measure';
import { PasswordBenchRow } from './password';
import { median } from './stats';

/** Medians of one variant at one point. */
export interface VariantSummary {
  readonly runs: number;
  readonly totalMs: number;
  /** Every run's total, in run order. */
  readonly totalsMs: readonly number[];
  readonly phasesMs: Record<string, number>;
  readonly cpuMs: number;
  readonly cpuPhasesMs: Record<string, number>;
  readonly deriveMs: number;
  readonly deriveShare: number;
  readonly maxRssMiB: number;
  readonly rssBeforeMiB: number;
  readonly heapPeakMiB: number;
}

/** One point: an engine, a shape and a peer count, library against baseline. */
export interface PointSummary {
  readonly engine: 'cdk8s' | 'pulumi' | 'audit';
  readonly shape: FabricShape;
  readonly n: number;
  readonly library: VariantSummary;
  readonly baseline: VariantSummary;
  /**
   * Library median over baseline median: wall time, CPU time, peak RSS above the pre-run RSS, peak
   * sampled heap.
   */
  readonly ratio: { readonly time: number; readonly cpu: number; readonly rss: number; readonly heap: number };
  readonly objects: number;
  readonly objectsPerPeer: number;
  readonly kinds: Record<string, number>;
  /** Whether library and baseline emitted the same output, passwords aside. */
  readonly outputsEqual: boolean;
}

export function summarize(samples: readonly Sample[]): VariantSummary {
  const phases = [...new Set(samples.flatMap((s) => Object.keys(s.phases)))];
  const totalMs = median(samples.map((s) => s.totalMs));
  const deriveMs = median(samples.map((s) => s.deriveMs));
  return {
    runs: samples.length,
    totalMs,
    totalsMs: samples.map((s) => round(s.totalMs)),
    phasesMs: Object.fromEntries(phases.map((p) => [p, median(samples.map((s) => s.phases[p] ?? 0))])),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    cpuPhasesMs: Object.fromEntries(phases.map((p) => [p, median(samples.map((s) => s.cpuPhases[p] ?? 0))])),
    deriveMs,
    deriveShare: deriveMs / totalMs,
    maxRssMiB: median(samples.map((s) => s.maxRssMiB)),
    rssBeforeMiB: median(samples.map((s) => s.rssBeforeMiB)),
    heapPeakMiB: median(samples.map((s) => s.heapPeakMiB)),
  };
}

export function point(engine: PointSummary['engine'], shape: FabricShape, n: number, lib: readonly Sample[], base: readonly Sample[]): PointSummary {
  const library = summarize(lib);
  const baseline = summarize(base);
  return {
    engine, shape, n, library, baseline,
    ratio: {
      time: library.totalMs / baseline.totalMs,
      cpu: library.cpuMs / baseline.cpuMs,
      rss: (library.maxRssMiB - library.rssBeforeMiB) / Math.max(1, baseline.maxRssMiB - baseline.rssBeforeMiB),
      heap: library.heapPeakMiB / Math.max(0.1, baseline.heapPeakMiB),
    },
    objects: lib[0].objects,
    objectsPerPeer: lib[0].objects / n,
    kinds: lib[0].kinds,
    outputsEqual: lib.every((s) => s.digest === base[0].digest) && base.every((s) => s.digest === base[0].digest),
  };
}

/** The machine the figures come from. */
export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 || i === 10 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** The table of fabric points. */
export function pointsTable(points: readonly PointSummary[]): string {
  const phases = (v: VariantSummary) => Object.entries(v.cpuPhasesMs).map(([k, x]) => `${k} ${ms(x)}`).join(' + ');
  return table(
    ['engine', 'shape', 'N', 'obj/peer', 'lib wall ms', 'base wall ms', 'wall ratio', 'lib CPU ms', 'base CPU ms', 'CPU ratio',
      'lib CPU phases ms', 'lib derive ms', 'lib RSS MiB', 'base RSS MiB', 'lib heap MiB', 'base heap MiB', 'same'],
    points.map((p) => [
      p.engine, p.shape, String(p.n), p.objectsPerPeer.toFixed(2),
      ms(p.library.totalMs), ms(p.baseline.totalMs), p.ratio.time.toFixed(2),
      ms(p.library.cpuMs), ms(p.baseline.cpuMs), p.ratio.cpu.toFixed(2),
      phases(p.library), `${ms(p.library.deriveMs)} (${(100 * p.library.deriveShare).toFixed(0)}%)`,
      p.library.maxRssMiB.toFixed(0), p.baseline.maxRssMiB.toFixed(0), p.library.heapPeakMiB.toFixed(0), p.baseline.heapPeakMiB.toFixed(0),
      p.outputsEqual ? 'yes' : 'NO',
    ]),
  );
}

/** The password throughput table. */
export function passwordTable(rows: readonly PasswordBenchRow[]): string {
  return table(['what', 'policy', 'bytes', 'per second', 'node:crypto per second', 'ratio'],
    rows.map((r) => {
      const [what, policy] = r.what.replace(')', '').split(' (');
      return [what, policy, String(r.bytesPerPassword), r.perSecond.toFixed(0), r.baselinePerSecond.toFixed(0), r.ratio.toFixed(2)];
    }));
}
