import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { PulumiPasswordSource } from './bgp-password';
import { emitObject, emitPasswordSecret } from './emit';
import { ExternalResources, emitExternalObjects, externalObjects, nameExternalObjects } from './external-secrets-password';
import { passwordOutputs } from './password-value';
import { SharedSecretHost } from './shared-secret';
import { claimObjects } from './stack-objects';
import {
  CalicoInstall, DEFAULT_PASSWORD_KEY, KubeObject, OPERATOR_INSTALL, PasswordUnitOptions, SecretPlacement,
  SecuredUnitPlan, buildPasswordSecret,
} from '../calico';
import { Problem, throwIfProblems } from '../errors';
import { PasswordUnitMembers, isInline, resolvePasswordSource } from '../source';

// What SecuredBgpPeer and MeshPassword share: placing their own password's Secret, claiming the
// planned objects in the program, and their members and children (PasswordUnit). Each component
// keeps only what is its own (a peer's shared secret and BGPPeer, the single mesh).

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
export function resolveOwnPassword(source: PulumiPasswordSource, props: PasswordUnitOptions, defaultSecretName: string,
  install: CalicoInstall | undefined, problems: Problem[]): OwnPlacement {
  const target = {
    secretName: props.secretName ?? defaultSecretName,
    key: props.secretKey ?? DEFAULT_PASSWORD_KEY,
    install: install ?? OPERATOR_INSTALL,
  };
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
export function claimUnit(owner: string, plan: SecuredUnitPlan, external: ExternalResources | undefined,
  provider: pulumi.ProviderResource | undefined): void {
  const secret = plan.emitsSecret
    ? buildPasswordSecret({ name: plan.secretKeyRef.name, install: plan.install, stringData: {} })
    : undefined;
  const externals = external ? externalObjects(external) : [];
  const objects = [secret, plan.role, plan.roleBinding, plan.calicoObject, ...externals]
    .filter((o): o is KubeObject => o !== undefined);
  throwIfProblems(claimObjects(owner, objects, provider), owner);
}

/** A resolved unit, as {@link emitUnit} reads it. @internal */
export interface UnitToEmit {
  /** `SecuredBgpPeer 'tor-a'`, for a value the policy refuses once known. */
  readonly owner: string;
  readonly plan: SecuredUnitPlan;
  readonly source: PulumiPasswordSource;
  readonly external?: ExternalResources;
  /** The shared secret a peer reads its password from (its Secret, RBAC and password). */
  readonly shared?: SharedSecretHost;
  /**
   * The Calico object's spec when some of its fields are known only at deployment: derived from
   * the checked complete spec, it replaces the plan's (built from the known fields).
   */
  readonly calicoSpec?: pulumi.Output<unknown>;
}

/**
 * What a {@link SecuredBgpPeer} and a {@link MeshPassword} have in common, declared once: a Secret
 * holding the password (their own, a shared one or an existing one), the Role and RoleBinding
 * letting calico-node read it, and the Calico object that references it. The members are those of
 * the core's `PasswordUnitMembers`, which the cdk8s constructs have too.
 *
 * On construction it registers its children: its own Secret with the password (generated or
 * given) when it writes one, the Role and RoleBinding (`<name>-reader`), the external-secrets
 * objects, and the Calico object, which `dependsOn` all of them and a shared secret's objects
 * (calico-node brings a peering up without a password when its Secret or RBAC is missing).
 */
export abstract class PasswordUnit extends pulumi.ComponentResource
  implements PasswordUnitMembers<pulumi.Output<string>, pulumi.CustomResource, pulumi.Output<string>> {
  /** The name of the Secret holding the password, in calico-node's namespace. */
  public readonly secretName: pulumi.Output<string>;
  /** The key in the Secret holding the password. */
  public readonly secretKey: pulumi.Output<string>;
  /**
   * The password (secret), for the router on the other end; undefined when only the cluster holds
   * it (an existing Secret, external-secrets).
   */
  public readonly password: pulumi.Output<string> | undefined;
  /** The install whose namespace holds the Secret and RBAC (calico-node reads Secrets only there). */
  public readonly install: CalicoInstall;
  /** The unit's own Secret; undefined with a shared secret, an existing Secret or external-secrets. */
  public readonly secret: k8s.core.v1.Secret | undefined;
  /** The Role letting calico-node get, list and watch exactly the Secret; undefined with a shared secret (its Role). */
  public readonly role: k8s.rbac.v1.Role | undefined;
  /** The RoleBinding granting the Role to calico-node's ServiceAccount; undefined with a shared secret. */
  public readonly roleBinding: k8s.rbac.v1.RoleBinding | undefined;
  /** The BGPPeer or BGPConfiguration, named like the component. @internal */
  protected readonly _calicoObject: k8s.apiextensions.CustomResource;

  /** @internal */
  protected constructor(type: string, name: string, unit: UnitToEmit, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    const { plan, source, shared } = unit;
    const ref = plan.secretKeyRef;
    const parent = this;
    if (plan.emitsSecret && isInline(source)) {
      this.password = passwordOutputs(source, { parent, name, keys: [ref.key], errorContext: unit.owner })[ref.key];
      const stringData = { [ref.key]: this.password };
      this.secret = emitPasswordSecret(name, { name: ref.name, install: plan.install, stringData }, parent);
    } else {
      this.password = shared?.passwordFor(plan.calicoObject.metadata.name);
    }
    if (plan.role && plan.roleBinding) {
      this.role = emitObject(`${name}-reader`, plan.role, { parent }) as k8s.rbac.v1.Role;
      this.roleBinding = emitObject(`${name}-reader`, plan.roleBinding, { parent }) as k8s.rbac.v1.RoleBinding;
    }
    const externals = unit.external ? emitExternalObjects(name, unit.external, parent) : [];
    const dependsOn = [this.secret, this.role, this.roleBinding, ...externals, ...(shared?._peerDependencies ?? [])]
      .filter((r): r is NonNullable<typeof r> => r !== undefined);
    const obj = unit.calicoSpec ? { ...plan.calicoObject, spec: unit.calicoSpec } : plan.calicoObject;
    this._calicoObject = emitObject(name, obj, { parent, dependsOn }) as k8s.apiextensions.CustomResource;
    this.secretName = this.secret ? this.secret.metadata.name : shared ? shared.secretName : pulumi.output(ref.name);
    this.secretKey = pulumi.output(ref.key);
    this.install = plan.install;
  }

  /** Registers the unit's outputs (the password, the Secret's name and key) and `own`. @internal */
  protected registerUnitOutputs(own: pulumi.Inputs): void {
    this.registerOutputs({ password: this.password, secretName: this.secretName, secretKey: this.secretKey, ...own });
  }
}
