/**
 * Network-namespace topologies for the end-to-end tests.
 *
 * Every address used here lives only inside namespaces this module creates, so traffic never
 * leaves them. Names are unique per call (pid + counter + random suffix) so cases in one file,
 * or several vitest workers, can run side by side. veth pairs are created from inside the first
 * namespace with the peer placed straight into the second, so nothing is ever added to the
 * host's own namespace.
 */
import { execFile, execFileSync, type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface ExecResult { stdout: string; stderr: string }

/** Runs a program (no shell) with a bounded time; rejects on a non-zero exit. */
export function run(cmd: string, args: string[], timeoutMs = 10_000): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        // The message names the program only; arguments may carry config values.
        reject(new Error(`${cmd} ${args[0] ?? ''} failed (${(err as any).code ?? (err as any).signal}): ${String(stderr).trim()}`));
      } else {
        resolve({ stdout: String(stdout), stderr: String(stderr) });
      }
    });
  });
}

/** Runs a program inside a namespace. */
export function nsRun(ns: string, cmd: string, args: string[], timeoutMs = 10_000): Promise<ExecResult> {
  return run('ip', ['netns', 'exec', ns, cmd, ...args], timeoutMs);
}

export interface Link {
  a: string; b: string;
  aIf: string; bIf: string;
  aIp: string; bIp: string;
  prefixLen: number;
}

export interface Pair { topo: Topology; a: string; b: string; aIp: string; bIp: string; link: Link }

let counter = 0;
const live = new Set<Topology>();

/** A set of namespaces, links, processes and temp files that `cleanup()` removes together. */
export class Topology {
  readonly id: string;
  readonly dir: string;
  readonly namespaces: string[] = [];
  private readonly pids = new Set<number>();
  private readonly children = new Set<ChildProcess>();
  private readonly hooks: Array<() => Promise<void> | void> = [];
  private linkCount = 0;
  private ifCount = new Map<string, number>();
  private cleaned = false;

