/**
 * calico-node over time: an in-memory API server that objects are applied to and deleted from, and
 * calico-node's confd on one node reacting to it as upstream does (test/e2e/fixtures/upstream,
 * Calico 87c15906f, Apache-2.0):
 * - `client.go`: a change to a BGPPeer, BGPConfiguration or Node recomputes the peerings
 *   (`MarkStale`, `updatePeersV1` reading every referenced password through the secret watcher,
 *   the mesh password, `SweepStale`); a Secret event triggers the same recheck (`recheckPeerConfig`,
 *   coalesced: one pending trigger at most). confd then renders the templates and reloads BIRD only
 *   when the files changed.
 * - `secret_watcher.go`: `GetSecret(name, key)` starts a watch for a Secret the first time it is
 *   asked for (an informer: list + watch in calico-node's namespace with a `metadata.name` field
 *   selector), then blocks up to 0.5 s (polling every 100 ms) for the informer to sync; it answers
 *   `Data[key]` of the Secret the informer last delivered, "no data available for secret <name>" or
 *   "secret <name> does not have key <key>". OnAdd / OnUpdate store the Secret and trigger a
 *   recheck; OnDelete drops the whole watch entry (the informer itself keeps running, as upstream's
 *   does) and triggers a recheck, whose GetSecret starts a new watch. Watches no longer referenced
 *   after a recompute are stopped.
 * - RBAC is checked when the informer lists and when it starts watching, as the API server does: a
 *   forbidden list or watch is retried with client-go's reflector backoff (0.8 s doubling to 30 s,
 *   jittered up to twice that; client-go tools/cache reflector.go defaults, not vendored); a watch
 *   already running is not re-authorized, so RBAC removed later changes nothing until it restarts.
 *
 * Differences, none of which changes what calico-node renders for a password: API latency is a
 * fixed few milliseconds; a running watch never times out and relists (upstream: every 5-10 min);
 * the Typha/syncer path is a direct subscription; peer passwords and the mesh password are read in
 * one recompute (upstream reads the mesh password again at render time, from the same watch).
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  calicoNodeFiles, confdBgpConfig, findSecret, isCalico, rbacAllows, secretKeyBytes,
  type CalicoInstall, type CalicoNodeFiles, type K8sObject, type SecretSource,
} from './calico-node';

export interface ApiEvent { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: K8sObject }

const keyOf = (o: K8sObject) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** An API server holding objects; watchers get each change after `latencyMs`. */
export class FakeApiServer {
  private readonly store = new Map<string, K8sObject>();
  private readonly listeners = new Set<(e: ApiEvent) => void>();
  constructor(readonly latencyMs = 5) {}

  objects(): K8sObject[] { return [...this.store.values()]; }

  apply(o: K8sObject): void {
    const k = keyOf(o);
    const type = this.store.has(k) ? 'MODIFIED' : 'ADDED';
    const object = structuredClone(o);
    this.store.set(k, object);
    this.emit({ type, object });
  }

  delete(kind: string, name: string, namespace?: string): void {
    const k = `${kind}/${namespace ?? ''}/${name}`;
    const object = this.store.get(k);
    if (!object) return;
    this.store.delete(k);
    this.emit({ type: 'DELETED', object });
  }

  subscribe(fn: (e: ApiEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: ApiEvent): void {
    for (const l of [...this.listeners]) setTimeout(() => l(e), this.latencyMs);
  }
}

interface SecretHandler { onAdd(s: K8sObject): void; onUpdate(s: K8sObject): void; onDelete(s: K8sObject): void }

/** client-go's reflector backoff: 800 ms doubling to 30 s, jitter factor 1.0. */
export function reflectorBackoffMs(failures: number, random = Math.random): number {
  const base = Math.min(800 * 2 ** failures, 30_000);
  return base + random() * base;
}

/** One Secret's informer (list + watch by name in the install's namespace). */
class SecretInformer {
  synced = false;
  /** RBAC refusals so far (each one a log line upstream). */
  forbidden = 0;
  private stopped = false;
  private known: K8sObject | undefined;
  private unsubscribe?: () => void;

  constructor(
    private readonly api: FakeApiServer,
    private readonly install: CalicoInstall,
    readonly name: string,
    private readonly handler: SecretHandler,
  ) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }

