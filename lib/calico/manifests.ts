import { createHash } from 'node:crypto';
import { CalicoInstall } from './install';
import { parseAsNumber } from './fields';
import { BgpConfigurationSpec, BgpPeerSpec, SecretKeyRef } from './types';

/** Which API the Calico objects are written for. */
export type ApiFlavor = 'projectcalico.org/v3' | 'crd.projectcalico.org/v1';
/** What users write: served by calico-apiserver, calicoctl and (since 3.32) the native v3 CRDs. */
export const DEFAULT_API_FLAVOR: ApiFlavor = 'projectcalico.org/v3';

/** The labels every object the library emits carries. */
export const LIBRARY_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'calico-bgp-auth' };
/** The label that marks a Secret holding BGP passwords (the admission guardrail keys on it). */
export const PASSWORD_SECRET_LABEL = 'calico-bgp-auth/bgp-password';
/** The key a password is stored under unless told otherwise. */
export const DEFAULT_PASSWORD_KEY = 'password';

/** Object metadata, as far as the library writes it. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A plain Kubernetes object. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/** A plain Secret whose values may be strings or engine-specific wrappers (e.g. a Pulumi Output). */
export interface SecretObject<T = string> extends KubeObject {
  readonly type: 'Opaque';
  readonly stringData: Readonly<Record<string, T>>;
}

/**
 * A name derived from parts, kept a DNS-1123 subdomain of at most `max` characters: when too long,
 * it is cut and suffixed with a hash of the full name, so distinct inputs keep distinct names.
 */
export function deriveName(parts: readonly string[], max = 253): string {
  const full = parts.filter((p) => p.length > 0).join('-').toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  if (full.length <= max) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 10);
  return `${full.slice(0, max - 11).replace(/[-.]+$/, '')}-${hash}`;
}

/** The Secret name used for a peer's own password. */
export function peerSecretName(peerName: string): string {
  return deriveName(['bgp-password', peerName]);
}

/** The Role and RoleBinding name for calico-node's access to a Secret. */
export function secretReaderName(secretName: string): string {
  return deriveName(['calico-node-read', secretName]);
}

/** The Secret: type Opaque, `stringData` holding each key's password exactly (no trailing newline). */
export function buildPasswordSecret<T = string>(props: {
  readonly name: string;
  readonly install: CalicoInstall;
  readonly stringData: Readonly<Record<string, T>>;
  readonly labels?: Readonly<Record<string, string>>;
}): SecretObject<T> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: props.name, namespace: props.install.namespace, labels: { ...props.labels, ...LIBRARY_LABELS, [PASSWORD_SECRET_LABEL]: 'true' } },
    type: 'Opaque',
    stringData: { ...props.stringData },
  };
}

/**
 * The Role letting calico-node read exactly the named Secrets: apiGroups `[""]`, resources
 * `[secrets]`, verbs get/list/watch. confd lists and watches each Secret by name with a field
 * selector, which `resourceNames` scoping allows, and never calls `get`; `get` stays because Calico's
 * documented recipe grants it.
 */
export function buildSecretReaderRole(props: {
  readonly name: string;
  readonly install: CalicoInstall;
  readonly secretNames: readonly string[];
}): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: props.name, namespace: props.install.namespace, labels: { ...LIBRARY_LABELS } },
    rules: [
      {
        apiGroups: [''],
        resources: ['secrets'],
        resourceNames: [...new Set(props.secretNames)].sort(),
        verbs: ['get', 'list', 'watch'],
      },
    ],
  };
}

/** The RoleBinding granting the Role to calico-node's ServiceAccount, namespace set explicitly. */
export function buildSecretReaderRoleBinding(props: {
  readonly name: string;
  readonly install: CalicoInstall;
  readonly roleName: string;
}): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: props.name, namespace: props.install.namespace, labels: { ...LIBRARY_LABELS } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.roleName },
    subjects: [{ kind: 'ServiceAccount', name: props.install.serviceAccount, namespace: props.install.namespace }],
  };
}

function compact<T extends object>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The spec as Calico stores it: AS numbers as integers, unset fields dropped. */
export function normalizePeerSpec(spec: BgpPeerSpec): Record<string, unknown> {
  return compact({
    ...spec,
    asNumber: spec.asNumber === undefined ? undefined : parseAsNumber(spec.asNumber),
    localASNumber: spec.localASNumber === undefined ? undefined : parseAsNumber(spec.localASNumber),
    filters: spec.filters ? [...spec.filters] : undefined,
  });
}

/** The cluster-scoped BGPPeer (no namespace), its password read from `secretKeyRef`. */
export function buildBgpPeer(props: {
  readonly name: string;
  readonly spec: BgpPeerSpec;
  readonly secretKeyRef: SecretKeyRef;
  readonly apiFlavor?: ApiFlavor;
}): KubeObject {
  const password = { secretKeyRef: { name: props.secretKeyRef.name, key: props.secretKeyRef.key } };
  const spec = { ...normalizePeerSpec(props.spec), password };
  return {
    apiVersion: props.apiFlavor ?? DEFAULT_API_FLAVOR,
    kind: 'BGPPeer',
    metadata: { name: props.name, labels: { ...LIBRARY_LABELS } },
    spec,
  };
}

/** The cluster-scoped BGPConfiguration; with `meshPasswordRef`, `spec.nodeMeshPassword.secretKeyRef`. */
export function buildBgpConfiguration(props: {
  readonly name: string;
  readonly spec: BgpConfigurationSpec;
  readonly meshPasswordRef?: SecretKeyRef;
  readonly apiFlavor?: ApiFlavor;
}): KubeObject {
  const spec = compact({
    ...props.spec,
    asNumber: props.spec.asNumber === undefined ? undefined : parseAsNumber(props.spec.asNumber),
  });
  if (props.meshPasswordRef) {
    spec.nodeMeshPassword = { secretKeyRef: { name: props.meshPasswordRef.name, key: props.meshPasswordRef.key } };
  }
  return {
    apiVersion: props.apiFlavor ?? DEFAULT_API_FLAVOR,
    kind: 'BGPConfiguration',
    metadata: { name: props.name, labels: { ...LIBRARY_LABELS } },
    spec,
  };
}

/**
 * What no two objects may share: API group, kind, namespace and name (applying both, the later
 * would overwrite the earlier). `projectcalico.org/v3` objects are stored as
 * `crd.projectcalico.org/v1`: one object, two spellings, one identity.
 */
export function objectIdentity(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  const group = apiVersion.split('/')[0].replace(/^crd\.projectcalico\.org$/, 'projectcalico.org');
  return `${group}|${kind}|${namespace ?? ''}|${name}`;
}

/** Problems for objects sharing kind, namespace and name (a later one would overwrite an earlier one). */
export function findNameCollisions(
  objects: readonly KubeObject[],
): Array<{ kind: string; namespace?: string; name: string }> {
  const seen = new Set<string>();
  const dups: Array<{ kind: string; namespace?: string; name: string }> = [];
  for (const o of objects) {
    const id = objectIdentity(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name);
    if (seen.has(id)) dups.push({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });
    seen.add(id);
  }
  return dups;
}
