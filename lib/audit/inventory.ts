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
 * keeps only objects with a string `kind`, `apiVersion` and `metadata.name` (or `metadata.generateName`:
 * `kubectl create` makes such an object under a random name, audited as `<generateName>*`).
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
    const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name
      : typeof meta.generateName === 'string' && meta.generateName !== '' ? `${meta.generateName}*` : undefined;
    if (typeof value.kind !== 'string' || typeof value.apiVersion !== 'string' || name === undefined) return;
    out.push({
      apiVersion: value.apiVersion,
      kind: value.kind,
      name,
      ...(typeof meta.namespace === 'string' && meta.namespace !== '' ? { namespace: meta.namespace } : {}),
      raw: value,
      ...(source !== undefined ? { source } : {}),
    });
  };
  for (const d of docs) visit(d.object, d.source);
  return out;
}

// Kinds without a namespace: `metadata.namespace` on them is ignored by the API server.
const CLUSTER_SCOPED = new Set(['BGPPeer', 'BGPConfiguration', 'ClusterRole', 'ClusterRoleBinding', 'Namespace', 'CustomResourceDefinition',
  'ClusterSecretStore', 'ClusterExternalSecret', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);

/** An object defined more than once among the inputs: `kubectl apply` leaves the last definition. */
export interface DuplicateObject {
  /** The definition that wins (the last). */
  readonly kept: AuditedObject;
  /** An earlier definition it replaces. */
  readonly replaced: AuditedObject;
}

/**
 * The objects as `kubectl apply` leaves them: one per API group, kind, namespace and name, the last
 * definition winning (objects named by `generateName` are all distinct). Returns them in apply
 * order, with the definitions replaced.
 */
export function latestObjects(objects: readonly AuditedObject[]): {
  objects: AuditedObject[];
  duplicates: DuplicateObject[];
} {
  const byId = new Map<string, AuditedObject>();
  const replaced: Array<{ id: string; replaced: AuditedObject }> = [];
  let generated = 0;
  for (const o of objects) {
    const name = record(o.raw.metadata).name;
    const namespace = CLUSTER_SCOPED.has(o.kind) ? '' : (o.namespace ?? '');
    // Calico's two groups store one object: a projectcalico.org/v3 BGPPeer is served from the
    // crd.projectcalico.org/v1 one of the same name.
    const group = (CALICO_GROUPS as readonly string[]).includes(apiGroup(o.apiVersion))
      ? CALICO_GROUPS[0]
      : apiGroup(o.apiVersion);
    const id =
      typeof name === 'string' && name !== ''
        ? `${group}\u0000${o.kind}\u0000${namespace}\u0000${o.name}`
        : `\u0001${generated++}`;
    const previous = byId.get(id);
    if (previous) {
      replaced.push({ id, replaced: previous });
      // Deleted first so the map keeps apply order: the object ends where its last definition is.
      byId.delete(id);
    }
    byId.set(id, o);
  }
  return {
    objects: [...byId.values()],
    duplicates: replaced.map((r) => ({ kept: byId.get(r.id)!, replaced: r.replaced })),
  };
}

/** The audited objects, sorted by what the rules look for. */
export class Inventory {
  /** Every object as `kubectl apply` leaves it (the last of duplicate definitions). */
  public readonly all: readonly AuditedObject[];
  /** Definitions replaced by a later one of the same object. */
  public readonly duplicates: readonly DuplicateObject[];
  public readonly peers: AuditedObject[] = [];
  public readonly configurations: AuditedObject[] = [];
  public readonly secrets: AuditedObject[] = [];
  public readonly externalSecrets: AuditedObject[] = [];
  public readonly roles: AuditedObject[] = [];
  public readonly clusterRoles: AuditedObject[] = [];
  public readonly roleBindings: AuditedObject[] = [];
  public readonly clusterRoleBindings: AuditedObject[] = [];
  /** Roles by `namespace/name`, ClusterRoles by name: bindings look their role up by name. */
  private readonly roleIndex = new Map<string, AuditedObject>();
  private readonly clusterRoleIndex = new Map<string, AuditedObject>();

  constructor(objects: readonly AuditedObject[]) {
    const latest = latestObjects(objects);
    this.all = latest.objects;
    this.duplicates = latest.duplicates;
    for (const o of this.all) {
      const group = apiGroup(o.apiVersion);
      if ((CALICO_GROUPS as readonly string[]).includes(group)) {
        if (o.kind === 'BGPPeer') this.peers.push(o);
        if (o.kind === 'BGPConfiguration') this.configurations.push(o);
      } else if (group === '' && o.kind === 'Secret') {
        this.secrets.push(o);
      } else if (group === 'external-secrets.io' && o.kind === 'ExternalSecret') {
        this.externalSecrets.push(o);
      } else if (group === 'rbac.authorization.k8s.io') {
        if (o.kind === 'Role') {
          this.roles.push(o);
          this.roleIndex.set(`${o.namespace ?? ''}/${o.name}`, o);
        }
        if (o.kind === 'ClusterRole') {
          this.clusterRoles.push(o);
          this.clusterRoleIndex.set(o.name, o);
        }
        if (o.kind === 'RoleBinding') this.roleBindings.push(o);
        if (o.kind === 'ClusterRoleBinding') this.clusterRoleBindings.push(o);
      }
    }
  }

  /** The Role `namespace/name` among the inputs. */
  public role(namespace: string | undefined, name: string): AuditedObject | undefined {
    return this.roleIndex.get(`${namespace ?? ''}/${name}`);
  }

  /** The ClusterRole `name` among the inputs. */
  public clusterRole(name: string): AuditedObject | undefined {
    return this.clusterRoleIndex.get(name);
  }
}

/** The Role named `name` in `namespace`, or the ClusterRole named `name`. @internal */
export function findRole(
  inv: Inventory,
  kind: unknown,
  name: unknown,
  namespace: string | undefined,
): AuditedObject | undefined {
  if (typeof name !== 'string') return undefined;
  if (kind === 'Role') return inv.role(namespace, name);
  if (kind === 'ClusterRole') return inv.clusterRole(name);
  return undefined;
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
