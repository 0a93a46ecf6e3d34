import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { BgpPassword } from './bgp-password';
import { emitObject } from './emit';
import { ExternalSecretsResolution, emitExternalObjects, externalObjects, resolveExternalSource } from './external-secrets-password';
import { checkPasswordSource, passwordOutputs } from './password-value';
import { claimObjects, claimedBy } from './stack-objects';
import {
  ApiFlavor, BgpConfigurationSpec, CalicoInstallInput, CalicoVersion, DEFAULT_PASSWORD_KEY, KubeObject, MESH_SECRET_NAME, MeshPasswordPlanProps, OPERATOR_INSTALL,
  SecretPlacement, buildMeshPasswordPlan, buildPasswordSecret, checkMeshPassword, checkSingleMeshPassword, checkSourceNamesSecret, resolveInstall,
} from '../calico';
import { Problem, ValidationError, throwIfProblems } from '../errors';

/**
 * Arguments of a {@link MeshPassword}: the other fields of the `default` BGPConfiguration (plain
 * values, validated at construction), plus where the mesh password comes from.
 */
export interface MeshPasswordArgs extends BgpConfigurationSpec {
  /** The mesh password. @default BgpPassword.generate() */
  readonly password?: BgpPassword;
  /**
   * How Calico was installed, which decides where the Secret, Role and RoleBinding go:
   * `operator` (`calico-system`), `manifest` (`kube-system`) or `{ namespace, serviceAccount }`.
   *
   * @default "operator"
   */
  readonly install?: CalicoInstallInput;
  /** The Calico release targeted; a field newer than it is refused. @default "3.32" */
  readonly calicoVersion?: CalicoVersion;
  /** The API the BGPConfiguration is written for. @default "projectcalico.org/v3" */
  readonly apiFlavor?: ApiFlavor;
  /** The Secret's name. @default "bgp-mesh-password" */
  readonly secretName?: string;
  /** The key in the Secret. @default "password" */
  readonly secretKey?: string;
}

const OWN_KEYS = ['password', 'install', 'calicoVersion', 'apiFlavor', 'secretName', 'secretKey'];

/**
 * The node-to-node mesh password: a Secret, a Role and RoleBinding letting calico-node read it, and
 * the `default` BGPConfiguration with `spec.nodeMeshPassword.secretKeyRef`, which `dependsOn` the
 * other three. A program holds one MeshPassword; a mesh password with `nodeToNodeMeshEnabled: false`
 * is refused.
 *
 * The `default` BGPConfiguration is cluster-wide, and this component owns it: applying it replaces
 * the spec of one that already exists (set every field you rely on here, or import it first with
 * the `import` resource option). Changing the password resets every mesh session at once.
 *
 * ```ts
 * const mesh = new MeshPassword('mesh', { asNumber: 64512, nodeMeshMaxRestartTime: '120s' });
 * ```
 */
export class MeshPassword extends pulumi.ComponentResource {
  /** The mesh password (secret); undefined for an existing Secret. */
  public readonly password: pulumi.Output<string> | undefined;
  /** The name of the Secret holding the password. */
  public readonly secretName: pulumi.Output<string>;
  /** The key in the Secret holding the password. */
  public readonly secretKey: pulumi.Output<string>;
  /** The BGPConfiguration's name, `default`. */
  public readonly configurationName: pulumi.Output<string>;
  /** The Secret; undefined for an existing Secret. */
  public readonly secret: k8s.core.v1.Secret | undefined;
  /** The Role letting calico-node get, list and watch exactly the Secret. */
  public readonly role: k8s.rbac.v1.Role;
  /** The RoleBinding granting the Role to calico-node's ServiceAccount. */
  public readonly roleBinding: k8s.rbac.v1.RoleBinding;
  /** The `default` BGPConfiguration. */
  public readonly bgpConfiguration: k8s.apiextensions.CustomResource;

