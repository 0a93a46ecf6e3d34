import * as pulumi from '@pulumi/pulumi';
import { BgpPeerSpec, CalicoInstall, SecretKeyRef } from '../calico';
import { Problem, throwIfProblems } from '../errors';
import {
  RouterConfigFromPeersProps, RouterConfigOptions, RouterTarget, checkRouterConfigInput, checkRouterConfigPeers,
  renderRouterConfig, routerConfigInputFromPeers, keyPerPeerProblem, passwordUnavailableProblem,
} from '../router';

/**
 * What a `SecuredBgpPeer` knows about the router side of its peering (plain values: the components
 * take the BGPPeer spec as plain values, so everything but the password is known at construction).
 *
 * @internal
 */
export interface RouterSide {
  /** The component, for messages: `SecuredBgpPeer 'tor-a'`. */
  readonly owner: string;
  readonly peerName: string;
  readonly spec: BgpPeerSpec;
  readonly secretKeyRef: SecretKeyRef;
  readonly install: CalicoInstall;
  /** The password (secret); undefined when only the cluster holds it (existing Secret, external-secrets). */
  readonly password?: pulumi.Output<string>;
}

/** What a shared secret knows about itself. @internal */
export interface SharedRouterSide {
  readonly owner: string;
  readonly keyPerPeer: boolean;
  readonly secretKeyRef: SecretKeyRef;
  readonly install: CalicoInstall;
  /** The one password every peer uses (secret); undefined with `keyPerPeer` or when only the cluster holds it. */
  readonly password?: pulumi.Output<string>;
}

const SIDES = new WeakMap<pulumi.Resource, RouterSide>();
const SHARED = new WeakMap<pulumi.Resource, RouterSide[]>();

/**
 * Records what `peer` knows about its router side and, with a shared secret, adds it to the
 * secret's set (peers are constructed after the secret they share).
 *
 * @internal
 */
export function registerRouterSide(peer: pulumi.Resource, side: RouterSide, sharedSecret?: pulumi.Resource): void {
  SIDES.set(peer, side);
  if (!sharedSecret) return;
  // Appended in place: copying the list at every attach made K peers on one secret cost O(K²).
  const sides = SHARED.get(sharedSecret);
  if (sides) sides.push(side);
  else SHARED.set(sharedSecret, [side]);
}

/** The router configuration of one peer. @internal */
export function peerRouterConfig(peer: pulumi.Resource, target: RouterTarget, options: RouterConfigOptions): pulumi.Output<string> {
  const side = SIDES.get(peer)!;
  return render(side.owner, [side], [], side, target, options);
}

/** The router configuration of every peer sharing `secret` so far. @internal */
export function sharedRouterConfig(secret: pulumi.Resource, shared: SharedRouterSide, target: RouterTarget, options: RouterConfigOptions): pulumi.Output<string> {
  const refusals = shared.keyPerPeer ? [keyPerPeerProblem(shared.owner)] : [];
  return render(shared.owner, SHARED.get(secret) ?? [], refusals, shared, target, options);
}

/**
 * Every check that needs no password runs now, so bad input throws where `routerConfig` is called
 * (the components are already valid: they throw at construction). The password's own check (the
 * target's router profile) runs when its value is known and fails the deployment with the core's
 * rule, as the components do for a value known late.
 */
function render(owner: string, sides: readonly RouterSide[], refusals: readonly Problem[],
  secret: { readonly secretKeyRef: SecretKeyRef; readonly install: CalicoInstall; readonly password?: pulumi.Output<string> },
  target: RouterTarget, options: RouterConfigOptions): pulumi.Output<string> {
  const context = `${owner}: router configuration (${String(target)})`;
  throwIfProblems(refusals, context);
  const password = secret.password;
  if (options.includePassword && password === undefined) {
    throwIfProblems([passwordUnavailableProblem(owner, { namespace: secret.install.namespace, ...secret.secretKeyRef })], context);
  }
  const props: RouterConfigFromPeersProps = {
    ...options, peers: sides.map((s) => ({ name: s.peerName, spec: s.spec })), secretKeyRef: secret.secretKeyRef, install: secret.install,
  };
  throwIfProblems(checkRouterConfigPeers(props), context);
  const input = routerConfigInputFromPeers(props);
  throwIfProblems(checkRouterConfigInput(target, { ...input, includePassword: false }), context);
  if (password === undefined) return pulumi.output(renderRouterConfig(target, input));
  const text = password.apply((value) => {
    const withPassword = { ...input, password: value };
    throwIfProblems(checkRouterConfigInput(target, withPassword), context);
    return renderRouterConfig(target, withPassword);
  });
  // With the placeholder the text holds no password, though it is computed from one (to check it).
  return options.includePassword ? pulumi.secret(text) : pulumi.unsecret(text);
}
