import * as pulumi from '@pulumi/pulumi';
import { emitObject } from './emit';
import { CalicoInstall, KubeObject, SecretKeyRef } from '../calico';
import { Problem, ValidationError } from '../errors';
import { planGeneratedPassword, planStoredPassword } from '../external-secrets';

import type { ExternalSecretOptions, ExternalSecretsGeneratorOptions } from '../external-secrets';

export type { ExternalSecretOptions, ExternalSecretsGeneratorOptions };

/**
 * An external-secrets password source, as the components read it.
 *
 * @internal
 */
export type ExternalPasswordSource =
  | { readonly type: 'generator'; readonly options: ExternalSecretsGeneratorOptions }
  | { readonly type: 'store'; readonly options: ExternalSecretOptions };

/**
 * What a component emits for an external-secrets source: the Secret the Calico object references,
 * and the external-secrets objects, each with the Pulumi resource name suffix it is emitted under.
 *
 * @internal
 */
export interface ExternalSecretsResolution {
  readonly secretKeyRef: SecretKeyRef;
  /** The objects the Calico object depends on. */
  readonly objects: ReadonlyArray<{ readonly suffix: string; readonly obj: KubeObject }>;
  /** A staged rotation's objects: emitted, but nothing depends on them yet. */
  readonly staged: ReadonlyArray<{ readonly suffix: string; readonly obj: KubeObject }>;
  readonly problems: readonly Problem[];
}

const ESO_KINDS = ['Password', 'ExternalSecret'];

/**
 * Plans the external-secrets objects for the Secret a component would otherwise write
 * (`secretName`, `key`, in `install`'s namespace). Problems are returned, not thrown.
 *
 * Resource names carry the rotation (`<component>-r<N>-externalsecret`), so a staged rotation's
 * resources are the very resources the switch keeps: Pulumi neither replaces nor re-creates them.
 * The staged Role and RoleBinding of the core plan are not emitted: Pulumi creates the component's
 * new Role before it updates the Calico object (`dependsOn`), which the staged RBAC guards in YAML.
 *
 * @internal
 */
export function resolveExternalSource(source: ExternalPasswordSource, target: { secretName: string; key: string; install: CalicoInstall }): ExternalSecretsResolution {
  const ref: SecretKeyRef = { name: target.secretName, key: target.key };
  try {
    if (source.type === 'store') {
      const plan = planStoredPassword({ secretName: target.secretName, key: target.key, install: target.install, ...source.options });
      return { secretKeyRef: plan.secretKeyRef, objects: plan.objects.map((obj) => ({ suffix: kindSuffix(obj), obj })), staged: [], problems: [] };
    }
    const { rotation = 0, prepareRotation } = source.options;
    const plan = planGeneratedPassword({ secretName: target.secretName, key: target.key, install: target.install, ...source.options });
    const named = (objects: readonly KubeObject[], r: number) => objects.filter((o) => ESO_KINDS.includes(o.kind)).map((obj) => ({ suffix: `r${r}-${kindSuffix(obj)}`, obj }));
    return {
      secretKeyRef: plan.secretKeyRef,
      objects: named(plan.objects, rotation),
      staged: plan.prepared && prepareRotation !== undefined ? named(plan.prepared.objects, prepareRotation) : [],
      problems: [],
    };
  } catch (e) {
    if (e instanceof ValidationError) return { secretKeyRef: ref, objects: [], staged: [], problems: e.problems };
    throw e;
  }
}

function kindSuffix(obj: KubeObject): string {
  return obj.kind.toLowerCase();
}

/**
 * Emits the resolution's objects as `CustomResource`s under `parent`; returns those the Calico object
 * must depend on.
 *
 * @internal
 */
export function emitExternalObjects(name: string, resolution: ExternalSecretsResolution, parent: pulumi.Resource): pulumi.CustomResource[] {
  const emit = (list: ExternalSecretsResolution['objects']) => {
    const emitted: pulumi.CustomResource[] = [];
    for (const { suffix, obj } of list) {
      // The ExternalSecret after its generator: it names the generator, which must exist first.
      emitted.push(emitObject(`${name}-${suffix}`, obj, { parent, dependsOn: [...emitted] }));
    }
    return emitted;
  };
  emit(resolution.staged);
  return emit(resolution.objects);
}

/** Every object of a resolution, for the program-wide name check. @internal */
export function externalObjects(resolution: ExternalSecretsResolution): KubeObject[] {
  return [...resolution.objects, ...resolution.staged].map((o) => o.obj);
}