  constructor(name: string, args: MeshPasswordArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const owner = `MeshPassword '${name}'`;
    const { plan, password, external } = resolveMesh(owner, args);
    super('calico-bgp-auth:index:MeshPassword', name, {}, opts);
    const ref = plan.secretKeyRef;
    const source = password.source;
    const parent = { parent: this };
    if (source.kind === 'generated' || source.kind === 'value') {
      this.password = passwordOutputs(source, { parent: this, name, keys: [ref.key], errorContext: owner })[ref.key];
      const obj = buildPasswordSecret({ name: ref.name, install: plan.install, stringData: { [ref.key]: this.password } });
      this.secret = emitObject(`${name}-secret`, { ...obj, stringData: pulumi.secret(obj.stringData) }, parent) as k8s.core.v1.Secret;
    }
    // The mesh plan is never `shared`, so it always carries the Role and RoleBinding.
    this.role = emitObject(`${name}-reader`, plan.role!, parent) as k8s.rbac.v1.Role;
    this.roleBinding = emitObject(`${name}-reader`, plan.roleBinding!, parent) as k8s.rbac.v1.RoleBinding;
    const externals = external ? emitExternalObjects(name, external, this) : [];
    const dependsOn = [this.secret, this.role, this.roleBinding, ...externals].filter((r): r is NonNullable<typeof r> => r !== undefined);
    this.bgpConfiguration = emitObject(name, plan.calicoObject, { parent: this, dependsOn }) as k8s.apiextensions.CustomResource;
    this.secretName = this.secret ? this.secret.metadata.name : pulumi.output(ref.name);
    this.secretKey = pulumi.output(ref.key);
    this.configurationName = this.bgpConfiguration.metadata.name;
    this.registerOutputs({ password: this.password, secretName: this.secretName, secretKey: this.secretKey, configurationName: this.configurationName });
  }
}

function resolveMesh(owner: string, args: MeshPasswordArgs) {
  const spec = Object.fromEntries(Object.entries(args).filter(([k]) => !OWN_KEYS.includes(k))) as BgpConfigurationSpec;
  const password = args.password ?? BgpPassword.generate();
  const problems: Problem[] = [];
  let placement: SecretPlacement = { mode: 'own', name: args.secretName, key: args.secretKey };
  if (password.source.kind === 'existing') {
    const ref = password.source.ref;
    problems.push(...checkSourceNamesSecret({ sourceRef: ref, name: args.secretName, key: args.secretKey }));
    placement = { mode: 'existing', ...ref };
  }
  let install;
  try {
    install = resolveInstall(args.install);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    problems.push(...e.problems);
  }
  let external: ExternalSecretsResolution | undefined;
  if (password.source.kind === 'external') {
    // The mesh Secret, written by external-secrets instead (rotation may suffix its name).
    const target = { secretName: args.secretName ?? MESH_SECRET_NAME, key: args.secretKey ?? DEFAULT_PASSWORD_KEY, install: install ?? OPERATOR_INSTALL };
    external = resolveExternalSource(password.source.external, target);
    problems.push(...external.problems);
    placement = { mode: 'existing', ...external.secretKeyRef };
  }
  const props: MeshPasswordPlanProps = { spec, install, calicoVersion: args.calicoVersion, apiFlavor: args.apiFlavor, secret: placement };
  problems.push(...checkMeshPassword(props), ...checkPasswordSource(password.source));
  throwIfProblems(problems, owner);
  const plan = buildMeshPasswordPlan(props);
  throwIfProblems(checkSingleMeshPassword({ first: claimedBy(plan.calicoObject) }), owner);
  const objects = [plan.emitsSecret ? buildPasswordSecret({ name: plan.secretKeyRef.name, install: plan.install, stringData: {} }) : undefined,
    plan.role, plan.roleBinding, plan.calicoObject, ...(external ? externalObjects(external) : [])].filter((o): o is KubeObject => o !== undefined);
  throwIfProblems(claimObjects(owner, objects), owner);
  return { plan, password, external };
}
