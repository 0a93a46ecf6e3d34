/**
 * A stand-in for calico-node's confd: what it reads (BGPPeers, BGPConfiguration `default`, Calico
 * Nodes, the password Secrets through calico-node's RBAC) and the BIRD 1.x configuration it renders
 * from them (`bird.cfg`, `bird6.cfg`, with `bird_aggr.cfg` / `bird_ipam.cfg` beside them).
 *
 * Ported from Calico at commit 87c15906f20c4ca1fda55af92295e7678b0cc0b2 (Apache-2.0; the files are
 * vendored under test/e2e/fixtures/upstream/, see its README):
 * - `confd/pkg/backends/calico/client.go` `updatePeersV1`: global, node and nodeSelector peerings,
 *   peerSelector peerings, automatic reverse peerings, `ip:port` peer addresses, the calico-node
 *   port lookup, the global-beats-node de-duplication; `getPassword` / `getNodeMeshPassword` with
 *   their warnings; `setPeerConfigFieldsFromV3Resource` (sourceAddress default `UseNodeIP`,
 *   maxRestartTime, keepaliveTime);
 * - `bgp_processor.go`: mesh peers (`Mesh_<ip>`, skipped on and towards route reflectors, passive
 *   when the peer's address sorts after the node's, graceful restart time only with
 *   `nodeMeshMaxRestartTime`), `Global_<ip>` and `Node_<ip>` peers (`_port_<n>`), ttl security,
 *   source address modes, `localASNumber`, route reflector clients (`rr client; rr cluster id`),
 *   the passive rule for Calico nodes, next hop modes, allow local as, import/export filters, the
 *   log-level debug lines, the router id, `listen bgp`; peers sorted by name;
 * - `node/filesystem/etc/calico/confd/templates/bird.cfg.template`: the template, line for line
 *   (confd drops blank lines), with `password "<value>";` written raw (no escaping) when non-empty;
 * - `secret_watcher.go` for the timing (see calico-node-watch.ts); here a Secret is read from one
 *   snapshot of the cluster, as the watcher reads it once its informer has synced.
 * test/e2e/upstream-templates.test.ts feeds this the inputs of upstream's password scenarios and
 * compares the result with upstream's compiled configs.
 *
 * Differences from upstream that remain, and why none can change a password or whether a session
 * authenticates:
 * - calico-node runs Calico's fork of BIRD 1.6 (projectcalico/bird); the tests run Debian's BIRD 1.6.8,
 *   the release line it forks. The fork's additions program routes (e.g. `krt_tunnel` for IPIP);
 *   TCP-MD5 (`password`), the session state machine and every statement the templates use are BIRD
 *   1.6's own, and BIRD 1.6.8 parses all of upstream's compiled configs.
 * - BGPFilter, communities, IP pools, block affinities, service advertisement and WireGuard are not
 *   modelled: they only change route filters (`import/export filter` calls, `bird_ipam.cfg`,
 *   `bird_aggr.cfg`, `apply_communities`), never the `password` line or the session parameters.
 *   `bird_aggr.cfg` / `bird_ipam.cfg` are rendered as for a cluster without IP pools.
 * - `localWorkloadSelector` peers (`Local_Workload_`) are not modelled: they peer with pods, and
 *   the library never emits them.
 * - `reachableBy` only adds a static route in upstream; not modelled (no password involved).
 * - `CALICO_ROUTER_ID=hash` and `bindMode: NodeIP` are not modelled (router id / listen address).
 * - Go iterates its BGPPeer map in random order, so when two BGPPeers yield the same peering upstream
 *   keeps either; here the one whose name sorts first. Only two BGPPeers to the same address with
 *   different passwords could differ, and upstream itself is nondeterministic there.
 * - `bird6.cfg.template` is not in the vendored snapshot: `bird6.cfg` is rendered with
 *   `bird.cfg`'s structure (its BGP section is the same template code in upstream) and checked by
 *   BIRD 1.6's `bird6 -p`, not against an upstream rendering.
 * - Warnings read from one snapshot ({@link snapshotSecrets}, {@link resolvePasswords}) say why the
 *   Secret could not be read (RBAC, namespace, key) where upstream logs "no data available for secret
 *   <name>"; the time-aware watcher (calico-node-watch.ts) logs upstream's words. Both fail open the same.
 * - Not a difference, but unlike what one might expect: upstream makes a peering passive only for
 *   the mesh and for a global BGPPeer whose peerIP is a Calico node's address sorting after the
 *   node's own; peerSelector and node/nodeSelector peerings are active on both ends (this port
 *   renders the same, and says so in calico-node.test.ts).
 * - Selectors: `all()`, `has(k)`, `k == 'v'`, `k != 'v'`, `k in {...}`, `k not in {...}`, `!`, `&&`,
 *   `||` and parentheses; anything else is refused loudly rather than guessed.
 *
 * Warnings never contain password values.
 */
export type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: any;
};

export interface CalicoInstall {
  /** Namespace calico-node runs in (its NAMESPACE env): 'calico-system' (operator), 'kube-system' (manifest). */
  namespace: string;
  serviceAccount: string;
}

export interface ResolvedPeerPassword {
  /** BGPPeer name, or the BGPConfiguration name ('default') for the node-to-node mesh. */
  peerName: string;
  source: 'BGPPeer' | 'BGPConfiguration';
  /** Verbatim secret value (UTF-8 decoded), or undefined when none was set or it was unreadable. */
  password: string | undefined;
  /** Raw bytes of the value, for byte-exact checks. */
  passwordBytes?: Buffer;
  warnings: string[];
  object: K8sObject;
}

const CALICO_GROUPS = new Set(['projectcalico.org/v3', 'crd.projectcalico.org/v1']);
const RBAC_GROUP = 'rbac.authorization.k8s.io';

export const isCalico = (o: K8sObject, kind: string) => o?.kind === kind && CALICO_GROUPS.has(String(o.apiVersion));
const isRbac = (o: K8sObject, kind: string) => o?.kind === kind && String(o.apiVersion ?? '').startsWith(`${RBAC_GROUP}/`);
const nameOf = (o: K8sObject) => String(o?.metadata?.name ?? '');
const nsOf = (o: K8sObject) => o?.metadata?.namespace;
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const has = (v: unknown, want: string) => list(v).includes(want) || list(v).includes('*');

// ---------------------------------------------------------------- RBAC

