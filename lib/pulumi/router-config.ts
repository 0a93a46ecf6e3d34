import * as pulumi from '@pulumi/pulumi';
import { BgpPeerSpec, CalicoInstall, SecretKeyRef } from '../calico';
import { Problem, throwIfProblems } from '../errors';
import {
  RouterConfigFromPeersProps, RouterConfigInput, RouterConfigOptions, RouterTarget, checkRouterConfigInput,
  checkRouterConfigPeers, renderRouterConfig, routerConfigInputFromPeers, keyPerPeerProblem, passwordUnavailableProblem,
} from '../router';

/**
 * What a `SecuredBgpPeer` knows about the router side of its peering: everything but the password
 * and the spec fields given as Outputs is known at construction.
 *
 * @internal
 */
export interface RouterSide {
  /** The component, for messages: `SecuredBgpPeer 'tor-a'`. */
  readonly owner: string;
  readonly peerName: string;
  /** The spec, or the checked complete spec when some of its fields are known only at deployment. */
  readonly spec: BgpPeerSpec | pulumi.Output<BgpPeerSpec>;
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
  // See bench/README.md, "Shared secrets: peers appended in place".
  const sides = SHARED.get(sharedSecret);
  if (sides) sides.push(side);
  else SHARED.set(sharedSecret, [side]);
}

/** The router configuration of one peer. @internal */
export function peerRouterConfig(peer: pulumi.Resource, target: RouterTarget, options: RouterConfigOptions):
pulumi.Output<string> {
  const side = SIDES.get(peer)!;
  return render(side.owner, [side], [], side, target, options);
}

/** The router configuration of every peer sharing `secret` so far. @internal */
export function sharedRouterConfig(secret: pulumi.Resource, shared: SharedRouterSide, target: RouterTarget,
  options: RouterConfigOptions): pulumi.Output<string> {
  const refusals = shared.keyPerPeer ? [keyPerPeerProblem(shared.owner)] : [];
  return render(shared.owner, SHARED.get(secret) ?? [], refusals, shared, target, options);
}

/** Where the password of the rendered peers is. */
interface SecretSide {
  readonly secretKeyRef: SecretKeyRef;
  readonly install: CalicoInstall;
  readonly password?: pulumi.Output<string>;
}

/**
 * Every check that needs no password runs now when every spec is known, so bad input throws where
 * `routerConfig` is called (the components are already valid: they throw at construction). The
 * checks of a spec known only at deployment, and the password's own check (the target's router
 * profile), run when the values are known and fail the deployment with the core's rule, as the
 * components do for a value known late. A spec that fails its component's check rejects the
 * output with the component's error (the same one, not a copy).
 */
function render(owner: string, sides: readonly RouterSide[], refusals: readonly Problem[], secret: SecretSide,
  target: RouterTarget, options: RouterConfigOptions): pulumi.Output<string> {
  const context = `${owner}: router configuration (${String(target)})`;
  throwIfProblems(refusals, context);
  const password = secret.password;
  if (options.includePassword && password === undefined) {
    const where = { namespace: secret.install.namespace, ...secret.secretKeyRef };
    throwIfProblems([passwordUnavailableProblem(owner, where)], context);
  }
  const inputOf = (specs: readonly BgpPeerSpec[]) => {
    const props: RouterConfigFromPeersProps = {
      ...options,
      peers: sides.map((s, i) => ({ name: s.peerName, spec: specs[i] })),
      secretKeyRef: secret.secretKeyRef,
      install: secret.install,
    };
    throwIfProblems(checkRouterConfigPeers(props), context);
    const input = routerConfigInputFromPeers(props);
    throwIfProblems(checkRouterConfigInput(target, { ...input, includePassword: false }), context);
    return input;
  };
  const withPassword = (input: RouterConfigInput, value: string) => {
    const full = { ...input, password: value };
    throwIfProblems(checkRouterConfigInput(target, full), context);
    return renderRouterConfig(target, full);
  };
  let text: pulumi.Output<string>;
  if (sides.every((s) => !pulumi.Output.isInstance(s.spec))) {
    const input = inputOf(sides.map((s) => s.spec as BgpPeerSpec));
    if (password === undefined) return pulumi.output(renderRouterConfig(target, input));
    text = password.apply((value) => withPassword(input, value));
  } else {
    text = pulumi.all([pulumi.all(sides.map((s) => s.spec)), password]).apply(([specs, value]) => {
      const input = inputOf(specs as BgpPeerSpec[]);
      return value === undefined ? renderRouterConfig(target, input) : withPassword(input, value);
    });
  }
  // With the placeholder the text holds no password, though it is computed from one (to check it).
  return options.includePassword ? pulumi.secret(text) : pulumi.unsecret(text);
}
