import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { kubernetesProviderOf } from './provider';
import { claimObjects } from './stack-objects';
import { throwIfProblems } from '../errors';
import { BgpPasswordGuardrailProps, buildBgpPasswordGuardrail, checkBgpPasswordGuardrailProps } from '../guardrail';

export type { GuardrailValidationAction } from '../guardrail';

/** Arguments of a {@link BgpPasswordGuardrail}: plain values, since they are compiled into CEL. */
export type BgpPasswordGuardrailArgs = BgpPasswordGuardrailProps;

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
 * import { BgpPasswordGuardrail } from 'calico-bgp-auth/pulumi';
 *
 * new BgpPasswordGuardrail('guardrail', { validationActions: ['Warn', 'Audit'], exemptPeers: ['lab-router'] });
 * ```
 */
export class BgpPasswordGuardrail extends pulumi.ComponentResource {
  /** The ValidatingAdmissionPolicy. */
  public readonly policy: k8s.admissionregistration.v1.ValidatingAdmissionPolicy;
  /** The ValidatingAdmissionPolicyBinding, created after the policy. */
  public readonly binding: k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
  /** The policy's name (also the binding's). */
  public readonly policyName: pulumi.Output<string>;

  constructor(name: string, args: BgpPasswordGuardrailArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const owner = `BgpPasswordGuardrail '${name}'`;
    throwIfProblems(checkBgpPasswordGuardrailProps(args), owner);
    const built = buildBgpPasswordGuardrail(args);
    throwIfProblems(claimObjects(owner, [built.policy, built.binding], kubernetesProviderOf(opts)), owner);
    super('calico-bgp-auth:index:BgpPasswordGuardrail', name, {}, opts);
    // The SDK's arg types are structurally what the core builds; the casts only drop `readonly`.
    const admission = k8s.admissionregistration.v1;
    this.policy = new admission.ValidatingAdmissionPolicy(`${name}-policy`,
      built.policy as unknown as k8s.admissionregistration.v1.ValidatingAdmissionPolicyArgs, { parent: this });
    this.binding = new admission.ValidatingAdmissionPolicyBinding(`${name}-binding`,
      built.binding as unknown as k8s.admissionregistration.v1.ValidatingAdmissionPolicyBindingArgs,
      { parent: this, dependsOn: [this.policy] });
    this.policyName = this.policy.metadata.name;
    this.registerOutputs({ policyName: this.policyName });
  }
}