/**
 * Whether a binding's subject is the install's ServiceAccount, as the Kubernetes RBAC authorizer
 * decides it (`appliesToUser` in kubernetes pkg/registry/rbac/validation/rule.go):
 * - a ServiceAccount subject: its namespace, or when empty the binding's own namespace (a
 *   RoleBinding; a ClusterRoleBinding has none: the API server refuses such a subject there, and
 *   the authorizer would match nobody with it);
 * - a User `system:serviceaccount:<ns>:<name>`;
 * - a Group `system:serviceaccounts`, `system:serviceaccounts:<ns>` or `system:authenticated`.
 */
function subjectMatches(s: any, bindingNamespace: string | undefined, install: CalicoInstall): boolean {
  const ns = install.namespace;
  switch (s?.kind) {
    case 'ServiceAccount': {
      const saNs = s.namespace || bindingNamespace;
      return !!saNs && saNs === ns && s.name === install.serviceAccount;
    }
    case 'User':
      return s.name === `system:serviceaccount:${ns}:${install.serviceAccount}`;
    case 'Group':
      return ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'].includes(s.name);
    default:
      return false;
  }
}

const ruleAllows = (r: any, verb: string, secretName: string) =>
  has(r?.apiGroups, '')
  && has(r?.resources, 'secrets')
  && has(r?.verbs, verb)
  && (list(r?.resourceNames).length === 0 || list(r?.resourceNames).includes(secretName));

/**
 * Whether the install's ServiceAccount may `verb` the named Secret in the install namespace, as
 * Kubernetes RBAC decides: a RoleBinding in that namespace to a Role there or to a ClusterRole
 * (whose rules then apply in the binding's namespace), or a ClusterRoleBinding to a ClusterRole.
 * Each verb may be granted by a different rule; resourceNames must be empty or name the secret
 * (calico-node lists and watches with a `metadata.name` field selector, which RBAC scopes by name).
 */
export function rbacAllows(
  objects: readonly K8sObject[],
  install: CalicoInstall,
  verb: string,
  secretName: string,
): boolean {
  const ns = install.namespace;
  const clusterRole = (name: string) => objects.find((r) => isRbac(r, 'ClusterRole') && nameOf(r) === name);
  const roleRules = (ref: any, bindingNs: string | undefined): any[] => {
    if (ref?.apiGroup !== RBAC_GROUP) return [];
    const role =
      ref.kind === 'Role' && bindingNs !== undefined
        ? objects.find((r) => isRbac(r, 'Role') && nsOf(r) === bindingNs && nameOf(r) === ref.name)
        : ref.kind === 'ClusterRole'
          ? clusterRole(String(ref.name))
          : undefined;
    return Array.isArray(role?.rules) ? role!.rules : [];
  };
  const grants = (b: K8sObject, bindingNs: string | undefined) => {
    const subjects: any[] = Array.isArray(b.subjects) ? b.subjects : [];
    if (!subjects.some((s) => subjectMatches(s, bindingNs, install))) return false;
    return roleRules(b.roleRef, bindingNs).some((r) => ruleAllows(r, verb, secretName));
  };
  return objects.some(
    (b) =>
      (isRbac(b, 'RoleBinding') && nsOf(b) === ns && grants(b, ns)) ||
      (isRbac(b, 'ClusterRoleBinding') && b.roleRef?.kind === 'ClusterRole' && grants(b, undefined)),
  );
}

// ---------------------------------------------------------------- Secrets

type Lookup = { ok: true; bytes: Buffer } | { ok: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The Secret `name` in calico-node's namespace, as the API server serves it (or undefined). */
export function findSecret(objects: readonly K8sObject[], install: CalicoInstall, name: string): K8sObject | undefined {
  return objects.find((o) => o?.kind === 'Secret' && o.apiVersion === 'v1' && nsOf(o) === install.namespace && nameOf(o) === name);
}

/** `Data[key]` of a Secret as the API server serves it (stringData merged into data, stringData winning). */
export function secretKeyBytes(secret: K8sObject, key: string): Lookup {
  const name = nameOf(secret);
  const stringData = secret.stringData ?? {};
  const data = secret.data ?? {};
  if (Object.prototype.hasOwnProperty.call(stringData, key)) {
    return { ok: true, bytes: Buffer.from(String(stringData[key]), 'utf8') };
  }
  if (Object.prototype.hasOwnProperty.call(data, key)) {
    const enc = String(data[key]);
    if (enc.length % 4 !== 0 || !BASE64.test(enc)) {
      return { ok: false, reason: `secret "${name}" key "${key}" is not valid base64` };
    }
    return { ok: true, bytes: Buffer.from(enc, 'base64') };
  }
  return { ok: false, reason: `secret "${name}" does not have key "${key}"` };
}

/** Reads `key` of Secret `name` as calico-node sees it once its informer for the Secret has synced. */
export function readSecretKey(
  objects: readonly K8sObject[],
  install: CalicoInstall,
  name: string,
  key: string,
): Lookup {
  if (!name || !key) return { ok: false, reason: 'secretKeyRef needs both name and key' };
  const sa = `${install.namespace}/${install.serviceAccount}`;
  const missing = ['list', 'watch'].filter((v) => !rbacAllows(objects, install, v, name));
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `serviceaccount ${sa} is not allowed to ${missing.join('/')} secret "${name}" in namespace "${install.namespace}"`,
    };
  }
  const secret = findSecret(objects, install, name);
  if (!secret) return { ok: false, reason: `secret "${name}" not found in namespace "${install.namespace}"` };
  return secretKeyBytes(secret, key);
}

/** How confd's secret watcher answers `GetSecret(name, key)`: the value, or the error it logs. */
export type SecretSource = (name: string, key: string) => { ok: true; value: string } | { ok: false; reason: string };

/** A {@link SecretSource} over one snapshot of the cluster (the watcher after its informer synced). */
export function snapshotSecrets(objects: readonly K8sObject[], install: CalicoInstall): SecretSource {
  return (name, key) => {
    const got = readSecretKey(objects, install, name, key);
    return got.ok ? { ok: true, value: got.bytes.toString('utf8') } : got;
  };
}

/**
 * For every BGPPeer, and for the mesh password of BGPConfiguration `default` (unless the mesh is
 * disabled), resolves the password as calico-node would. Unreadable passwords fail open: the
 * entry has `password: undefined` and a confd-style warning.
 */
