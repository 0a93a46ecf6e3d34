import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { BgpPassword } from './bgp-password';
import { BgpPasswordSecret } from './bgp-password-secret';
import { nameFromPath } from './emit';
import { OrderedUnit } from './ordering';
import {
  RouterSide, WriteRouterConfigOptions, addSharedRouterSide, peerRouterConfig, writeRouterConfigFile,
} from './router-config';
import { PasswordUnit, bindOwnPassword, emitUnit } from './unit';
import { addProblemValidation } from './validation';
import {
  BgpPeerSpec, DEFAULT_PASSWORD_KEY, OPERATOR_INSTALL, PASSWORD_UNIT_OPTION_KEYS, PasswordUnitOptions, SecretPlacement,
  SecuredBgpPeerPlanProps, buildSecuredBgpPeerPlan, checkSecuredBgpPeer, checkSharedSecretExclusive,
  checkSharedSecretInstall, checkSharedSecretTarget, peerSecretName, resolveInstall,
  specOfProps,
} from '../calico';
import { Problem, capture } from '../errors';
import { RouterConfigOptions, RouterTarget } from '../router';
import { SecuredBgpPeerMembers } from '../source';

/**
 * Props of a {@link SecuredBgpPeer}: every field of Calico's BGPPeer spec (`peerIP`, `asNumber`,
 * `nodeSelector`, ...), plus where the password comes from and how Calico was installed.
 */
export interface SecuredBgpPeerProps extends BgpPeerSpec, PasswordUnitOptions {
  /**
   * The BGPPeer's name (`metadata.name`).
   *
   * @default a DNS-1123 name derived from the construct path, with a hash suffix (cdk8s
   * `Names.toDnsLabel`, `_` replaced by `-`)
   */
  readonly name?: string;
  /**
   * Where the password comes from. Only one of `password` and `sharedSecret` may be set.
   *
   * @default BgpPassword.generate(): derived from the seed when one is set, else new at every synth
   */
  readonly password?: BgpPassword;
  /**
   * A Secret shared with other peers (one Role and RoleBinding for all of them); this peer emits only
   * its BGPPeer. Only one of `password` and `sharedSecret` may be set.
   *
   * @default the peer emits its own Secret, Role and RoleBinding
   */
  readonly sharedSecret?: BgpPasswordSecret;
}

const OWN_PROPS: readonly string[] = ['name', 'password', 'sharedSecret', ...PASSWORD_UNIT_OPTION_KEYS];

/** A peer's password: whether its Secret is emitted with `value`, and its shared secret's problems. */
interface PeerPassword {
  readonly inline: boolean;
  readonly value?: string;
  readonly sourceProblems?: () => readonly Problem[];
}

/**
 * A Calico BGPPeer protected by a TCP-MD5 password, emitted as one unit: the Secret holding the
 * password, a Role letting calico-node read exactly that Secret, the RoleBinding, and the
 * cluster-scoped BGPPeer whose `spec.password.secretKeyRef` names it. The YAML lists the BGPPeer
 * after the other three: calico-node never sees a peer whose password it cannot read (it would
 * bring the session up without a password). The construct tree keeps that order; as soon as
 * something outside depends on one of the unit's objects, the unit declares the dependencies that
 * keep it (checked when the app is validated, before cdk8s orders the chart). A peer on a
 * `sharedSecret` comes after the secret's objects the same way (it declares its dependency when the
 * construct order does not already put it after them, or when it is in another chart).
 *
 * The Secret, Role and RoleBinding land in the install's namespace, whatever the Chart's; the
 * BGPPeer never gets a namespace.
 *
 * Its members are the Pulumi component's, under the same names; `writeRouterConfig` (a file beside
 * the synth output) and Construct's `node` are cdk8s's own.
 *
 * @example
 * ```ts
 * import { App, Chart } from 'cdk8s';
 * import { BgpPassword, PasswordPolicy, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
 *
 * const chart = new Chart(new App(), 'bgp');
 * const tor = new SecuredBgpPeer(chart, 'tor-1', {
 *   peerIP: '192.0.2.1',
 *   asNumber: 64601,
 *   nodeSelector: "rack == 'r1'",
 *   password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('cisco-ios') }),
 * });
 * const routerSide = tor.routerConfig('cisco-ios', { nodeCIDRs: ['192.0.2.0/24'], clusterASNumber: 64512 });
 * ```
 */
export class SecuredBgpPeer extends PasswordUnit implements SecuredBgpPeerMembers<string, ApiObject, string> {
  /** The BGPPeer's name. */
  public readonly peerName: string;
  readonly #routerSide: RouterSide;

