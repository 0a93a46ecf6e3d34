import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  buildMeshPasswordPlan,
  buildPasswordSecret,
  planSecuredBgpPeer,
  planSharedSecretAccess,
  resolveInstall,
} from '../support/core';
import { Finding, auditObjects } from '../../lib/audit';

const NS = 'calico-system';

const secret = (name = 'bgp-secrets', namespace = NS, stringData: Record<string, string> = { password: 'Zq8-vL2.mN4+pR7=' }) => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque', stringData,
});
const peer = (name = 'rack1-tor', ref: { name: string; key: string } | null = { name: 'bgp-secrets', key: 'password' }) => ({
  apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name },
  spec: { peerIP: '192.0.2.1', asNumber: 64512, ...(ref ? { password: { secretKeyRef: ref } } : {}) },
});
const role = (rule: Record<string, unknown>, name = 'reader', namespace = NS) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules: [{ apiGroups: [''], resources: ['secrets'], ...rule }],
});
const clusterRole = (rule: Record<string, unknown>, name = 'reader') => ({ ...role(rule, name), kind: 'ClusterRole', metadata: { name } });
const roleBinding = (subject: Record<string, unknown>, roleRef: { kind: string; name: string } = { kind: 'Role', name: 'reader' }, namespace = NS) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reader', namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects: [subject],
});
const calicoNode = { kind: 'ServiceAccount', name: 'calico-node', namespace: NS };
const BY_NAME = { resourceNames: ['bgp-secrets'], verbs: ['get', 'list', 'watch'] };

const rules = (findings: readonly Finding[]) => findings.map((f) => `${f.rule} ${f.kind}/${f.name}`).sort();

describe('RBAC as the API server reads it', () => {
  it.each([
    ['a ServiceAccount subject without namespace in a RoleBinding (the binding\'s namespace)', [role(BY_NAME), roleBinding({ kind: 'ServiceAccount', name: 'calico-node' })]],
    ['the group of every ServiceAccount in the namespace', [role(BY_NAME), roleBinding({ kind: 'Group', name: 'system:serviceaccounts:calico-system' })]],
    ['the ServiceAccount as a User name', [role(BY_NAME), roleBinding({ kind: 'User', name: 'system:serviceaccount:calico-system:calico-node' })]],
    ['a RoleBinding to a ClusterRole that names the Secret', [clusterRole(BY_NAME), roleBinding(calicoNode, { kind: 'ClusterRole', name: 'reader' })]],
    ['list and watch from two rules, verbs in any order', [
      { ...role({}), rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['bgp-secrets'], verbs: ['watch'] }, { apiGroups: ['*'], resources: ['*'], resourceNames: ['bgp-secrets'], verbs: ['list'] }] },
      roleBinding(calicoNode),
    ]],
  ])('grants access through %s', (_what, rbac) => {
    // GIVEN a peer, its Secret and RBAC granted in that form
    // WHEN auditing THEN calico-node counts as able to read the Secret
    expect(rules(auditObjects([secret(), peer(), ...rbac]).findings)).toEqual([]);
  });

  it.each([
    ['a RoleBinding in another namespace', [role(BY_NAME, 'reader', 'default'), roleBinding(calicoNode, undefined, 'default')], 'list and watch'],
    ['a grant of get only', [role({ resourceNames: ['bgp-secrets'], verbs: ['get'] }), roleBinding(calicoNode)], 'list and watch'],
    ['a grant of list without watch', [role({ resourceNames: ['bgp-secrets'], verbs: ['get', 'list'] }), roleBinding(calicoNode)], 'watch'],
    ['a grant naming another Secret', [role({ resourceNames: ['other'], verbs: ['list', 'watch'] }), roleBinding(calicoNode)], 'list and watch'],
    ['a binding to another ServiceAccount', [role(BY_NAME), roleBinding({ ...calicoNode, name: 'calico-kube-controllers' })], 'list and watch'],
    ['a RoleBinding whose Role is not among the inputs', [roleBinding(calicoNode)], 'list and watch'],
  ])('does not count %s', (_what, rbac, missing) => {
    const findings = auditObjects([secret(), peer(), ...rbac]).findings;
    expect(rules(findings)).toEqual(['rbac.missing BGPPeer/rack1-tor']);
    expect(findings[0].message).toContain(`lacks ${missing} on Secret 'calico-system/bgp-secrets'`);
  });

  it('warns when a RoleBinding hands calico-node a ClusterRole over every Secret, on the RoleBinding', () => {
    const findings = auditObjects([secret(), peer(), clusterRole({ verbs: ['list', 'watch'] }, 'view-secrets'),
      roleBinding(calicoNode, { kind: 'ClusterRole', name: 'view-secrets' })]).findings;
    expect(rules(findings)).toEqual(['rbac.all-secrets RoleBinding/reader']);
  });

  it('ignores a ClusterRoleBinding that names a Role (the API server refuses it)', () => {
    const binding = { ...roleBinding(calicoNode), kind: 'ClusterRoleBinding', metadata: { name: 'bad' } };
    expect(rules(auditObjects([secret(), peer(), role(BY_NAME), binding]).findings)).toEqual(['rbac.missing BGPPeer/rack1-tor']);
  });
});

