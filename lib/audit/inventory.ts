import { AuditedObject, ManifestDocument } from './findings';

/** The API groups Calico's BGPPeer and BGPConfiguration are written in. */
export const CALICO_GROUPS = ['projectcalico.org', 'crd.projectcalico.org'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The group of an apiVersion: `''` for the core group (`v1`). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Flattens `kind: List` documents (`kubectl get -o yaml`) and plain arrays into their items, and
 * keeps only objects with a string `kind`, `apiVersion` and `metadata.name`.
 */
export function expandDocuments(docs: readonly ManifestDocument[]): AuditedObject[] {
  const out: AuditedObject[] = [];
  const visit = (value: unknown, source: string | undefined) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, source ? `${source} [${i}]` : undefined));
      return;
    }
    if (!isRecord(value)) return;
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((v, i) => visit(v, source ? `${source} items[${i}]` : undefined));
      return;
    }
    const meta = isRecord(value.metadata) ? value.metadata : {};
    if (typeof value.kind !== 'string' || typeof value.apiVersion !== 'string' || typeof meta.name !== 'string') return;
    out.push({
      apiVersion: value.apiVersion,
      kind: value.kind,
      name: meta.name,
      ...(typeof meta.namespace === 'string' && meta.namespace !== '' ? { namespace: meta.namespace } : {}),
      raw: value,
      ...(source !== undefined ? { source } : {}),
    });
  };
  for (const d of docs) visit(d.object, d.source);
  return out;
}

/** The audited objects, sorted by what the rules look for. */
export class Inventory {
  public readonly all: readonly AuditedObject[];
  public readonly peers: AuditedObject[] = [];
  public readonly configurations: AuditedObject[] = [];
  public readonly secrets: AuditedObject[] = [];
  public readonly externalSecrets: AuditedObject[] = [];
  public readonly roles: AuditedObject[] = [];
  public readonly clusterRoles: AuditedObject[] = [];
  public readonly roleBindings: AuditedObject[] = [];
  public readonly clusterRoleBindings: AuditedObject[] = [];

  constructor(objects: readonly AuditedObject[]) {
    this.all = objects;
    for (const o of objects) {
      const group = apiGroup(o.apiVersion);
      if ((CALICO_GROUPS as readonly string[]).includes(group)) {
        if (o.kind === 'BGPPeer') this.peers.push(o);
        if (o.kind === 'BGPConfiguration') this.configurations.push(o);
      } else if (group === '' && o.kind === 'Secret') {
        this.secrets.push(o);
      } else if (group === 'external-secrets.io' && o.kind === 'ExternalSecret') {
        this.externalSecrets.push(o);
      } else if (group === 'rbac.authorization.k8s.io') {
        if (o.kind === 'Role') this.roles.push(o);
        if (o.kind === 'ClusterRole') this.clusterRoles.push(o);
        if (o.kind === 'RoleBinding') this.roleBindings.push(o);
        if (o.kind === 'ClusterRoleBinding') this.clusterRoleBindings.push(o);
      }
    }
  }
}

/** `obj[path[0]][path[1]]…`, or undefined when any step is missing. @internal */
export function dig(obj: unknown, ...path: string[]): unknown {
  let v: unknown = obj;
  for (const p of path) {
    if (!isRecord(v)) return undefined;
    v = v[p];
  }
  return v;
}

/** `value` when it is a plain object, else an empty one. @internal */
export function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** `value` when it is an array, else an empty one. @internal */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The strings of `value` when it is an array. @internal */
export function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}
