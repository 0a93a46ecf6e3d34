import { GeneratedPasswordOptions } from './options';
import { PasswordSource } from './password-source';
import { CalicoInstall, SecretKeyRef, SecretPlacement, checkSourceNamesSecret } from '../calico';
import { Problem, ValidationError } from '../errors';
import { ExternalSecretsUnit, planGeneratedPassword, planStoredPassword } from '../external-secrets';

/** The Secret a unit would write its password into, when its source lets it. @internal */
export interface PasswordTarget {
  /** The Secret name the unit would use (its `secretName` prop, else its default). */
  readonly secretName: string;
  /** The key in that Secret (its `secretKey` prop, else "password"). */
  readonly key: string;
  /** calico-node's install: the Secret's namespace. */
  readonly install: CalicoInstall;
}

/**
 * The Secret name and key props as the unit's user gave them, to refuse those an `existing` source
 * would silently override (rule `compose.source-names-secret`).
 *
 * @internal
 */
export interface GivenSecretProps {
  readonly name?: string;
  readonly key?: string;
  /** The name prop, as the unit calls it. @default "secretName" */
  readonly nameField?: string;
  /** The key prop, as the unit calls it. @default "secretKey" */
  readonly keyField?: string;
}

/**
 * What external-secrets writes the Secret with, for a source backed by it: the objects the Calico
 * object depends on, and a staged rotation's objects (emitted, but nothing depends on them yet).
 *
 * @internal
 */
export interface ExternalSecretsObjects {
  /** The rotation `current` belongs to (it names the objects). */
  readonly rotation: number;
  readonly current: ExternalSecretsUnit;
  /** With `prepareRotation`: its rotation and its objects (generator, ExternalSecret, Role, RoleBinding). */
  readonly staged?: { readonly rotation: number; readonly unit: ExternalSecretsUnit };
}

/**
 * Where a unit's password is, once its source is resolved against the Secret the unit would write.
 *
 * @internal
 */
export interface PasswordResolution {
  /**
   * `own` (inline sources: the unit emits the Secret with the password, under `target`), or
   * `existing` (the Secret is named by the source, or written by external-secrets).
   */
  readonly placement: SecretPlacement;
  /** The Secret and key the Calico object references. */
  readonly secretKeyRef: SecretKeyRef;
  /** For an external-secrets source whose inputs are valid: what to emit before the Calico object. */
  readonly external?: ExternalSecretsObjects;
  /** The problems of the source's inputs and of the props it overrides; never carrying a password. */
  readonly problems: readonly Problem[];
}

/**
 * Resolves a unit's password source against the Secret the unit would write (`target`): the one
 * place both engines decide where the Secret is, what external-secrets objects come with it, and
 * which props the source overrides. An engine then only emits: the Secret with the password for
 * `own`, the `external` objects as its own objects or resources, the RBAC and Calico object from
 * the core's plan for `placement`.
 *
 * - `generated`, `value`: `own`, under `target` (the value's policy is checked by
 *   `checkPasswordSource`, the engine producing it);
 * - `existing`: the source's Secret; `given` props naming another are refused;
 * - `external-generator`: a generator and ExternalSecret per rotation writing `target`'s Secret,
 *   suffixed `-r<N>` from rotation 1 (`given` props are honoured: the Secret is named after them);
 * - `external-store`: an ExternalSecret copying the store's value into `target`'s Secret.
 *
 * @internal
 */
export function resolvePasswordSource(source: PasswordSource<unknown, GeneratedPasswordOptions>, target: PasswordTarget,
  given: GivenSecretProps = {}): PasswordResolution {
  const targetRef: SecretKeyRef = { name: target.secretName, key: target.key };
  switch (source.kind) {
    case 'generated':
    case 'value':
      return { placement: { mode: 'own', ...targetRef }, secretKeyRef: targetRef, problems: [] };
    case 'existing':
      return {
        placement: { mode: 'existing', ...source.ref },
        secretKeyRef: source.ref,
        problems: checkSourceNamesSecret({ sourceRef: source.ref, ...given }),
      };
    case 'external-generator':
    case 'external-store': {
      const resolved = planExternal(source, target);
      if (!resolved.external) return { placement: { mode: 'existing', ...targetRef }, secretKeyRef: targetRef, problems: resolved.problems };
      const ref = resolved.external.current.secretKeyRef;
      return { placement: { mode: 'existing', ...ref }, secretKeyRef: ref, external: resolved.external, problems: [] };
    }
  }
}

type ExternalPasswordSource = Extract<PasswordSource<unknown>, { kind: 'external-generator' | 'external-store' }>;

function planExternal(source: ExternalPasswordSource, target: PasswordTarget):
{ readonly external?: ExternalSecretsObjects; readonly problems: readonly Problem[] } {
  const where = { secretName: target.secretName, key: target.key, install: target.install };
  try {
    if (source.kind === 'external-store') {
      const o = source.options;
      const current = planStoredPassword({
        ...where, store: o.store, remoteRef: o.remoteRef, rotation: o.rotation, refreshInterval: o.refreshInterval,
      });
      return { external: { rotation: o.rotation ?? 0, current }, problems: [] };
    }
    const o = source.options;
    const plan = planGeneratedPassword({
      ...where, policy: o.policy, rotation: o.rotation, prepareRotation: o.prepareRotation,
    });
    const staged = plan.prepared && o.prepareRotation !== undefined
      ? { rotation: o.prepareRotation, unit: plan.prepared } : undefined;
    const current = { secretKeyRef: plan.secretKeyRef, objects: plan.objects };
    return { external: { rotation: o.rotation ?? 0, current, staged }, problems: [] };
  } catch (e) {
    if (e instanceof ValidationError) return { problems: e.problems };
    throw e;
  }
}
