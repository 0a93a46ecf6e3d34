/**
 * `npm run bench`: what the library costs over writing the objects by hand, at fabric scale.
 * What it measures, its goals, its options and how to read its noise: bench/README.md.
 *
 * Options: --engines cdk8s,pulumi,password,audit  --n 100,1000  --audit-n 1000,10000  --runs 3
 *          --pulumi-max 1000  --shapes own,rack,rack-secured,rack-charts (rack-charts: cdk8s only)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_PREFIX, Task } from './child';
import { FabricShape, GOAL_SHAPES, PEERS_PER_RACK, SHAPES } from './fabric';
import { Sample } from './measure';
import { benchPasswords } from './password';
import { PointSummary, machine, passwordTable, point, pointsTable, round } from './report';
import { firstDifference } from './yaml-check';

const GOAL_RATIO = 1.25;
const GOAL_LINEARITY = 11;
const DEFAULT_NS = [100, 1_000, 10_000];
const AUDIT_NS = [1_000, 10_000, 40_000];
/** The audit's goal, at its largest N: CPU time over the parse baseline's, and the process's peak RSS. */
const AUDIT_GOAL_RATIO = 3;
const AUDIT_GOAL_N = 40_000;
const AUDIT_GOAL_RSS_MIB = 1024;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const engines = (option('engines') ?? 'cdk8s,pulumi,password,audit').split(',');
const ns = option('n')?.split(',').map(Number) ?? DEFAULT_NS;
const auditNs = option('audit-n')?.split(',').map(Number) ?? AUDIT_NS;
const fixedRuns = option('runs') ? Number(option('runs')) : undefined;
const pulumiMax = Number(option('pulumi-max') ?? 1_000);
const shapes = (option('shapes')?.split(',') ?? SHAPES) as FabricShape[];
// --engines alone measures whole engines at their default points: their figures replace those in latest.json.
const enginesOnly = process.argv.length === 4 && option('engines') !== undefined;
const partial = process.argv.length > 2 && !enginesOnly;
const resultsDir = join(__dirname, 'results');
const out = join(resultsDir, partial ? 'partial.json.tmp' : 'latest.json');

/**
 * Runs per point (medians reported). A shared machine moves a point's ratio by about ±0.1 between
 * runs, most at the small points, whose processes last a fraction of a second: cdk8s runs 15 times
 * at 100 peers, 9 times at 1,000 and 5 times at 10,000; Pulumi, whose mocks cost milliseconds a resource, 5 times
 * at 100 peers and 3 times at 1,000, to keep the whole run near 10 minutes.
 */
function runsFor(engine: 'cdk8s' | 'pulumi' | 'audit', n: number): number {
  if (fixedRuns) return fixedRuns;
  // The audit's processes last seconds (40,000 peers: tens of seconds): 5 runs at 1,000, 3 above.
  if (engine === 'audit') return n <= 1_000 ? 5 : 3;
  if (engine === 'cdk8s') return n <= 100 ? 15 : n <= 1_000 ? 9 : 5;
  return n <= 100 ? 5 : 3;
}