export function resolvePasswords(objects: readonly K8sObject[], install: CalicoInstall): ResolvedPeerPassword[] {
  const out: ResolvedPeerPassword[] = [];
  const resolve = (object: K8sObject, source: ResolvedPeerPassword['source'], ref: any, warn: (reason: string) => string) => {
    const entry: ResolvedPeerPassword = { peerName: nameOf(object), source, password: undefined, warnings: [], object };
    if (ref) {
      const got = readSecretKey(objects, install, String(ref.name ?? ''), String(ref.key ?? ''));
      if (got.ok) {
        entry.passwordBytes = got.bytes;
        entry.password = got.bytes.toString('utf8');
      } else {
        entry.warnings.push(warn(got.reason));
      }
    }
    out.push(entry);
  };
  for (const o of objects) {
    if (isCalico(o, 'BGPPeer')) {
      resolve(o, 'BGPPeer', o.spec?.password?.secretKeyRef, (r) => peerPasswordWarning(nameOf(o), r));
    } else if (isCalico(o, 'BGPConfiguration') && nameOf(o) === 'default' && o.spec?.nodeToNodeMeshEnabled !== false) {
      const ref = o.spec?.nodeMeshPassword?.secretKeyRef;
      if (!ref) continue;
      resolve(o, 'BGPConfiguration', ref, (r) => meshPasswordWarning(ref, r));
    }
  }
  return out;
}

/** client.go getPassword's warning. */
export const peerPasswordWarning = (peer: string, reason: string) => `Can't read password for BGPPeer ${peer}: ${reason}`;
/** client.go getNodeMeshPassword's warning. */
export const meshPasswordWarning = (ref: any, reason: string) =>
  `Can't read password referenced by BGP Configuration default in secret ${ref?.name}:${ref?.key}: ${reason}`;

// ---------------------------------------------------------------- selectors

type Sel = (labels: Record<string, string>) => boolean;