  constructor() {
    this.id = `${process.pid}-${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;
    this.dir = mkdtempSync(path.join(tmpdir(), `cba-e2e-${this.id}-`));
    live.add(this);
  }

  /** Creates a namespace with loopback up; `label` is a short tag for readability. */
  async addNamespace(label = 'n'): Promise<string> {
    await reapOnce();
    const name = `cba-${this.id}-${label}${this.namespaces.length}`;
    await run('ip', ['netns', 'add', name]);
    this.namespaces.push(name);
    await run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    return name;
  }

  private nextIf(ns: string, stem: string): string {
    const n = this.ifCount.get(ns) ?? 0;
    this.ifCount.set(ns, n + 1);
    return `${stem}${n}`;
  }

  /** Point-to-point veth link with a /30; each link of the topology gets its own subnet. */
  async link(a: string, b: string): Promise<Link> {
    const k = this.linkCount++;
    if (k > 250) throw new Error('too many links in one topology');
    const aIf = this.nextIf(a, 'eth');
    const bIf = this.nextIf(b, 'eth');
    const aIp = `10.77.${k}.1`;
    const bIp = `10.77.${k}.2`;
    await run('ip', ['-n', a, 'link', 'add', aIf, 'type', 'veth', 'peer', 'name', bIf, 'netns', b]);
    await run('ip', ['-n', a, 'addr', 'add', `${aIp}/30`, 'dev', aIf]);
    await run('ip', ['-n', b, 'addr', 'add', `${bIp}/30`, 'dev', bIf]);
    await run('ip', ['-n', a, 'link', 'set', aIf, 'up']);
    await run('ip', ['-n', b, 'link', 'set', bIf, 'up']);
    return { a, b, aIf, bIf, aIp, bIp, prefixLen: 30 };
  }

  /**
   * Puts `count` namespaces on one bridge (the bridge lives in its own hub namespace).
   * Member i gets 10.78.0.(i+1)/24.
   */
  async bridge(count: number, label = 'n'): Promise<Array<{ ns: string; ip: string; ifName: string }>> {
    const hub = await this.addNamespace('hub');
    await run('ip', ['-n', hub, 'link', 'add', 'br0', 'type', 'bridge']);
    await run('ip', ['-n', hub, 'link', 'set', 'br0', 'up']);
    const members: Array<{ ns: string; ip: string; ifName: string }> = [];
    for (let i = 0; i < count; i++) {
      const ns = await this.addNamespace(label);
      const port = `p${i}`;
      const ifName = this.nextIf(ns, 'eth');
      const ip = `10.78.0.${i + 1}`;
      await run('ip', ['-n', hub, 'link', 'add', port, 'type', 'veth', 'peer', 'name', ifName, 'netns', ns]);
      await run('ip', ['-n', hub, 'link', 'set', port, 'master', 'br0']);
      await run('ip', ['-n', hub, 'link', 'set', port, 'up']);
      await run('ip', ['-n', ns, 'addr', 'add', `${ip}/24`, 'dev', ifName]);
      await run('ip', ['-n', ns, 'link', 'set', ifName, 'up']);
      members.push({ ns, ip, ifName });
    }
    return members;
  }

  /** A fresh directory under the topology's temp dir. */
  subdir(name: string): string {
    return mkdtempSync(path.join(this.dir, `${name}-`));
  }

  /**
   * Starts a long-running program inside a namespace (`ip netns exec` execs in place, so the
   * child's PID is the program's). Output goes to `logPath`. The process is killed on cleanup.
   */
  spawnIn(ns: string, cmd: string, args: string[], logPath: string): ChildProcess {
    const fd = openSync(logPath, 'a');
    try {
      const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', fd, fd], detached: false });
      const pid = child.pid;
      if (pid) this.pids.add(pid);
      this.children.add(child);
      child.once('exit', () => {
        this.children.delete(child);
        if (pid) this.pids.delete(pid);
      });
      return child;
    } finally {
      closeSync(fd);
    }
  }

  trackPid(pid: number): void { this.pids.add(pid); }

  onCleanup(fn: () => Promise<void> | void): void { this.hooks.push(fn); }

  /** Kills tracked processes (and any stragglers inside our namespaces), deletes namespaces and files. */
  async cleanup(): Promise<void> {
    if (this.cleaned) return;
    this.cleaned = true;
    live.delete(this);
    for (const h of this.hooks.reverse()) {
      try { await h(); } catch { /* best effort */ }
    }
    for (const ns of this.namespaces) {
      try {
        const { stdout } = await run('ip', ['netns', 'pids', ns]);
        for (const p of stdout.split(/\s+/).filter(Boolean)) this.pids.add(Number(p));
      } catch { /* namespace may be gone */ }
    }
    for (const pid of this.pids) killQuietly(pid, 'SIGTERM');
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && [...this.pids].some(alive)) await sleep(50);
    for (const pid of this.pids) if (alive(pid)) killQuietly(pid, 'SIGKILL');
    for (const ns of this.namespaces) {
      try { await run('ip', ['netns', 'del', ns]); } catch { /* already gone */ }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous last-resort cleanup used from the process 'exit' hook. */
  cleanupSync(): void {
    if (this.cleaned) return;
    this.cleaned = true;
    for (const pid of this.pids) killQuietly(pid, 'SIGKILL');
    for (const ns of this.namespaces) {
      try { execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }); } catch { /* ignore */ }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function killQuietly(pid: number, sig: NodeJS.Signals): void {
  try { process.kill(pid, sig); } catch { /* already gone */ }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

process.once('exit', () => {
  for (const t of live) t.cleanupSync();
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    for (const t of live) t.cleanupSync();
    process.kill(process.pid, sig); // handler was `once`: this re-raise gets the default action
  });
}

const NS_RE = /^cba-(\d+)-/;

/**
 * Deletes namespaces named by this module whose creating process is gone (a worker killed hard
 * skips every cleanup hook). Processes still inside them are killed by PID first.
 */
export async function reapStaleNamespaces(): Promise<string[]> {
  let listing = '';
  try { listing = (await run('ip', ['netns', 'list'])).stdout; } catch { return []; }
  const reaped: string[] = [];
  for (const line of listing.split('\n')) {
    const name = line.split(/\s+/)[0];
    const m = NS_RE.exec(name ?? '');
    if (!m || alive(Number(m[1]))) continue;
    try {
      const { stdout } = await run('ip', ['netns', 'pids', name]);
      for (const p of stdout.split(/\s+/).filter(Boolean)) killQuietly(Number(p), 'SIGKILL');
      await run('ip', ['netns', 'del', name]);
      reaped.push(name);
    } catch { /* raced with another reaper */ }
  }
  return reaped;
}

let reaping: Promise<unknown> | undefined;
const reapOnce = () => (reaping ??= reapStaleNamespaces());

/** Creates an empty topology; call `cleanup()` (or use {@link withTopology}). */
export function createTopology(): Topology {
  return new Topology();
}

/** Two namespaces joined by one veth /30. Returns a disposer-bearing pair. */
export async function createPair(topo: Topology = new Topology()): Promise<Pair> {
  try {
    const a = await topo.addNamespace('a');
    const b = await topo.addNamespace('b');
    const link = await topo.link(a, b);
    return { topo, a, b, aIp: link.aIp, bIp: link.bIp, link };
  } catch (e) {
    await topo.cleanup();
    throw e;
  }
}

/** Runs `fn` with a fresh topology and always cleans it up, pass or fail. */
export async function withTopology<T>(fn: (topo: Topology) => Promise<T>): Promise<T> {
  const topo = new Topology();
  try {
    return await fn(topo);
  } finally {
    await topo.cleanup();
  }
}

/** Like {@link withTopology} but pre-builds a linked pair of namespaces. */
export async function withPair<T>(fn: (pair: Pair) => Promise<T>): Promise<T> {
  return withTopology(async (topo) => fn(await createPair(topo)));
}
