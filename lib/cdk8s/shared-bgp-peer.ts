import { ApiObject } from 'cdk8s';
import {
  RouterSide, WriteRouterConfigOptions, addSharedRouterSide, peerRouterConfig, writeRouterConfigFile,
} from './router-config';
import type { SharedSecretHost } from './shared-secret';
import { emitUnit } from './unit';
import { addProblemValidation } from './validation';
import { BgpPeerSpec, SHARED_PEER_OPTION_KEYS, SecuredBgpPeerPlanProps, SharedPeerOptions, buildSecuredBgpPeerPlan, checkSecuredBgpPeer, specOfProps } from '../calico';
import { Problem, capture } from '../errors';
import { RouterConfigOptions, RouterTarget } from '../router';
import { BgpPeerMembers } from '../source';

/**
 * Props of a peer added with `BgpPasswordSecret.addPeer`: every field of Calico's BGPPeer spec
 * (`peerIP`, `asNumber`, `node`, `nodeSelector`, ...) and the Calico release and API it is written
 * for. The password, its Secret and the install are the shared secret's.
 */
export interface SharedBgpPeerProps extends BgpPeerSpec, SharedPeerOptions {}

/**
 * A BGPPeer reading its password from a {@link BgpPasswordSecret}, added with
 * `BgpPasswordSecret.addPeer`: the BGPPeer is an `ApiObject` directly under the secret (construct id:
 * the BGPPeer's name), with no construct of its own. This is the shape for fabrics of thousands of
 * peers; a `SecuredBgpPeer` with `sharedSecret` emits the same YAML with a construct per peer.
 *
 * The YAML lists the BGPPeer after the shared Secret, Role and RoleBinding: the construct tree keeps
 * that order (the secret creates them before any peer is added under it), and as soon as something
 * outside depends on one of the secret's objects or peers, the BGPPeer declares its dependency on
 * them (checked when the app is validated, before cdk8s orders the chart). Input problems are
 * reported when the app is validated, naming the BGPPeer's path, with the same rules and messages
 * as a `SecuredBgpPeer`.
 *
 * Its members are the Pulumi `SharedBgpPeer`'s, under the same names; `writeRouterConfig` is
 * cdk8s's own.
 */
export class SharedBgpPeer implements BgpPeerMembers<string, ApiObject, string> {
  /** The BGPPeer's name. */
  public readonly peerName: string;
  /** The Secret the BGPPeer reads its password from. */
  public readonly secretName: string;
  /** The key in that Secret. */
  public readonly secretKey: string;
  /** The BGPPeer. */
  public readonly bgpPeer: ApiObject;
  readonly #routerSide: RouterSide;

  /** Use `BgpPasswordSecret.addPeer`. @internal */
  constructor(secret: SharedSecretHost, name: string, props: SharedBgpPeerProps) {
    const problems: Problem[] = [];
    const spec = specOfProps<BgpPeerSpec>(props, SHARED_PEER_OPTION_KEYS);
    const attachment = secret._attach(name);
    const planProps: SecuredBgpPeerPlanProps = {
      name, spec, install: secret._installInput, calicoVersion: props.calicoVersion, apiFlavor: props.apiFlavor,
      secret: { mode: 'shared', ...attachment.secretKeyRef },
    };
    problems.push(...checkSecuredBgpPeer(planProps));
    const plan = problems.length === 0
      ? buildSecuredBgpPeerPlan(planProps)
      : capture([], () => buildSecuredBgpPeerPlan(planProps));
    this.peerName = name;
    this.secretName = attachment.secretKeyRef.name;
    this.secretKey = attachment.secretKeyRef.key;
    // A member of the secret's unit: created after its Secret, Role and RoleBinding, under it.
    this.bgpPeer = emitUnit(secret, plan, undefined, 'BGPPeer', attachment.dependables,
      { id: name, unit: secret._orderedUnit }).calicoObject;
    addProblemValidation(this.bgpPeer, () => problems);
    this.#routerSide = {
      peerName: name, spec, secretKeyRef: attachment.secretKeyRef, install: secret.install,
      password: attachment.inline ? attachment.value : undefined,
      passwordKnown: attachment.inline,
      problems: () => [...problems, ...attachment.sourceProblems()],
    };
    addSharedRouterSide(secret, this.#routerSide);
  }

  /**
   * The BGPPeer.
   *
   * @deprecated Use {@link SharedBgpPeer.bgpPeer}.
   */
  public get apiObject(): ApiObject {
    return this.bgpPeer;
  }

  /**
   * The password this peer uses, written into the shared Secret (**secret**: never log it), for the
   * router on the other end. Undefined when only the cluster holds it (`BgpPassword.fromExistingSecret`,
   * external-secrets) and when it could not be produced (the app's validation says why).
   */
  public get password(): string | undefined {
    return this.#routerSide.password;
  }

  /**
   * The router's side of this peering, as `SecuredBgpPeer.routerConfig` writes it: the neighbour
   * configuration for the Calico nodes in `target`'s syntax, the password a placeholder naming the
   * Secret unless `options.includePassword` is true (then keep the text out of Git, logs and CI
   * artifacts).
   *
   * @throws ValidationError naming each field and rule (this peer's problems and its secret's first).
   */
  public routerConfig(target: RouterTarget, options: RouterConfigOptions): string {
    return peerRouterConfig(this.#routerSide, `BGPPeer '${this.bgpPeer.node.path}'`, target, options);
  }

  /**
   * Writes {@link routerConfig} to `<outdir>/<BGPPeer name>.<extension>` (e.g. `router/tor-a.frr.conf`
   * in the app's output directory) and returns the path. Nothing is written unless this is called;
   * with `includePassword` the file is created with mode 0600.
   */
  public writeRouterConfig(target: RouterTarget, options: WriteRouterConfigOptions): string {
    return writeRouterConfigFile(this.bgpPeer, this.peerName, target, this.routerConfig(target, options), options);
  }
}
