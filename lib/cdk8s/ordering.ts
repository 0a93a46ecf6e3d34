import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

// Keeping every Calico object after the Secret and RBAC it relies on (calico-node peers without a
// password when they are missing) without a cdk8s dependency per object unless one is needed.
//
// cdk8s writes a chart's objects in the order of `DependencyGraph.topology()`: every object nothing
// depends on is visited in construct-tree order (depth first, children in creation order), each
// after what it depends on. A unit creates its Secret, Role and RoleBinding before its Calico
// object, as children of one construct (a BgpPasswordSecret creates its objects before any peer is
// added under it). So as long as nothing outside the unit depends on one of its objects, the tree
// order already writes them first; a dependency edge per object would only cost: cdk8s resolves
// every edge again and rebuilds its dependency graph three times per synth (about a tenth of the
// synth of a fabric with an edge from each BGPPeer).
//
// When something outside a unit depends on one of its objects (or on the unit itself), that object
// is written where its dependant is, which can be before the rest of the unit: then, and only then,
// the unit declares its edges. The check runs in the app's validation, which cdk8s runs before it
// orders any chart (`App.synth`, `App.synthYaml` and `Chart.toJson` all validate first).

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
  private readonly pending: Array<{ readonly object: ApiObject; readonly after: readonly IConstruct[] }> = [];

  /** Tags `members` (constructs whose dependants can reorder the unit) as part of this unit. */
  public add(...members: ReadonlyArray<IConstruct | undefined>): void {
    for (const m of members) if (m) (m as Tagged)[UNIT] = this;
  }

  /** `object` must be written after `after`: declared now when the unit already declares its edges, else deferred. */
  public after(object: ApiObject, after: readonly IConstruct[]): void {
    if (after.length === 0) return;
    if (this.declared) object.addDependency(...after);
    else this.pending.push({ object, after });
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
  for (const c of constructs) {
    const own = (c as Tagged)[UNIT];
    for (const d of c.node.dependencies) {
      const unit = (d as Tagged)[UNIT];
      if (unit !== undefined && unit !== own) unit.declare();
    }
  }
}
