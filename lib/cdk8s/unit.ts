import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { BgpPassword, BgpPasswordBinding } from './bgp-password';
import { emitObject, passwordOrRefusal } from './emit';
import { OrderedUnit } from './ordering';
import { CalicoInstall, DEFAULT_PASSWORD_KEY, SecretKeyRef, SecuredUnitPlan, buildPasswordSecret } from '../calico';
import { Problem } from '../errors';
import { PasswordUnitMembers } from '../source';

// What SecuredBgpPeer and MeshPassword share: their members (PasswordUnit), binding their own
// password, and emitting the unit the core planned. Each construct keeps only what is its own (a
// peer's shared secret, the single mesh).

/** What a unit holds once its objects are emitted. @internal */
export interface UnitMembers extends UnitObjects {
  readonly secretKeyRef: SecretKeyRef;
  readonly install: CalicoInstall;
  readonly password?: string;
}

/**
 * What every password unit ({@link SecuredBgpPeer}, {@link MeshPassword}) has: the Secret holding
 * the password, the Role letting calico-node read exactly that Secret, the RoleBinding granting it,
 * and the Calico object referencing it (`bgpPeer` or `bgpConfiguration` on the subclass). The same
 * names as the Pulumi components'.
 *
 * The members are getters: they are not own properties of the construct, so `util.inspect` or a
 * logger printing it never shows the password.
 */
export abstract class PasswordUnit extends Construct implements PasswordUnitMembers<string, ApiObject, string> {
  #members?: UnitMembers;

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The Secret the Calico object reads its password from. */
  public get secretName(): string {
    return this.unitMembers.secretKeyRef.name;
  }

  /** The key in that Secret. */
  public get secretKey(): string {
    return this.unitMembers.secretKeyRef.key;
  }

  /** The install whose namespace holds the Secret and RBAC. */
  public get install(): CalicoInstall {
    return this.unitMembers.install;
  }

  /** The unit's own Secret, unless the password comes from a shared, existing or external-secrets Secret. */
  public get secret(): ApiObject | undefined {
    return this.unitMembers.secret;
  }

  /** The Role letting calico-node read the Secret, unless the Secret is shared. */
  public get role(): ApiObject | undefined {
    return this.unitMembers.role;
  }

  /** The RoleBinding granting that Role to calico-node, unless the Secret is shared. */
  public get roleBinding(): ApiObject | undefined {
    return this.unitMembers.roleBinding;
  }

  /**
   * The password written into the Secret (**secret**: never log it), for the router on the other
   * end. Undefined when only the cluster holds it (`BgpPassword.fromExistingSecret`,
   * external-secrets) and when it could not be produced (the app's validation says why).
   */
  public get password(): string | undefined {
    return this.unitMembers.password;
  }

  /** The BGPPeer or BGPConfiguration. @internal */
  protected get _calicoObject(): ApiObject {
    return this.unitMembers.calicoObject;
  }

  /** Sets the members, once, when the objects are emitted. @internal */
  protected _setUnitMembers(members: UnitMembers): void {
    this.#members = members;
  }