  private deliver(now: K8sObject | undefined): void {
    const before = this.known;
    this.known = now;
    if (now && !before) this.handler.onAdd(now);
    else if (now && before && JSON.stringify(now) !== JSON.stringify(before)) this.handler.onUpdate(now);
    else if (!now && before) this.handler.onDelete(before);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      await delay(this.api.latencyMs);
      if (this.stopped) return;
      const objects = this.api.objects();
      if (!rbacAllows(objects, this.install, 'list', this.name)) {
        this.forbidden++;
        await delay(reflectorBackoffMs(failures++));
        continue;
      }
      // The list: what it returns replaces the informer's store (add, update or delete).
      this.deliver(findSecret(objects, this.install, this.name));
      this.synced = true;
      if (!rbacAllows(this.api.objects(), this.install, 'watch', this.name)) {
        this.forbidden++;
        await delay(reflectorBackoffMs(failures++));
        continue;
      }
      this.unsubscribe = this.api.subscribe((e) => {
        const o = e.object;
        if (
          this.stopped ||
          o.kind !== 'Secret' ||
          o.apiVersion !== 'v1' ||
          o.metadata?.namespace !== this.install.namespace ||
          o.metadata?.name !== this.name
        ) {
          return;
        }
        this.deliver(e.type === 'DELETED' ? undefined : o);
      });
      return;
    }
  }
}

interface WatchData { stale: boolean; secret?: K8sObject; informer: SecretInformer }

/** secret_watcher.go. */
export class SecretWatcher implements SecretHandler {
  readonly watches = new Map<string, WatchData>();
  /** Every informer started (deleted entries leave theirs running, as upstream). */
  readonly informers: SecretInformer[] = [];
  private lock: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: FakeApiServer,
    private readonly install: CalicoInstall,
    private readonly recheck: (reason: string) => void,
  ) {}

  private async locked<T>(fn: () => Promise<T> | T): Promise<T> {
    const prev = this.lock;
    let release!: () => void;
    this.lock = new Promise((r) => {
      release = r;
    });
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }

  markStale(): Promise<void> {
    return this.locked(() => {
      for (const w of this.watches.values()) w.stale = true;
    });
  }

  sweepStale(): Promise<void> {
    return this.locked(() => {
      for (const [name, w] of this.watches) {
        if (w.stale) {
          w.informer.stop();
          this.watches.delete(name);
        }
      }
    });
  }

  /** GetSecret: the value, or the error confd logs. */
  async getSecret(name: string, key: string): Promise<{ ok: true; value: string } | { ok: false; reason: string }> {
    // ensureWatchingSecret: a new informer, then up to 0.5 s for it to sync (the lock released meanwhile).
    let fresh: SecretInformer | undefined;
    await this.locked(() => {
      if (this.watches.has(name)) return;
      fresh = new SecretInformer(this.api, this.install, name, this);
      this.informers.push(fresh);
      this.watches.set(name, { stale: false, informer: fresh });
      fresh.start();
    });
    if (fresh) {
      const start = Date.now();
      for (;;) {
        if (fresh.synced) break;
        if (Date.now() - start > 500) break; // "did not sync within 500ms"
        await delay(100);
      }
    }
    return this.locked(() => {
      const w = this.watches.get(name);
      if (!w) return { ok: false as const, reason: `no data available for secret ${name}` };
      w.stale = false;
      if (!w.secret) return { ok: false as const, reason: `no data available for secret ${name}` };
      const got = secretKeyBytes(w.secret, key);
      return got.ok
        ? { ok: true as const, value: got.bytes.toString('utf8') }
        : { ok: false as const, reason: `secret ${name} does not have key ${key}` };
    });
  }

  onAdd(s: K8sObject): void {
    void this.locked(() => this.store(s)).then(() => this.recheck('secret added'));
  }
  onUpdate(s: K8sObject): void {
    void this.locked(() => this.store(s)).then(() => this.recheck('secret updated'));
  }
  onDelete(s: K8sObject): void {
    void this.locked(() => {
      this.watches.delete(String(s.metadata?.name));
    }).then(() => this.recheck('secret deleted'));
  }

  private store(s: K8sObject): void {
    const w = this.watches.get(String(s.metadata?.name));
    if (w) w.secret = s;
  }

  stop(): void {
    for (const i of this.informers) i.stop();
  }
}

/** One render confd applied to BIRD. Holds no password. */
export interface RenderRecord {
  /** Date.now() when BIRD had been told to reload with it. */
  readonly appliedAt: number;
  readonly reason: string;
  readonly peers: ReadonlyArray<{
    readonly name: string;
    /** The BGPPeer ('default' for the mesh). */
    readonly source: string;
    /** The `password` line is there. */
    readonly hasPassword: boolean;
    /** The BGPPeer / BGPConfiguration references a Secret for it. */
    readonly referencesSecret: boolean;
  }>;
  readonly warnings: readonly string[];
}

export interface CalicoNodeWatchOptions {
  readonly api: FakeApiServer;
  readonly install: CalicoInstall;
  /** NODENAME (a Calico Node in the API server). */
  readonly nodeName: string;
  /** confd's reload: write the files and tell BIRD (birdc configure). */
  readonly reload: (files: CalicoNodeFiles) => Promise<void>;
}

