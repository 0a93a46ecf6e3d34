/**
 * Hand-written Kubernetes objects for the calico-node emulator, shaped like what the library
 * will emit: a Secret, a Role + RoleBinding letting calico-node list/watch it, and a BGPPeer
 * (or the default BGPConfiguration) referencing it.
 */
import { randomBytes } from 'node:crypto';
import type { CalicoInstall, K8sObject } from './calico-node';

export const CALICO_SYSTEM: CalicoInstall = { namespace: 'calico-system', serviceAccount: 'calico-node' };

/** A random printable password without spaces or quotes, `n` bytes long. */
export function randomPassword(n = 24): string {
  let s = '';
  while (s.length < n) s += randomBytes(n).toString('base64').replace(/[^A-Za-z0-9]/g, '');
  return s.slice(0, n);
}

export interface PeerFixtureOptions {
  install?: CalicoInstall;
  peerName?: string;
  peerIp: string;
  asNumber: number;
  secretName?: string;
  key?: string;
  /** Put into stringData (default) or base64 data. */
  password: string;
  encoding?: 'stringData' | 'data';
  apiVersion?: 'projectcalico.org/v3' | 'crd.projectcalico.org/v1';
}

export function secretObject(ns: string | undefined, name: string, key: string, value: string, encoding: 'stringData' | 'data' = 'stringData'): K8sObject {
  const body = encoding === 'data' ? { data: { [key]: Buffer.from(value, 'utf8').toString('base64') } } : { stringData: { [key]: value } };
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, ...(ns ? { namespace: ns } : {}) }, type: 'Opaque', ...body };
}

export function secretReaderRbac(install: CalicoInstall, secretNames: string[], roleName = 'calico-bgp-auth-secret-reader'): [K8sObject, K8sObject] {
  const role: K8sObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role',
    metadata: { name: roleName, namespace: install.namespace },
    rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: secretNames, verbs: ['watch', 'list', 'get'] }],
  };
  const binding: K8sObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
    metadata: { name: roleName, namespace: install.namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects: [{ kind: 'ServiceAccount', name: install.serviceAccount, namespace: install.namespace }],
  };
  return [role, binding];
}

/** Secret + Role + RoleBinding + BGPPeer, in that order. */
export function peerWithPassword(o: PeerFixtureOptions): K8sObject[] {
  const install = o.install ?? CALICO_SYSTEM;
  const secretName = o.secretName ?? 'bgp-password';
  const key = o.key ?? 'password';
  const peer: K8sObject = {
    apiVersion: o.apiVersion ?? 'projectcalico.org/v3', kind: 'BGPPeer',
    metadata: { name: o.peerName ?? 'tor-router' },
    spec: { peerIP: o.peerIp, asNumber: o.asNumber, password: { secretKeyRef: { name: secretName, key } } },
  };
  return [
    secretObject(install.namespace, secretName, key, o.password, o.encoding),
    ...secretReaderRbac(install, [secretName]),
    peer,
  ];
}

/** Secret + Role + RoleBinding + BGPConfiguration default with nodeMeshPassword. */
export function meshWithPassword(password: string, install: CalicoInstall = CALICO_SYSTEM, secretName = 'bgp-mesh-password'): K8sObject[] {
  const config: K8sObject = {
    apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' },
    spec: { nodeToNodeMeshEnabled: true, asNumber: 64512, nodeMeshPassword: { secretKeyRef: { name: secretName, key: 'password' } } },
  };
  return [secretObject(install.namespace, secretName, 'password', password), ...secretReaderRbac(install, [secretName], 'calico-bgp-auth-mesh-reader'), config];
}

export const withoutKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind !== kind);
