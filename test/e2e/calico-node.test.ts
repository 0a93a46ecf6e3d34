/**
 * The calico-node emulator and the parsers of the e2e support layer, without any daemons.
 * Runs everywhere (no root needed).
 */
import { describe, expect, it } from 'vitest';
import { parseBirdProtocol, renderBirdBgpProtocol } from './support/bird';
import {
  calicoProtocolName, confdBgpConfig, meshPassive, renderCalicoNodeBirdConfig, renderPeerBlock, resolvePasswords,
  type CalicoInstall, type K8sObject,
} from './support/calico-node';
import { CALICO_SYSTEM, meshWithPassword, peerWithPassword, secretObject, withoutKind } from './support/fixtures';
import { redact, secretsInConfig } from './support/redact';
import { renderFrrConfig, renderGobgpConfig } from './support/router';

const PW = 'Zq7-emulator-fixture';
const base = () => peerWithPassword({ peerIp: '10.0.0.2', asNumber: 64513, password: PW });
const KUBE_SYSTEM: CalicoInstall = { namespace: 'kube-system', serviceAccount: 'calico-node' };

function only(objects: K8sObject[], install: CalicoInstall = CALICO_SYSTEM) {
  const r = resolvePasswords(objects, install);
  expect(r.length, 'exactly one resolved entry').toBe(1);
  return r[0];
}

