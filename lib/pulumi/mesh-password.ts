import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { BgpPassword } from './bgp-password';
import { kubernetesProviderOf } from './provider';
import { SpecInputs, checkedSpec, isDeferred, problemsAtConstruction, splitSpec } from './spec-inputs';
import { claimedBy } from './stack-objects';
import { PasswordUnit, UnitToEmit, claimUnit, resolveOwnPassword } from './unit';
import {
  BgpConfigurationSpec, MESH_SECRET_NAME, MeshPasswordPlanProps, PASSWORD_UNIT_OPTION_KEYS, PasswordUnitOptions,
  buildMeshPasswordPlan, checkMeshPassword, checkSingleMeshPassword, resolveInstall, specOfProps,
} from '../calico';
import { Problem, capture, throwIfProblems } from '../errors';
import { MeshPasswordMembers, checkPasswordSource } from '../source';

/**
 * Arguments of a {@link MeshPassword}: the other fields of the `default` BGPConfiguration, each a
 * `pulumi.Input`, plus where the mesh password comes from and the unit's options (install, Calico
 * release and API, Secret name and key: plain values, known at construction).
 *
 * Values known at construction are checked there; a field known only at deployment (an `Output`)
 * is checked once known, with the same rules and sentences, failing `pulumi up` before the
 * BGPConfiguration is written (e.g. `nodeToNodeMeshEnabled` resolving to false).
 */
export interface MeshPasswordArgs extends SpecInputs<BgpConfigurationSpec>, PasswordUnitOptions {
  /** The mesh password. @default BgpPassword.generate() */
  readonly password?: BgpPassword;
}

const OWN_KEYS: readonly string[] = ['password', ...PASSWORD_UNIT_OPTION_KEYS];

/**
 * The node-to-node mesh password: a Secret, a Role and RoleBinding letting calico-node read it, and
 * the `default` BGPConfiguration with `spec.nodeMeshPassword.secretKeyRef`, which `dependsOn` the
 * other three. A program holds one MeshPassword per Kubernetes provider (per cluster); a mesh
 * password with `nodeToNodeMeshEnabled: false` is refused.
 *
 * The `default` BGPConfiguration is cluster-wide, and this component owns it: applying it replaces
 * the spec of one that already exists (set every field you rely on here, or import it first with
 * the `import` resource option). Changing the password resets every mesh session at once.
 *
 * @example
 * ```ts
 * import { MeshPassword } from 'calico-bgp-auth/pulumi';
 *
 * const mesh = new MeshPassword('mesh', { asNumber: 64512, nodeMeshMaxRestartTime: '120s' });
 * ```
 */
export class MeshPassword extends PasswordUnit
  implements MeshPasswordMembers<pulumi.Output<string>, pulumi.CustomResource, pulumi.Output<string>> {
  /** The Role letting calico-node get, list and watch exactly the Secret (the mesh always has its own). */
  declare public readonly role: k8s.rbac.v1.Role;
  /** The RoleBinding granting the Role to calico-node's ServiceAccount. */
  declare public readonly roleBinding: k8s.rbac.v1.RoleBinding;
  /** The BGPConfiguration's name: always `default`, the only one that holds the mesh password. */
  public readonly configurationName: pulumi.Output<string>;
  /** The `default` BGPConfiguration carrying `nodeMeshPassword`. */
  public readonly bgpConfiguration: k8s.apiextensions.CustomResource;

  constructor(name: string, args: MeshPasswordArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('calico-bgp-auth:index:MeshPassword', name, resolveMesh(`MeshPassword '${name}'`, args, kubernetesProviderOf(opts)), opts);
    this.bgpConfiguration = this._calicoObject;
    this.configurationName = this.bgpConfiguration.metadata.name;
    this.registerUnitOutputs({ configurationName: this.configurationName });
  }
}

/** Checks everything known at construction and plans the objects; throws one ValidationError listing every problem. */
function resolveMesh(owner: string, args: MeshPasswordArgs, provider: pulumi.ProviderResource | undefined): UnitToEmit {
  const spec = splitSpec(specOfProps<SpecInputs<BgpConfigurationSpec>>(args, OWN_KEYS));
  const source = (args.password ?? BgpPassword.generate()).source;
  const problems: Problem[] = [];
  const install = capture(problems, () => resolveInstall(args.install));
  const { placement, external } = resolveOwnPassword(source, args, MESH_SECRET_NAME, install, problems);
  const props = (s: BgpConfigurationSpec): MeshPasswordPlanProps => ({
    spec: s, install, calicoVersion: args.calicoVersion, apiFlavor: args.apiFlavor, secret: placement,
  });
  const check = (s: BgpConfigurationSpec) => checkMeshPassword(props(s));
  problems.push(...problemsAtConstruction(spec, check), ...checkPasswordSource(source, 'password', isDeferred));
  throwIfProblems(problems, owner);
  const plan = buildMeshPasswordPlan(props(spec.known));
  // One mesh password per cluster: per Kubernetes provider.
  throwIfProblems(checkSingleMeshPassword({ first: claimedBy(plan.calicoObject, provider) }), owner);
  claimUnit(owner, plan, external, provider);
  const calicoSpec = checkedSpec(spec, check, owner)?.apply((s) => buildMeshPasswordPlan(props(s)).calicoObject.spec);
  return { owner, plan, source, external, calicoSpec };
}