/** calico-node's confd on one node, reacting to the API server over time (see the file comment). */
export class CalicoNodeWatch {
  readonly watcher: SecretWatcher;
  readonly history: RenderRecord[] = [];
  /** Every warning logged, in order. */
  readonly warnings: string[] = [];
  private lastText: string | undefined;
  private running: Promise<void> | undefined;
  private pending: string | undefined;
  private unsubscribe?: () => void;
  private stopped = false;

  constructor(private readonly o: CalicoNodeWatchOptions) {
    this.watcher = new SecretWatcher(o.api, o.install, (reason) => this.trigger(reason));
  }

  /** The first render (blocking on new watches like confd's first sync); BIRD is started with it by the caller. */
  async initial(): Promise<CalicoNodeFiles> {
    const { files, warnings, referencing } = await this.compute();
    this.lastText = JSON.stringify(files.files);
    this.record(files, 'initial', warnings, referencing);
    return files;
  }

  private record(files: CalicoNodeFiles, reason: string, warnings: string[], referencing: Set<string>): void {
    this.history.push({
      appliedAt: Date.now(),
      reason,
      warnings,
      peers: files.config!.peers.map((p) => ({
        name: p.name,
        source: p.source,
        hasPassword: !!p.password,
        referencesSecret: referencing.has(p.source),
      })),
    });
  }

  /** Starts following the API server. */
  start(): void {
    this.unsubscribe = this.o.api.subscribe((e) => {
      if (['BGPPeer', 'BGPConfiguration', 'Node'].some((k) => isCalico(e.object, k))) {
        this.trigger(`${e.object.kind} ${e.type.toLowerCase()}`);
      }
    });
    this.trigger('start');
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.watcher.stop();
  }

  /** Resolves once no recompute is running or pending. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** recheckPeerConfig / a syncer update: at most one trigger pending while a recompute runs. */
  trigger(reason: string): void {
    if (this.stopped) return;
    if (this.running) { this.pending ??= reason; return; }
    this.running = (async () => {
      let r: string | undefined = reason;
      while (r !== undefined && !this.stopped) {
        this.pending = undefined;
        await this.recompute(r);
        r = this.pending;
      }
    })().finally(() => { this.running = undefined; });
  }

  /** Reads every referenced password through the watcher, in upstream's order, then renders. */
  private async compute(): Promise<{ files: CalicoNodeFiles; warnings: string[]; referencing: Set<string> }> {
    const objects = this.o.api.objects();
    // Which (secret, key) confd asks for, in the order it asks (BGPPeers by name, then the mesh).
    const asked: Array<[string, string]> = [];
    confdBgpConfig({
      objects, nodeName: this.o.nodeName, ipVersion: 4,
      secrets: (name, key) => { if (!asked.some(([n, k]) => n === name && k === key)) asked.push([name, key]); return { ok: false, reason: '' }; },
    });
    await this.watcher.markStale();
    const answers = new Map<string, Awaited<ReturnType<SecretWatcher['getSecret']>>>();
    for (const [name, key] of asked) answers.set(`${name}\0${key}`, await this.watcher.getSecret(name, key));
    await this.watcher.sweepStale();
    const secrets: SecretSource = (name, key) => answers.get(`${name}\0${key}`) ?? { ok: false, reason: `no data available for secret ${name}` };
    const warnings: string[] = [];
    const config = confdBgpConfig({
      objects,
      nodeName: this.o.nodeName,
      ipVersion: 4,
      secrets,
      warn: (m) => {
        if (!warnings.includes(m)) warnings.push(m);
      },
    });
    const referencing = new Set(objects.filter((x) => isCalico(x, 'BGPPeer') && x.spec?.password?.secretKeyRef).map((x) => String(x.metadata?.name)));
    const mesh = objects.find((x) => isCalico(x, 'BGPConfiguration') && x.metadata?.name === 'default');
    if (mesh?.spec?.nodeMeshPassword?.secretKeyRef) referencing.add('default');
    this.warnings.push(...warnings);
    return { files: calicoNodeFiles(config, 4), warnings, referencing };
  }

  private async recompute(reason: string): Promise<void> {
    const { files, warnings, referencing } = await this.compute();
    const text = JSON.stringify(files.files);
    if (text === this.lastText || this.stopped) return;
    this.lastText = text;
    await this.o.reload(files);
    this.record(files, reason, warnings, referencing);
  }

  /**
   * How long (ms) BIRD ran protocol `name` without its password while its BGPPeer referenced a
   * Secret, between `from` and `to` (Date.now() values), from the applied renders.
   */
  unauthenticatedMs(name: string, from: number, to: number): number {
    let total = 0;
    this.history.forEach((r, i) => {
      const end = Math.min(to, this.history[i + 1]?.appliedAt ?? to);
      const start = Math.max(from, r.appliedAt);
      const p = r.peers.find((x) => x.name === name);
      if (p && p.referencesSecret && !p.hasPassword && end > start) total += end - start;
    });
    return total;
  }
}
