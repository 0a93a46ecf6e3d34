/**
 * Runs the built `calico-bgp-auth` binary (dist/cli/main.js) as a user would: a separate node
 * process, arguments, standard input, environment; returns its exit status and output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'dist/cli/main.js');
export const FIXTURES = path.join(ROOT, 'test/fixtures/audit');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const upToDate = () => existsSync(BIN) && statSync(BIN).mtimeMs >= newestSource(path.join(ROOT, 'lib'));

/**
 * Compiles lib/ to dist/ (`tsc --build`) unless dist/cli/main.js is newer than every source.
 * Test files run in parallel workers: a lock directory lets one build while the others wait.
 * Type errors elsewhere in the tree do not stop the emit (noEmitOnError is off).
 */
export function buildCli(): void {
  if (upToDate()) return;
  const lock = path.join(ROOT, '.tmp', 'cli-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 110_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}; remove it if no build is running`);
      spawnSync('sleep', ['0.5']);
    }
  }
  try {
    if (!upToDate()) spawnSync('npx', ['tsc', '--build'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } finally {
    rmdirSync(lock);
  }
  if (!existsSync(BIN)) throw new Error(`tsc --build did not produce ${BIN}`);
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Spawns the binary with `args`, optional stdin and extra environment (seed variables unset unless given: an empty one
 * is an error).
 */
export function cli(
  args: readonly string[],
  options: { input?: string; env?: Record<string, string> } = {},
): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CALICO_BGP_AUTH_SEED;
  delete env.CALICO_BGP_AUTH_SEED_FILE;
  Object.assign(env, options.env);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input: options.input ?? '',
    env,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fixture's path relative to the repository (as the output names it). */
export function fixture(name: string): string {
  return path.relative(ROOT, path.join(FIXTURES, name));
}
