import { Problem, ValidationError, problem, throwIfProblems } from '../errors';
import { checkName } from './fields';
import { CalicoInstall, CalicoInstallInput, resolveInstall } from './install';
import {
  ApiFlavor, DEFAULT_PASSWORD_KEY, KubeObject, buildBgpConfiguration, buildBgpPeer, buildSecretReaderRole,
  buildSecretReaderRoleBinding, peerSecretName, secretReaderName,
} from './manifests';
import { ConfigurationCheckOptions, checkBgpConfigurationSpec, checkBgpPeerSpec } from './rules';
import { BgpConfigurationSpec, BgpPeerSpec, SecretKeyRef } from './types';

/**
 * Where a peering's Secret comes from:
 * - `own`: the unit emits its own Secret (name and key derived unless given), Role and RoleBinding;
 * - `shared`: a password secret unit emits the Secret and RBAC; the peer only references it;
 * - `existing`: the Secret exists already; the unit emits the Role and RoleBinding, not the Secret.
 */
export type SecretPlacement =
  | { readonly mode: 'own'; readonly name?: string; readonly key?: string }
  | { readonly mode: 'shared'; readonly name: string; readonly key: string }
  | { readonly mode: 'existing'; readonly name: string; readonly key: string };

/** What a secured peering (or mesh password) emits, apart from the Secret's value. */
export interface SecuredUnitPlan {
  readonly install: CalicoInstall;
  /** The Secret the Calico object references. */
  readonly secretKeyRef: SecretKeyRef;
  /** Whether the unit emits the Secret itself (`own`). */
  readonly emitsSecret: boolean;
  /** The Role, unless the secret is `shared` (its unit emits the Role). */
  readonly role?: KubeObject;
  /** The RoleBinding, unless the secret is `shared`. */
  readonly roleBinding?: KubeObject;
  /** The BGPPeer or BGPConfiguration, to be emitted after the Secret and RBAC. */
  readonly calicoObject: KubeObject;
}

/** Inputs of {@link planSecuredBgpPeer}. */
export interface SecuredBgpPeerPlanProps {
  /** The BGPPeer's name. */
  readonly name: string;
  /** The peer's spec. */
  readonly spec: BgpPeerSpec;
  /** The install calico-node runs in. @default "operator" */
  readonly install?: CalicoInstallInput | CalicoInstall;
  /** The Calico release targeted. @default "3.32" */
  readonly calicoVersion?: string;
  /** The API the BGPPeer is written for. @default "projectcalico.org/v3" */
  readonly apiFlavor?: ApiFlavor;
  /** Where the Secret comes from. @default { mode: 'own' } */
  readonly secret?: SecretPlacement;
}

/** Problems of a Secret data key. */
export function checkSecretKey(field: string, key: string): Problem[] {
  // k8s.io/apimachinery validation.IsConfigMapKey: the character set, 253 at most, and not '.', '..' or a '..' prefix.
  return typeof key === 'string' && isSecretKey(key) ? [] : [problem(field, 'k8s.secret-key',
    `'${field}' (${String(key)}) must be a Secret data key: 1 to 253 characters from letters, digits, '-', '_' and '.', not '.' and not starting with '..'.`)];
}

/** Whether `key` can be a key of a Secret's data (Kubernetes' `IsConfigMapKey`). */
export function isSecretKey(key: string): boolean {
  return /^[-._a-zA-Z0-9]{1,253}$/.test(key) && key !== '.' && !key.startsWith('..');
}

/** The problems of an install input, collected rather than thrown. */
function installProblems(install: SecuredBgpPeerPlanProps['install']): Problem[] {
  try {
    resolveInstall(install);
    return [];
  } catch (e) {
    if (e instanceof ValidationError) return [...e.problems];
    throw e;
  }
}

function placementProblems(placement: SecretPlacement): Problem[] {
  const problems: Problem[] = [];
  if (placement.name !== undefined) problems.push(...checkName('secret.name', placement.name));
  if (placement.key !== undefined) problems.push(...checkSecretKey('secret.key', placement.key));
  return problems;
}

function accessObjects(install: CalicoInstall, placement: SecretPlacement, ref: SecretKeyRef) {
  if (placement.mode === 'shared') return {};
  const roleName = secretReaderName(ref.name);
  return {
    role: buildSecretReaderRole({ name: roleName, install, secretNames: [ref.name] }),
    roleBinding: buildSecretReaderRoleBinding({ name: roleName, install, roleName }),
  };
}

