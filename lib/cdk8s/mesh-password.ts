import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { BgpPassword } from './bgp-password';
import { emitObject, passwordOrRefusal } from './objects';
import { addProblemValidation, capture } from './validation';
import {
  ApiFlavor, BgpConfigurationSpec, CalicoInstall, CalicoInstallInput, CalicoVersion, DEFAULT_PASSWORD_KEY, MESH_SECRET_NAME,
  MeshPasswordPlanProps, OPERATOR_INSTALL, buildMeshPasswordPlan, buildPasswordSecret, checkMeshPassword, checkSingleMeshPassword, checkSourceNamesSecret,
  resolveInstall,
} from '../calico';
import { Problem } from '../errors';

/**
 * Props of a {@link MeshPassword}: the password, and every other field of the `default`
 * BGPConfiguration you manage (`asNumber`, `nodeMeshMaxRestartTime`, `serviceClusterIPs`, ...).
 */
export interface MeshPasswordProps extends BgpConfigurationSpec {
  /**
   * Where the mesh password comes from.
   *
   * @default BgpPassword.generate(): derived from the seed when one is set, else new at every synth
   */
  readonly password?: BgpPassword;
  /**
   * How Calico was installed, which decides where calico-node reads the Secret: `operator`
   * (calico-system), `manifest` (kube-system), or `{ namespace, serviceAccount }`.
   *
   * @default "operator"
   */
  readonly install?: CalicoInstallInput;
  /**
   * The Calico release the BGPConfiguration is written for (`nodeMeshPassword` needs 3.23 or later;
   * newer fields are refused for older releases).
   *
   * @default "3.32"
   */
  readonly calicoVersion?: CalicoVersion;
  /** The API the BGPConfiguration is written for. @default "projectcalico.org/v3" */
  readonly apiFlavor?: ApiFlavor;
  /** The name of the Secret holding the mesh password. @default "bgp-mesh-password" */
  readonly secretName?: string;
  /** The key in that Secret. @default "password" */
  readonly secretKey?: string;
}

const OWN_PROPS = ['password', 'install', 'calicoVersion', 'apiFlavor', 'secretName', 'secretKey'] as const;

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
 * new MeshPassword(chart, 'mesh', { asNumber: 64512, nodeMeshMaxRestartTime: '120s' });
 */
export class MeshPassword extends Construct {
  /** The Secret holding the mesh password. */
  public readonly secretName: string;
  /** The key in that Secret. */
  public readonly secretKey: string;
  /** The install whose namespace holds the Secret and RBAC. */
  public readonly install: CalicoInstall;
  /** The `default` BGPConfiguration. */
  public readonly apiObject: ApiObject;
  /** The Secret, unless the password comes from an existing Secret. */
  public readonly secret?: ApiObject;
  /** The Role letting calico-node read the Secret. */
  public readonly role?: ApiObject;
  /** The RoleBinding granting it. */
  public readonly roleBinding?: ApiObject;

  constructor(scope: Construct, id: string, props: MeshPasswordProps = {}) {
    super(scope, id);
    const problems: Problem[] = [];
    const spec = specOf(props);
    this.install = capture(problems, () => resolveInstall(props.install)) ?? OPERATOR_INSTALL;
    const context = { secretName: props.secretName ?? MESH_SECRET_NAME, secretKey: props.secretKey ?? DEFAULT_PASSWORD_KEY, install: this.install, field: 'password' };
    const binding = (props.password ?? BgpPassword.generate())._bind(this, context);
    problems.push(...binding.problems);
    const ref = binding.secretKeyRef;
    problems.push(...checkSourceNamesSecret({ sourceRef: binding.namedAfterContext ? undefined : ref, name: props.secretName, key: props.secretKey }));

    const planProps: MeshPasswordPlanProps = {
      spec, install: props.install, calicoVersion: props.calicoVersion, apiFlavor: props.apiFlavor,
      secret: binding.delivery === 'inline' ? { mode: 'own', ...ref } : { mode: 'existing', ...ref },
    };
    problems.push(...checkMeshPassword(planProps));
    const plan = problems.length === 0 ? buildMeshPasswordPlan(planProps) : capture([], () => buildMeshPasswordPlan(planProps));
    this.secretName = plan?.secretKeyRef.name ?? ref.name;
    this.secretKey = plan?.secretKeyRef.key ?? ref.key;

    if (plan?.emitsSecret) {
      this.secret = emitObject(this, 'Secret', buildPasswordSecret({ name: ref.name, install: this.install, stringData: { [ref.key]: passwordOrRefusal(binding.value, this) } }));
    }
    if (plan?.role) this.role = emitObject(this, 'Role', plan.role);
    if (plan?.roleBinding) this.roleBinding = emitObject(this, 'RoleBinding', plan.roleBinding);
    if (this.role && this.roleBinding) this.roleBinding.addDependency(this.role);
    this.apiObject = plan ? emitObject(this, 'Resource', plan.calicoObject)
      : new ApiObject(this, 'Resource', { apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration' });
    this.apiObject.addDependency(...[this.secret, this.role, this.roleBinding].filter((c): c is ApiObject => c !== undefined), ...binding.dependables);

    addProblemValidation(this, () => [...problems, ...this.singleMeshProblems()]);
  }

  /** Only one MeshPassword may write `default`; every later one is reported, naming the first. */
  private singleMeshProblems(): Problem[] {
    const all = this.node.root.node.findAll().filter((c: IConstruct) => c instanceof MeshPassword);
    if (all[0] === this || !all.includes(this)) return [];
    return checkSingleMeshPassword({ first: `MeshPassword '${all[0].node.path}'` });
  }
}

/** The BGPConfiguration spec: every prop that is not the construct's own. */
function specOf(props: MeshPasswordProps): BgpConfigurationSpec {
  const spec: Record<string, unknown> = { ...props };
  for (const p of OWN_PROPS) delete spec[p];
  return spec as BgpConfigurationSpec;
}