/** Parses the subset of Calico's selector grammar listed in the file comment; throws on the rest. */
export function parseSelector(text: string): Sel {
  const toks = text.match(/\s*(all\(\)|has\(\s*[\w./-]+\s*\)|==|!=|&&|\|\||!|\(|\)|\{|\}|,|not\s+in\b|in\b|"[^"]*"|'[^']*'|[\w./-]+)/gy)?.map((t) => t.trim()) ?? [];
  if (toks.join('').replace(/\s/g, '') !== text.replace(/\s/g, '')) throw new Error(`selector not emulated: ${text}`);
  let i = 0;
  const peek = () => toks[i];
  const take = (want?: string) => {
    const t = toks[i++];
    if (t === undefined || (want !== undefined && t.replace(/\s+/g, ' ') !== want)) {
      throw new Error(`selector not emulated: ${text}`);
    }
    return t;
  };
  const str = (t: string) => (/^["']/.test(t) ? t.slice(1, -1) : (() => { throw new Error(`selector not emulated: ${text}`); })());
  const or = (): Sel => {
    let l = and();
    while (peek() === '||') { take(); const a = l, b = and(); l = (x) => a(x) || b(x); }
    return l;
  };
  const and = (): Sel => {
    let l = unary();
    while (peek() === '&&') { take(); const a = l, b = unary(); l = (x) => a(x) && b(x); }
    return l;
  };
  const unary = (): Sel => {
    const t = peek();
    if (t === '!') { take(); const e = unary(); return (x) => !e(x); }
    if (t === '(') { take(); const e = or(); take(')'); return e; }
    if (t === 'all()') { take(); return () => true; }
    const hasM = t && /^has\(\s*([\w./-]+)\s*\)$/.exec(t);
    if (hasM) { take(); const k = hasM[1]; return (x) => Object.prototype.hasOwnProperty.call(x, k); }
    const key = take();
    const op = take().replace(/\s+/g, ' ');
    if (op === '==' || op === '!=') {
      const v = str(take());
      return op === '==' ? (x) => x[key] === v : (x) => x[key] !== v;
    }
    if (op === 'in' || op === 'not in') {
      take('{');
      const vs: string[] = [];
      while (peek() !== '}') { vs.push(str(take())); if (peek() === ',') take(); }
      take('}');
      return op === 'in' ? (x) => key in x && vs.includes(x[key]) : (x) => !(key in x && vs.includes(x[key]));
    }
    throw new Error(`selector not emulated: ${text}`);
  };
  const e = or();
  if (i !== toks.length) throw new Error(`selector not emulated: ${text}`);
  return e;
}

/** Labels that make a conjunction of `k == 'v'`, `has(k)` and `all()` true (for harness nodes). */
export function labelsSatisfying(selector: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of selector.split('&&').map((s) => s.trim()).filter(Boolean)) {
    const eq = /^([\w./-]+)\s*==\s*["']([^"']*)["']$/.exec(part);
    const h = /^has\(\s*([\w./-]+)\s*\)$/.exec(part);
    if (eq) labels[eq[1]] = eq[2];
    else if (h) labels[h[1]] = 'true';
    else if (part !== 'all()') throw new Error(`cannot pick node labels for selector: ${selector}`);
  }
  if (!parseSelector(selector)(labels)) throw new Error(`picked labels do not satisfy selector: ${selector}`);
  return labels;
}

// ---------------------------------------------------------------- confd's view of the cluster

/** A Calico node as confd sees it (`/calico/bgp/v1/host/<name>/...`). */
export interface CalicoNodeInfo {
  readonly name: string;
  /** ip_addr_v4, without prefix length. */
  readonly ipv4?: string;
  readonly ipv6?: string;
  /** as_num (Node spec.bgp.asNumber). */
  readonly asNumber?: string;
  /** rr_cluster_id (Node spec.bgp.routeReflectorClusterID). */
  readonly rrClusterId?: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A Calico Node object (projectcalico.org/v3) for a harness node. */
export function calicoNodeObject(n: {
  name: string;
  ipv4?: string;
  ipv6?: string;
  asNumber?: number;
  rrClusterId?: string;
  labels?: Record<string, string>;
}): K8sObject {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'Node',
    metadata: { name: n.name, ...(n.labels ? { labels: n.labels } : {}) },
    spec: {
      bgp: {
        ...(n.ipv4 ? { ipv4Address: `${n.ipv4}/32` } : {}),
        ...(n.ipv6 ? { ipv6Address: `${n.ipv6}/128` } : {}),
        ...(n.asNumber !== undefined ? { asNumber: n.asNumber } : {}),
        ...(n.rrClusterId ? { routeReflectorClusterID: n.rrClusterId } : {}),
      },
    },
  };
}

const stripPrefix = (cidr: unknown) => (typeof cidr === 'string' && cidr ? cidr.split('/')[0] : undefined);

function nodesOf(objects: readonly K8sObject[]): CalicoNodeInfo[] {
  return objects.filter((o) => isCalico(o, 'Node')).map((o) => ({
    name: nameOf(o),
    ipv4: stripPrefix(o.spec?.bgp?.ipv4Address),
    ipv6: stripPrefix(o.spec?.bgp?.ipv6Address),
    asNumber: o.spec?.bgp?.asNumber !== undefined ? String(o.spec.bgp.asNumber) : undefined,
    rrClusterId: o.spec?.bgp?.routeReflectorClusterID || undefined,
    labels: { ...(o.metadata?.labels ?? {}) },
  })).sort((a, b) => a.name.localeCompare(b.name));
}

/** One peering as client.go stores it (backends.BGPPeer). */
interface BackendPeer {
  peerIP: string;
  asNum: string;
  localAsNum?: string;
  sourceAddr: string;
  port: number;
  keepNextHop: boolean;
  nextHopMode: string;
  calicoNode: boolean;
  ttlSecurity: number;
  numAllowLocalAS: number;
  password: string | null;
  restartTime?: string;
  keepaliveTime?: string;
  rrClusterId?: string;
  /** Which BGPPeer produced it (for the harness). */
  bgpPeer: string;
}

/** One `protocol bgp` as the template renders it (types.BirdBGPPeer). */
export interface BirdBGPPeer {
  name: string;
  ip: string;
  port?: string;
  asNumber: string;
  localAsNumber?: string;
  type: 'mesh' | 'global' | 'node';
  sourceAddr?: string;
  ttlSecurity: string;
  importFilter: string;
  exportFilter: string;
  passive: boolean;
  gracefulRestart?: string;
  keepaliveTime?: string;
  routeReflector: boolean;
  rrClusterId?: string;
  /** Undefined or empty: no `password` line (the template's `if .Password`). */
  password?: string;
  nextHopKeep: boolean;
  nextHopSelf: boolean;
  numAllowLocalAs?: string;
  /** The BGPPeer this came from ('default' for the mesh); not rendered. */
  source: string;
}

/** What the template is fed (types.BirdBGPConfig, the parts that reach bird.cfg). */
export interface BirdBGPConfig {
  nodeName: string;
  nodeIp: string;
  nodeIpv6: string;
  asNumber: string;
  routerId: string;
  listenPort?: string;
  debugMode: string;
  peerDebugMode: string;
  peers: BirdBGPPeer[];
}

const BIRD_INT_MAX = 2147483647;
const OVERRIDE_PREFERENCE = 200;

function importFilter(normalRoutePriority: number): string {
  return [
    `if (defined(bgp_local_pref)&&(bgp_local_pref > ${BIRD_INT_MAX - normalRoutePriority})) then`,
    `  preference = ${OVERRIDE_PREFERENCE};`,
    'accept;',
  ].join('\n    ');
}

function exportFilter(peerAs: string, nodeAs: string, normalRoutePriority: number): string {
  return [
    'if (defined(source) && source = RTS_BGP && defined(bgp_local_pref)) then {',
    `  krt_metric = ${BIRD_INT_MAX} - bgp_local_pref;`,
    '} else {',
    `  if (!defined(krt_metric)) then { krt_metric = ${normalRoutePriority}; }`,
    `  bgp_local_pref = ${BIRD_INT_MAX} - krt_metric;`,
    '}',
    `calico_export_to_bgp_peers(${peerAs === nodeAs});`,
    'reject;',
  ].join('\n    ');
}

/** Go's net.SplitHostPort for `a.b.c.d:port` and `[v6]:port`; anything else is a bare address. */
function parseIpPort(s: string): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(s);
  if (v6) return { host: v6[1], port: Number(v6[2]) };
  const v4 = /^([^:]+):(\d+)$/.exec(s);
  if (v4) return { host: v4[1], port: Number(v4[2]) <= 65535 ? Number(v4[2]) : 0 };
  return { host: s, port: 0 };
}

const isIp = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));
const ipVersion = (s: string): 4 | 6 => (s.includes(':') ? 6 : 4);
const durationSeconds = (d: unknown): string | undefined => {
  if (typeof d !== 'string' || !d) return undefined;
  let total = 0;
  for (const m of d.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) {
    total += Number(m[1]) * ({ h: 3600, m: 60, s: 1, ms: 0.001 } as const)[m[2] as 'h' | 'm' | 's' | 'ms'];
  }
  return String(Math.round(total));
};

/** Options of {@link confdBgpConfig}. */
export interface ConfdOptions {
  /** The cluster's objects: BGPPeers, BGPConfigurations, Calico Nodes (others are ignored). */
  readonly objects: readonly K8sObject[];
  /** NODENAME: the node this calico-node runs on (a Calico Node in `objects`). */
  readonly nodeName: string;
  readonly ipVersion: 4 | 6;
  /** How GetSecret answers (the secret watcher). */
  readonly secrets: SecretSource;
  /** confd's warnings (fail-open), in the order it logs them. */
  readonly warn?: (message: string) => void;
}

