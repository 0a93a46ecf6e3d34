import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { BgpPassword } from './bgp-password';
import { BgpPasswordSecret } from './bgp-password-secret';
import { sharedKeyOf } from './shared-secret';
import { describeProvider, kubernetesProviderOf } from './provider';
import { peerRouterConfig, registerRouterSide } from './router-config';
import { SpecInputs, checkedSpec, isDeferred, problemsAtConstruction, splitSpec } from './spec-inputs';
import { OwnPlacement, PasswordUnit, UnitToEmit, claimUnit, resolveOwnPassword } from './unit';
import {
  BgpPeerSpec, PASSWORD_UNIT_OPTION_KEYS, PasswordUnitOptions, SecuredBgpPeerPlanProps, buildSecuredBgpPeerPlan,
  checkSecuredBgpPeer, checkSharedSecretExclusive, checkSharedSecretInstall, checkSharedSecretTarget, peerSecretName,
  resolveInstall, specOfProps,
} from '../calico';
import { Problem, capture, throwIfProblems } from '../errors';
import { SecuredBgpPeerMembers, checkPasswordSource } from '../source';
import { RouterConfigOptions, RouterTarget } from '../router';

/**
 * Arguments of a {@link SecuredBgpPeer}: every field of Calico's BGPPeer spec, each a
 * `pulumi.Input` (`peerIP: router.privateIp`), plus where the password comes from and the unit's
 * options (its name, install, Calico release and API, Secret name and key: plain values, since
 * resource names and the install must be known at construction).
 *
 * Values known at construction are checked there: the component throws a ValidationError. A field
 * known only at deployment (an `Output`) is checked once its value is known, with the same rules and
 * sentences: a problem fails `pulumi up` before the BGPPeer is written. Rules that read only known
 * fields still run at construction.
 */
export interface SecuredBgpPeerArgs extends SpecInputs<BgpPeerSpec>, PasswordUnitOptions {
  /** The BGPPeer's name (cluster-scoped). @default the component's name */
  readonly name?: string;
  /**
   * The password. Not with `sharedSecret`, which holds the password.
   *
   * @default BgpPassword.generate() (the default policy; see PasswordPolicy.forRouter for router profiles)
   */
  readonly password?: BgpPassword;
  /** A Secret shared with other peers: this peer emits only its BGPPeer. @default the peer has its own Secret */
  readonly sharedSecret?: BgpPasswordSecret;
}

const OWN_KEYS: readonly string[] = ['name', 'password', 'sharedSecret', ...PASSWORD_UNIT_OPTION_KEYS];

/**
 * A Calico BGPPeer whose TCP-MD5 password lives in a Secret calico-node can read: the Secret, a
 * Role granting get/list/watch on exactly that Secret, a RoleBinding for calico-node, and the
 * cluster-scoped BGPPeer, which `dependsOn` the other three (calico-node brings a peering up
 * without a password when its Secret or RBAC is missing).
 *
 * @example
 * ```ts
 * import { SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
 *
 * const peer = new SecuredBgpPeer('tor-a', { nodeSelector: "rack == 'r1'", peerIP: '10.1.0.1', asNumber: 65101 });
 * export const torPassword = peer.password; // secret: configure the router with it
 * ```
 */
