import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { emitObject } from './emit';
import { describeProvider, kubernetesProviderOf } from './provider';
import { peerRouterConfig, registerRouterSide } from './router-config';
import { SharedSecretHost, sharedKeyOf } from './shared-secret';
import { SpecInputs, checkedSpec, problemsAtConstruction, splitSpec } from './spec-inputs';
import { claimUnit } from './unit';
import {
  BgpPeerSpec, SHARED_PEER_OPTION_KEYS, SecuredBgpPeerPlanProps, SharedPeerOptions, buildSecuredBgpPeerPlan,
  checkSecuredBgpPeer, checkSharedSecretTarget, specOfProps,
} from '../calico';
import { Problem, throwIfProblems } from '../errors';
import { RouterConfigOptions, RouterTarget } from '../router';
import { BgpPeerMembers } from '../source';

/**
 * Arguments of a peer added with `BgpPasswordSecret.addPeer`: every field of Calico's BGPPeer spec,
 * each a `pulumi.Input`, and the Calico release and API it is written for (plain values). The
 * password, its Secret and the install are the shared secret's. Values known when the peer is added
 * are checked there; a field known only at deployment is checked once known, with the same
 * sentences, failing `pulumi up` before the BGPPeer is written.
 */
export interface SharedBgpPeerArgs extends SpecInputs<BgpPeerSpec>, SharedPeerOptions {}

/**
 * Resource options of a peer added with `BgpPasswordSecret.addPeer` (e.g. `aliases` when moving a
 * deployed `SecuredBgpPeer`'s BGPPeer here, `protect`). Its parent is always the shared secret's
 * component and it always `dependsOn` the Secret, Role and RoleBinding, so neither can be set.
 */
export type SharedBgpPeerOptions = Omit<pulumi.CustomResourceOptions, 'parent' | 'dependsOn'>;

/**
 * A BGPPeer reading its password from a {@link BgpPasswordSecret}, added with
 * `BgpPasswordSecret.addPeer`: one `CustomResource` whose parent is the secret's component, with no
 * component of its own. This is the shape for fabrics of thousands of peers; a `SecuredBgpPeer`
 * with `sharedSecret` registers the same BGPPeer plus a component per peer.
 *
 * The BGPPeer `dependsOn` the shared Secret, Role and RoleBinding (calico-node brings a peering up
 * without a password when its Secret or RBAC is missing).
 */
export class SharedBgpPeer
implements BgpPeerMembers<pulumi.Output<string>, pulumi.CustomResource, pulumi.Output<string>> {
  /** The BGPPeer's name (cluster-scoped). */
  public readonly peerName: pulumi.Output<string>;
  /** The name of the Secret holding the password. */
  public readonly secretName: pulumi.Output<string>;
  /** The key in the Secret holding the password. */
  public readonly secretKey: pulumi.Output<string>;
  /** The password (secret), for the router on the other end; undefined for an existing Secret or external-secrets. */
  public readonly password: pulumi.Output<string> | undefined;
  /** The BGPPeer. */
  public readonly bgpPeer: k8s.apiextensions.CustomResource;

  /** Use `BgpPasswordSecret.addPeer`. @internal */
  constructor(secret: SharedSecretHost, name: string, args: SharedBgpPeerArgs, opts?: SharedBgpPeerOptions) {
    const ref = secret._ref;
    const owner = `BGPPeer '${name}' of ${ref.owner}`;
    const problems: Problem[] = [];
    const spec = splitSpec(specOfProps<SpecInputs<BgpPeerSpec>>(args, SHARED_PEER_OPTION_KEYS));
    const key = sharedKeyOf(ref, name, 'name', problems);
    const planProps = (s: BgpPeerSpec): SecuredBgpPeerPlanProps => ({
      name, spec: s, install: ref.install, calicoVersion: args.calicoVersion, apiFlavor: args.apiFlavor, secret: { mode: 'shared', name: ref.name, key },
    });
    const check = (s: BgpPeerSpec) => checkSecuredBgpPeer(planProps(s));
    problems.push(...problemsAtConstruction(spec, check));
    // Its parent is the secret, so it inherits the secret's provider; a `provider` option must not send it elsewhere.
    const provider = kubernetesProviderOf({ ...opts, parent: secret });
    problems.push(...checkSharedSecretTarget({
      field: 'provider', secretName: ref.name, peerTarget: provider !== ref.provider ? describeProvider(provider) : undefined, secretTarget: describeProvider(ref.provider),
    }));
    throwIfProblems(problems, owner);
    const plan = buildSecuredBgpPeerPlan(planProps(spec.known));
    claimUnit(owner, plan, undefined, ref.provider);
    const later = checkedSpec(spec, check, owner);
    const calicoSpec = later?.apply((s) => buildSecuredBgpPeerPlan(planProps(s)).calicoObject.spec);
    const obj = calicoSpec ? { ...plan.calicoObject, spec: calicoSpec } : plan.calicoObject;
    const dependsOn = secret._peerDependencies;
    const options = opts ? { ...opts, parent: secret, dependsOn } : { parent: secret, dependsOn };
    this.bgpPeer = emitObject(name, obj, options) as k8s.apiextensions.CustomResource;
    this.peerName = this.bgpPeer.metadata.name;
    this.secretName = secret.secretName;
    this.secretKey = pulumi.output(key);
    this.password = secret.passwordFor(name);
    registerRouterSide(this.bgpPeer, {
      owner, peerName: name, spec: later ?? spec.known, secretKeyRef: plan.secretKeyRef, install: plan.install,
      password: this.password,
    }, secret);
  }

  /**
   * The router's side of this peering, as `SecuredBgpPeer.routerConfig` renders it: the neighbour
   * configuration for the Calico nodes in `target`'s syntax; a Pulumi secret when
   * `options.includePassword` is true, otherwise the password is a placeholder naming the Secret.
   * Input problems throw here; a password the target's router profile refuses fails the output.
   */
  public routerConfig(target: RouterTarget, options: RouterConfigOptions): pulumi.Output<string> {
    return peerRouterConfig(this.bgpPeer, target, options);
  }
}
