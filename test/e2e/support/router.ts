/**
 * The "router" side of a peering: BIRD 2, FRR bgpd or GoBGP in its own namespace, each taking
 * either a full config text (what the library will emit later) or rendering a minimal one.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { MAX_WAIT_MS, renderBirdBgpProtocol, renderBirdConfig, startBird, type Bird } from './bird';
import { run, sleep, type Topology } from './netns';
import { redact, secretsInConfig } from './redact';
import { recordDaemon } from './report';

export type RouterKind = 'bird' | 'frr' | 'gobgp';

export interface RouterState { state: string; lastError?: string }

export interface Router {
  kind: RouterKind;
  ns: string;
  dir: string;
  logPath: string;
  readonly pid: number | undefined;
  state(): Promise<RouterState>;
  waitEstablished(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
  /** Daemon log so far, with the config's passwords redacted (FRR echoes rejected lines verbatim). */
  log(): string;
  /** Config lines the daemon refused while running on (FRR skips them; BIRD/GoBGP refuse to start). */
  configErrors(): string[];
}

/** What the minimal renderers need; the router peers with exactly one neighbor. */
export interface RouterPeerConfig {
  routerId: string;
  localAs: number;
  localIp: string;
  neighborIp: string;
  neighborAs: number;
  password?: string;
  passive?: boolean;
}

export interface StartFromTextOptions { ns: string; neighborIp: string; configText: string; label?: string }

async function pollEstablished(r: Router, timeoutMs = MAX_WAIT_MS): Promise<boolean> {
  const deadline = Date.now() + Math.min(timeoutMs, MAX_WAIT_MS);
  for (;;) {
    if ((await r.state()).state === 'Established') return true;
    if (Date.now() >= deadline) return false;
    await sleep(200);
  }
}

/** A foreground daemon child with SIGTERM-then-SIGKILL stop. */
class Daemon {
  constructor(readonly child: ChildProcess, readonly logPath: string, readonly secrets: string[]) {}
  get running(): boolean { return this.child.exitCode === null && this.child.signalCode === null; }
  log(): string { return existsSync(this.logPath) ? redact(readFileSync(this.logPath, 'utf8'), this.secrets) : ''; }
  async stop(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    if (this.running) this.child.kill('SIGKILL');
  }
  /** Polls `ready` until true; on failure stops the daemon and throws a redacted error. */
  async ready(what: string, ready: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.running) {
      try { if (await ready()) return; } catch { /* not yet */ }
      await sleep(100);
    }
    await this.stop();
    throw new Error(`${what} did not start: ${this.log().slice(-2000)}`);
  }
}

// ---------------------------------------------------------------- BIRD

export function renderBirdRouterConfig(o: RouterPeerConfig): string {
  return renderBirdConfig({
    routerId: o.routerId,
    protocols: [renderBirdBgpProtocol({
      name: 'peer', localAs: o.localAs, neighborIp: o.neighborIp, neighborAs: o.neighborAs,
      sourceAddress: o.localIp, password: o.password, passive: o.passive, multihop: false,
    })],
  });
}

/** BIRD as a router; the protocol to watch is `protocolName` (default 'peer', as rendered above). */
export async function startBirdRouter(
  topo: Topology,
  o: { ns: string; configText: string; protocolName?: string; label?: string },
): Promise<Router & { bird: Bird }> {
  const bird = await startBird(topo, { ns: o.ns, configText: o.configText, label: o.label ?? 'router-bird' });
  const name = o.protocolName ?? 'peer';
  const r: Router & { bird: Bird } = {
    kind: 'bird',
    ns: o.ns,
    dir: bird.dir,
    logPath: bird.logPath,
    bird,
    get pid() {
      return bird.pid;
    },
    state: async () => {
      const s = await bird.state(name);
      return { state: s.state, lastError: s.lastError };
    },
    waitEstablished: (t) => bird.waitEstablished(name, t),
    stop: () => bird.stop(),
    log: () => bird.log(),
    configErrors: () => [],
  };
  return r;
}

// ---------------------------------------------------------------- FRR

export function renderFrrConfig(o: RouterPeerConfig): string {
  const n = o.neighborIp;
  return [
    'frr defaults traditional',
    'hostname router',
    'log stdout informational',
    '!',
    `router bgp ${o.localAs}`,
    ` bgp router-id ${o.routerId}`,
    ' no bgp ebgp-requires-policy',
    ` neighbor ${n} remote-as ${o.neighborAs}`,
    ` neighbor ${n} update-source ${o.localIp}`,
    ` neighbor ${n} timers connect 5`,
    ...(o.password ? [` neighbor ${n} password ${o.password}`] : []),
    ...(o.passive ? [` neighbor ${n} passive`] : []),
    ' address-family ipv4 unicast',
    `  neighbor ${n} activate`,
    ' exit-address-family',
    '!',
    '',
  ].join('\n');
}

/**
 * Runs FRR's bgpd alone (no zebra, no watchfrr): -Z no zebra, -n no kernel routes, -S skip the
 * frr user switch, -P 0 no TCP vty; vtysh talks to `<dir>/bgpd.vty` via --vty_socket.
 */