/** The peerings of the whole cluster (client.go updatePeersV1), keyed like confd's v1 paths. */
function updatePeersV1(
  objects: readonly K8sObject[],
  nodes: readonly CalicoNodeInfo[],
  secrets: SecretSource,
  warn: (m: string) => void,
) {
  const peersV1 = new Map<string, BackendPeer>();
  const config = objects.find((o) => isCalico(o, 'BGPConfiguration') && nameOf(o) === 'default');
  const globalAs = config?.spec?.asNumber !== undefined ? String(config.spec.asNumber) : '64512';
  const globalListenPort = Number(config?.spec?.listenPort ?? 0);
  const nodeListenPort = (node: string): number | undefined => {
    const c = objects.find((o) => isCalico(o, 'BGPConfiguration') && nameOf(o) === `node.${node}`);
    return c?.spec?.listenPort ? Number(c.spec.listenPort) : undefined;
  };
  const nodesMatching = (selector: string) => {
    const sel = parseSelector(selector);
    return nodes.filter((n) => sel(n.labels as Record<string, string>)).map((n) => n.name);
  };
  const nodeByName = (name: string) => nodes.find((n) => n.name === name);
  const nodesWithIpPortAndAs = (ip: string, asNum: string, port: number) =>
    nodes
      .filter((n) => {
        if (n.ipv4 !== ip && n.ipv6 !== ip) return false;
        if ((n.asNumber ?? globalAs) !== (asNum === '0' ? globalAs : asNum)) return false;
        if (port !== 0) {
          // upstream: `if nodePort, ok := ...; ok && port != nodePort { continue } else if global != 0 && global !=
          // port { continue }`
          const np = nodeListenPort(n.name);
          if (np !== undefined && port !== np) return false;
          else if (globalListenPort !== 0 && globalListenPort !== port) return false;
        }
        return true;
      })
      .map((n) => n.name);
  const key = (global: boolean, node: string, ip: string, port: number) =>
    `${global ? '/calico/bgp/v1/global' : `/calico/bgp/v1/host/${node}`}/peer_v${ipVersion(ip)}/${ip}${port ? `-${port}` : ''}`;
  const emit = (k: string, peer: BackendPeer, nodeKey?: { ip: string; port: number }) => {
    if (peersV1.has(k)) return;
    if (nodeKey && peersV1.has(key(true, '', nodeKey.ip, nodeKey.port))) return;
    peersV1.set(k, peer);
  };
  const nextHop = (spec: any) =>
    spec.nextHopMode !== undefined && spec.nextHopMode !== null
      ? { keepNextHop: false, nextHopMode: String(spec.nextHopMode) }
      : { keepNextHop: !!spec.keepOriginalNextHop, nextHopMode: '' };
  const passwordCache = new Map<K8sObject, string | null>();
  const getPassword = (p: K8sObject): string | null => {
    if (passwordCache.has(p)) return passwordCache.get(p)!;
    let value: string | null = null;
    const ref = p.spec?.password?.secretKeyRef;
    if (ref) {
      const got = secrets(String(ref.name ?? ''), String(ref.key ?? ''));
      if (got.ok) value = got.value;
      else warn(peerPasswordWarning(nameOf(p), got.reason));
    }
    passwordCache.set(p, value);
    return value;
  };
  const setPeerConfigFields = (peers: BackendPeer[], p: K8sObject) => {
    const password = getPassword(p);
    for (const peer of peers) {
      peer.password = password;
      peer.sourceAddr = p.spec?.sourceAddress || 'UseNodeIP';
      peer.restartTime = durationSeconds(p.spec?.maxRestartTime);
      peer.keepaliveTime = durationSeconds(p.spec?.keepaliveTime);
    }
  };
  const nodeAsBgpPeers = (nodeName: string, v4: boolean, v6: boolean, p: K8sObject): BackendPeer[] => {
    const n = nodeByName(nodeName);
    if (!n) return [];
    const out: BackendPeer[] = [];
    for (const ip of [v4 ? n.ipv4 : undefined, v6 ? n.ipv6 : undefined]) {
      if (!ip) continue;
      out.push({
        peerIP: ip,
        asNum: n.asNumber ?? globalAs,
        sourceAddr: '',
        calicoNode: false,
        port: nodeListenPort(nodeName) ?? globalListenPort,
        ttlSecurity: Number(p.spec?.ttlSecurity ?? 0),
        numAllowLocalAS: 0,
        password: null,
        rrClusterId: n.rrClusterId,
        bgpPeer: nameOf(p),
        ...nextHop(p.spec ?? {}),
      });
    }
    return out;
  };

  const bgpPeers = objects.filter((o) => isCalico(o, 'BGPPeer')).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  for (const globalPass of [true, false]) {
    for (const p of bgpPeers) {
      const spec = p.spec ?? {};
      if (globalPass !== (!spec.nodeSelector && !spec.node)) continue;
      if (spec.localWorkloadSelector) continue; // not emulated (see the file comment)
      const localNodes = spec.nodeSelector ? nodesMatching(spec.nodeSelector) : spec.node ? [String(spec.node)] : [];
      let peers: BackendPeer[] = [];
      if (spec.peerSelector) {
        for (const peerNode of nodesMatching(spec.peerSelector)) peers.push(...nodeAsBgpPeers(peerNode, true, true, p));
        setPeerConfigFields(peers, p);
      } else {
        let { host, port } = parseIpPort(String(spec.peerIP ?? ''));
        if (!isIp(host)) continue; // "PeerIP is not assigned or is malformed"
        const asNum = String(spec.asNumber ?? 0);
        if (port === 0) {
          const names = nodesWithIpPortAndAs(host, asNum, port);
          if (names.length) port = nodeListenPort(names[0]) ?? globalListenPort;
        }
        peers = [
          {
            peerIP: host,
            asNum,
            localAsNum: spec.localASNumber !== undefined ? String(spec.localASNumber) : undefined,
            sourceAddr: String(spec.sourceAddress ?? ''),
            port,
            calicoNode: nodes.some((n) => n.ipv4 === host || n.ipv6 === host),
            ttlSecurity: Number(spec.ttlSecurity ?? 0),
            numAllowLocalAS: Number(spec.numAllowedLocalASNumbers ?? 0),
            password: null,
            bgpPeer: nameOf(p),
            ...nextHop(spec),
          },
        ];
        setPeerConfigFields(peers, p);
      }
      for (const peer of peers) {
        if (globalPass) {
          emit(key(true, '', peer.peerIP, peer.port), peer);
        } else {
          for (const n of localNodes) {
            emit(key(false, n, peer.peerIP, peer.port), peer, { ip: peer.peerIP, port: peer.port });
          }
        }
      }
    }
  }
  // Reverse peerings.
  for (const p of bgpPeers) {
    const spec = p.spec ?? {};
    if (spec.reversePeering === 'Manual' || spec.localWorkloadSelector) continue;
    let localNodes: string[];
    let v4 = false;
    let v6 = false;
    if (spec.peerSelector) {
      localNodes = nodesMatching(spec.peerSelector);
      v4 = v6 = true;
    } else {
      const { host, port } = parseIpPort(String(spec.peerIP ?? ''));
      localNodes = nodesWithIpPortAndAs(host, String(spec.asNumber ?? 0), port);
      if (host.includes(':')) v6 = true;
      else v4 = true;
    }
    if (!localNodes.length) continue;
    const peerNodes = spec.nodeSelector
      ? nodesMatching(spec.nodeSelector)
      : spec.node
        ? [String(spec.node)]
        : nodesMatching('all()');
    const peers = peerNodes.flatMap((n) => nodeAsBgpPeers(n, v4, v6, p));
    if (!peers.length) continue;
    setPeerConfigFields(peers, p);
    for (const peer of peers) {
      for (const n of localNodes) {
        emit(key(false, n, peer.peerIP, peer.port), peer, { ip: peer.peerIP, port: peer.port });
      }
    }
  }
  return { peersV1, globalAs, globalListenPort, nodeListenPort, config };
}