  private get unitMembers(): UnitMembers {
    if (!this.#members) throw new Error(`${this.node.path}: read before its objects were emitted.`);
    return this.#members;
  }
}

/** The props a unit binds its own password from. @internal */
export interface OwnPasswordProps {
  readonly password?: BgpPassword;
  readonly secretName?: string;
  readonly secretKey?: string;
}

/**
 * Binds the unit's own password (default `BgpPassword.generate()`) to the Secret the unit would
 * emit, `secretName` (default `defaultSecretName`) and `secretKey` under `install`. The binding's
 * placement is `own` when the unit emits the Secret with the bound value, `existing` when the
 * source names it or external-secrets writes it. Its problems (the source's, and Secret name or key
 * props the source would silently override) are added to `problems`.
 *
 * @internal
 */
export function bindOwnPassword(scope: Construct, props: OwnPasswordProps, defaultSecretName: string,
  install: CalicoInstall, problems: Problem[]): BgpPasswordBinding {
  const { secretName, secretKey } = props;
  const target = { secretName: secretName ?? defaultSecretName, key: secretKey ?? DEFAULT_PASSWORD_KEY, install };
  const binding = (props.password ?? BgpPassword.generate())._bind(scope, target, { name: secretName, key: secretKey });
  problems.push(...binding.problems);
  return binding;
}

/** The objects of an emitted unit. @internal */
export interface UnitObjects {
  /** The unit's own Secret, when the plan emits it. */
  readonly secret?: ApiObject;
  /** The Role, unless the Secret is shared (or there is no plan). */
  readonly role?: ApiObject;
  /** The RoleBinding, unless the Secret is shared (or there is no plan). */
  readonly roleBinding?: ApiObject;
  /** The BGPPeer or BGPConfiguration, id `Resource` unless another was given. */
  readonly calicoObject: ApiObject;
}

/** Options of {@link emitUnit}. @internal */
export interface EmitUnitOptions {
  /** The Calico object's id. @default "Resource" */
  readonly id?: string;
  /**
   * The unit the objects belong to: their dependencies are declared only when something outside
   * the unit depends on one of them (ordering.ts). The caller tags `scope` and `dependables`.
   *
   * @default none: the dependencies are declared at once
   */
  readonly unit?: OrderedUnit;
  /**
   * Whether the Calico object was created after `dependables` under the same construct (so the tree
   * order keeps it after them); otherwise the unit checks the tree order before leaving its edge out.
   *
   * @default true
   */
  readonly afterDependablesByConstruction?: boolean;
}

/**
 * Emits a planned unit under `scope`: the Secret holding `password` (when the plan emits it), the
 * Role, the RoleBinding, and the Calico object last, after the Secret, the RoleBinding (itself
 * after the Role) and `dependables` (a shared secret's objects, a source's ExternalSecret).
 * calico-node never sees the reference before it can read the password (it would bring the
 * session up without one). The construct tree already writes them in this order; with a `unit`
 * the dependencies are declared only when a dependant outside could reorder them, otherwise at once.
 *
 * Without a plan (its inputs have problems, which the app's validation reports) only an empty
 * Calico object of `kind` is emitted, so that the construct's `bgpPeer` or `bgpConfiguration`
 * exists. The Calico object's id is `options.id` (a peer added to a shared secret is emitted under
 * the secret, with its own name).
 *
 * @internal
 */
export function emitUnit(scope: Construct, plan: SecuredUnitPlan | undefined, password: string | undefined,
  kind: 'BGPPeer' | 'BGPConfiguration', dependables: readonly IConstruct[], options: EmitUnitOptions = {}): UnitObjects {
  const id = options.id ?? 'Resource';
  let secret: ApiObject | undefined;
  if (plan?.emitsSecret) {
    const ref = plan.secretKeyRef;
    secret = emitObject(scope, 'Secret', buildPasswordSecret({ name: ref.name, install: plan.install, stringData: { [ref.key]: passwordOrRefusal(password, scope) } }));
  }
  const role = plan?.role ? emitObject(scope, 'Role', plan.role) : undefined;
  const roleBinding = plan?.roleBinding ? emitObject(scope, 'RoleBinding', plan.roleBinding) : undefined;
  const calicoObject = plan
    ? emitObject(scope, id, plan.calicoObject)
    : new ApiObject(scope, id, { apiVersion: 'projectcalico.org/v3', kind });
  const before: IConstruct[] = [secret, roleBinding ?? role].filter((c): c is ApiObject => c !== undefined);
  if (dependables.length > 0) before.push(...dependables);
  const unit = options.unit;
  if (unit) {
    unit.add(secret, role, roleBinding, calicoObject);
    if (role && roleBinding) unit.after(roleBinding, [role]);
    unit.after(calicoObject, before, options.afterDependablesByConstruction ?? true);
  } else {
    if (role && roleBinding) roleBinding.addDependency(role);
    calicoObject.addDependency(...before);
  }
  return { secret, role, roleBinding, calicoObject };
}
