import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { emitObject } from './emit';
import { addProblemValidation } from './validation';
import { BgpPasswordGuardrailProps, buildBgpPasswordGuardrail, checkBgpPasswordGuardrailProps } from '../guardrail';

export type { BgpPasswordGuardrailProps, GuardrailValidationAction } from '../guardrail';

/**
 * An in-cluster guardrail that makes the API server refuse unprotected BGP peerings: a
 * ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, Kubernetes 1.30 or later) and its
 * binding, built by the core's `buildBgpPasswordGuardrail`.
 *
 * It refuses BGPPeers without `spec.password.secretKeyRef` (unless exempted), `nodeMeshPassword`
 * on a BGPConfiguration other than `default` or with the mesh disabled, optionally `default`
 * without a mesh password, and Secrets labelled `calico-bgp-auth/bgp-password` whose values break
 * the floor rules. It cannot see whether the referenced Secret exists or calico-node may read it:
 * run `calico-bgp-auth audit` for that.
 *
 * Roll out with `validationActions: ['Warn', 'Audit']`, read the warnings, then switch to the
 * default `['Deny']`.
 *
 * @example
 * ```ts
 * import { App, Chart } from 'cdk8s';
 * import { BgpPasswordGuardrail } from 'calico-bgp-auth/cdk8s';
 *
 * const chart = new Chart(new App(), 'guardrail');
 * new BgpPasswordGuardrail(chart, 'guardrail', { validationActions: ['Warn', 'Audit'], exemptPeers: ['lab-router'] });
 * ```
 */
export class BgpPasswordGuardrail extends Construct {
  /** The ValidatingAdmissionPolicy. */
  public readonly policy: ApiObject;
  /** The ValidatingAdmissionPolicyBinding, ordered after the policy. */
  public readonly binding: ApiObject;
  /** The policy's name (also the binding's). */
  public readonly policyName: string;

  constructor(scope: Construct, id: string, props: BgpPasswordGuardrailProps = {}) {
    super(scope, id);
    const problems = checkBgpPasswordGuardrailProps(props);
    const built = problems.length === 0 ? buildBgpPasswordGuardrail(props) : undefined;
    this.policy = built ? emitObject(this, 'Resource', built.policy)
      : new ApiObject(this, 'Resource', { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy' });
    this.binding = built ? emitObject(this, 'Binding', built.binding)
      : new ApiObject(this, 'Binding', { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding' });
    this.binding.addDependency(this.policy);
    this.policyName = this.policy.name;
    addProblemValidation(this, () => problems);
  }
}