function expectFailOpen(objects: K8sObject[], reason: RegExp, install: CalicoInstall = CALICO_SYSTEM) {
  const r = only(objects, install);
  expect(r.password === undefined, 'password must be dropped').toBe(true);
  expect(r.warnings.length, 'one warning').toBe(1);
  expect(r.warnings[0]).toMatch(/^Can't read password for BGPPeer tor-router: /);
  expect(r.warnings[0]).toMatch(reason);
  expect(r.warnings[0].includes(PW), 'warning must not contain the password').toBe(false);
}

const patch = (objects: K8sObject[], kind: string, f: (o: K8sObject) => void) =>
  objects.map((o) => {
    if (o.kind !== kind) return o;
    const c = structuredClone(o);
    f(c);
    return c;
  });

describe('calico-node emulator: password resolution', () => {
  it('resolves stringData verbatim, without trimming', () => {
    const value = `  ${PW}\n`;
    const r = only(peerWithPassword({ peerIp: '10.0.0.2', asNumber: 1, password: value }));
    expect(r.password === value, 'verbatim').toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('resolves base64 data to its exact bytes', () => {
    const r = only(peerWithPassword({ peerIp: '10.0.0.2', asNumber: 1, password: `${PW}\n`, encoding: 'data' }));
    expect(r.passwordBytes?.equals(Buffer.from(`${PW}\n`)), 'bytes').toBe(true);
  });

  it('prefers stringData over data for the same key, like the API server', () => {
    const objs = patch(base(), 'Secret', (s) => { s.data = { password: Buffer.from('other').toString('base64') }; });
    expect(only(objs).password === PW, 'stringData wins').toBe(true);
  });

  it('accepts crd.projectcalico.org/v1 BGPPeers', () => {
    const r = only(peerWithPassword({ peerIp: '10.0.0.2', asNumber: 1, password: PW, apiVersion: 'crd.projectcalico.org/v1' }));
    expect(r.password === PW, 'resolved').toBe(true);
  });

  it('fails open when the RoleBinding is missing', () => expectFailOpen(withoutKind(base(), 'RoleBinding'), /not allowed to list\/watch/));
  it('fails open when the Role is missing', () => expectFailOpen(withoutKind(base(), 'Role'), /not allowed/));
  it('fails open when the Secret has no namespace', () =>
    expectFailOpen(patch(base(), 'Secret', (s) => { delete s.metadata!.namespace; }), /not found in namespace "calico-system"/));
  it('fails open when everything sits in kube-system but calico-node runs in calico-system', () =>
    expectFailOpen(peerWithPassword({ peerIp: '10.0.0.2', asNumber: 1, password: PW, install: KUBE_SYSTEM }), /not allowed/));
  it('resolves for a kube-system install', () => {
    const r = only(peerWithPassword({ peerIp: '10.0.0.2', asNumber: 1, password: PW, install: KUBE_SYSTEM }), KUBE_SYSTEM);
    expect(r.password === PW, 'resolved').toBe(true);
  });
  it('fails open when the key is missing', () =>
    expectFailOpen(patch(base(), 'BGPPeer', (p) => { p.spec.password.secretKeyRef.key = 'nope'; }), /does not have key "nope"/));
  it('fails open when the Role lacks watch', () =>
    expectFailOpen(patch(base(), 'Role', (r) => { r.rules[0].verbs = ['get', 'list']; }), /not allowed to watch/));
  it('accepts verbs ["*"]', () => {
    const r = only(patch(base(), 'Role', (x) => { x.rules[0].verbs = ['*']; }));
    expect(r.password === PW && r.warnings.length === 0, 'resolved').toBe(true);
  });
  it('fails open when resourceNames excludes the secret', () =>
    expectFailOpen(patch(base(), 'Role', (r) => { r.rules[0].resourceNames = ['other']; }), /not allowed/));
  it('accepts empty resourceNames', () => {
    const r = only(patch(base(), 'Role', (x) => { delete x.rules[0].resourceNames; }));
    expect(r.password === PW, 'resolved').toBe(true);
  });
  it('fails open when the subject is in another namespace', () =>
    expectFailOpen(patch(base(), 'RoleBinding', (b) => { b.subjects[0].namespace = 'default'; }), /not allowed/));
  it('fails open when roleRef points at a ClusterRole that does not exist', () =>
    expectFailOpen(patch(base(), 'RoleBinding', (b) => { b.roleRef.kind = 'ClusterRole'; }), /not allowed/));
  it('resolves through a RoleBinding to a ClusterRole (its rules apply in the binding\'s namespace)', () => {
    const objs = patch(base(), 'RoleBinding', (b) => { b.roleRef.kind = 'ClusterRole'; });
    const clusterRole = { ...structuredClone(objs.find((o) => o.kind === 'Role')!), kind: 'ClusterRole', metadata: { name: 'calico-bgp-auth-secret-reader' } };
    const r = only([...withoutKind(objs, 'Role'), clusterRole]);
    expect(r.password === PW && r.warnings.length === 0, 'resolved').toBe(true);
  });
  it('resolves a ServiceAccount subject without a namespace in a RoleBinding (it defaults to the binding\'s)', () => {
    const r = only(patch(base(), 'RoleBinding', (b) => { delete b.subjects[0].namespace; }));
    expect(r.password === PW && r.warnings.length === 0, 'resolved').toBe(true);
  });
  it('resolves through a ClusterRoleBinding to a ClusterRole, but not with a ServiceAccount subject lacking its namespace', () => {
    const role = base().find((o) => o.kind === 'Role')!;
    const clusterRole = { ...structuredClone(role), kind: 'ClusterRole', metadata: { name: 'reader' } };
    const crb = (subject: any) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' }, subjects: [subject],
    });
    const rest = withoutKind(withoutKind(base(), 'Role'), 'RoleBinding');
    const ok = only([...rest, clusterRole, crb({ kind: 'ServiceAccount', name: 'calico-node', namespace: 'calico-system' })]);
    expect(ok.password === PW, 'resolved').toBe(true);
    expectFailOpen([...rest, clusterRole, crb({ kind: 'ServiceAccount', name: 'calico-node' })], /not allowed/);
  });
  it('resolves for the ServiceAccount as a User or through its groups', () => {
    for (const subject of [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccount:calico-system:calico-node' },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts:calico-system' },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts' },
    ]) {
      const r = only(patch(base(), 'RoleBinding', (b) => { b.subjects = [subject]; }));
      expect(r.password === PW, subject.name).toBe(true);
    }
    expectFailOpen(patch(base(), 'RoleBinding', (b) => { b.subjects = [{ kind: 'User', name: 'system:serviceaccount:kube-system:calico-node' }]; }), /not allowed/);
  });
  it('fails open when the rule is for another API group', () =>
    expectFailOpen(patch(base(), 'Role', (r) => { r.rules[0].apiGroups = ['apps']; }), /not allowed/));

  it('reports peers without a password reference with no password and no warning', () => {
    const r = only([{ apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'p' }, spec: { peerIP: '10.0.0.9', asNumber: 1 } }]);
    expect(r).toMatchObject({ peerName: 'p', password: undefined, warnings: [] });
  });

  it('resolves the node-to-node mesh password of BGPConfiguration default', () => {
    const r = only(meshWithPassword(PW));
    expect(r.source).toBe('BGPConfiguration');
    expect(r.password === PW, 'resolved').toBe(true);
  });

  it('ignores the mesh password when the mesh is disabled or the configuration is not "default"', () => {
    const disabled = patch(meshWithPassword(PW), 'BGPConfiguration', (c) => { c.spec.nodeToNodeMeshEnabled = false; });
    const other = patch(meshWithPassword(PW), 'BGPConfiguration', (c) => { c.metadata!.name = 'node.n1'; });
    expect(resolvePasswords(disabled, CALICO_SYSTEM)).toEqual([]);
    expect(resolvePasswords(other, CALICO_SYSTEM)).toEqual([]);
  });

  it('warns in confd style for an unreadable mesh password', () => {
    const r = only(withoutKind(meshWithPassword(PW), 'RoleBinding'));
    expect(r.password === undefined, 'dropped').toBe(true);
    expect(r.warnings[0]).toMatch(/^Can't read password referenced by BGP Configuration default in secret bgp-mesh-password:password: /);
    expect(r.warnings[0].includes(PW), 'no password in warning').toBe(false);
  });

  it('rejects a Secret that is not v1', () => {
    const objs = [{ ...secretObject('calico-system', 'bgp-password', 'password', PW), apiVersion: 'v2' }, ...base().slice(1)];
    expectFailOpen(objs, /not found/);
  });
});

