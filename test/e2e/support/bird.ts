/**
 * BIRD launcher for the end-to-end tests: one daemon per namespace, each with its own config
 * file(s), control socket and pid file in a temp dir, run in the foreground as a tracked child.
 *
 * Two BIRD lines run here:
 * - `bird2` (Debian's bird2, on PATH): the router side, with BIRD 2 configuration;
 * - `bird1` (Debian's bird 1.6.8, unpacked privately by .ci/install-daemons.sh into
 *   $CALICO_BGP_AUTH_BIRD1_PREFIX, default /opt/calico-bgp-auth/bird1): calico-node's side, the
 *   BIRD line Calico forks, started the way calico-node starts it (`bird -R -s <ctl> -d -c
 *   bird.cfg`, or `bird6` with `bird6.cfg`) with the files confd renders.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { birdBinaries, type BirdFlavor } from './bird-binaries';
import type { CalicoNodeFiles } from './calico-node';
import { run, sleep, type Topology } from './netns';
import { redact, secretsInConfig } from './redact';
import { recordDaemon } from './report';

export { BIRD1_PREFIX, birdBinaries, type BirdFlavor } from './bird-binaries';

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
export async function checkBirdConfig(configPath: string, flavor: BirdFlavor = 'bird2', ipVersion: 4 | 6 = 4): Promise<{ ok: boolean; message: string }> {
  const dir = path.dirname(configPath);
  const secrets = ['bird.cfg', 'bird6.cfg', path.basename(configPath)].map((f) => path.join(dir, f)).filter(existsSync)
    .flatMap((f) => secretsInConfig(readFileSync(f, 'utf8')));
  try {
    await run(birdBinaries(flavor, ipVersion).bird, ['-p', '-c', configPath]);
    return { ok: true, message: '' };
  } catch (e) {
    return { ok: false, message: redact((e as Error).message, secrets) };
  }
}

/** Writes confd's files into `dir` (mode 0600, as they hold passwords); returns the main file's path. */
export function writeCalicoNodeFiles(dir: string, files: CalicoNodeFiles): string {
  for (const [name, text] of Object.entries(files.files)) writeFileSync(path.join(dir, name), text, { mode: 0o600 });
  return path.join(dir, files.main);
}

