import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

// Keeping every Calico object after the Secret and RBAC it relies on (calico-node peers without a
// password when they are missing) without a cdk8s dependency per object unless one is needed (see
// bench/README.md, "cdk8s: dependency edges only when needed").
//
// cdk8s writes a chart's objects in the order of `DependencyGraph.topology()`: every object nothing
// depends on is visited in construct-tree order (depth first, children in creation order), each
// after what it depends on. A unit creates its Secret, Role and RoleBinding before its Calico
// object, as children of one construct (a BgpPasswordSecret creates its objects before any peer is
// added under it). So as long as nothing outside the unit depends on one of its objects, the tree
// order already writes them first.
//
// When something outside a unit depends on one of its objects (or on the unit itself), that object
// is written where its dependant is, which can be before the rest of the unit: then, and only then,
// the unit declares its edges. A `SecuredBgpPeer` on a shared secret (in the secret's chart) joins
// the secret's unit, but it may sit anywhere in the tree: its edge is deferred with a tree check,
// and the unit declares its edges when the construct order does not already put the peer last. The
// checks run in the app's validation, which cdk8s runs before it orders any chart (`App.synth`,
// `App.synthYaml` and `Chart.toJson` all validate first).

const UNIT = Symbol('calico-bgp-auth.orderedUnit');
type Tagged = IConstruct & { [UNIT]?: OrderedUnit };

/**
 * A group of constructs whose order the construct tree keeps until something outside depends on
 * one of them; then its deferred dependencies are declared.
 *
 * @internal
 */
export class OrderedUnit {
  private declared = false;
  /** Whether a pending edge is not kept by construction, so the tree order must be checked. */
  private treeCheck = false;
  private readonly pending: Array<{ readonly object: ApiObject; readonly after: readonly IConstruct[] }> = [];

  /** Tags `members` (constructs whose dependants can reorder the unit) as part of this unit. */
  public add(...members: ReadonlyArray<IConstruct | undefined>): void {
    for (const m of members) if (m) (m as Tagged)[UNIT] = this;
  }

  /**
   * `object` must be written after `after`: declared now when the unit already declares its edges,
   * else deferred. `byConstruction` says that `object` was created after `after`, under the same
   * construct; otherwise the tree order is checked before the edge is left out.
   */
  public after(object: ApiObject, after: readonly IConstruct[], byConstruction = true): void {
    if (after.length === 0) return;
    if (this.declared) {
      object.addDependency(...after);
      return;
    }
    this.pending.push({ object, after });
    if (!byConstruction) this.treeCheck = true;
  }

  /** Whether the tree order must be checked (see {@link after}). */
  public get needsTreeCheck(): boolean {
    return this.treeCheck && !this.declared;
  }

  /** Whether every deferred edge already holds in `position` (construct to depth-first index). */
  public holdsIn(position: ReadonlyMap<IConstruct, number>): boolean {
    for (const { object, after } of this.pending) {
      const at = position.get(object);
      if (at === undefined) return false;
      for (const a of after) {
        const before = position.get(a);
        if (before === undefined || before >= at) return false;
      }
    }
    return true;
  }

  /** Declares every deferred dependency, and later ones at once. */
  public declare(): void {
    if (this.declared) return;
    this.declared = true;
    for (const { object, after } of this.pending) object.addDependency(...after);
    this.pending.length = 0;
  }
}

/**
 * Declares the dependencies of every unit that a construct outside it depends on (see above).
 * `constructs` are all the app's constructs.
 *
 * @internal
 */
export function declareDisturbedUnits(constructs: readonly IConstruct[]): void {
  const toCheck = new Set<OrderedUnit>();
  for (const c of constructs) {
    const own = (c as Tagged)[UNIT];
    if (own?.needsTreeCheck) toCheck.add(own);
    for (const d of c.node.dependencies) {
      const unit = (d as Tagged)[UNIT];
      if (unit !== undefined && unit !== own) unit.declare();
    }
  }
  if (toCheck.size === 0) return;
  // `findAll` is depth-first in creation order, the order cdk8s adopts objects nothing depends on.
  const position = new Map<IConstruct, number>();
  constructs.forEach((c, i) => position.set(c, i));
  for (const unit of toCheck) if (unit.needsTreeCheck && !unit.holdsIn(position)) unit.declare();
}