/** Every problem of a secured peering's inputs, the password aside. */
export function checkSecuredBgpPeer(props: SecuredBgpPeerPlanProps): Problem[] {
  return [...checkName('name', props.name), ...checkBgpPeerSpec(props.spec, { calicoVersion: props.calicoVersion }),
    ...placementProblems(props.secret ?? { mode: 'own' }), ...installProblems(props.install)];
}

/** Plans a BGPPeer with its RBAC (and the Secret's name); throws when the inputs have problems. */
export function planSecuredBgpPeer(props: SecuredBgpPeerPlanProps): SecuredUnitPlan {
  throwIfProblems(checkSecuredBgpPeer(props), `BGPPeer '${props.name}'`);
  return buildSecuredBgpPeerPlan(props);
}

/** Builds the plan without checking (the caller checked, e.g. in a deferred validation). */
export function buildSecuredBgpPeerPlan(props: SecuredBgpPeerPlanProps): SecuredUnitPlan {
  const install = resolveInstall(props.install);
  const placement = props.secret ?? { mode: 'own' };
  const ref: SecretKeyRef = {
    name: placement.name ?? peerSecretName(props.name),
    key: placement.key ?? DEFAULT_PASSWORD_KEY,
  };
  return {
    install,
    secretKeyRef: ref,
    emitsSecret: placement.mode === 'own',
    ...accessObjects(install, placement, ref),
    calicoObject: buildBgpPeer({ name: props.name, spec: props.spec, secretKeyRef: ref, apiFlavor: props.apiFlavor }),
  };
}

/** Inputs of {@link planMeshPassword}. */
export interface MeshPasswordPlanProps {
  /** Other default-only fields of the `default` BGPConfiguration. @default {} */
  readonly spec?: BgpConfigurationSpec;
  /** The install calico-node runs in. @default "operator" */
  readonly install?: CalicoInstallInput | CalicoInstall;
  /** The Calico release targeted. @default "3.32" */
  readonly calicoVersion?: string;
  /** The API the BGPConfiguration is written for. @default "projectcalico.org/v3" */
  readonly apiFlavor?: ApiFlavor;
  /** Where the Secret comes from. @default { mode: 'own', name: 'bgp-mesh-password' } */
  readonly secret?: SecretPlacement;
  /** The configuration's name; only `default` may carry nodeMeshPassword. @default "default" */
  readonly configurationName?: string;
}

/** The Secret name of the mesh password unless told otherwise. */
export const MESH_SECRET_NAME = 'bgp-mesh-password';

/** Every problem of a mesh password's inputs. */
export function checkMeshPassword(props: MeshPasswordPlanProps): Problem[] {
  const options: ConfigurationCheckOptions = { name: props.configurationName ?? 'default', calicoVersion: props.calicoVersion, withMeshPassword: true };
  return [...checkBgpConfigurationSpec(props.spec ?? {}, options), ...placementProblems(props.secret ?? { mode: 'own' }),
    ...installProblems(props.install)];
}

/** Plans the `default` BGPConfiguration with nodeMeshPassword and its RBAC; throws on problems. */
export function planMeshPassword(props: MeshPasswordPlanProps): SecuredUnitPlan {
  throwIfProblems(checkMeshPassword(props), `BGPConfiguration '${props.configurationName ?? 'default'}'`);
  return buildMeshPasswordPlan(props);
}

/** Builds the mesh plan without checking. */
export function buildMeshPasswordPlan(props: MeshPasswordPlanProps): SecuredUnitPlan {
  const install = resolveInstall(props.install);
  const placement = props.secret ?? { mode: 'own' };
  const ref: SecretKeyRef = { name: placement.name ?? MESH_SECRET_NAME, key: placement.key ?? DEFAULT_PASSWORD_KEY };
  return {
    install,
    secretKeyRef: ref,
    emitsSecret: placement.mode === 'own',
    ...accessObjects(install, placement, ref),
    calicoObject: buildBgpConfiguration({ name: props.configurationName ?? 'default', spec: props.spec ?? {}, meshPasswordRef: ref, apiFlavor: props.apiFlavor }),
  };
}

/** The RBAC of a Secret several peers share: one Role naming it, one RoleBinding. */
export function planSharedSecretAccess(props: {
  readonly secretName: string;
  readonly install?: CalicoInstallInput | CalicoInstall;
}): { install: CalicoInstall; role: KubeObject; roleBinding: KubeObject } {
  throwIfProblems(checkName('name', props.secretName), `Secret '${props.secretName}'`);
  const install = resolveInstall(props.install);
  const roleName = secretReaderName(props.secretName);
  return {
    install,
    role: buildSecretReaderRole({ name: roleName, install, secretNames: [props.secretName] }),
    roleBinding: buildSecretReaderRoleBinding({ name: roleName, install, roleName }),
  };
}