/**
 * What confd renders for node `nodeName` (bgp_processor.go GetBirdBGPConfig): the node's identity and
 * every peering of the IP version, sorted by name. Secrets are read through `secrets`, failing open
 * with a warning as client.go does.
 */
export function confdBgpConfig(o: ConfdOptions): BirdBGPConfig {
  const warn = o.warn ?? (() => undefined);
  const nodes = nodesOf(o.objects);
  const self = nodes.find((n) => n.name === o.nodeName);
  if (!self) throw new Error(`no Calico Node named ${o.nodeName}`);
  const { peersV1, globalAs, globalListenPort, nodeListenPort, config } = updatePeersV1(
    o.objects,
    nodes,
    o.secrets,
    warn,
  );
  const spec = config?.spec ?? {};
  const asNumber = self.asNumber ?? globalAs;
  const logLevel = (() => {
    const node = o.objects.find((x) => isCalico(x, 'BGPConfiguration') && nameOf(x) === `node.${o.nodeName}`)?.spec?.logSeverityScreen;
    const l = String(node || spec.logSeverityScreen || 'info').toLowerCase();
    return l === 'debug' || l === 'info' ? l : 'none';
  })();
  const listenPort = nodeListenPort(o.nodeName) ?? (globalListenPort || undefined);
  const out: BirdBGPConfig = {
    nodeName: o.nodeName, nodeIp: self.ipv4 ?? '', nodeIpv6: self.ipv6 ?? '', asNumber, routerId: self.ipv4 ?? '',
    listenPort: listenPort ? String(listenPort) : undefined,
    debugMode: logLevel === 'none' ? '' : logLevel === 'debug' ? 'all' : '{ states }',
    peerDebugMode: logLevel === 'none' ? '' : logLevel === 'debug' ? 'debug all;' : 'debug { states, routes, filters, events };',
    peers: [],
  };
  const currentIp = o.ipVersion === 4 ? out.nodeIp : out.nodeIpv6;
  const normalRoutePriority = Number(
    (o.ipVersion === 4 ? spec.ipv4NormalRoutePriority : spec.ipv6NormalRoutePriority) ?? 1024,
  );
  const nodeClusterId = self.rrClusterId ?? '';

  // Mesh peers.
  const meshEnabled = spec.nodeToNodeMeshEnabled !== false;
  if (!nodeClusterId && meshEnabled) {
    let meshPassword: string | undefined;
    let meshRead = false;
    const readMesh = () => {
      if (meshRead) return meshPassword;
      meshRead = true;
      const ref = spec.nodeMeshPassword?.secretKeyRef;
      if (ref) {
        const got = o.secrets(String(ref.name ?? ''), String(ref.key ?? ''));
        if (got.ok) meshPassword = got.value;
        else warn(meshPasswordWarning(ref, got.reason));
      }
      return meshPassword;
    };
    for (const host of nodes) {
      const peerIp = o.ipVersion === 4 ? host.ipv4 : host.ipv6;
      if (!peerIp || peerIp === currentIp || host.rrClusterId) continue;
      const peerAs = host.asNumber ?? asNumber;
      const port = nodeListenPort(host.name) ?? (globalListenPort || undefined);
      out.peers.push({
        name: `Mesh_${peerIp.replace(/[.:]/g, '_')}`,
        ip: peerIp,
        port: port ? String(port) : undefined,
        asNumber: peerAs,
        type: 'mesh',
        sourceAddr: currentIp,
        ttlSecurity: 'off',
        password: readMesh(),
        gracefulRestart: durationSeconds(spec.nodeMeshMaxRestartTime),
        passive: peerIp > currentIp,
        importFilter: importFilter(normalRoutePriority),
        exportFilter: exportFilter(peerAs, asNumber, normalRoutePriority),
        routeReflector: false,
        nextHopKeep: false,
        nextHopSelf: false,
        source: 'default',
      });
    }
  }

  // Global, then node-specific peers.
  const build = (peer: BackendPeer, prefix: 'Global' | 'Node'): BirdBGPPeer | undefined => {
    const peerIp = peer.peerIP;
    if (!peerIp || peerIp === currentIp) return undefined;
    const name = `${prefix}_${peerIp.replace(/[.:]/g, '_')}${peer.port > 0 ? `_port_${peer.port}` : ''}`;
    const localAs = peer.localAsNum && peer.localAsNum !== '0' ? peer.localAsNum : undefined;
    const effectiveAs = localAs ?? asNumber;
    const r: BirdBGPPeer = {
      name,
      ip: peerIp,
      type: prefix === 'Global' ? 'global' : 'node',
      port: peer.port > 0 ? String(peer.port) : undefined,
      asNumber: peer.asNum,
      localAsNumber: localAs,
      ttlSecurity: peer.ttlSecurity > 0 ? String(peer.ttlSecurity) : 'off',
      sourceAddr: peer.sourceAddr === 'UseNodeIP' ? currentIp : undefined,
      importFilter: importFilter(normalRoutePriority),
      exportFilter: exportFilter(peer.asNum, effectiveAs, normalRoutePriority),
      password: peer.password ?? undefined,
      gracefulRestart: peer.restartTime,
      keepaliveTime: peer.keepaliveTime,
      passive: false,
      numAllowLocalAs: peer.numAllowLocalAS > 0 ? String(peer.numAllowLocalAS) : undefined,
      nextHopSelf: peer.nextHopMode === 'Self',
      nextHopKeep: peer.nextHopMode === 'Keep' || (peer.keepNextHop && peer.asNum !== effectiveAs),
      routeReflector: false,
      source: peer.bgpPeer,
    };
    if (r.asNumber === effectiveAs && nodeClusterId && (!peer.rrClusterId || peer.rrClusterId !== nodeClusterId)) {
      r.routeReflector = true;
      r.rrClusterId = nodeClusterId;
    }
    if (r.type === 'global' && peer.calicoNode && peerIp > currentIp) r.passive = true;
    return r;
  };
  const family = `peer_v${o.ipVersion}/`;
  for (const [k, peer] of peersV1) {
    if (k.startsWith('/calico/bgp/v1/global/') && k.includes(family)) out.peers.push(build(peer, 'Global')!);
  }
  for (const [k, peer] of peersV1) {
    if (k.startsWith(`/calico/bgp/v1/host/${o.nodeName}/`) && k.includes(family)) out.peers.push(build(peer, 'Node')!);
  }
  out.peers = out.peers.filter(Boolean).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

// ---------------------------------------------------------------- the templates

/** The `protocol bgp` block of one peer (bird.cfg.template's peer loop). */
export function renderPeerBlock(p: BirdBGPPeer): string {
  const l = [`protocol bgp ${p.name} from bgp_template {`];
  if (p.localAsNumber) l.push(`  local as ${p.localAsNumber};`);
  l.push(`  neighbor ${p.ip}${p.port ? ` port ${p.port}` : ''} as ${p.asNumber};`);
  if (p.sourceAddr) l.push(`  source address ${p.sourceAddr};  # The local address we use for the TCP connection`);
  if (p.ttlSecurity === 'off') l.push('  ttl security off;');
  else if (p.ttlSecurity) l.push('  ttl security on;');
  l.push(p.ttlSecurity && p.ttlSecurity !== 'off' ? `  multihop ${p.ttlSecurity};` : '  multihop;');
  if (p.importFilter) l.push('  import filter {', `    ${p.importFilter}`, '  };');
  else l.push('  import all;        # Import all routes, since we don\'t know what the upstream', '                     # topology is and therefore have to trust the ToR/RR.');
  if (p.exportFilter) l.push('  export filter {', `    ${p.exportFilter}`, '  };  # Only want to export routes for workloads.');
  else l.push('  export all;');
  if (p.passive) l.push('  passive on;');
  if (p.gracefulRestart) l.push(`  graceful restart time ${p.gracefulRestart};`);
  if (p.keepaliveTime) l.push(`  keepalive time ${p.keepaliveTime};`);
  if (p.routeReflector && p.rrClusterId) l.push('  rr client;', `  rr cluster id ${p.rrClusterId};`);
  if (p.password) l.push(`  password "${p.password}";`);
  if (p.nextHopKeep) l.push('  next hop keep;');
  if (p.nextHopSelf) l.push('  next hop self;');
  if (p.numAllowLocalAs) l.push(`  allow local as ${p.numAllowLocalAs};`);
  l.push('}');
  return l.join('\n');
}

const DIRECT_INTERFACES = '-"cali*", -"kube-ipvs*", "*"';

/** bird.cfg (ipVersion 4) or bird6.cfg (6), as confd renders it; blank lines dropped as confd does. */
export function renderBirdCfg(c: BirdBGPConfig, v: 4 | 6 = 4): string {
  const nodeIp = v === 4 ? c.nodeIp : c.nodeIpv6;
  const debug = (indent: string) => (c.debugMode ? [`${indent}debug ${c.debugMode};`] : []);
  const lines = [
    'function apply_communities ()',
    '{',
    '}',
    'template kernel kernel_template {',
    '  learn;             # Learn all alien routes from the kernel',
    '  persist;           # Don\'t remove routes on bird shutdown',
    '  scan time 2;       # Scan kernel routing table every 2 seconds',
    '  import all;',
    '}',
    'template direct direct_template {',
    ...debug('  '),
    `  interface ${DIRECT_INTERFACES}; # Exclude cali* and kube-ipvs* but`,
    '                                          # include everything else.  In',
    '                                          # IPVS-mode, kube-proxy creates a',
    '                                          # kube-ipvs0 interface. We exclude',
    '                                          # kube-ipvs0 because this interface',
    '                                          # gets an address for every in use',
    '                                          # cluster IP. We use static routes',
    '                                          # for when we legitimately want to',
    '                                          # export cluster IPs.',
    '}',
    '# Generated by confd',
    `include "${v === 4 ? 'bird_aggr.cfg' : 'bird6_aggr.cfg'}";`,
    `include "${v === 4 ? 'bird_ipam.cfg' : 'bird6_ipam.cfg'}";`,
    `router id ${c.routerId};`,
    ...(c.listenPort ? ['# BGP listen configuration', `listen bgp port ${c.listenPort};`] : []),
    '# Configure synchronization between routing tables and kernel.',
    'protocol kernel from kernel_template {',
    '  export filter calico_kernel_programming; # Default is export none',
    '  graceful restart;  # Turn on graceful restart to reduce potential flaps in',
    '                     # routes when reloading BIRD configuration.  With a full',
    '                     # automatic mesh, there is no way to prevent BGP from',
    '                     # flapping since multiple nodes update their BGP',
    '                     # configuration at the same time, GR is not guaranteed to',
    '                     # work correctly in this scenario.',
    '  merge paths on;    # Allow export multipath routes (ECMP)',
    '}',
    '# Watch interface up/down events.',
    'protocol device {',
    ...debug('  '),
    '  scan time 2;    # Scan interfaces every 2 seconds',
    '}',
    'protocol direct from direct_template {',
    '}',
  ];
  if (!nodeIp) {
    lines.push(`# IPv${v} disabled on this node.`);
  } else {
    lines.push(
      '# Template for all BGP clients',
      'template bgp bgp_template {',
      ...(c.peerDebugMode ? [`  ${c.peerDebugMode}`] : []),
      '  description "Connection to BGP peer";',
      `  local as ${c.asNumber};`,
      '  gateway recursive; # This should be the default, but just in case.',
      '  add paths on;',
      '  graceful restart;  # See comment in kernel section about graceful restart.',
      '  connect delay time 2;',
      '  connect retry time 5;',
      '  error wait time 5,30;',
      '}',
      '# -------------- BGP Filters ------------------',
      `# No v${v} BGPFilters configured`,
    );
    if (c.peers.length) lines.push('# BGP Protocol Configurations', ...c.peers.map(renderPeerBlock));
    else lines.push('# No BGP peers configured for this node');
  }
  return `${lines.join('\n')}\n`;
}

/** bird_ipam.cfg (bird6_ipam.cfg) for a cluster without IP pools: the filters bird.cfg calls. */
export function renderBirdIpamCfg(v: 4 | 6 = 4): string {
  return [
    '# Generated by confd',
    'function reject_local_routes () {',
    '  # Don\'t export local routes learned via BPF as they should never leave the node.',
    '  if (defined(ifname)) then {',
    '     if (ifname ~ "bpf*.cali") then {',
    '        reject;',
    '     }',
    '  }',
    '}',
    'function calico_export_to_bgp_peers(bool internal_peer) {',
    '  # filter code terminates when it calls `accept;` or `reject;`,',
    '  if (internal_peer) then {',
    '    if (defined(ifname)) then {',
    v === 4
      ? '      if ((ifname ~ "*.cali") || (ifname ~ "*.calico") || (ifname ~ "tunl0")) then {'
      : '      if ((ifname ~ "*.cali") || (ifname ~ "*.calico")) then {',
    '        reject;',
    '      }',
    '    }',
    '  }',
    '  reject_local_routes();',
    '  apply_communities();',
    '  calico_aggr();',
    '}',
    'filter calico_kernel_programming {',
    '  if (defined(source) && (source = RTS_BGP) && !defined(krt_metric)) then {',
    '      krt_metric = 1024;',
    '      if (defined(bgp_local_pref)) then {',
    `          krt_metric = ${BIRD_INT_MAX} - bgp_local_pref;`,
    '      }',
    '      if (krt_metric < 1024) then {',
    `          preference = ${OVERRIDE_PREFERENCE};`,
    '      }',
    '  }',
    '  accept;',
    '}',
    '',
  ].join('\n');
}

/** bird_aggr.cfg (bird6_aggr.cfg) for a node without IP blocks. */
export function renderBirdAggrCfg(): string {
  return [
    '# Generated by confd',
    'template static static_template {',
    '   # No IP blocks or static routes for this host.',
    '}',
    '# Aggregation of routes on this host; export the block, nothing beneath it.',
    'function calico_aggr ()',
    '{',
    '}',
    '',
  ].join('\n');
}

/** The files confd writes for one IP version; `bird.cfg` / `bird6.cfg` is the one BIRD is started with. */
export interface CalicoNodeFiles {
  readonly ipVersion: 4 | 6;
  /** 'bird.cfg' or 'bird6.cfg'. */
  readonly main: string;
  readonly files: Readonly<Record<string, string>>;
  /** What was rendered (absent for files taken as they are, e.g. upstream's compiled configs). */
  readonly config?: BirdBGPConfig;
}

export function calicoNodeFiles(config: BirdBGPConfig, v: 4 | 6 = 4): CalicoNodeFiles {
  const [main, aggr, ipam] = v === 4 ? ['bird.cfg', 'bird_aggr.cfg', 'bird_ipam.cfg'] : ['bird6.cfg', 'bird6_aggr.cfg', 'bird6_ipam.cfg'];
  return {
    ipVersion: v,
    main,
    config,
    files: { [main]: renderBirdCfg(config, v), [aggr]: renderBirdAggrCfg(), [ipam]: renderBirdIpamCfg(v) },
  };
}

/** Calico's protocol names: Global_10_0_0_1, Node_10_0_0_1_port_1790, Mesh_10_0_0_2. */
export function calicoProtocolName(kind: 'Global' | 'Node' | 'Mesh', ip: string, port?: number): string {
  const id = ip.replace(/[.:]/g, '_');
  return `${kind}_${id}${port ? `_port_${port}` : ''}`;
}

/** Calico's mesh direction rule: the node is passive when the peer's IP sorts after its own (as strings). */
export function meshPassive(nodeIp: string, peerIp: string): boolean {
  return peerIp > nodeIp;
}

/** A literal password store for harness nodes: the Secret `harness-<i>` holds key `password`. */
function literalSecrets(values: readonly (string | undefined)[]): { objects: K8sObject[]; source: SecretSource } {
  return {
    objects: [],
    source: (name) => {
      const m = /^harness-(\d+)$/.exec(name);
      const v = m ? values[Number(m[1])] : undefined;
      return v === undefined ? { ok: false, reason: `no data available for secret ${name}` } : { ok: true, value: v };
    },
  };
}

export interface CalicoNodeBirdConfigOptions {
  /** The node's IP (router id, source address, mesh identity). */
  nodeIp: string;
  /** The cluster AS (BGPConfiguration default asNumber). */
  asNumber: number;
  /** Global BGPPeers (no node selector) with their password as calico-node read it. */
  peers?: Array<{ ip: string; asNumber: number; password?: string; port?: number }>;
  /** Other Calico nodes for the node-to-node mesh (the mesh is disabled when omitted). */
  meshNodes?: Array<{ ip: string; asNumber?: number }>;
  meshPassword?: string;
}

/**
 * The files confd renders for a node of a small cluster described directly (node, global BGPPeers,
 * mesh nodes, passwords already read): the cluster objects are built and run through
 * {@link confdBgpConfig}, so the result is the same rendering as for emitted objects.
 */
export function renderCalicoNodeBirdConfig(o: CalicoNodeBirdConfigOptions): CalicoNodeFiles {
  const peers = o.peers ?? [];
  const secrets = literalSecrets([...peers.map((p) => p.password), o.meshPassword]);
  const meshIdx = peers.length;
  const nodes = [{ ip: o.nodeIp }, ...(o.meshNodes ?? []).filter((m) => m.ip !== o.nodeIp)];
  const objects: K8sObject[] = [
    {
      apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' },
      spec: {
        asNumber: o.asNumber, nodeToNodeMeshEnabled: o.meshNodes !== undefined,
        ...(o.meshNodes && o.meshPassword !== undefined ? { nodeMeshPassword: { secretKeyRef: { name: `harness-${meshIdx}`, key: 'password' } } } : {}),
      },
    },
    ...nodes.map((n, i) => calicoNodeObject({ name: `node-${i}`, ipv4: n.ip, asNumber: 'asNumber' in n && n.asNumber !== undefined ? n.asNumber : undefined })),
    ...peers.map((p, i): K8sObject => ({
      apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: `peer-${i}` },
      spec: { peerIP: p.port ? `${p.ip}:${p.port}` : p.ip, asNumber: p.asNumber, ...(p.password !== undefined ? { password: { secretKeyRef: { name: `harness-${i}`, key: 'password' } } } : {}) },
    })),
  ];
  return calicoNodeFiles(confdBgpConfig({ objects, nodeName: 'node-0', ipVersion: 4, secrets: secrets.source }));
}