describe('confd rendering (BIRD 1.x)', () => {
  const peer = (password?: string) => renderCalicoNodeBirdConfig({ nodeIp: '10.0.0.1', asNumber: 64512, peers: [{ ip: '10.0.0.2', asNumber: 65001, password }] });
  it('inserts the password raw, with no escaping, inside the peer\'s protocol', () => {
    const cfg = peer('a"b\\c').files['bird.cfg'];
    expect(cfg).toContain('  password "a"b\\c";');
    expect(cfg).toMatch(/protocol bgp Global_10_0_0_2 from bgp_template \{\n {2}neighbor 10\.0\.0\.2 as 65001;/);
  });
  it('omits the password line for undefined or empty passwords', () => {
    for (const password of [undefined, '']) expect(peer(password).files['bird.cfg']).not.toContain('password');
  });
  it('writes upstream\'s template timers and no BIRD 2 channel', () => {
    const cfg = peer('x').files['bird.cfg'];
    expect(cfg).toContain('  connect delay time 2;\n  connect retry time 5;\n  error wait time 5,30;');
    expect(cfg).not.toMatch(/ipv4 \{/);
    expect(cfg).toContain('include "bird_aggr.cfg";');
  });
  it('names protocols and picks the passive side like Calico; graceful restart time only with nodeMeshMaxRestartTime', () => {
    expect(calicoProtocolName('Global', '10.0.0.2')).toBe('Global_10_0_0_2');
    expect(calicoProtocolName('Node', '10.0.0.2', 1790)).toBe('Node_10_0_0_2_port_1790');
    expect(meshPassive('10.0.0.5', '10.0.0.10')).toBe(false); // string comparison, as in Calico
    const cfg = renderCalicoNodeBirdConfig({ nodeIp: '10.0.0.1', asNumber: 1, meshNodes: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] }).files['bird.cfg'];
    expect(cfg).toContain('protocol bgp Mesh_10_0_0_2 from bgp_template {');
    expect(cfg).not.toContain('Mesh_10_0_0_1 ');
    expect(cfg).toContain('passive on;');
    expect(cfg).not.toContain('graceful restart time');
  });
  it('renders a peer block field by field', () => {
    const block = renderPeerBlock({
      name: 'Node_10_0_0_9_port_1790', ip: '10.0.0.9', port: '1790', asNumber: '64512', localAsNumber: '64513', type: 'node', ttlSecurity: '2',
      importFilter: '', exportFilter: '', passive: true, gracefulRestart: '10', keepaliveTime: '5', routeReflector: true, rrClusterId: '1.2.3.4',
      password: 'pw', nextHopKeep: true, nextHopSelf: false, numAllowLocalAs: '1', source: 'x',
    });
    expect(block.split('\n')).toEqual([
      'protocol bgp Node_10_0_0_9_port_1790 from bgp_template {', '  local as 64513;', '  neighbor 10.0.0.9 port 1790 as 64512;',
      '  ttl security on;', '  multihop 2;',
      '  import all;        # Import all routes, since we don\'t know what the upstream', '                     # topology is and therefore have to trust the ToR/RR.',
      '  export all;', '  passive on;', '  graceful restart time 10;', '  keepalive time 5;', '  rr client;', '  rr cluster id 1.2.3.4;',
      '  password "pw";', '  next hop keep;', '  allow local as 1;', '}',
    ]);
  });
});

describe('confd processing', () => {
  const node = (
    name: string,
    ip: string,
    extra: Record<string, unknown> = {},
    labels?: Record<string, string>,
  ): K8sObject => ({
    apiVersion: 'projectcalico.org/v3',
    kind: 'Node',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { bgp: { ipv4Address: `${ip}/24`, ...extra } },
  });
  const bgpPeer = (name: string, spec: Record<string, unknown>): K8sObject => ({ apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name }, spec });
  const noSecrets = () => ({ ok: false as const, reason: 'none' });
  const render = (objects: K8sObject[], nodeName = 'n1') => confdBgpConfig({ objects, nodeName, ipVersion: 4, secrets: noSecrets });

  it('names nodeSelector and node peers Node_, global peers Global_, and follows sourceAddress: None and ttlSecurity', () => {
    const c = render([
      node('n1', '10.1.0.1', {}, { rack: 'a' }), node('n2', '10.1.0.2', {}, { rack: 'b' }),
      bgpPeer('sel', { nodeSelector: "rack == 'a'", peerIP: '10.9.0.1', asNumber: 65001 }),
      bgpPeer('other-rack', { nodeSelector: "rack == 'b'", peerIP: '10.9.0.3', asNumber: 65001 }),
      bgpPeer('glob', { peerIP: '10.9.0.2:1790', asNumber: 65002, sourceAddress: 'None', ttlSecurity: 1, localASNumber: 64999 }),
    ]);
    // the mesh is on by default: n2 is a Mesh_ peer too
    expect(c.peers.map((p) => p.name)).toEqual(['Global_10_9_0_2_port_1790', 'Mesh_10_1_0_2', 'Node_10_9_0_1']);
    const g = c.peers[0];
    expect([g.sourceAddr, g.ttlSecurity, g.localAsNumber, g.port]).toEqual([undefined, '1', '64999', '1790']);
    expect(c.peers[2].sourceAddr).toBe('10.1.0.1');
  });

  it('makes a route reflector skip the mesh and treat iBGP peers as rr clients; nodes skip meshing with it', () => {
    const objects = [
      node('rr', '10.1.0.1', { routeReflectorClusterID: '224.0.0.1' }, { rr: 'true' }), node('n2', '10.1.0.2'), node('n3', '10.1.0.3'),
      bgpPeer('to-rr', { nodeSelector: '!has(rr)', peerSelector: 'has(rr)' }),
    ];
    const rr = render(objects, 'rr');
    expect(rr.peers.map((p) => [p.name, p.routeReflector, p.rrClusterId])).toEqual([['Node_10_1_0_2', true, '224.0.0.1'], ['Node_10_1_0_3', true, '224.0.0.1']]);
    const n2 = render(objects, 'n2');
    expect(n2.peers.map((p) => p.name)).toEqual(['Mesh_10_1_0_3', 'Node_10_1_0_1']);
    expect(n2.peers[0].passive).toBe(true);
  });

  it('renders graceful restart time on mesh peers only with nodeMeshMaxRestartTime, and the mesh password for Mesh_ peers only', () => {
    const objects = [
      node('n1', '10.1.0.1'), node('n2', '10.1.0.2'),
      { apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { nodeMeshMaxRestartTime: '2m0s', nodeMeshPassword: { secretKeyRef: { name: 's', key: 'k' } } } },
      bgpPeer('tor', { peerIP: '10.9.0.1', asNumber: 65001 }),
    ];
    const c = confdBgpConfig({ objects, nodeName: 'n1', ipVersion: 4, secrets: () => ({ ok: true, value: 'mesh-pw' }) });
    expect(c.peers.map((p) => [p.name, p.gracefulRestart, p.password])).toEqual([['Global_10_9_0_1', undefined, undefined], ['Mesh_10_1_0_2', '120', 'mesh-pw']]);
  });

  it('passive towards a Calico node addressed by peerIP when its address sorts after the node\'s (global peers)', () => {
    const c = render([node('n1', '10.1.0.1'), node('n2', '10.1.0.2'), { apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { nodeToNodeMeshEnabled: false } },
      bgpPeer('p', { peerIP: '10.1.0.2', asNumber: 64512 })]);
    expect(c.peers.map((p) => [p.name, p.passive])).toEqual([['Global_10_1_0_2', true]]);
    // the reverse peering puts n1 on n2 as a Node_ peer, never passive
    expect(render([node('n1', '10.1.0.1'), node('n2', '10.1.0.2'), bgpPeer('p', { peerIP: '10.1.0.2', asNumber: 64512 })], 'n2').peers.map((p) => [p.name, p.passive]))
      .toEqual([['Mesh_10_1_0_1', false], ['Node_10_1_0_1', false]]);
  });

  it('peerSelector peerings are active on both nodes (upstream sets no CalicoNode flag on them, so no passive side)', () => {
    const objects = [
      node('n1', '10.1.0.1', {}, { edge: 'true' }), node('n2', '10.1.0.2', {}, { edge: 'true' }),
      { apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { nodeToNodeMeshEnabled: false } },
      bgpPeer('edges', { peerSelector: 'has(edge)' }),
    ];
    expect(render(objects, 'n1').peers.map((p) => [p.name, p.passive, p.asNumber])).toEqual([['Global_10_1_0_2', false, '64512']]);
    expect(render(objects, 'n2').peers.map((p) => [p.name, p.passive])).toEqual([['Global_10_1_0_1', false]]);
  });

  it('renders an IPv6 peer into bird6.cfg only', () => {
    const objects = [{ ...node('n1', '10.1.0.1'), spec: { bgp: { ipv4Address: '10.1.0.1/24', ipv6Address: 'fd00::1/64' } } }, bgpPeer('v6', { peerIP: 'fd00::9', asNumber: 65001 })];
    expect(render(objects).peers).toEqual([]);
    const v6 = confdBgpConfig({ objects, nodeName: 'n1', ipVersion: 6, secrets: noSecrets });
    expect(v6.peers.map((p) => [p.name, p.sourceAddr])).toEqual([['Global_fd00__9', 'fd00::1']]);
  });
});

