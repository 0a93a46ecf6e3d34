import * as pulumi from '@pulumi/pulumi';
import { emitObject } from './emit';
import { KubeObject } from '../calico';
import { ExternalSecretsObjects } from '../source';
import type { ExternalSecretsUnit } from '../external-secrets';

/** An object of an external-secrets source with the suffix of its Pulumi resource name. @internal */
export interface NamedObject {
  readonly suffix: string;
  readonly obj: KubeObject;
}

/**
 * What a component emits for an external-secrets source (the core's `resolvePasswordSource`
 * decides which objects), named for Pulumi.
 *
 * @internal
 */
export interface ExternalResources {
  /** The objects the Calico object depends on. */
  readonly objects: readonly NamedObject[];
  /** A staged rotation's objects: emitted, but nothing depends on them yet. */
  readonly staged: readonly NamedObject[];
}

const ESO_KINDS = ['Password', 'ExternalSecret'];

/**
 * Names the external-secrets objects of a resolved source. A generator's carry the rotation
 * (`<component>-r<N>-externalsecret`), so a staged rotation's resources are the very resources the
 * switch keeps: Pulumi neither replaces nor re-creates them. The staged Role and RoleBinding of the
 * core plan are not emitted: Pulumi creates the component's new Role before it updates the Calico
 * object (`dependsOn`), which the staged RBAC guards in YAML. A store's objects are named by kind.
 *
 * @internal
 */
export function nameExternalObjects(external: ExternalSecretsObjects, generator: boolean): ExternalResources {
  const named = (unit: ExternalSecretsUnit, rotation: number): NamedObject[] => (generator
    ? unit.objects.filter((o) => ESO_KINDS.includes(o.kind)).map((obj) => ({ suffix: `r${rotation}-${kindSuffix(obj)}`, obj }))
    : unit.objects.map((obj) => ({ suffix: kindSuffix(obj), obj })));
  return {
    objects: named(external.current, external.rotation),
    staged: external.staged ? named(external.staged.unit, external.staged.rotation) : [],
  };
}

function kindSuffix(obj: KubeObject): string {
  return obj.kind.toLowerCase();
}

/**
 * Emits the external-secrets objects as `CustomResource`s under `parent`; returns those the Calico
 * object must depend on.
 *
 * @internal
 */
export function emitExternalObjects(name: string, resources: ExternalResources, parent: pulumi.Resource):
pulumi.CustomResource[] {
  const emit = (list: readonly NamedObject[]) => {
    const emitted: pulumi.CustomResource[] = [];
    for (const { suffix, obj } of list) {
      // The ExternalSecret after its generator: it names the generator, which must exist first.
      emitted.push(emitObject(`${name}-${suffix}`, obj, { parent, dependsOn: [...emitted] }));
    }
    return emitted;
  };
  emit(resources.staged);
  return emit(resources.objects);
}

/** Every object of the resources, for the program-wide name check. @internal */
export function externalObjects(resources: ExternalResources): KubeObject[] {
  return [...resources.objects, ...resources.staged].map((o) => o.obj);
}
