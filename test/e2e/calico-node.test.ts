/**
 * The calico-node emulator and the parsers of the e2e support layer, without any daemons.
 * Runs everywhere (no root needed).
 */
import { describe, expect, it } from 'vitest';
import { parseBirdProtocol } from './support/bird';
import {
  calicoProtocolName, meshPassive, renderBirdBgpProtocol, renderCalicoNodeBirdConfig, resolvePasswords,
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
  it('fails open when roleRef points at a ClusterRole', () =>
    expectFailOpen(patch(base(), 'RoleBinding', (b) => { b.roleRef.kind = 'ClusterRole'; }), /not allowed/));
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

describe('BIRD rendering', () => {
  it('inserts the password raw, with no escaping', () => {
    const text = renderBirdBgpProtocol({ name: 'Global_10_0_0_2', localAs: 1, neighborIp: '10.0.0.2', neighborAs: 2, password: 'a"b\\c' });
    expect(text).toContain('  password "a"b\\c";');
    expect(text).toMatch(/ipv4 \{\n {4}gateway recursive;/);
  });
  it('omits the password line for undefined or empty passwords', () => {
    for (const password of [undefined, '']) {
      expect(renderBirdBgpProtocol({ name: 'x', localAs: 1, neighborIp: '10.0.0.2', neighborAs: 2, password })).not.toContain('password');
    }
  });
  it('names protocols and picks the passive side like Calico', () => {
    expect(calicoProtocolName('Global', '10.0.0.2')).toBe('Global_10_0_0_2');
    expect(calicoProtocolName('Node', '10.0.0.2', 1790)).toBe('Node_10_0_0_2_port_1790');
    expect(meshPassive('10.0.0.5', '10.0.0.10')).toBe(false); // string comparison, as in Calico
    const cfg = renderCalicoNodeBirdConfig({ nodeIp: '10.0.0.1', asNumber: 1, meshNodes: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] });
    expect(cfg).toContain('protocol bgp Mesh_10_0_0_2 {');
    expect(cfg).not.toContain('Mesh_10_0_0_1 ');
    expect(cfg).toContain('passive on;');
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