  constructor(scope: Construct, id: string, props: SecuredBgpPeerProps) {
    super(scope, id);
    const problems: Problem[] = [];
    const spec = specOfProps<BgpPeerSpec>(props, OWN_PROPS);
    const { sharedSecret } = props;
    this.peerName = props.name ?? nameFromPath(this);

    const installInput = props.install ?? sharedSecret?._installInput;
    const resolvedInstall = capture(problems, () => resolveInstall(installInput));
    const install = resolvedInstall ?? OPERATOR_INSTALL;
    if (sharedSecret) {
      problems.push(...checkSharedSecretInstall({
        install: props.install !== undefined ? resolvedInstall : undefined,
        secretName: sharedSecret.secretName,
        secretInstall: sharedSecret.install,
      }));
      // Another App is another synth output (another cluster's manifests): the peer's BGPPeer would
      // land without its Secret and RBAC.
      problems.push(...checkSharedSecretTarget({
        secretName: sharedSecret.secretName,
        peerTarget: sharedSecret.node.root !== this.node.root ? 'this cdk8s App' : undefined,
        secretTarget: 'another cdk8s App',
      }));
    }

    let placement: SecretPlacement;
    let password: PeerPassword;
    const dependables: IConstruct[] = [];
    if (sharedSecret) {
      problems.push(...checkSharedSecretExclusive(props));
      const attachment = sharedSecret._attach(this.peerName);
      dependables.push(...attachment.dependables);
      placement = { mode: 'shared', ...attachment.secretKeyRef };
      password = attachment;
    } else {
      const own = bindOwnPassword(this, props, peerSecretName(this.peerName), install, problems);
      dependables.push(...own.dependables);
      placement = own.placement;
      password = { inline: own.placement.mode === 'own', value: own.value };
    }
    const value = password.inline ? password.value : undefined;

    const planProps: SecuredBgpPeerPlanProps = {
      name: this.peerName, spec, install: installInput, calicoVersion: props.calicoVersion, apiFlavor: props.apiFlavor,
      secret: placement,
    };
    problems.push(...checkSecuredBgpPeer(planProps));
    const plan = problems.length === 0
      ? buildSecuredBgpPeerPlan(planProps)
      : capture([], () => buildSecuredBgpPeerPlan(planProps));
    const secretKeyRef = {
      name: plan?.secretKeyRef.name ?? placement.name ?? '',
      key: plan?.secretKeyRef.key ?? placement.key ?? DEFAULT_PASSWORD_KEY,
    };

    // Its own objects are ordered by the tree until something outside depends on them (ordering.ts).
    // A peer on a shared secret joins the secret's unit, with a check of the tree order (it may sit
    // anywhere in the tree); in another chart than the secret, it declares its dependency at once
    // (cdk8s orders charts, and names their files, by declared dependencies only).
    let unit: OrderedUnit | undefined;
    if (!sharedSecret) {
      unit = new OrderedUnit();
      unit.add(this, ...dependables);
    } else if (Chart.of(this) === Chart.of(sharedSecret)) {
      unit = sharedSecret._orderedUnit;
      unit.add(this);
    }
    const objects = emitUnit(this, plan, sharedSecret ? undefined : value, 'BGPPeer', dependables,
      { unit, afterDependablesByConstruction: !sharedSecret });
    this._setUnitMembers({ ...objects, secretKeyRef, install, password: value });

    addProblemValidation(this, () => problems);
    // The router side's problems: the peer's own, then its shared secret's as they stand when read.
    const sourceProblems = password.sourceProblems ?? (() => []);
    this.#routerSide = {
      peerName: this.peerName, spec, secretKeyRef, install, password: value, passwordKnown: password.inline,
      problems: () => [...problems, ...sourceProblems()],
    };
    if (sharedSecret) addSharedRouterSide(sharedSecret, this.#routerSide);
  }

  /** The BGPPeer. */
  public get bgpPeer(): ApiObject {
    return this._calicoObject;
  }

  /**
   * The BGPPeer.
   *
   * @deprecated Use {@link SecuredBgpPeer.bgpPeer}.
   */
  public get apiObject(): ApiObject {
    return this._calicoObject;
  }

  /**
   * The router's side of this peering: the neighbour configuration (or a peer group with listen
   * ranges) for the Calico nodes, in `target`'s syntax (`frr`, `bird`, `gobgp`, `cisco-ios`,
   * `cisco-nxos`, `junos`, `arista-eos`). The BGPPeer gives the router's AS and address and where
   * the password lives; `options` give what it cannot know (the nodes' addresses or CIDRs, their AS
   * when `localASNumber` is unset).
   *
   * Unless `options.includePassword` is true the password is replaced by a placeholder naming the
   * Secret, and the text is not secret. With it, the text holds the password written into the
   * synthesized Secret (generated, derived from the seed, or passed in): keep it out of Git, logs
   * and CI artifacts. A password that only the cluster holds (`BgpPassword.fromExistingSecret`,
   * external-secrets) cannot be included: refused with rule `router.password-unavailable`. The
   * password, when known, is checked against the target's router profile either way.
   *
   * @throws ValidationError naming each field and rule (this construct's own problems first).
   */
  public routerConfig(target: RouterTarget, options: RouterConfigOptions): string {
    return peerRouterConfig(this.#routerSide, `SecuredBgpPeer '${this.node.path}'`, target, options);
  }

  /**
   * Writes {@link routerConfig} to `<outdir>/<BGPPeer name>.<extension>` (e.g. `router/tor-a.frr.conf`
   * in the app's output directory) and returns the path. Nothing is written unless this is called;
   * with `includePassword` the file is created with mode 0600.
   */
  public writeRouterConfig(target: RouterTarget, options: WriteRouterConfigOptions): string {
    return writeRouterConfigFile(this, this.peerName, target, this.routerConfig(target, options), options);
  }
}
