import { Problem, problem, throwIfProblems } from '../errors';
import {
  CalicoInstall,
  CalicoInstallInput,
  DEFAULT_PASSWORD_KEY,
  KubeObject,
  SecretKeyRef,
  checkDuration,
  checkName,
  checkSecretKey,
  planSharedSecretAccess,
  resolveInstall,
} from '../calico';
import { PasswordPolicy } from '../password';
import { PasswordGeneratorSpec, checkPasswordGeneratorPolicy, passwordGeneratorPolicy, passwordGeneratorSpec } from './generator-spec';
import { RemoteRef, SecretStoreRef, buildGeneratorExternalSecret, buildPasswordGenerator, buildStoreExternalSecret } from './manifests';
import { checkPrepareRotation, checkRotation, rotatedSecretName } from './rotation';

/**
 * The policy a generator-backed password meets unless told otherwise: the default policy without letter-case minimums.
 */
export const DEFAULT_GENERATOR_POLICY: PasswordPolicy = passwordGeneratorPolicy();

/** What an external-secrets source emits for one Secret, apart from the Calico object. */
export interface ExternalSecretsUnit {
  /** The Secret and key the ExternalSecret materialises, in the install namespace. */
  readonly secretKeyRef: SecretKeyRef;
  /** The objects to emit before the RBAC and the Calico object (none carries a password). */
  readonly objects: readonly KubeObject[];
}

/** Inputs of {@link planGeneratedPassword}. */
export interface GeneratedPasswordProps {
  /** The Secret name at rotation 0 (e.g. `peerSecretName(peer)`); later rotations use `<name>-r<N>`. */
  readonly secretName: string;
  /** The key in the Secret. @default "password" */
  readonly key?: string;
  /**
   * The install calico-node runs in; the generator, ExternalSecret and Secret live in its namespace.
   * @default "operator"
   */
  readonly install?: CalicoInstallInput | CalicoInstall;
  /**
   * The policy every generated password meets; refused when the generator cannot express it.
   * @default DEFAULT_GENERATOR_POLICY
   */
  readonly policy?: PasswordPolicy;
  /**
   * Bump by one to rotate: a new Secret `<name>-r<N>` with a fresh password, which the peer then references.
   * @default 0
   */
  readonly rotation?: number;
  /**
   * Stage the password of this later rotation without switching the peer to it: its generator,
   * ExternalSecret and RBAC are emitted, the peer keeps `rotation`. Read the new password, prepare the
   * other end, then set `rotation` to this value and drop `prepareRotation`.
   * @default no staged rotation
   */
  readonly prepareRotation?: number;
}

/** What {@link planGeneratedPassword} returns. */
export interface GeneratedPasswordPlan extends ExternalSecretsUnit {
  /** The generator spec derived from the policy. */
  readonly generatorSpec: PasswordGeneratorSpec;
  /**
   * With `prepareRotation`: the staged rotation's Password, ExternalSecret, Role and RoleBinding
   * (the RBAC is ready before the peer switches, so calico-node never meets an unreadable Secret).
   */
  readonly prepared?: ExternalSecretsUnit;
}

/** Every problem of a generator-backed password's inputs. */
export function checkGeneratedPassword(props: GeneratedPasswordProps): Problem[] {
  const rotation = props.rotation ?? 0;
  const problems = [
    ...checkName('secretName', props.secretName),
    ...(props.key !== undefined ? checkSecretKey('key', props.key) : []),
    ...checkRotation('rotation', props.rotation),
    ...(Number.isSafeInteger(rotation) ? checkPrepareRotation('prepareRotation', props.prepareRotation, rotation) : []),
    ...checkPasswordGeneratorPolicy(props.policy ?? DEFAULT_GENERATOR_POLICY),
  ];
  for (const r of [rotation, props.prepareRotation ?? 0]) {
    const name = Number.isSafeInteger(r) && r >= 0 ? rotatedSecretName(props.secretName, r) : props.secretName;
    if (name !== props.secretName) problems.push(...checkName('secretName', name));
  }
  return problems;
}

function generatedUnit(
  secretName: string,
  key: string,
  install: CalicoInstall,
  spec: PasswordGeneratorSpec,
  rotation: number,
): ExternalSecretsUnit {
  const secretKeyRef: SecretKeyRef = { name: rotatedSecretName(secretName, rotation), key };
  // The generator, the ExternalSecret and the Secret share one name: each rotation is one set.
  const name = secretKeyRef.name;
  return {
    secretKeyRef,
    objects: [
      buildPasswordGenerator({ name, install, spec }),
      buildGeneratorExternalSecret({ name, install, secretKeyRef, generatorName: name, rotation }),
    ],
  };
}