export async function startFrr(topo: Topology, o: StartFromTextOptions): Promise<Router> {
  const dir = topo.subdir(o.label ?? 'frr');
  const conf = path.join(dir, 'bgpd.conf');
  writeFileSync(conf, o.configText, { mode: 0o600 });
  const logPath = path.join(dir, 'bgpd.log');
  const secrets = secretsInConfig(o.configText);
  recordDaemon('/usr/lib/frr/bgpd', 'router');
  const child = topo.spawnIn(o.ns, '/usr/lib/frr/bgpd', [
    '-f', conf, '-i', path.join(dir, 'bgpd.pid'), '-z', path.join(dir, 'zserv.api'),
    '--vty_socket', dir, '-S', '-Z', '-n', '-P', '0',
  ], logPath);
  const d = new Daemon(child, logPath, secrets);
  topo.onCleanup(() => d.stop());
  const vtysh = async (cmd: string) =>
    (await run('vtysh', ['--vty_socket', dir, '-d', 'bgpd', '-c', cmd], 5000)).stdout;
  const r: Router = {
    kind: 'frr', ns: o.ns, dir, logPath,
    get pid() { return child.pid; },
    state: async () => {
      let j: any;
      try { j = JSON.parse(await vtysh(`show bgp neighbors ${o.neighborIp} json`)); } catch { return { state: 'Unknown' }; }
      const n = j?.[o.neighborIp];
      if (!n) return { state: 'Unknown' };
      const err = [n.lastResetDueTo, n.lastNotificationReason].filter(Boolean).join('; ');
      return { state: String(n.bgpState ?? 'Unknown'), lastError: err ? redact(err, secrets) : undefined };
    },
    waitEstablished: (t) => pollEstablished(r, t),
    stop: () => d.stop(),
    log: () => d.log(),
    configErrors: () => d.log().split('\n').filter((l) => /No such command|Unknown command|Error/i.test(l) && /config line/.test(l)),
  };
  await d.ready('FRR bgpd', async () => existsSync(path.join(dir, 'bgpd.vty')) && (await vtysh('show bgp summary json')).length > 0);
  return r;
}

// ---------------------------------------------------------------- GoBGP

const tomlString = (s: string) => JSON.stringify(s); // ASCII-safe basic string

export function renderGobgpConfig(o: RouterPeerConfig): string {
  return [
    '[global.config]',
    `  as = ${o.localAs}`,
    `  router-id = ${tomlString(o.routerId)}`,
    '  port = 179',
    `  local-address-list = [${tomlString(o.localIp)}]`,
    '',
    '[[neighbors]]',
    '  [neighbors.config]',
    `    neighbor-address = ${tomlString(o.neighborIp)}`,
    `    peer-as = ${o.neighborAs}`,
    ...(o.password ? [`    auth-password = ${tomlString(o.password)}`] : []),
    '  [neighbors.timers.config]',
    '    connect-retry = 5',
    '  [neighbors.transport.config]',
    `    local-address = ${tomlString(o.localIp)}`,
    ...(o.passive ? ['    passive-mode = true'] : []),
    '  [[neighbors.afi-safis]]',
    '    [neighbors.afi-safis.config]',
    '      afi-safi-name = "ipv4-unicast"',
    '',
  ].join('\n');
}

const GOBGP_STATES = ['Unknown', 'Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];

/**
 * Runs gobgpd with a TOML config; its gRPC API listens on a unix socket in the temp dir
 * (`--api-hosts unix://...`), which `gobgp --target unix://...` reads.
 */
export async function startGobgp(topo: Topology, o: StartFromTextOptions): Promise<Router> {
  const dir = topo.subdir(o.label ?? 'gobgp');
  const conf = path.join(dir, 'gobgpd.toml');
  writeFileSync(conf, o.configText, { mode: 0o600 });
  const logPath = path.join(dir, 'gobgpd.log');
  const target = `unix://${path.join(dir, 'api.sock')}`;
  const secrets = secretsInConfig(o.configText);
  recordDaemon('gobgpd', 'router');
  const child = topo.spawnIn(o.ns, 'gobgpd', ['-f', conf, '-t', 'toml', '--api-hosts', target, '--pprof-disable', '-p'], logPath);
  const d = new Daemon(child, logPath, secrets);
  topo.onCleanup(() => d.stop());
  const gobgp = async (...args: string[]) => (await run('gobgp', ['--target', target, ...args], 5000)).stdout;
  const r: Router = {
    kind: 'gobgp', ns: o.ns, dir, logPath,
    get pid() { return child.pid; },
    state: async () => {
      // The JSON includes conf.auth_password: only the state number is read from it.
      let j: any;
      try { j = JSON.parse(await gobgp('-j', 'neighbor', o.neighborIp)); } catch { return { state: 'Unknown' }; }
      const n = Array.isArray(j) ? j[0] : j;
      const raw = n?.state?.session_state;
      const state = typeof raw === 'number' ? GOBGP_STATES[raw] ?? 'Unknown'
        : String(raw ?? 'Unknown').replace(/^SESSION_STATE_/, '').toLowerCase().replace(/^./, (c) => c.toUpperCase());
      return { state: state === 'Opensent' ? 'OpenSent' : state === 'Openconfirm' ? 'OpenConfirm' : state };
    },
    waitEstablished: (t) => pollEstablished(r, t),
    stop: () => d.stop(),
    log: () => d.log(),
    configErrors: () => [],
  };
  await d.ready('gobgpd', async () => (await gobgp('global')).includes('AS'));
  return r;
}

// ---------------------------------------------------------------- any

/** Renders the minimal config for `kind` and starts it in `ns`. */
export function startRouter(topo: Topology, kind: RouterKind, ns: string, peer: RouterPeerConfig): Promise<Router> {
  switch (kind) {
    case 'bird': return startBirdRouter(topo, { ns, configText: renderBirdRouterConfig(peer) });
    case 'frr': return startFrr(topo, { ns, neighborIp: peer.neighborIp, configText: renderFrrConfig(peer) });
    case 'gobgp': return startGobgp(topo, { ns, neighborIp: peer.neighborIp, configText: renderGobgpConfig(peer) });
  }
}
