import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { BgpPasswordBinding, BgpPasswordContext } from './password-binding';
import { emitObject } from './emit';
import { KubeObject } from '../calico';
import { Problem, capture } from '../errors';
import { planGeneratedPassword, planStoredPassword } from '../external-secrets';

import type { ExternalSecretOptions, ExternalSecretsGeneratorOptions } from '../external-secrets';

export type { ExternalSecretOptions, ExternalSecretsGeneratorOptions };

/** Emits `objects` under `scope`, under ids unused so far (a source bound twice gets suffixed ids). */
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

/**
 * Binds a generator-backed password: emits the Password generator and ExternalSecret (and, with
 * `prepareRotation`, the staged ones with their RBAC) under `scope`; the construct references the
 * rotation's Secret and emits its RBAC and Calico object as for an existing Secret.
 *
 * @internal
 */
export function bindGeneratedPassword(scope: IConstruct, context: BgpPasswordContext, options: ExternalSecretsGeneratorOptions): BgpPasswordBinding {
  const problems: Problem[] = [];
  const plan = capture(problems, () => planGeneratedPassword({
    secretName: context.secretName, key: context.secretKey, install: context.install,
    policy: options.policy, rotation: options.rotation, prepareRotation: options.prepareRotation,
  }));
  if (!plan) {
    return { delivery: 'reference', secretKeyRef: { name: context.secretName, key: context.secretKey }, dependables: [], problems, namedAfterContext: true };
  }
  const dependables = emitAll(scope, plan.objects, '', context.secretKey);
  // The staged rotation is emitted but nothing depends on it: the Calico object does not use it yet.
  if (plan.prepared) emitAll(scope, plan.prepared.objects, 'Next', context.secretKey);
  return { delivery: 'reference', secretKeyRef: plan.secretKeyRef, dependables, problems, namedAfterContext: true };
}

/**
 * Binds a password pulled from the user's store: emits the ExternalSecret under `scope`; the
 * construct references the Secret it writes.
 *
 * @internal
 */
export function bindStoredPassword(scope: IConstruct, context: BgpPasswordContext, options: ExternalSecretOptions): BgpPasswordBinding {
  const problems: Problem[] = [];
  const plan = capture(problems, () => planStoredPassword({
    secretName: context.secretName, key: context.secretKey, install: context.install,
    store: options.store, remoteRef: options.remoteRef, rotation: options.rotation, refreshInterval: options.refreshInterval,
  }));
  const secretKeyRef = plan?.secretKeyRef ?? { name: context.secretName, key: context.secretKey };
  const dependables = plan ? emitAll(scope, plan.objects, '', context.secretKey) : [];
  return { delivery: 'reference', secretKeyRef, dependables, problems };
}
