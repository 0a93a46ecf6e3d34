/**
 * Checks on `metadata` shared by the CRD and core-object validators, and the helpers both use
 * to word their errors. Neither a CRD's `openAPIV3Schema` (which says only `metadata: {type: object}`)
 * nor kubernetes-models (which checks types only) knows these rules; the API server applies them
 * in `ValidateObjectMeta` (k8s.io/apimachinery/pkg/api/validation/objectmeta.go).
 */

/** Which name rule the API server applies to a kind. */
export type NameRule = 'dns-subdomain' | 'path-segment';

export interface MetadataRules {
  /** Kind, used in messages. */
  readonly kind: string;
  /** Cluster-scoped kinds must not carry `metadata.namespace`. */
  readonly namespaced: boolean;
  /** CRD objects, Secrets: DNS-1123 subdomain. RBAC and admission kinds: any path segment. */
  readonly nameRule: NameRule;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** ObjectMeta fields (k8s.io/apimachinery/pkg/apis/meta/v1 ObjectMeta). Anything else is a typo. */
const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
]);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `spec` + `peerIP` -> `spec.peerIP`; `spec.filters` + 0 -> `spec.filters[0]`. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent ? `${parent}.${key}` : key;
}

/** Worded like the API server's strict field validation: `unknown field "spec.peerIp"`. */
export function unknownField(parent: string, key: string): string {
  return `unknown field "${joinPath(parent, key)}"`;
}

/** `<path>: <message>`, with `(root)` for the object itself. */
export function at(path: string, message: string): string {
  return `${path || '(root)'}: ${message}`;
}

function qualifiedNameErrors(path: string, key: string): string[] {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const errors: string[] = [];
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    errors.push(at(path, `key ${JSON.stringify(key)} has a prefix that is not a DNS-1123 subdomain`));
  }
  if (name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    errors.push(at(path,
      `key ${JSON.stringify(key)} is not a qualified name (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)`));
  }
  return errors;
}

function stringMapErrors(path: string, value: unknown, isLabels: boolean): string[] {
  if (!isPlainObject(value)) return [at(path, 'must be a map of string to string')];
  const errors: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    errors.push(...qualifiedNameErrors(path, k));
    if (typeof v !== 'string') {
      errors.push(at(joinPath(path, k), 'must be a string'));
    } else if (isLabels && v !== '' && (v.length > 63 || !QUALIFIED_NAME_PART.test(v))) {
      errors.push(at(joinPath(path, k),
        `label value ${JSON.stringify(v)} is invalid (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)`));
    }
  }
  return errors;
}

function nameErrors(name: string, rule: NameRule): string[] {
  if (rule === 'dns-subdomain') {
    return name.length <= 253 && DNS_SUBDOMAIN.test(name)
      ? []
      : [at('metadata.name',
        `${JSON.stringify(name)} is not a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', at most 253 characters)`)];
  }
  // ValidatePathSegmentName: used by Role, RoleBinding and the admission policy kinds.
  return name === '.' || name === '..' || /[/%]/.test(name)
    ? [at('metadata.name', `${JSON.stringify(name)} may not be '.' or '..' nor contain '/' or '%'`)]
    : [];
}

/** Minimal ObjectMeta validation: name, namespace vs. scope, labels, annotations, unknown fields. */
export function validateMetadata(obj: Record<string, unknown>, rules: MetadataRules): string[] {
  const meta = obj.metadata;
  if (meta === undefined) return [at('metadata', 'is required (metadata.name must be set)')];
  if (!isPlainObject(meta)) return [at('metadata', 'must be an object')];
  const errors: string[] = [];
  for (const key of Object.keys(meta)) {
    if (!OBJECT_META_FIELDS.has(key)) errors.push(unknownField('metadata', key));
  }
  const { name, generateName, namespace } = meta;
  if (name === undefined || name === '') {
    if (typeof generateName !== 'string' || generateName === '') {
      errors.push(at('metadata.name', 'is required'));
    }
  } else if (typeof name !== 'string') {
    errors.push(at('metadata.name', 'must be a string'));
  } else {
    errors.push(...nameErrors(name, rules.nameRule));
  }
  if (!rules.namespaced && namespace !== undefined) {
    errors.push(at('metadata.namespace', `must not be set: ${rules.kind} is cluster-scoped`));
  } else if (namespace !== undefined && (typeof namespace !== 'string' || namespace.length > 63 || !DNS_LABEL.test(namespace))) {
    errors.push(at('metadata.namespace', `${JSON.stringify(namespace)} is not a DNS-1123 label`));
  }
  if (meta.labels !== undefined) errors.push(...stringMapErrors('metadata.labels', meta.labels, true));
  if (meta.annotations !== undefined) errors.push(...stringMapErrors('metadata.annotations', meta.annotations, false));
  return errors;
}
