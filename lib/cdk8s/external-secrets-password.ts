import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { BgpPasswordBinding, BgpPasswordContext } from './bgp-password';
import { emitObject } from './objects';
import { capture } from './validation';
import { KubeObject } from '../calico';
import { Problem } from '../errors';
import { RemoteRef, SecretStoreRef, planGeneratedPassword, planStoredPassword } from '../external-secrets';
import { PasswordPolicy } from '../password';

/** Options of `BgpPassword.fromExternalSecretsGenerator`. */
export interface ExternalSecretsGeneratorOptions {
  /**
   * The policy every generated password meets. A policy the external-secrets Password generator
   * cannot express is refused with the reason (a first-character rule, a minimum of uppercase or
   * lowercase letters, forbidden letters...): adapt a router profile with
   * `passwordGeneratorPolicyForRouter('frr')`.
   *
   * @default DEFAULT_GENERATOR_POLICY (32 characters: 16 letters, 8 digits, 8 of `-_.+=@%,:`)
   */
  readonly policy?: PasswordPolicy;
  /**
   * Bump by one to rotate: a new Secret `<secretName>-r<N>` gets a fresh password and the Calico
   * object switches to it (the old Secret is left behind: delete it once both ends use the new
   * password). Rotation 0 uses the plain Secret name. See docs/ROTATION.md.
   *
   * @default 0
   */
  readonly rotation?: number;
  /**
   * Stage a later rotation's password (its generator, ExternalSecret and RBAC) while the Calico
   * object keeps `rotation`: read the new password from its Secret, prepare the other end, then
   * set `rotation` to this value and drop `prepareRotation`.
   *
   * @default nothing staged
   */
  readonly prepareRotation?: number;
}

/** Options of `BgpPassword.fromExternalSecret`. */
export interface ExternalSecretOptions {
  /** The SecretStore (in calico-node's namespace) or ClusterSecretStore holding the password. */
  readonly store: SecretStoreRef;
  /** Which value of the store holds the password; it is copied byte for byte, unchecked. */
  readonly remoteRef: RemoteRef;
  /**
   * Bump to make the ExternalSecret re-read the store now (after you changed the value there).
   *
   * @default 0
   */
  readonly rotation?: number;
  /**
   * Follow the store periodically instead of only when the ExternalSecret changes: a store change
   * then resets the session whenever the refresh falls.
   *
   * @default no periodic refresh (refreshPolicy OnChange)
   */
  readonly refreshInterval?: string;
}

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