export class SecuredBgpPeer extends PasswordUnit
  implements SecuredBgpPeerMembers<pulumi.Output<string>, pulumi.CustomResource, pulumi.Output<string>> {
  /** The BGPPeer's name (cluster-scoped). */
  public readonly peerName: pulumi.Output<string>;
  /** The BGPPeer. */
  public readonly bgpPeer: k8s.apiextensions.CustomResource;

  constructor(name: string, args: SecuredBgpPeerArgs, opts?: pulumi.ComponentResourceOptions) {
    const resolved = resolvePeer(name, args, kubernetesProviderOf(opts));
    super('calico-bgp-auth:index:SecuredBgpPeer', name, resolved, opts);
    const { plan, shared } = resolved;
    this.bgpPeer = this._calicoObject;
    this.peerName = this.bgpPeer.metadata.name;
    registerRouterSide(this, {
      owner: resolved.owner,
      peerName: plan.calicoObject.metadata.name,
      spec: resolved.spec,
      secretKeyRef: plan.secretKeyRef,
      install: plan.install,
      password: this.password,
    }, shared);
    this.registerUnitOutputs({ peerName: this.peerName });
  }

  /**
   * The router's side of this peering: the neighbour configuration (or a peer group with listen
   * ranges) for the Calico nodes, in `target`'s syntax (`frr`, `bird`, `gobgp`, `cisco-ios`,
   * `cisco-nxos`, `junos`, `arista-eos`). The BGPPeer gives the router's AS and address and where
   * the password lives; `options` give what it cannot know (the nodes' addresses or CIDRs, their AS
   * when `localASNumber` is unset).
   *
   * Unless `options.includePassword` is true the password is replaced by a placeholder naming the
   * Secret and the output is not secret; with it, the output is a Pulumi secret holding the
   * component's password. A password only the cluster holds (`BgpPassword.fromExistingSecret`,
   * external-secrets) cannot be included.
   *
   * Input problems throw here, as a ValidationError naming each field and rule (e.g.
   * `router.nodes-required`, `router.password-unavailable`). The password, when the component holds
   * it, is checked against the target's router profile once its value is known, with or without
   * `includePassword`: a refusal fails the output (and the deployment using it) with the profile's rule.
   *
   * ```ts
   * export const torConfig = peer.routerConfig('frr', {
   *   nodeCIDRs: ['10.1.0.0/24'], clusterASNumber: 64512, includePassword: true,
   * });
   * ```
   */
  public routerConfig(target: RouterTarget, options: RouterConfigOptions): pulumi.Output<string> {
    return peerRouterConfig(this, target, options);
  }
}

interface ResolvedPeer extends UnitToEmit {
  /** The BGPPeer spec as given (`password` aside), for the router side; checked once known. */
  readonly spec: BgpPeerSpec | pulumi.Output<BgpPeerSpec>;
}

/** Checks everything known at construction and plans the objects; throws one ValidationError listing every problem. */
function resolvePeer(name: string, args: SecuredBgpPeerArgs, provider: pulumi.ProviderResource | undefined):
ResolvedPeer {
  const owner = `SecuredBgpPeer '${name}'`;
  const spec = splitSpec(specOfProps<SpecInputs<BgpPeerSpec>>(args, OWN_KEYS));
  const peerName = args.name ?? name;
  const shared = args.sharedSecret;
  const source = (args.password ?? BgpPassword.generate()).source;
  const problems: Problem[] = [];
  let install = args.install === undefined ? shared?._ref.install : undefined;
  install ??= capture(problems, () => resolveInstall(args.install));
  let own: OwnPlacement;
  if (shared) {
    const ref = shared._ref;
    problems.push(...checkSharedSecretExclusive(args));
    const key = sharedKeyOf(ref, peerName, 'sharedSecret', problems);
    problems.push(...checkSharedSecretInstall({
      install: args.install !== undefined ? install : undefined, secretName: ref.name, secretInstall: ref.install,
    }));
    problems.push(...checkSharedSecretTarget({
      secretName: ref.name,
      peerTarget: provider !== ref.provider ? describeProvider(provider) : undefined,
      secretTarget: describeProvider(ref.provider),
    }));
    own = { placement: { mode: 'shared', name: ref.name, key } };
  } else {
    own = resolveOwnPassword(source, args, peerSecretName(peerName), install, problems);
  }
  const planProps = (s: BgpPeerSpec): SecuredBgpPeerPlanProps => ({
    name: peerName, spec: s, install, calicoVersion: args.calicoVersion, apiFlavor: args.apiFlavor,
    secret: own.placement,
  });
  const check = (s: BgpPeerSpec) => checkSecuredBgpPeer(planProps(s));
  problems.push(...problemsAtConstruction(spec, check), ...(shared ? [] : checkPasswordSource(source, 'password', isDeferred)));
  throwIfProblems(problems, owner);
  const plan = buildSecuredBgpPeerPlan(planProps(spec.known));
  claimUnit(owner, plan, own.external, provider);
  const later = checkedSpec(spec, check, owner);
  const calicoSpec = later?.apply((s) => buildSecuredBgpPeerPlan(planProps(s)).calicoObject.spec);
  return { owner, plan, source, shared, external: own.external, spec: later ?? spec.known, calicoSpec };
}
