/**
 * A stand-in for calico-node/confd: reads BGP passwords the way Calico does (Secret in the
 * install namespace, readable by the calico-node ServiceAccount through a Role + RoleBinding),
 * fails open with a warning when it can't, and renders BIRD 2 `protocol bgp` blocks shaped
 * like Calico's generated config (password inserted raw, no escaping).
 *
 * Warnings never contain password values.
 */
export type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; [k: string]: unknown };
  [k: string]: any;
};

export interface CalicoInstall {
  /** Namespace calico-node runs in: 'calico-system' (operator), 'kube-system' (manifest), ... */
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

const isCalico = (o: K8sObject, kind: string) => o?.kind === kind && CALICO_GROUPS.has(String(o.apiVersion));
const isRbac = (o: K8sObject, kind: string) => o?.kind === kind && String(o.apiVersion ?? '').startsWith(`${RBAC_GROUP}/`);
const nameOf = (o: K8sObject) => String(o?.metadata?.name ?? '');
const nsOf = (o: K8sObject) => o?.metadata?.namespace;
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const has = (v: unknown, want: string) => list(v).includes(want) || list(v).includes('*');

/**
 * Whether the install's ServiceAccount may `verb` the named Secret in the install namespace via
 * some RoleBinding -> Role in that namespace. Each verb may be granted by a different rule, as in
 * real RBAC; resourceNames must be empty or contain the secret.
 */
export function rbacAllows(objects: K8sObject[], install: CalicoInstall, verb: string, secretName: string): boolean {
  const ns = install.namespace;
  const roles = objects.filter((o) => isRbac(o, 'Role') && nsOf(o) === ns);
  const bindings = objects.filter((o) => isRbac(o, 'RoleBinding') && nsOf(o) === ns);
  return bindings.some((b) => {
    const ref = b.roleRef ?? {};
    if (ref.kind !== 'Role' || ref.apiGroup !== RBAC_GROUP) return false;
    const subjects: any[] = Array.isArray(b.subjects) ? b.subjects : [];
    const bound = subjects.some((s) => s?.kind === 'ServiceAccount' && s?.name === install.serviceAccount && s?.namespace === ns);
    if (!bound) return false;
    const role = roles.find((r) => nameOf(r) === ref.name);
    const rules: any[] = Array.isArray(role?.rules) ? role!.rules : [];
    return rules.some((r) =>
      has(r?.apiGroups, '')
      && has(r?.resources, 'secrets')
      && has(r?.verbs, verb)
      && (list(r?.resourceNames).length === 0 || list(r?.resourceNames).includes(secretName)));
  });
}

type Lookup = { ok: true; bytes: Buffer } | { ok: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Reads `key` of Secret `name` exactly as calico-node would see it. */
export function readSecretKey(objects: K8sObject[], install: CalicoInstall, name: string, key: string): Lookup {
  if (!name || !key) return { ok: false, reason: 'secretKeyRef needs both name and key' };
  const sa = `${install.namespace}/${install.serviceAccount}`;
  const missing = ['list', 'watch'].filter((v) => !rbacAllows(objects, install, v, name));
  if (missing.length > 0) {
    return { ok: false, reason: `serviceaccount ${sa} is not allowed to ${missing.join('/')} secret "${name}" in namespace "${install.namespace}"` };
  }
  const secret = objects.find((o) => o?.kind === 'Secret' && o.apiVersion === 'v1' && nsOf(o) === install.namespace && nameOf(o) === name);
  if (!secret) return { ok: false, reason: `secret "${name}" not found in namespace "${install.namespace}"` };
  const stringData = secret.stringData ?? {};
  const data = secret.data ?? {};
  // The API server merges stringData into data on write, stringData winning.
  if (Object.prototype.hasOwnProperty.call(stringData, key)) {
    return { ok: true, bytes: Buffer.from(String(stringData[key]), 'utf8') };
  }
  if (Object.prototype.hasOwnProperty.call(data, key)) {
    const enc = String(data[key]);
    if (enc.length % 4 !== 0 || !BASE64.test(enc)) return { ok: false, reason: `secret "${name}" key "${key}" is not valid base64` };
    return { ok: true, bytes: Buffer.from(enc, 'base64') };
  }
  return { ok: false, reason: `secret "${name}" does not have key "${key}"` };
}

/**
 * For every BGPPeer, and for the mesh password of BGPConfiguration `default` (unless the mesh is
 * disabled), resolves the password as calico-node would. Unreadable passwords fail open: the
 * entry has `password: undefined` and a confd-style warning.
 */
export function resolvePasswords(objects: K8sObject[], install: CalicoInstall): ResolvedPeerPassword[] {
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
      resolve(o, 'BGPPeer', o.spec?.password?.secretKeyRef, (r) => `Can't read password for BGPPeer ${nameOf(o)}: ${r}`);
    } else if (isCalico(o, 'BGPConfiguration') && nameOf(o) === 'default' && o.spec?.nodeToNodeMeshEnabled !== false) {
      const ref = o.spec?.nodeMeshPassword?.secretKeyRef;
      if (!ref) continue;
      resolve(o, 'BGPConfiguration', ref, (r) =>
        `Can't read password referenced by BGP Configuration default in secret ${ref.name}:${ref.key}: ${r}`);
    }
  }
  return out;
}

