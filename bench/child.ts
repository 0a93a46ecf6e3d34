/**
 * One measurement, run by `run.ts` in a fresh `node --expose-gc` process so that peak memory belongs
 * to it alone. Argument: a JSON {@link Task}. Prints one line `BENCH_RESULT <json Sample>`.
 */
import { writeFileSync } from 'node:fs';
import { FabricShape } from './fabric';
import { Recorder, Sample } from './measure';

/** What to measure. */
export interface Task {
  readonly engine: 'cdk8s' | 'pulumi' | 'audit';
  readonly variant: 'library' | 'baseline';
  readonly shape: FabricShape;
  readonly n: number;
  /** Write the masked output here (to show a difference). */
  readonly dumpTo?: string;
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

async function measureCdk8s(task: Task): Promise<Sample> {
  const { Yaml } = await import('cdk8s');
  const fabric = await import('./cdk8s-fabric');
  const { countKinds, countObjects, maskPasswords, maskedDigest } = await import('./yaml-check');
  if (task.variant === 'library') fabric.instrumentLibraryDerivation();
  const rec = new Recorder();
  // The documents are all in memory just before they are turned into text: sample the heap there.
  const stringify = Yaml.stringify;
  Yaml.stringify = (...docs: unknown[]) => { rec.sampleHeap(); const s = stringify(...docs); rec.sampleHeap(); return s; };
  const app = task.variant === 'library' ? fabric.buildLibraryApp(task.n, task.shape) : fabric.buildBaselineApp(task.n, task.shape);
  rec.phase('construct');
  const yaml = app.synthYaml();
  rec.phase('synth');
  if (task.dumpTo) writeFileSync(task.dumpTo, maskPasswords(yaml));
  return rec.finish({
    deriveMs: fabric.derivation.ms, deriveCalls: fabric.derivation.calls, objects: countObjects(yaml), kinds: countKinds(yaml), digest: maskedDigest(yaml),
  });
}

async function measurePulumi(task: Task): Promise<Sample> {
  const { measurePulumiFabric } = await import('./pulumi-fabric');
  return measurePulumiFabric(task);
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as Task;
  const sample = task.engine === 'cdk8s' ? await measureCdk8s(task)
    : task.engine === 'audit' ? await (await import('./audit-fabric')).measureAudit(task.variant, task.n) : await measurePulumi(task);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(sample)}\n`);
}

if (require.main === module) {
  main().then(() => process.exit(0), (e) => { console.error(e instanceof Error ? e.stack : e); process.exit(1); });
}
