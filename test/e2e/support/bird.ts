/**
 * BIRD 2 launcher for the end-to-end tests: one daemon per namespace, each with its own config
 * file, control socket and pid file in a temp dir, run in the foreground as a tracked child.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { run, sleep, type Topology } from './netns';
import { redact, secretsInConfig } from './redact';

/** Longest wait any helper here will accept. */
export const MAX_WAIT_MS = 30_000;

export interface BirdProtocolState {
  name: string;
  /** Protocol column of `show protocols`: up / start / down / (unknown when missing). */
  protocolState: string;
  /** `BGP state:` line: Established, Active, Connect, OpenSent, OpenConfirm, Idle, Down, Unknown. */
  state: string;
  /** Info column of the summary line (e.g. "Established", "Error: Kernel MD5 auth failed"). */
  info: string;
  /** `Last error:` line, when BIRD shows one. */
  lastError?: string;
  /** Error/warning lines about this protocol from the daemon's own log (newest last). */
  logErrors: string[];
}

export interface StartBirdOptions {
  ns: string;
  /** Complete BIRD 2 configuration text (see {@link renderBirdConfig}). */
  configText: string;
  /** Short tag for the temp dir name. */
  label?: string;
  /** How long to wait for the control socket; default 5 s. */
  startTimeoutMs?: number;
}

export interface RenderBirdConfigOptions {
  routerId: string;
  /** Protocol blocks (already rendered) appended after the preamble. */
  protocols: string[];
  /** Extra top-level statements (e.g. `listen bgp port 1790;`). */
  extra?: string[];
}

/** Minimal BIRD 2 config: log to stderr (captured), router id, device protocol, then protocols. */
export function renderBirdConfig(o: RenderBirdConfigOptions): string {
  return [
    'log stderr all;',
    `router id ${o.routerId};`,
    ...(o.extra ?? []),
    '',
    'protocol device {',
    '  scan time 2;',
    '}',
    '',
    ...o.protocols,
    '',
  ].join('\n');
}

/** Runs `bird -p` (parse only). The message never contains passwords from the config. */
export async function checkBirdConfig(configPath: string): Promise<{ ok: boolean; message: string }> {
  const text = readFileSync(configPath, 'utf8');
  try {
    await run('bird', ['-p', '-c', configPath]);
    return { ok: true, message: '' };
  } catch (e) {
    return { ok: false, message: redact((e as Error).message, secretsInConfig(text)) };
  }
}

export class Bird {
  constructor(
    readonly topo: Topology,
    readonly ns: string,
    readonly dir: string,
    readonly socket: string,
    readonly configPath: string,
    readonly pidFile: string,
    readonly logPath: string,
    private readonly child: ChildProcess,
    /** Passwords found in the current config; scrubbed from {@link log}. */
    private secrets: string[] = [],
  ) {}

  get pid(): number | undefined { return this.child.pid; }

  get running(): boolean { return this.child.exitCode === null && this.child.signalCode === null; }

  /** Raw `birdc -s <sock> ...` output. */
  async birdc(...args: string[]): Promise<string> {
    return (await run('birdc', ['-s', this.socket, ...args], 5000)).stdout;
  }

  showProtocol(name: string): Promise<string> {
    return this.birdc('show', 'protocols', 'all', name);
  }

  /** Current BGP state of protocol `name` plus the error texts BIRD gives for it. */
  async state(name: string): Promise<BirdProtocolState> {
    let out = '';
    try { out = await this.showProtocol(name); } catch { out = ''; }
    return { ...parseBirdProtocol(name, out), logErrors: this.logErrors(name) };
  }

  /** Polls until `pred` holds or the (≤30 s) timeout passes; returns the last state seen. */
  async waitFor(name: string, pred: (s: BirdProtocolState) => boolean, timeoutMs: number): Promise<{ ok: boolean; last: BirdProtocolState }> {
    const deadline = Date.now() + Math.min(timeoutMs, MAX_WAIT_MS);
    let last = await this.state(name);
    while (!pred(last) && Date.now() < deadline) {
      await sleep(200);
      last = await this.state(name);
    }
    return { ok: pred(last), last };
  }