/**
 * Plans an in-cluster generated password: an external-secrets `Password` generator constrained so
 * that everything it can produce meets the floor rules and the policy, and an ExternalSecret that
 * writes it once into the Secret the Calico object references. Throws a `ValidationError` on bad
 * input, including a policy the generator cannot express.
 */
export function planGeneratedPassword(props: GeneratedPasswordProps): GeneratedPasswordPlan {
  throwIfProblems(checkGeneratedPassword(props), `Generated password '${props.secretName}'`);
  const install = resolveInstall(props.install);
  const key = props.key ?? DEFAULT_PASSWORD_KEY;
  const generatorSpec = passwordGeneratorSpec(props.policy ?? DEFAULT_GENERATOR_POLICY);
  const current = generatedUnit(props.secretName, key, install, generatorSpec, props.rotation ?? 0);
  let prepared: ExternalSecretsUnit | undefined;
  if (props.prepareRotation !== undefined) {
    const unit = generatedUnit(props.secretName, key, install, generatorSpec, props.prepareRotation);
    const access = planSharedSecretAccess({ secretName: unit.secretKeyRef.name, install });
    prepared = { secretKeyRef: unit.secretKeyRef, objects: [...unit.objects, access.role, access.roleBinding] };
  }
  return { ...current, generatorSpec, prepared };
}

/** Inputs of {@link planStoredPassword}. */
export interface StoredPasswordProps {
  /** The Secret the Calico object references; the ExternalSecret has the same name. */
  readonly secretName: string;
  /** The key in the Secret. @default "password" */
  readonly key?: string;
  /** The install calico-node runs in; the ExternalSecret and Secret live in its namespace. @default "operator" */
  readonly install?: CalicoInstallInput | CalicoInstall;
  /** The user's SecretStore or ClusterSecretStore (a SecretStore must be in the install namespace). */
  readonly store: SecretStoreRef;
  /** Which value of the store holds the password. It is copied byte for byte and not checked here. */
  readonly remoteRef: RemoteRef;
  /** Bump to make the ExternalSecret re-read the store now (it changes its annotation). @default 0 */
  readonly rotation?: number;
  /**
   * Follow the store periodically at this Go duration instead of only when the ExternalSecret
   * changes. Each store change then resets the session whenever the refresh falls.
   * @default no periodic refresh (refreshPolicy OnChange)
   */
  readonly refreshInterval?: string;
}

/** Every problem of a stored password's inputs. */
export function checkStoredPassword(props: StoredPasswordProps): Problem[] {
  const problems = [
    ...checkName('secretName', props.secretName),
    ...(props.key !== undefined ? checkSecretKey('key', props.key) : []),
    ...checkRotation('rotation', props.rotation),
    ...checkDuration('refreshInterval', props.refreshInterval),
  ];
  const store = props.store as SecretStoreRef | undefined;
  if (!store || typeof store.name !== 'string') {
    problems.push(problem('store.name', 'external-secrets.store',
      '\'store.name\' must name the SecretStore or ClusterSecretStore that holds the password.'));
  } else {
    problems.push(...checkName('store.name', store.name));
    if (store.kind !== undefined && store.kind !== 'SecretStore' && store.kind !== 'ClusterSecretStore') {
      problems.push(problem('store.kind', 'external-secrets.store-kind',
        `'store.kind' (${String(store.kind)}) must be 'SecretStore' or 'ClusterSecretStore'.`));
    }
  }
  const ref = props.remoteRef as RemoteRef | undefined;
  if (!ref || typeof ref.key !== 'string' || ref.key.length === 0) {
    problems.push(problem('remoteRef.key', 'external-secrets.remote-key',
      '\'remoteRef.key\' must name the value in the store (e.g. a Vault path or a cloud secret\'s name).'));
  }
  for (const f of ['property', 'version'] as const) {
    const v = ref?.[f];
    if (v !== undefined && (typeof v !== 'string' || v.length === 0)) {
      problems.push(problem(`remoteRef.${f}`, 'external-secrets.remote-ref',
        `'remoteRef.${f}' must be a non-empty string when set.`));
    }
  }
  return problems;
}

/**
 * Plans a password pulled from the user's secret store: an ExternalSecret writing it into the
 * Secret the Calico object references. Throws a `ValidationError` on bad input.
 */
export function planStoredPassword(props: StoredPasswordProps): ExternalSecretsUnit {
  throwIfProblems(checkStoredPassword(props), `Stored password '${props.secretName}'`);
  const install = resolveInstall(props.install);
  const secretKeyRef: SecretKeyRef = { name: props.secretName, key: props.key ?? DEFAULT_PASSWORD_KEY };
  return {
    secretKeyRef,
    objects: [buildStoreExternalSecret({
      name: props.secretName, install, secretKeyRef, store: props.store, remoteRef: props.remoteRef,
      rotation: props.rotation ?? 0, refreshInterval: props.refreshInterval,
    })],
  };
}
