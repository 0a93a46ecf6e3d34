import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { BgpPassword } from './bgp-password';
import { OrderedUnit } from './ordering';
import { PasswordUnit, bindOwnPassword, emitUnit } from './unit';
import { addProblemValidation } from './validation';
import {
  BgpConfigurationSpec, MESH_SECRET_NAME, MeshPasswordPlanProps, OPERATOR_INSTALL, PASSWORD_UNIT_OPTION_KEYS,
  PasswordUnitOptions, buildMeshPasswordPlan, checkMeshPassword, checkSingleMeshPassword, resolveInstall, specOfProps,
} from '../calico';
import { Problem, capture } from '../errors';
import { MeshPasswordMembers } from '../source';

/**
 * Props of a {@link MeshPassword}: the password, the install and Secret (the options every password
 * unit shares), and every other field of the `default` BGPConfiguration you manage (`asNumber`,
 * `nodeMeshMaxRestartTime`, `serviceClusterIPs`, ...).
 */
export interface MeshPasswordProps extends BgpConfigurationSpec, PasswordUnitOptions {
  /**
   * Where the mesh password comes from.
   *
   * @default BgpPassword.generate(): derived from the seed when one is set, else new at every synth
   */
  readonly password?: BgpPassword;
}

const OWN_PROPS: readonly string[] = ['password', ...PASSWORD_UNIT_OPTION_KEYS];

/**
 * The node-to-node mesh password: the Secret, a Role letting calico-node read it, the RoleBinding,
 * and the `default` BGPConfiguration with `spec.nodeMeshPassword.secretKeyRef` (ordered last), plus
 * the other fields of `default` given as props. Every mesh session uses it; changing it resets
 * every mesh session.
 *
 * One per cluster: two MeshPasswords in one app, or one with `nodeToNodeMeshEnabled: false`, fail
 * validation.
 *
 * **Applying it to a cluster that already has a `default` BGPConfiguration**: the object written is
 * `default` as this construct knows it, and how the rest of the live object fares depends on the tool.
 * - `kubectl apply` (client-side) merges: the fields in this object are set, fields it wrote on an
 *   earlier apply and no longer writes are removed, and fields set by someone else (another tool, a
 *   `kubectl edit`) and never written here are kept. Server-side apply (`kubectl apply
 *   --server-side`, Argo CD, Flux) keeps fields owned by other managers too, and reports a conflict
 *   on a field both set.
 * - `kubectl replace`, and `calicoctl apply` / `calicoctl replace`, write the whole object: every
 *   field absent here is dropped (the AS number falls back to 64512, the mesh to enabled).
 * - Deleting this object deletes `default`, and with it every global BGP setting.
 *
 * So put every field of `default` you rely on into this construct's props: read the live object
 * with `kubectl get bgpconfiguration default -o yaml` before the first apply.
 *
 * @example
 * ```ts
 * import { App, Chart } from 'cdk8s';
 * import { MeshPassword } from 'calico-bgp-auth/cdk8s';
 *
 * const chart = new Chart(new App(), 'bgp');
 * new MeshPassword(chart, 'mesh', { asNumber: 64512, nodeMeshMaxRestartTime: '120s' });
 * ```
 */
export class MeshPassword extends PasswordUnit implements MeshPasswordMembers<string, ApiObject, string> {
  /** The BGPConfiguration's name: always `default`, the only one Calico reads the mesh password from. */
  public readonly configurationName: string = 'default';

  constructor(scope: Construct, id: string, props: MeshPasswordProps = {}) {
    super(scope, id);
    const problems: Problem[] = [];
    const spec = specOfProps<BgpConfigurationSpec>(props, OWN_PROPS);
    const install = capture(problems, () => resolveInstall(props.install)) ?? OPERATOR_INSTALL;
    const binding = bindOwnPassword(this, props, MESH_SECRET_NAME, install, problems);

    const planProps: MeshPasswordPlanProps = {
      spec, install: props.install, calicoVersion: props.calicoVersion, apiFlavor: props.apiFlavor,
      secret: binding.placement,
    };
    problems.push(...checkMeshPassword(planProps));
    const plan = problems.length === 0
      ? buildMeshPasswordPlan(planProps)
      : capture([], () => buildMeshPasswordPlan(planProps));
    const unit = new OrderedUnit();
    unit.add(this, ...binding.dependables);
    const objects = emitUnit(this, plan, binding.value, 'BGPConfiguration', binding.dependables, { unit });
    this._setUnitMembers({
      ...objects, secretKeyRef: plan?.secretKeyRef ?? binding.secretKeyRef, install,
      password: binding.placement.mode === 'own' ? binding.value : undefined,
    });

    addProblemValidation(this, () => [...problems, ...this.singleMeshProblems()]);
  }

  /** The `default` BGPConfiguration. */
  public get bgpConfiguration(): ApiObject {
    return this._calicoObject;
  }

  /**
   * The `default` BGPConfiguration.
   *
   * @deprecated Use {@link MeshPassword.bgpConfiguration}.
   */
  public get apiObject(): ApiObject {
    return this._calicoObject;
  }

  /** Only one MeshPassword may write `default`; every later one is reported, naming the first. */
  private singleMeshProblems(): Problem[] {
    const all = this.node.root.node.findAll().filter((c: IConstruct) => c instanceof MeshPassword);
    if (all[0] === this || !all.includes(this)) return [];
    return checkSingleMeshPassword({ first: `MeshPassword '${all[0].node.path}'` });
  }
}