  async waitEstablished(name: string, timeoutMs = MAX_WAIT_MS): Promise<boolean> {
    return (await this.waitFor(name, (s) => s.state === 'Established', timeoutMs)).ok;
  }

  /** Replaces the config file and runs `birdc configure`; throws (redacted) when BIRD rejects it. */
  async reconfigure(configText: string): Promise<void> {
    writeFileSync(this.configPath, configText, { mode: 0o600 });
    this.secrets = [...new Set([...this.secrets, ...secretsInConfig(configText)])];
    const out = await this.birdc('configure');
    if (!/Reconfigur(ed|ation in progress)/.test(out)) {
      throw new Error(`birdc configure rejected the config: ${redact(out, secretsInConfig(configText))}`);
    }
  }

  /** Daemon log so far (stdout+stderr), passwords redacted. */
  log(): string {
    return existsSync(this.logPath) ? redact(readFileSync(this.logPath, 'utf8'), this.secrets) : '';
  }

  logErrors(name: string): string[] {
    return this.log().split('\n')
      .filter((l) => /<(ERR|WARN|RMT|BUG|FATAL)>/.test(l) && l.includes(`${name}:`))
      .slice(-10);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    if (this.running) this.child.kill('SIGKILL');
  }
}

/** Parses `birdc show protocols all NAME` output. Exported for unit tests. */
export function parseBirdProtocol(name: string, out: string): Omit<BirdProtocolState, 'logErrors'> {
  const lines = out.split('\n');
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const summary = lines.map((l) => new RegExp(`^${esc}\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(?:\\d{4}-\\d\\d-\\d\\d\\s+)?(\\S+)\\s*(.*)$`).exec(l)).find(Boolean);
  const bgp = /^\s*BGP state:\s+(\S+)/m.exec(out);
  const lastError = /^\s*Last error:\s+(.*?)\s*$/m.exec(out);
  return {
    name,
    protocolState: summary?.[3] ?? 'unknown',
    state: bgp?.[1] ?? (summary ? summary[5].split(/\s+/)[0] || 'Unknown' : 'Unknown'),
    info: summary?.[5]?.trim() ?? '',
    lastError: lastError?.[1],
  };
}

/** Starts BIRD in `opts.ns`; resolves once its control socket answers. */
export async function startBird(topo: Topology, opts: StartBirdOptions): Promise<Bird> {
  const dir = topo.subdir(opts.label ?? 'bird');
  const configPath = path.join(dir, 'bird.conf');
  const socket = path.join(dir, 'bird.ctl');
  const pidFile = path.join(dir, 'bird.pid');
  const logPath = path.join(dir, 'bird.log');
  writeFileSync(configPath, opts.configText, { mode: 0o600 });
  const secrets = secretsInConfig(opts.configText);

  const parsed = await checkBirdConfig(configPath);
  if (!parsed.ok) throw new Error(`BIRD config rejected: ${parsed.message}`);

  const child = topo.spawnIn(opts.ns, 'bird', ['-f', '-c', configPath, '-s', socket, '-P', pidFile], logPath);
  const bird = new Bird(topo, opts.ns, dir, socket, configPath, pidFile, logPath, child, secrets);
  topo.onCleanup(() => bird.stop());

  const deadline = Date.now() + (opts.startTimeoutMs ?? 5000);
  while (Date.now() < deadline) {
    if (!bird.running) break;
    if (existsSync(socket)) {
      try { await bird.birdc('show', 'status'); return bird; } catch { /* not ready */ }
    }
    await sleep(50);
  }
  await bird.stop();
  throw new Error(`BIRD did not start in ${opts.ns}: ${bird.log().slice(-2000)}`);
}
