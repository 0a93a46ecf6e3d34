/**
 * What calico-node's ServiceAccount may do with Secrets, read from the RBAC objects among the
 * audit's inputs, the way the API server's RBAC authorizer reads them
 * (`plugin/pkg/auth/authorizer/rbac/rbac.go`, `pkg/apis/rbac/v1/evaluation_helpers.go`).
 *
 * calico-node lists and watches each referenced Secret by name with a `metadata.name` field
 * selector (confd's `secret_watcher.go`), so it needs `list` and `watch` on that name; `get` is
 * harmless.
 */
import { CalicoInstall } from '../calico';
import { AuditedObject } from './findings';
import { Inventory, findRole, list, record, strings } from './inventory';

/** One grant of Secret verbs to calico-node, through one binding. */
export interface SecretGrant {
  /** The verbs granted on Secrets (`*` kept as is). */
  readonly verbs: ReadonlySet<string>;
  /** The Secret names the grant is limited to; undefined: every Secret in scope. */
  readonly resourceNames?: ReadonlySet<string>;
  /** `namespace`: Secrets in calico-node's namespace (RoleBinding); `cluster`: every namespace. */
  readonly scope: 'namespace' | 'cluster';
  /** The RoleBinding or ClusterRoleBinding. */
  readonly binding: AuditedObject;
  /** The Role or ClusterRole it binds. */
  readonly role: AuditedObject;
}

const READ_VERBS = ['get', 'list', 'watch'];

function hasAny(values: string[], wanted: string): boolean {
  return values.includes(wanted) || values.includes('*');
}

/** Whether a binding subject is calico-node's ServiceAccount (directly or through its groups). */
function subjectMatches(subject: unknown, bindingNamespace: string | undefined, install: CalicoInstall): boolean {
  const s = record(subject);
  const name = typeof s.name === 'string' ? s.name : '';
  switch (s.kind) {
    case 'ServiceAccount': {
      // In a RoleBinding an SA subject without namespace is the binding's own namespace.
      const ns = typeof s.namespace === 'string' && s.namespace !== '' ? s.namespace : bindingNamespace;
      return name === install.serviceAccount && ns === install.namespace;
    }
    case 'Group':
      return ['system:serviceaccounts', `system:serviceaccounts:${install.namespace}`, 'system:authenticated'].includes(name);
    case 'User':
      return name === `system:serviceaccount:${install.namespace}:${install.serviceAccount}`;
    default:
      return false;
  }
}

/** The rules of a role that concern Secrets in the core group. */
function secretRules(role: AuditedObject): Array<{ verbs: string[]; resourceNames: string[] }> {
  return list(role.raw.rules)
    .map(record)
    .filter((r) => hasAny(strings(r.apiGroups), '') && hasAny(strings(r.resources), 'secrets'))
    .map((r) => ({ verbs: strings(r.verbs), resourceNames: strings(r.resourceNames) }));
}

/** Every grant of Secret read verbs to calico-node's ServiceAccount among the inputs. */
export function secretGrants(inv: Inventory, install: CalicoInstall): SecretGrant[] {
  const grants: SecretGrant[] = [];
  const bindings: Array<[AuditedObject, 'namespace' | 'cluster']> = [
    ...inv.roleBindings.filter((b) => b.namespace === install.namespace).map((b) => [b, 'namespace'] as [AuditedObject, 'namespace']),
    ...inv.clusterRoleBindings.map((b) => [b, 'cluster'] as [AuditedObject, 'cluster']),
  ];
  for (const [binding, scope] of bindings) {
    if (!list(binding.raw.subjects).some((s) => subjectMatches(s, binding.namespace, install))) continue;
    const ref = record(binding.raw.roleRef);
    // A ClusterRoleBinding can only bind a ClusterRole.
    if (scope === 'cluster' && ref.kind !== 'ClusterRole') continue;
    const role = findRole(inv, ref.kind, ref.name, binding.namespace);
    if (!role) continue;
    for (const r of secretRules(role)) {
      const verbs = new Set(r.verbs.filter((v) => v === '*' || READ_VERBS.includes(v)));
      if (verbs.size === 0) continue;
      grants.push({
        verbs,
        ...(r.resourceNames.length ? { resourceNames: new Set(r.resourceNames) } : {}),
        scope,
        binding,
        role,
      });
    }
  }
  return grants;
}

/** How many unbound Roles a message names before it says how many more there are. */
const LISTED_ROLES = 5;

/**
 * What calico-node may read, indexed by Secret name: each `secretKeyRef` is answered from the
 * grants naming that Secret (and those naming none).
 */
export class SecretAccess {
  /** Every grant, in input order. */
  public readonly grants: readonly SecretGrant[];
  private readonly everySecretVerbs = new Set<string>();
  private readonly verbsByName = new Map<string, Set<string>>();
  private readonly unboundForAll: AuditedObject[] = [];
  private readonly unboundByName = new Map<string, AuditedObject[]>();

  constructor(inv: Inventory, install: CalicoInstall) {
    this.grants = secretGrants(inv, install);
    for (const g of this.grants) {
      if (g.resourceNames === undefined) {
        for (const v of g.verbs) this.everySecretVerbs.add(v);
        continue;
      }
      for (const name of g.resourceNames) {
        const verbs = this.verbsByName.get(name) ?? new Set<string>();
        for (const v of g.verbs) verbs.add(v);
        this.verbsByName.set(name, verbs);
      }
    }
    // Roles in calico-node's namespace that would let it read Secrets but that no binding gives it:
    // the usual half-done recipe, named in the message to help the fix.
    const bound = new Set(this.grants.map((g) => g.role));
    for (const role of inv.roles) {
      if (role.namespace !== install.namespace || bound.has(role)) continue;
      const rules = secretRules(role).filter((r) => hasAny(r.verbs, 'list') || hasAny(r.verbs, 'watch'));
      if (rules.some((r) => r.resourceNames.length === 0)) {
        this.unboundForAll.push(role);
        continue;
      }
      for (const name of new Set(rules.flatMap((r) => r.resourceNames))) {
        const roles = this.unboundByName.get(name) ?? [];
        roles.push(role);
        this.unboundByName.set(name, roles);
      }
    }
  }

  /** The verbs of `needed` that no grant gives on the Secret named `secretName`. */
  public missingVerbs(secretName: string, needed: readonly string[] = ['list', 'watch']): string[] {
    const named = this.verbsByName.get(secretName);
    const has = (verb: string) => [this.everySecretVerbs, named].some((set) => set !== undefined && (set.has(verb) || set.has('*')));
    return needed.filter((verb) => !has(verb));
  }

  /**
   * Roles that would grant list or watch on `secretName` but are not bound to calico-node (at most a few, then a
   * count).
   */
  public unboundReaderRoles(secretName: string): { roles: AuditedObject[]; more: number } {
    const named = this.unboundByName.get(secretName) ?? [];
    const total = this.unboundForAll.length + named.length;
    const roles = [
      ...this.unboundForAll.slice(0, LISTED_ROLES),
      ...named.slice(0, Math.max(0, LISTED_ROLES - this.unboundForAll.length)),
    ];
    return { roles, more: total - roles.length };
  }
}

/** Where a Role or ClusterRole is in a message. */
export function describeRole(role: AuditedObject): string {
  return role.kind === 'Role' ? `Role '${role.namespace}/${role.name}'` : `ClusterRole '${role.name}'`;
}

/** The ServiceAccount as a message names it. */
export function describeServiceAccount(install: CalicoInstall): string {
  return `ServiceAccount '${install.namespace}/${install.serviceAccount}'`;
}