describe('support parsers', () => {
  it('parses birdc show protocols all', () => {
    const out = [
      'BIRD 2.0.12 ready.',
      'Name       Proto      Table      State  Since         Info',
      'peer1      BGP        ---        down   12:51:09.487  Error: Kernel MD5 auth failed',
      '  BGP state:          Down',
      '    Neighbor address: 10.9.0.1',
      '    Last error:       Error: Kernel MD5 auth failed',
    ].join('\n');
    expect(parseBirdProtocol('peer1', out)).toEqual({
      name: 'peer1', protocolState: 'down', state: 'Down', info: 'Error: Kernel MD5 auth failed', lastError: 'Error: Kernel MD5 auth failed',
    });
    expect(parseBirdProtocol('peer1', '').state).toBe('Unknown');
  });

  it('finds and redacts passwords in BIRD, FRR and GoBGP config text', () => {
    const peer = { routerId: '10.0.0.2', localAs: 2, localIp: '10.0.0.2', neighborIp: '10.0.0.1', neighborAs: 1, password: PW };
    for (const text of [renderFrrConfig(peer), renderGobgpConfig(peer), renderBirdBgpProtocol({ name: 'x', localAs: 1, neighborIp: '10.0.0.1', neighborAs: 2, password: PW })]) {
      expect(secretsInConfig(text)).toContain(PW);
      expect(redact(text, secretsInConfig(text)).includes(PW), 'redacted').toBe(false);
    }
  });
});
