import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { emitObject } from './emit';
import { KubeObject } from '../calico';
import { ExternalSecretsObjects } from '../source';

/**
 * Emits the external-secrets objects the core planned for a source under `scope`: the ones the
 * Calico object depends on (returned), and a staged rotation's, prefixed `Next`, which nothing
 * depends on yet (the Calico object does not use it). A source bound twice under one construct
 * gets ids suffixed with the Secret key.
 *
 * @internal
 */
export function emitExternalObjects(scope: IConstruct, external: ExternalSecretsObjects, key: string): ApiObject[] {
  const dependables = emitAll(scope, external.current.objects, '', key);
  if (external.staged) emitAll(scope, external.staged.unit.objects, 'Next', key);
  return dependables;
}

/** Emits `objects` under `scope`, each after the one before, under ids unused so far. */
function emitAll(scope: IConstruct, objects: readonly KubeObject[], prefix: string, suffix: string): ApiObject[] {
  const emitted: ApiObject[] = [];
  for (const obj of objects) {
    const base = `${prefix}${obj.kind}`;
    const id = scope.node.tryFindChild(base) ? `${base}-${suffix}` : base;
    emitted.push(emitObject(scope as Construct, id, obj));
  }
  for (let i = 1; i < emitted.length; i++) emitted[i].addDependency(emitted[i - 1]);
  return emitted;
}