describe('where the Secret comes from', () => {
  const externalSecret = (spec: Record<string, unknown>) => ({
    apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'bgp-secrets', namespace: NS }, spec,
  });

  it('accepts a Secret an ExternalSecret produces, with the key in spec.data', () => {
    const es = externalSecret({ target: { name: 'bgp-secrets' }, data: [{ secretKey: 'password', remoteRef: { key: 'bgp/rack1' } }] });
    expect(rules(auditObjects([es, peer(), role(BY_NAME), roleBinding(calicoNode)]).findings)).toEqual([]);
  });

  it('reports a key the ExternalSecret does not produce', () => {
    const es = externalSecret({ data: [{ secretKey: 'other', remoteRef: { key: 'bgp/rack1' } }] });
    expect(rules(auditObjects([es, peer(), role(BY_NAME), roleBinding(calicoNode)]).findings)).toEqual(['secret.key-missing BGPPeer/rack1-tor']);
  });

  it('accepts any key from an ExternalSecret with dataFrom (a generator decides the keys)', () => {
    const es = externalSecret({ dataFrom: [{ sourceRef: { generatorRef: { kind: 'Password', name: 'bgp' } } }] });
    expect(rules(auditObjects([es, peer(), role(BY_NAME), roleBinding(calicoNode)]).findings)).toEqual([]);
  });

  it('follows a custom install: namespace and ServiceAccount', () => {
    const install = { namespace: 'networking', serviceAccount: 'bird' };
    const objects = [secret('bgp-secrets', 'networking'), peer(), role(BY_NAME, 'reader', 'networking'),
      roleBinding({ kind: 'ServiceAccount', name: 'bird', namespace: 'networking' }, undefined, 'networking')];
    expect(auditObjects(objects, { install }).findings).toEqual([]);
    expect(rules(auditObjects(objects).findings)).toEqual(['rbac.missing BGPPeer/rack1-tor',
      'secret.wrong-namespace BGPPeer/rack1-tor']);
  });

  it('lets stringData override data for the same key, as the API server merges them', () => {
    const s = { ...secret(), data: { password: Buffer.from('bad"value').toString('base64') }, stringData: { password: 'Zq8-vL2.mN4+pR7=' } };
    expect(auditObjects([s, peer(), role(BY_NAME), roleBinding(calicoNode)]).findings).toEqual([]);
  });
});

