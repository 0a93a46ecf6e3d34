import { checkName } from '../calico';
import { Problem, problem } from '../errors';

/** What the API server does when a validation fails (a ValidatingAdmissionPolicyBinding's `validationActions`). */
export type GuardrailValidationAction = 'Deny' | 'Warn' | 'Audit';

/** The label that exempts a BGPPeer from the password requirement unless told otherwise (value `"true"`). */
export const DEFAULT_EXEMPTION_LABEL = 'calico-bgp-auth/allow-unauthenticated';
/** The name of the policy and its binding unless told otherwise. */
export const DEFAULT_GUARDRAIL_NAME = 'calico-bgp-auth-guardrail';

/**
 * Props of the BGP password guardrail (`buildBgpPasswordGuardrail`, and the cdk8s and Pulumi `BgpPasswordGuardrail`).
 */
export interface BgpPasswordGuardrailProps {
  /** Name of the ValidatingAdmissionPolicy and of its binding. @default "calico-bgp-auth-guardrail" */
  readonly name?: string;
  /**
   * What the API server does with a request that breaks a rule: `Deny` refuses it, `Warn` lets it
   * through with a warning kubectl prints, `Audit` records it in the audit log. Roll out with
   * `['Warn', 'Audit']` first, then switch to `['Deny']` (Deny and Warn together are refused).
   *
   * @default ["Deny"]
   */
  readonly validationActions?: readonly GuardrailValidationAction[];
  /**
   * What happens when a rule cannot be evaluated (e.g. its CEL cost budget is exceeded):
   * `Fail` refuses the request, `Ignore` lets it through.
   *
   * @default "Fail"
   */
  readonly failurePolicy?: 'Fail' | 'Ignore';
  /**
   * The label that exempts a BGPPeer from the password requirement when set to `"true"`, for a
   * peer that must stay unauthenticated on purpose (a router without TCP-MD5 support). Anyone who
   * may label BGPPeers can then opt out: keep it, or set `false` and list `exemptPeers` instead.
   *
   * @default "calico-bgp-auth/allow-unauthenticated"
   */
  readonly exemptionLabel?: string | false;
  /** BGPPeers (by name) allowed without a password. @default none */
  readonly exemptPeers?: readonly string[];
  /**
   * Also refuse the BGPConfiguration `default` when it leaves the node-to-node mesh enabled
   * without `spec.nodeMeshPassword`. Off by default: most clusters run the mesh without a password,
   * and turning this on blocks every change of `default` until the mesh has one.
   *
   * @default false
   */
  readonly requireMeshPassword?: boolean;
  /**
   * Also match `crd.projectcalico.org/v1` BGPPeers and BGPConfigurations. calicoctl (Kubernetes
   * datastore) and calico-apiserver store Calico's objects through that group, and a request to
   * `projectcalico.org/v3` served by calico-apiserver (an aggregated API) reaches kube-apiserver's
   * admission only as that storage write: without it, most writes go unseen.
   *
   * @default true
   */
  readonly matchCrdApiGroup?: boolean;
  /**
   * Check the values of Secrets carrying the library's password label
   * (`calico-bgp-auth/bgp-password`) against the floor rules.
   *
   * @default true
   */
  readonly checkPasswordSecrets?: boolean;
  /**
   * Refuse a BGPPeer whose `nodeSelector`, `peerSelector` or `localWorkloadSelector` is not Calico
   * selector syntax (`rack = 'r1'`, `rack == r1`, a trailing `&&`...), and a BGPConfiguration whose
   * `ignoredInterfaces` entries are not interface names (`^[a-zA-Z0-9_.*-]{1,15}$`, not `*`: confd
   * writes them unescaped into bird.cfg). CEL cannot run Calico's parser: the selector check is a
   * regular expression that sees everything but the balance of parentheses
   * (`lib/guardrail/selector-cel.ts`); the audit and the constructs run the full parser.
   *
   * @default true
   */
  readonly checkSelectors?: boolean;
  /** Extra labels on the policy and the binding. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Every problem of the guardrail's props. */
export function checkBgpPasswordGuardrailProps(props: BgpPasswordGuardrailProps): Problem[] {
  const problems: Problem[] = [];
  if (props.name !== undefined) problems.push(...checkName('name', props.name));
  const actions = props.validationActions ?? ['Deny'];
  if (actions.length === 0) {
    problems.push(problem('validationActions', 'guardrail.actions',
      '\'validationActions\' must hold at least one of Deny, Warn and Audit.'));
  }
  for (const a of actions) {
    if (!['Deny', 'Warn', 'Audit'].includes(a)) {
      problems.push(problem('validationActions', 'guardrail.actions',
        `'validationActions' (${a}) must be Deny, Warn or Audit.`));
    }
  }
  if (new Set(actions).size !== actions.length) {
    problems.push(problem('validationActions', 'guardrail.actions',
      '\'validationActions\' must not repeat an action.'));
  }
  if (actions.includes('Deny') && actions.includes('Warn')) {
    problems.push(problem('validationActions', 'guardrail.actions',
      'Only one of \'Deny\' and \'Warn\' may be in \'validationActions\' (the API server refuses both: a denied request needs no warning).'));
  }
  if (props.failurePolicy !== undefined && !['Fail', 'Ignore'].includes(props.failurePolicy)) {
    problems.push(problem('failurePolicy', 'guardrail.failure-policy',
      `'failurePolicy' (${props.failurePolicy}) must be Fail or Ignore.`));
  }
  const label = props.exemptionLabel;
  if (typeof label === 'string') {
    const [prefix, name] = label.includes('/') ? label.split('/', 2) : ['', label];
    if (!QUALIFIED_NAME.test(label) || name.length > 63 || prefix.length > 253) {
      problems.push(problem('exemptionLabel', 'k8s.label-key',
        `'exemptionLabel' (${label}) must be a label key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.'.`));
    }
  }
  (props.exemptPeers ?? []).forEach((n, i) => problems.push(...checkName(`exemptPeers[${i}]`, n)));
  return problems;
}