function runChild(task: Task): Sample {
  const args = ['--expose-gc', '-r', 'ts-node/register/transpile-only', join(__dirname, 'child.ts'), JSON.stringify(task)];
  const res = spawnSync(process.execPath, args, { cwd: join(__dirname, '..'), encoding: 'utf8', maxBuffer: 64 * 2 ** 20, timeout: 300_000 });
  const line = res.stdout?.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (res.status !== 0 || !line) {
    throw new Error(`bench child ${JSON.stringify(task)} failed (status ${res.status}, signal ${res.signal}):\n${res.stderr}`);
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as Sample;
}

function showDifference(base: Omit<Task, 'variant' | 'dumpTo'>): void {
  const dir = join(resultsDir, 'diff.tmp');
  mkdirSync(dir, { recursive: true });
  const files = (['library', 'baseline'] as const).map((variant) => {
    const dumpTo = join(dir, `${base.engine}-${base.shape}-${base.n}-${variant}.txt`);
    runChild({ ...base, variant, dumpTo });
    return readFileSync(dumpTo, 'utf8');
  });
  console.error(`library and baseline outputs differ for ${base.engine} ${base.shape} N=${base.n} (passwords masked), first difference at ${firstDifference(files[0], files[1])}`);
}

function measurePoint(engine: 'cdk8s' | 'pulumi' | 'audit', shape: FabricShape, n: number): PointSummary {
  const lib: Sample[] = [];
  const base: Sample[] = [];
  for (let r = 0; r < runsFor(engine, n); r++) {
    // Alternate which variant runs first, so drift on a shared machine hits both alike.
    const order = r % 2 === 0 ? (['library', 'baseline'] as const) : (['baseline', 'library'] as const);
    for (const variant of order) (variant === 'library' ? lib : base).push(runChild({ engine, variant, shape, n }));
  }
  const p = point(engine, shape, n, lib, base);
  if (!p.outputsEqual) showDifference({ engine, shape, n });
  process.stderr.write(`  ${engine} ${shape} N=${n}: library ${p.library.totalMs.toFixed(0)} ms (CPU ${p.library.cpuMs.toFixed(0)}), `
    + `baseline ${p.baseline.totalMs.toFixed(0)} ms (CPU ${p.baseline.cpuMs.toFixed(0)}), ratio ${p.ratio.time.toFixed(2)} (CPU ${p.ratio.cpu.toFixed(2)})\n`);
  return p;
}

/**
 * How time grows with N: 10,000 over 1,000 peers (the goal), or, where 10,000 was not measured
 * (Pulumi), 1,000 over 100 for information.
 */
function linearity(points: readonly PointSummary[]) {
  const rows = [];
  for (const [from, to] of [[1_000, 10_000], [100, 1_000], [10_000, 40_000]] as const) {
    for (const p of points.filter((q) => q.n === to)) {
      const small = points.find((q) => q.engine === p.engine && q.shape === p.shape && q.n === from);
      if (!small || (from === 100 && points.some((q) => q.engine === p.engine && q.shape === p.shape && q.n === 10_000))) continue;
      rows.push({
        engine: p.engine, shape: p.shape, from, to, goal: to === 10_000,
        library: round(p.library.totalMs / small.library.totalMs), baseline: round(p.baseline.totalMs / small.baseline.totalMs),
        libraryCpu: round(p.library.cpuMs / small.library.cpuMs), baselineCpu: round(p.baseline.cpuMs / small.baseline.cpuMs),
      });
    }
  }
  return rows;
}

/** The audit's goal: at its largest point, CPU ratio to the parse and peak RSS. */
function auditMisses(points: readonly PointSummary[]): string[] {
  return points.filter((p) => p.engine === 'audit' && p.n === AUDIT_GOAL_N).flatMap((p) => [
    ...(p.ratio.cpu > AUDIT_GOAL_RATIO ? [`audit N=${p.n}: CPU ratio ${p.ratio.cpu.toFixed(2)} > ${AUDIT_GOAL_RATIO} (wall ${p.ratio.time.toFixed(2)})`] : []),
    ...(p.library.maxRssMiB > AUDIT_GOAL_RSS_MIB ? [`audit N=${p.n}: peak RSS ${p.library.maxRssMiB.toFixed(0)} MiB > ${AUDIT_GOAL_RSS_MIB} MiB`] : []),
  ]);
}

/**
 * latest.json with the figures of the engines just measured replaced (a run with --engines alone):
 * the other engines' points, runs and misses are kept, with the date of their own run.
 */
function mergeIntoLatest<R extends { machine: object; points: PointSummary[]; passwords: unknown[]; settings: { engines: string[]; runs: object }; goals: { misses: string[] } }>(result: R): R {
  let previous: R;
  try {
    previous = JSON.parse(readFileSync(out, 'utf8')) as R;
  } catch {
    return result;
  }
  const kept = previous.points.filter((p) => !engines.includes(p.engine));
  const keptMisses = previous.goals.misses.filter((m) => !engines.some((e) => m.startsWith(`${e} `)));
  return {
    ...previous,
    ...result,
    machine: { ...result.machine, previous: (previous as { machine?: unknown }).machine },
    settings: {
      ...previous.settings, ...result.settings,
      engines: [...new Set([...previous.settings.engines, ...engines])],
      runs: { ...previous.settings.runs, ...result.settings.runs },
    },
    goals: { ...previous.goals, ...result.goals, misses: [...keptMisses, ...result.goals.misses] },
    points: [...kept, ...result.points],
    passwords: engines.includes('password') ? result.passwords : previous.passwords,
    linearity: [...((previous as { linearity?: Array<{ engine: string }> }).linearity ?? []).filter((l) => !engines.includes(l.engine)),
      ...(result as unknown as { linearity: unknown[] }).linearity],
  };
}

function main(): void {
  const started = Date.now();
  const points: PointSummary[] = [];
  const notes: string[] = [];
  for (const engine of ['cdk8s', 'pulumi'] as const) {
    if (!engines.includes(engine)) continue;
    for (const n of ns) {
      if (engine === 'pulumi' && n > pulumiMax) {
        notes.push(`Pulumi at N=${n} not measured (--pulumi-max ${pulumiMax}): under mocks every resource costs milliseconds (Pulumi captures and `
          + 'source-maps a full stack trace per resource) and time grows faster than N, so 10,000 peers would take minutes per run and GiBs of memory.');
        continue;
      }
      // Pulumi has no charts: rack-charts would repeat rack.
      for (const shape of shapes.filter((sh) => engine === 'cdk8s' || sh !== 'rack-charts')) points.push(measurePoint(engine, shape, n));
    }
  }
  if (engines.includes('audit')) for (const n of auditNs) points.push(measurePoint('audit', 'own', n));
  const passwords = engines.includes('password') ? benchPasswords(5) : [];
  const lin = linearity(points);
  // Goals are checked on CPU time: on a shared machine wall time mostly measures the neighbours.
  const misses = [
    ...points.filter((p) => p.engine !== 'audit' && GOAL_SHAPES.includes(p.shape) && p.ratio.cpu > GOAL_RATIO)
      .map((p) => `${p.engine} ${p.shape} N=${p.n}: CPU ratio ${p.ratio.cpu.toFixed(2)} > ${GOAL_RATIO} (wall ${p.ratio.time.toFixed(2)})`),
    ...lin.filter((l) => l.goal && l.engine !== 'audit' && GOAL_SHAPES.includes(l.shape) && l.libraryCpu > GOAL_LINEARITY).map((l) => `${l.engine} ${l.shape}: CPU 10,000/1,000 = ${l.libraryCpu} > ${GOAL_LINEARITY} (wall ${l.library})`),
    ...points.filter((p) => !p.outputsEqual).map((p) => `${p.engine} ${p.shape} N=${p.n}: library and baseline outputs differ`),
    ...auditMisses(points),
  ];

  console.log(`\nMachine: ${JSON.stringify(machine())}`);
  console.log(`Shapes: own = a SecuredBgpPeer (Secret, Role, RoleBinding, BGPPeer) per peer; rack = one BgpPasswordSecret per rack of ${PEERS_PER_RACK} peers, `
    + 'peers added with addPeer; rack-secured = rack with a SecuredBgpPeer (sharedSecret) per peer, for information (goals: own and rack).');
  if (points.length) console.log(`\n${pointsTable(points)}`);
  if (lin.length) {
    console.log('\nGrowth with N (library CPU, wall; baseline CPU, wall):');
    for (const l of lin) {
      console.log(`  ${l.engine} ${l.shape} ${l.to.toLocaleString('en')}/${l.from.toLocaleString('en')}: ${l.libraryCpu}x, ${l.library}x; `
        + `baseline ${l.baselineCpu}x, ${l.baseline}x${l.goal ? '' : l.to === 40_000 ? ' (information)' : ' (information: 10,000 not measured)'}`);
    }
  }
  if (passwords.length) console.log(`\n${passwordTable(passwords)}`);
  for (const note of notes) console.log(note);
  console.log(misses.length ? `\nGoals missed (CPU time):\n  ${misses.join('\n  ')}`
    : `\nGoals met (CPU time, shapes ${GOAL_SHAPES.join(' and ')}): every ratio <= ${GOAL_RATIO}, 10,000/1,000 <= ${GOAL_LINEARITY}x`
      + `${engines.includes('audit') ? `; audit at ${AUDIT_GOAL_N.toLocaleString('en')} peers <= ${AUDIT_GOAL_RATIO}x the parse, peak RSS <= ${AUDIT_GOAL_RSS_MIB} MiB` : ''}.`);
  const info = points.filter((p) => !GOAL_SHAPES.includes(p.shape));
  if (info.length) console.log(`For information (no goal): ${info.map((p) => `${p.engine} ${p.shape} N=${p.n} CPU ratio ${p.ratio.cpu.toFixed(2)}`).join('; ')}.`);

  mkdirSync(resultsDir, { recursive: true });
  const result = {
    machine: machine(),
    settings: {
      peersPerRack: PEERS_PER_RACK, shapes, engines, notes,
      runs: {
        ...Object.fromEntries((['cdk8s', 'pulumi'] as const).filter((e) => engines.includes(e)).map((e) => [e,
          Object.fromEntries(ns.filter((n) => e === 'cdk8s' || n <= pulumiMax).map((n) => [n, runsFor(e, n)]))])),
        ...(engines.includes('audit') ? { audit: Object.fromEntries(auditNs.map((n) => [n, runsFor('audit', n)])) } : {}),
      },
    },
    goals: { ratio: GOAL_RATIO, linearity: GOAL_LINEARITY, shapes: GOAL_SHAPES, audit: { ratio: AUDIT_GOAL_RATIO, n: AUDIT_GOAL_N, maxRssMiB: AUDIT_GOAL_RSS_MIB }, misses },
    points, linearity: lin, passwords,
    durationS: round((Date.now() - started) / 1000, 1),
  };
  writeFileSync(out, `${JSON.stringify(enginesOnly ? mergeIntoLatest(result) : result, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? round(v, 3) : v), 2)}\n`);
  console.log(`\nWrote ${out} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  if (points.some((p) => !p.outputsEqual)) process.exitCode = 1;
}

main();