/** Every password in confd's files. */
const filesSecrets = (files: CalicoNodeFiles) => Object.values(files.files).flatMap(secretsInConfig);

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
    readonly flavor: BirdFlavor = 'bird2',
    readonly ipVersion: 4 | 6 = 4,
  ) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Raw `birdc -s <sock> ...` output. */
  async birdc(...args: string[]): Promise<string> {
    return (await run(birdBinaries(this.flavor, this.ipVersion).birdc, ['-s', this.socket, ...args], 5000)).stdout;
  }

  showProtocol(name: string): Promise<string> {
    return this.birdc('show', 'protocols', 'all', name);
  }

  /** Current BGP state of protocol `name` plus the error texts BIRD gives for it. */
  async state(name: string): Promise<BirdProtocolState> {
    let out = '';
    try {
      out = await this.showProtocol(name);
    } catch {
      out = '';
    }
    return { ...parseBirdProtocol(name, out), logErrors: this.logErrors(name) };
  }

  /** Polls until `pred` holds or the (≤30 s) timeout passes; returns the last state seen. */
  async waitFor(
    name: string,
    pred: (s: BirdProtocolState) => boolean,
    timeoutMs: number,
  ): Promise<{ ok: boolean; last: BirdProtocolState }> {
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

  /**
   * Replaces the config (BIRD 2 text, or confd's files for calico-node's BIRD) and runs `birdc
   * configure`, as confd's reload does; throws (redacted) when BIRD rejects it.
   */
  async reconfigure(config: string | CalicoNodeFiles): Promise<void> {
    const secrets = typeof config === 'string' ? secretsInConfig(config) : filesSecrets(config);
    if (typeof config === 'string') writeFileSync(this.configPath, config, { mode: 0o600 });
    else writeCalicoNodeFiles(this.dir, config);
    this.secrets = [...new Set([...this.secrets, ...secrets])];
    const out = await this.birdc('configure');
    if (!/Reconfigur(ed|ation in progress)/.test(out)) {
      throw new Error(`birdc configure rejected the config: ${redact(out, secrets)}`);
    }
  }

  /** Daemon log so far (stdout+stderr), passwords redacted. */
  log(): string {
    return existsSync(this.logPath) ? redact(readFileSync(this.logPath, 'utf8'), this.secrets) : '';
  }

  /** Error lines about protocol `name` (BIRD 2: tagged `<ERR>`...; BIRD 1.6 under `-d`: untagged, so by wording). */
  logErrors(name: string): string[] {
    const bad = this.flavor === 'bird2' ? /<(ERR|WARN|RMT|BUG|FATAL)>/ : /Error|error|failed|too long|Invalid|refused/;
    return this.log()
      .split('\n')
      .filter((l) => bad.test(l) && l.includes(`${name}:`))
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

/** Starts BIRD 2 (a router) in `opts.ns`; resolves once its control socket answers. */
export async function startBird(topo: Topology, opts: StartBirdOptions): Promise<Bird> {
  const dir = topo.subdir(opts.label ?? 'bird');
  const configPath = path.join(dir, 'bird.conf');
  writeFileSync(configPath, opts.configText, { mode: 0o600 });
  return launch(topo, { ns: opts.ns, dir, configPath, flavor: 'bird2', ipVersion: 4, secrets: secretsInConfig(opts.configText), startTimeoutMs: opts.startTimeoutMs });
}

export interface StartCalicoNodeBirdOptions {
  ns: string;
  /** What confd rendered (see calico-node.ts): bird.cfg + includes, or bird6.cfg + includes. */
  files: CalicoNodeFiles;
  label?: string;
  startTimeoutMs?: number;
}

/**
 * Starts calico-node's BIRD: BIRD 1.6 (`bird`, or `bird6` for bird6.cfg) with confd's files, with
 * the arguments calico-node's runit service uses (`-R -s <ctl> -d -c <cfg>`; `-d` keeps it in the
 * foreground logging to stderr, which is captured).
 */
export async function startCalicoNodeBird(topo: Topology, opts: StartCalicoNodeBirdOptions): Promise<Bird> {
  const dir = topo.subdir(opts.label ?? 'calico-node');
  const configPath = writeCalicoNodeFiles(dir, opts.files);
  return launch(topo, { ns: opts.ns, dir, configPath, flavor: 'bird1', ipVersion: opts.files.ipVersion, secrets: filesSecrets(opts.files), startTimeoutMs: opts.startTimeoutMs });
}

async function launch(
  topo: Topology,
  o: {
    ns: string;
    dir: string;
    configPath: string;
    flavor: BirdFlavor;
    ipVersion: 4 | 6;
    secrets: string[];
    startTimeoutMs?: number;
  },
): Promise<Bird> {
  const { dir, configPath } = o;
  const socket = path.join(dir, 'bird.ctl');
  const pidFile = path.join(dir, 'bird.pid');
  const logPath = path.join(dir, 'bird.log');
  const parsed = await checkBirdConfig(configPath, o.flavor, o.ipVersion);
  if (!parsed.ok) throw new Error(`BIRD config rejected: ${parsed.message}`);

  const bin = birdBinaries(o.flavor, o.ipVersion).bird;
  const args =
    o.flavor === 'bird2'
      ? ['-f', '-c', configPath, '-s', socket, '-P', pidFile]
      : ['-R', '-s', socket, '-d', '-c', configPath, '-P', pidFile];
  recordDaemon(bin, o.flavor === 'bird1' ? 'calico-node' : 'router');
  const child = topo.spawnIn(o.ns, bin, args, logPath);
  const bird = new Bird(topo, o.ns, dir, socket, configPath, pidFile, logPath, child, o.secrets, o.flavor, o.ipVersion);
  topo.onCleanup(() => bird.stop());

  const deadline = Date.now() + (o.startTimeoutMs ?? 5000);
  while (Date.now() < deadline) {
    if (!bird.running) break;
    if (existsSync(socket)) {
      try {
        await bird.birdc('show', 'status');
        return bird;
      } catch {
        /* not ready */
      }
    }
    await sleep(50);
  }
  await bird.stop();
  throw new Error(`BIRD did not start in ${o.ns}: ${bird.log().slice(-2000)}`);
}

export interface BirdBgpProtocolOptions {
  /** Protocol name. */
  name: string;
  localAs: number | string;
  neighborIp: string;
  neighborAs: number | string;
  /** Inserted raw as `password "<value>";` when non-empty. */
  password?: string;
  /** `source address <ip>;`. */
  sourceAddress?: string;
  neighborPort?: number;
  /** `passive on;`. */
  passive?: boolean;
  description?: string;
  /** `multihop;`; default true. */
  multihop?: boolean;
  gracefulRestartTime?: number;
  /** Default: connect delay 1, connect retry 3, error wait 5,60 (quick to retry, for tests). */
  connectDelayTime?: number;
  connectRetryTime?: number;
  errorWaitTime?: [number, number];
  importFilter?: string;
  exportFilter?: string;
}

/** One BIRD 2 `protocol bgp` block for a router (BIRD 2 syntax, `ipv4 {}` / `ipv6 {}` channel). */
export function renderBirdBgpProtocol(o: BirdBgpProtocolOptions): string {
  const channel = o.neighborIp.includes(':') ? 'ipv6' : 'ipv4';
  const [ewMin, ewMax] = o.errorWaitTime ?? [5, 60];
  const lines = [
    `protocol bgp ${o.name} {`,
    `  description "${o.description ?? 'Connection to BGP peer'}";`,
    `  local as ${o.localAs};`,
    `  neighbor ${o.neighborIp}${o.neighborPort ? ` port ${o.neighborPort}` : ''} as ${o.neighborAs};`,
  ];
  if (o.sourceAddress) lines.push(`  source address ${o.sourceAddress};`);
  if (o.multihop ?? true) lines.push('  multihop;');
  lines.push('  graceful restart;');
  if (o.gracefulRestartTime !== undefined) lines.push(`  graceful restart time ${o.gracefulRestartTime};`);
  lines.push(
    `  connect delay time ${o.connectDelayTime ?? 1};`,
    `  connect retry time ${o.connectRetryTime ?? 3};`,
    `  error wait time ${ewMin},${ewMax};`,
  );
  if (o.passive) lines.push('  passive on;');
  if (o.password) lines.push(`  password "${o.password}";`);
  lines.push(
    `  ${channel} {`,
    '    gateway recursive;',
    `    import ${o.importFilter ?? 'all'};`,
    `    export ${o.exportFilter ?? 'none'};`,
    '  };',
    '}',
  );
  return lines.join('\n');
}