export interface BirdBgpProtocolOptions {
  /** Protocol name, e.g. from {@link calicoProtocolName}. */
  name: string;
  localAs: number | string;
  neighborIp: string;
  neighborAs: number | string;
  /** Inserted raw as `password "<value>";` when non-empty (like confd's `if $data.password`). */
  password?: string;
  /** `source address <ip>;` (Calico's UseNodeIP). */
  sourceAddress?: string;
  neighborPort?: number;
  /** `passive on;` (Calico makes the mesh unidirectional: passive when peer IP > node IP as strings). */
  passive?: boolean;
  description?: string;
  /** Calico's template uses `multihop;` for every peer; default true. */
  multihop?: boolean;
  gracefulRestartTime?: number;
  /** Calico: connect delay 1, connect retry 3, error wait 5,60. */
  connectDelayTime?: number;
  connectRetryTime?: number;
  errorWaitTime?: [number, number];
  importFilter?: string;
  exportFilter?: string;
}

/** Calico-style protocol names: Global_10_0_0_1, Node_10_0_0_1_port_1790, Mesh_10_0_0_2. */
export function calicoProtocolName(kind: 'Global' | 'Node' | 'Mesh', ip: string, port?: number): string {
  const id = ip.replace(/[.:]/g, '_');
  return `${kind}_${id}${port ? `_port_${port}` : ''}`;
}

/** Mesh direction rule from Calico: the node is passive when the peer's IP sorts after its own. */
export function meshPassive(nodeIp: string, peerIp: string): boolean {
  return peerIp > nodeIp;
}

/** One BIRD 2 `protocol bgp` block in the shape of Calico's bgp_template + peer block. */
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

export interface CalicoNodeBirdConfigOptions {
  /** The node's IP (router id, source address, mesh identity). */
  nodeIp: string;
  asNumber: number;
  /** Explicit peers (from BGPPeers); `password` as resolved by {@link resolvePasswords}. */
  peers?: Array<{ ip: string; asNumber: number; password?: string; port?: number }>;
  /** Other Calico nodes for the node-to-node mesh. */
  meshNodes?: Array<{ ip: string; asNumber?: number }>;
  meshPassword?: string;
}

/** A whole BIRD 2 config for one node: Mesh_* protocols (Calico's passive rule) and Global_* peers. */
export function renderCalicoNodeBirdConfig(o: CalicoNodeBirdConfigOptions): string {
  const protocols: string[] = [];
  for (const m of o.meshNodes ?? []) {
    if (m.ip === o.nodeIp) continue; // "Skipping ourselves"
    protocols.push(renderBirdBgpProtocol({
      name: calicoProtocolName('Mesh', m.ip), localAs: o.asNumber, neighborIp: m.ip,
      neighborAs: m.asNumber ?? o.asNumber, sourceAddress: o.nodeIp, passive: meshPassive(o.nodeIp, m.ip),
      password: o.meshPassword, gracefulRestartTime: 120,
    }));
  }
  for (const p of o.peers ?? []) {
    if (p.ip === o.nodeIp) continue;
    protocols.push(renderBirdBgpProtocol({
      name: calicoProtocolName('Global', p.ip, p.port), localAs: o.asNumber, neighborIp: p.ip,
      neighborPort: p.port, neighborAs: p.asNumber, sourceAddress: o.nodeIp, password: p.password,
    }));
  }
  return [
    'log stderr all;',
    `router id ${o.nodeIp};`,
    '',
    'protocol device {',
    '  scan time 2;',
    '}',
    '',
    ...protocols,
    '',
  ].join('\n');
}
