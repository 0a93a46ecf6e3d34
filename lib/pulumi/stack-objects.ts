import * as pulumi from '@pulumi/pulumi';
import { KubeObject, findNameCollisions } from '../calico';
import { Problem, problem } from '../errors';

interface Claimed { readonly obj: KubeObject; readonly owner: string }

// One list per Pulumi program run, keyed by the runtime's resource monitor: a real `pulumi up` has
// one, and every `pulumi.runtime.setMocks` call starts a fresh one (tests stay independent).
// Bucketed by object name, so each check compares only objects that could collide.
const STACKS = new WeakMap<object, Map<string, Claimed[]>>();
const NO_MONITOR = {};

function claimed(): Map<string, Claimed[]> {
  const key = (pulumi.runtime.hasMonitor() ? pulumi.runtime.getMonitor() : undefined) ?? NO_MONITOR;
  let byName = STACKS.get(key);
  if (!byName) STACKS.set(key, (byName = new Map()));
  return byName;
}

/**
 * Checks that none of `objects` shares API group, kind, namespace and name with an object another
 * component of this program already emits (the core's `findNameCollisions`), then claims them.
 * Two such objects would overwrite each other in the cluster: for two MeshPasswords, the second
 * `default` BGPConfiguration would silently replace the first.
 *
 * @internal
 */
export function claimObjects(owner: string, objects: readonly KubeObject[]): Problem[] {
  const byName = claimed();
  const problems: Problem[] = [];
  // Cluster-scoped objects first: their collision (e.g. a second `default` BGPConfiguration) is the one to read.
  for (const obj of [...objects].sort((a, b) => Number(a.metadata.namespace !== undefined) - Number(b.metadata.namespace !== undefined))) {
    const same = byName.get(obj.metadata.name) ?? [];
    const dup = findNameCollisions([...same.map((c) => c.obj), obj])[0];
    if (!dup) continue;
    const other = same.find((c) => c.obj.kind === dup.kind && c.obj.metadata.name === dup.name && c.obj.metadata.namespace === dup.namespace)!;
    problems.push(problem('name', 'pulumi.name-collision', collisionMessage(obj, other.owner)));
  }
  if (problems.length > 0) return problems;
  for (const obj of objects) byName.set(obj.metadata.name, [...(byName.get(obj.metadata.name) ?? []), { obj, owner }]);
  return problems;
}

function collisionMessage(obj: KubeObject, other: string): string {
  const where = obj.metadata.namespace ? `'${obj.metadata.namespace}/${obj.metadata.name}'` : `'${obj.metadata.name}'`;
  if (obj.kind === 'BGPConfiguration') {
    return `${obj.kind} ${where} is already emitted by ${other}: a cluster has one mesh password, so a program holds one MeshPassword.`;
  }
  return `${obj.kind} ${where} is already emitted by ${other}; applying both would let one overwrite the other. `
    + 'Give them distinct names (\'name\', \'secretName\'), or let the peers share one Secret through a BgpPasswordSecret '
    + '(with BgpPassword.fromExistingSecret() for a Secret that already exists).';
}
