import * as pulumi from '@pulumi/pulumi';
import { KubeObject, checkNameCollisions, findNameCollisions } from '../calico';
import { Problem } from '../errors';

interface Claimed { readonly obj: KubeObject; readonly owner: string }

// One list per Pulumi program run and Kubernetes provider. The run is keyed by the runtime's
// resource monitor: a real `pulumi up` has one, and every `pulumi.runtime.setMocks` call starts a
// fresh one (tests stay independent). Objects collide only within one provider (one cluster): two
// providers of one program may each write a `default` BGPConfiguration. Bucketed by object name:
// see bench/README.md, "Name collisions: one pass, bucketed by name".
const STACKS = new WeakMap<object, WeakMap<object, Map<string, Claimed[]>>>();
const NO_MONITOR = {};
const DEFAULT_PROVIDER = {};

function claimed(provider: pulumi.ProviderResource | undefined): Map<string, Claimed[]> {
  const key = (pulumi.runtime.hasMonitor() ? pulumi.runtime.getMonitor() : undefined) ?? NO_MONITOR;
  let byProvider = STACKS.get(key);
  if (!byProvider) STACKS.set(key, (byProvider = new WeakMap()));
  let byName = byProvider.get(provider ?? DEFAULT_PROVIDER);
  if (!byName) byProvider.set(provider ?? DEFAULT_PROVIDER, (byName = new Map()));
  return byName;
}

/**
 * The component that already claimed an object with `obj`'s API group, kind, namespace and name in
 * this program through the same Kubernetes provider (`undefined`: the default one), e.g.
 * `MeshPassword 'mesh'` for the BGPConfiguration `default`; undefined if none.
 *
 * @internal
 */
export function claimedBy(obj: KubeObject, provider: pulumi.ProviderResource | undefined): string | undefined {
  const same = claimed(provider).get(obj.metadata.name) ?? [];
  return same.find((c) => findNameCollisions([c.obj, obj]).length > 0)?.owner;
}

/**
 * Checks that none of `objects` shares API group, kind, namespace and name with an object another
 * component of this program already emits through the same Kubernetes provider (the core's
 * `checkNameCollisions`), then claims them. Two such objects would overwrite each other in the cluster.
 *
 * @internal
 */
export function claimObjects(owner: string, objects: readonly KubeObject[],
  provider: pulumi.ProviderResource | undefined): Problem[] {
  const byName = claimed(provider);
  const problems: Problem[] = [];
  // Cluster-scoped objects first: their collision (e.g. a second `default` BGPConfiguration) is the one to read.
  const namespaced = (o: KubeObject) => Number(o.metadata.namespace !== undefined);
  for (const obj of [...objects].sort((a, b) => namespaced(a) - namespaced(b))) {
    const same = (byName.get(obj.metadata.name) ?? []).map((c) => ({ object: c.obj, emitter: c.owner }));
    problems.push(...checkNameCollisions([...same, { object: obj, emitter: owner }]));
  }
  if (problems.length > 0) return problems;
  for (const obj of objects) byName.set(obj.metadata.name, [...(byName.get(obj.metadata.name) ?? []), { obj, owner }]);
  return problems;
}
