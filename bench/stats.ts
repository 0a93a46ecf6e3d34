/** Small statistics helpers for the benchmark: median of repeated runs. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` `runs` times (after one warm-up) and returns the median wall time in ms. */
export function timeMedian(runs: number, fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

/** A stopwatch that adds up the time spent inside `timed(fn)` calls, and counts them. */
export function createTimer(): { readonly total: { ms: number; calls: number }; timed<T>(fn: () => T): T } {
  const total = { ms: 0, calls: 0 };
  return {
    total,
    timed<T>(fn: () => T): T {
      const t0 = process.hrtime.bigint();
      try {
        return fn();
      } finally {
        total.ms += Number(process.hrtime.bigint() - t0) / 1e6;
        total.calls++;
      }
    },
  };
}
