import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { PulumiPasswordSource } from './bgp-password';
import { emitObject, emitPasswordSecret } from './emit';
import { ExternalResources, emitExternalObjects, externalObjects, nameExternalObjects } from './external-secrets-password';
import { passwordOutputs } from './password-value';
import { claimObjects } from './stack-objects';
import {
  CalicoInstall, DEFAULT_PASSWORD_KEY, KubeObject, OPERATOR_INSTALL, SecretPlacement, SecuredUnitPlan, buildPasswordSecret,
} from '../calico';
import { Problem, throwIfProblems } from '../errors';
import { isInline, resolvePasswordSource } from '../source';

// What SecuredBgpPeer and MeshPassword share: placing their own password's Secret, claiming the
// planned objects in the program, and emitting them. Each component keeps only what is its own (a
// peer's shared secret, the single mesh).

/** Where the unit's own password puts its Secret, for the plan. @internal */
export interface OwnPlacement {
  readonly placement: SecretPlacement;
  /** The external-secrets objects of an external source. */
  readonly external?: ExternalResources;
}

/**
 * Where the Secret of the unit's own password is: the core's `resolvePasswordSource` against the
 * Secret the unit would write (`secretName`, default `defaultSecretName`). Problems are added to
 * `problems`. An inline password keeps the props as given (the plan derives the default name).
 *
 * @internal
 */
export function resolveOwnPassword(source: PulumiPasswordSource, props: { readonly secretName?: string; readonly secretKey?: string },
  defaultSecretName: string, install: CalicoInstall | undefined, problems: Problem[]): OwnPlacement {
  const target = { secretName: props.secretName ?? defaultSecretName, key: props.secretKey ?? DEFAULT_PASSWORD_KEY, install: install ?? OPERATOR_INSTALL };
  const resolution = resolvePasswordSource(source, target, { name: props.secretName, key: props.secretKey });
  problems.push(...resolution.problems);
  if (isInline(source)) return { placement: { mode: 'own', name: props.secretName, key: props.secretKey } };
  const external = resolution.external && nameExternalObjects(resolution.external, source.kind === 'external-generator');
  return { placement: resolution.placement, external };
}

/**
 * Claims every object of a planned unit in the program (its Secret, RBAC, Calico object and
 * external-secrets objects) under its Kubernetes provider; throws, naming `owner`, when another
 * component already emits one through that provider.
 *
 * @internal
 */
export function claimUnit(owner: string, plan: SecuredUnitPlan, external: ExternalResources | undefined, provider: pulumi.ProviderResource | undefined): void {
  const objects = [plan.emitsSecret ? buildPasswordSecret({ name: plan.secretKeyRef.name, install: plan.install, stringData: {} }) : undefined,
    plan.role, plan.roleBinding, plan.calicoObject, ...(external ? externalObjects(external) : [])].filter((o): o is KubeObject => o !== undefined);
  throwIfProblems(claimObjects(owner, objects, provider), owner);
}

/** A resolved unit, as {@link emitUnit} reads it. @internal */
export interface UnitToEmit {
  /** `SecuredBgpPeer 'tor-a'`, for a value the policy refuses once known. */
  readonly owner: string;
  readonly plan: SecuredUnitPlan;
  readonly source: PulumiPasswordSource;
  readonly external?: ExternalResources;
  /**
   * The Calico object's spec when some of its fields are known only at deployment: derived from
   * the checked complete spec, it replaces the plan's (built from the known fields).
   */
  readonly calicoSpec?: pulumi.Output<unknown>;
}

/** The resources of an emitted unit. @internal */
export interface UnitResources {
  /** The unit's own password (secret), when it emits its Secret. */
  readonly password?: pulumi.Output<string>;
  readonly secret?: k8s.core.v1.Secret;
  readonly role?: k8s.rbac.v1.Role;
  readonly roleBinding?: k8s.rbac.v1.RoleBinding;
  /** The BGPPeer or BGPConfiguration, named like the component. */
  readonly calicoObject: k8s.apiextensions.CustomResource;
}

/**
 * Emits a planned unit as children of `parent`: its own Secret with the password (generated or
 * given) when the plan emits it, the Role and RoleBinding (`<name>-reader`), the external-secrets
 * objects, and the Calico object, which `dependsOn` all of them and `after` (a shared secret's
 * objects): calico-node brings a peering up without a password when its Secret or RBAC is missing.
 *
 * @internal
 */
export function emitUnit(parent: pulumi.ComponentResource, name: string, unit: UnitToEmit, after: ReadonlyArray<pulumi.Resource | undefined> = []): UnitResources {
  const { plan, source } = unit;
  const ref = plan.secretKeyRef;
  let password: pulumi.Output<string> | undefined;
  let secret: k8s.core.v1.Secret | undefined;
  if (plan.emitsSecret && isInline(source)) {
    password = passwordOutputs(source, { parent, name, keys: [ref.key], errorContext: unit.owner })[ref.key];
    secret = emitPasswordSecret(name, { name: ref.name, install: plan.install, stringData: { [ref.key]: password } }, parent);
  }
  let role: k8s.rbac.v1.Role | undefined;
  let roleBinding: k8s.rbac.v1.RoleBinding | undefined;
  if (plan.role && plan.roleBinding) {
    role = emitObject(`${name}-reader`, plan.role, { parent }) as k8s.rbac.v1.Role;
    roleBinding = emitObject(`${name}-reader`, plan.roleBinding, { parent }) as k8s.rbac.v1.RoleBinding;
  }
  const externals = unit.external ? emitExternalObjects(name, unit.external, parent) : [];
  const dependsOn = [secret, role, roleBinding, ...externals, ...after].filter((r): r is NonNullable<typeof r> => r !== undefined);
  const obj = unit.calicoSpec ? { ...plan.calicoObject, spec: unit.calicoSpec } : plan.calicoObject;
  const calicoObject = emitObject(name, obj, { parent, dependsOn }) as k8s.apiextensions.CustomResource;
  return { password, secret, role, roleBinding, calicoObject };
}