describe('input shapes', () => {
  it('reads kubectl List output and skips what is not a Kubernetes object', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [peer('a', null), 'text', null, { kind: 'NoName' }] };
    const report = auditObjects([list, 42]);
    expect(report.objectCount).toBe(1);
    expect(rules(report.findings)).toEqual(['peer.no-password BGPPeer/a']);
  });

  it('reports a password without a usable secretKeyRef as no password', () => {
    const p = { ...peer(), spec: { peerIP: '192.0.2.1', asNumber: 64512, password: { secretKeyRef: { name: 'x' } } } };
    const findings = auditObjects([p]).findings;
    expect(rules(findings)).toEqual(['peer.no-password BGPPeer/rack1-tor']);
    expect(findings[0].message).toContain('has no secretKeyRef with both a name and a key');
  });

  it('passes Calico spec rules of the core through, as errors when the targeted release refuses the object', () => {
    const p = { ...peer('bad', null), spec: { peerIP: '300.1.1.1', asNumber: 64512, password: { secretKeyRef: { name: 'bgp-secrets', key: 'password' } } } };
    const findings = auditObjects([secret(), p, role(BY_NAME), roleBinding(calicoNode)]).findings;
    expect(findings).toEqual([expect.objectContaining({
      severity: 'error', rule: 'calico.peer-ip', message: expect.stringMatching(/300\.1\.1\.1.*calicoctl and calico-apiserver refuse this object\.$/),
    })]);
  });

  it('weighs a CRD-only rule by the targeted release: an error where its CRD refuses the object, a warning before', () => {
    // GIVEN a peer whose nodeSelector is 2,000 characters long (release-v3.33's CRD: maxLength 1024; 3.32.1's: 4096)
    const p = {
      ...peer('long', null), spec: {
        peerIP: '192.0.2.1', asNumber: 64512, nodeSelector: `rack == '${'r'.repeat(1988)}'`,
        password: { secretKeyRef: { name: 'bgp-secrets', key: 'password' } },
      },
    };
    const at = (calicoVersion: string) =>
      auditObjects([secret(), p, role(BY_NAME), roleBinding(calicoNode)], { calicoVersion }).findings;
    // THEN at 3.33 the apply fails: an error; at 3.32 only the library's limit objects: a warning saying from when
    // Calico refuses it
    expect(at('3.33')).toEqual([expect.objectContaining({
      severity: 'error', rule: 'calico.selector-length',
      message: expect.stringContaining('Calico 3.33\'s CRD refuses this object: the apply fails.'),
    })]);
    expect(at('3.32')).toEqual([expect.objectContaining({
      severity: 'warning', rule: 'calico.selector-length',
      message: expect.stringContaining('Calico 3.32 does not refuse it yet (its CRD has this rule from 3.33).'),
    })]);
  });

  it('reports keepOriginalNextHop: true with nextHopMode as an error at every release that has nextHopMode', () => {
    const p = {
      ...peer('nh', null), spec: {
        peerIP: '192.0.2.1', asNumber: 64512, keepOriginalNextHop: true, nextHopMode: 'Self',
        password: { secretKeyRef: { name: 'bgp-secrets', key: 'password' } },
      },
    };
    for (const calicoVersion of ['3.31', '3.32', '3.33']) {
      expect(auditObjects([secret(), p, role(BY_NAME), roleBinding(calicoNode)], { calicoVersion }).findings)
        .toEqual([expect.objectContaining({ severity: 'error', rule: 'calico.next-hop-exclusive' })]);
    }
  });

  it('refuses an ignoredInterfaces entry that would inject configuration into bird.cfg', () => {
    const config = {
      apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' },
      spec: { nodeToNodeMeshEnabled: false, ignoredInterfaces: ['eth0"; protocol static evil {'] },
    };
    expect(auditObjects([config]).findings).toEqual([expect.objectContaining({
      severity: 'error', rule: 'calico.ignored-interface',
      message: expect.stringContaining('\'spec.ignoredInterfaces[0]\' ("eth0\\"; protocol static evil {") must be an interface name'),
    })]);
  });

  it('does not fault keepOriginalNextHop: false with nextHopMode, which Calico accepts', () => {
    const p = {
      ...peer('nh', null), spec: {
        peerIP: '192.0.2.1', asNumber: 64512, keepOriginalNextHop: false, nextHopMode: 'Self',
        password: { secretKeyRef: { name: 'bgp-secrets', key: 'password' } },
      },
    };
    expect(auditObjects([secret(), p, role(BY_NAME), roleBinding(calicoNode)], { calicoVersion: '3.33' }).findings).toEqual([]);
  });

  it.each(['bgp-edge=true', 'rack = \'r1\'', 'rack == r1', 'rack == \'r1\' &&'])('refuses the selector %s, naming the field', (selector) => {
    const p = {
      ...peer('sel', null), spec: {
        peerIP: '192.0.2.1', asNumber: 64512, nodeSelector: selector,
        password: { secretKeyRef: { name: 'bgp-secrets', key: 'password' } },
      },
    };
    const findings = auditObjects([secret(), p, role(BY_NAME), roleBinding(calicoNode)]).findings;
    expect(findings).toEqual([expect.objectContaining({
      severity: 'error', rule: 'calico.selector',
      message: expect.stringContaining(`'spec.nodeSelector' (${JSON.stringify(selector)}) is not a valid Calico selector`),
    })]);
  });

  it('refuses an unknown calicoVersion before reading anything', () => {
    expect(() => auditObjects([], { calicoVersion: '2.0' })).toThrow(ValidationError);
  });
});

describe('what the core builds audits clean', () => {
  it.each(['operator', 'manifest'] as const)('a secured peer and the mesh password for a %s install', (flavor) => {
    // GIVEN the objects the core's plans emit (what every construct is built from)
    const install = resolveInstall(flavor);
    const peerPlan = planSecuredBgpPeer({ name: 'rack1-tor', spec: { peerIP: '192.0.2.1', asNumber: 64512 }, install });
    const meshPlan = buildMeshPasswordPlan({ install });
    const shared = planSharedSecretAccess({ secretName: 'shared-bgp', install });
    const objects = [
      buildPasswordSecret({ name: peerPlan.secretKeyRef.name, install, stringData: { [peerPlan.secretKeyRef.key]: 'Zq8-vL2.mN4+pR7=' } }),
      peerPlan.role, peerPlan.roleBinding, peerPlan.calicoObject,
      buildPasswordSecret({ name: meshPlan.secretKeyRef.name, install, stringData: { password: 'Ab3:dE6=gH9@jK2%' } }),
      meshPlan.role, meshPlan.roleBinding, meshPlan.calicoObject,
      buildPasswordSecret({ name: 'shared-bgp', install, stringData: { password: 'Mn5,pQ8_rS1.tU4+' } }), shared.role, shared.roleBinding,
    ];
    // WHEN auditing them for the same install THEN nothing is found
    expect(auditObjects(objects, { install: flavor }).findings).toEqual([]);
  });
});
