/**
 * What one measurement in a fresh process records: wall time of its phases, peak memory, and what it
 * emitted. Peak RSS is the kernel's (`process.resourceUsage().maxRSS`, the whole process, modules
 * included); peak heap is `heapUsed` sampled at phase boundaries (synchronous code cannot be sampled
 * in between), so it is a lower bound of the true peak.
 */
export interface Sample {
  /** Phase name to milliseconds of wall time. */
  readonly phases: Record<string, number>;
  readonly totalMs: number;
  /**
   * CPU time (user + system, every thread of the process) of the measured work: on a shared machine
   * it is much steadier than wall time, which counts the time the process waited for a core.
   */
  readonly cpuMs: number;
  /** Phase name to milliseconds of CPU time. */
  readonly cpuPhases: Record<string, number>;
  /** Time spent deriving passwords inside the total, and how many were derived. */
  readonly deriveMs: number;
  readonly deriveCalls: number;
  /** Peak RSS of the process, MiB. */
  readonly maxRssMiB: number;
  /** RSS before the measured work started (modules loaded, after a full GC), MiB. */
  readonly rssBeforeMiB: number;
  /** Highest sampled heapUsed above the heap before the work, MiB. */
  readonly heapPeakMiB: number;
  /** Objects (cdk8s) or resources (Pulumi) emitted. */
  readonly objects: number;
  readonly kinds: Record<string, number>;
  /** Digest of the output with passwords masked, to compare library and baseline. */
  readonly digest: string;
}

const MiB = 1024 * 1024;

/** Tracks phases and heap samples of one measurement. */
export class Recorder {
  private readonly phases: Record<string, number> = {};
  private readonly heapBefore: number;
  private heapPeak: number;
  public readonly rssBefore: number;
  private readonly start: bigint;
  private last: bigint;
  private readonly cpuStart: NodeJS.CpuUsage;
  private cpuMs = 0;
  private maxRssKiB = 0;
  private readonly cpuPhases: Record<string, number> = {};

  constructor() {
    (globalThis as { gc?: () => void }).gc?.();
    this.heapBefore = process.memoryUsage().heapUsed;
    this.heapPeak = this.heapBefore;
    this.rssBefore = process.memoryUsage.rss();
    this.cpuStart = process.cpuUsage();
    this.start = process.hrtime.bigint();
    this.last = this.start;
  }

  /** Samples heapUsed (call at any point where the heap may peak). */
  public sampleHeap(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.heapPeak) this.heapPeak = used;
  }

  /** Ends the current phase under `name`. */
  public phase(name: string): void {
    const now = process.hrtime.bigint();
    this.phases[name] = (this.phases[name] ?? 0) + Number(now - this.last) / 1e6;
    this.last = now;
    const cpu = process.cpuUsage(this.cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    this.cpuPhases[name] = (this.cpuPhases[name] ?? 0) + cpuMs - this.cpuMs;
    this.cpuMs = cpuMs;
    this.sampleHeap();
    // Read here, not in finish(): checking the output afterwards must not count.
    this.maxRssKiB = process.resourceUsage().maxRSS;
  }

  public finish(rest: Pick<Sample, 'deriveMs' | 'deriveCalls' | 'objects' | 'kinds' | 'digest'>): Sample {
    return {
      phases: this.phases,
      cpuPhases: this.cpuPhases,
      totalMs: Number(this.last - this.start) / 1e6,
      cpuMs: this.cpuMs,
      maxRssMiB: (this.maxRssKiB * 1024) / MiB,
      rssBeforeMiB: this.rssBefore / MiB,
      heapPeakMiB: (this.heapPeak - this.heapBefore) / MiB,
      ...rest,
    };
  }
}
