/**
 * Shared by the `BgpPasswordSecret.addPeer` tests (add-peer-*.test.ts): a peer spec, router options,
 * a known password and helpers that read the registrations.
 */
import { createHash } from 'node:crypto';
import type { RouterConfigOptions, ValidationError } from 'calico-bgp-auth';
import { BgpPasswordSecret, SecuredBgpPeer, type SharedBgpPeerArgs } from 'calico-bgp-auth/pulumi';
import { MockStack, Registration, TYPES, startMockStack } from './mock-stack';

/** A top-of-rack peer's spec. */
export const TOR = { nodeSelector: "rack == 'r1'", peerIP: '10.1.0.1', asNumber: 65101 };
/** Router options for the nodes behind {@link TOR}. */
export const RANGE: RouterConfigOptions = { clusterASNumber: 64512, nodeCIDRs: ['10.1.0.0/24'] };
/** A passed-in password, to look for in error messages (never printed). */
export const KNOWN = 'Rack-md5.Kq7-zZ42';

/** A password's fingerprint: enough to compare passwords in a failure message without showing them. */
export const fingerprint = (pw: string) => createHash('sha256').update(pw).digest('hex').slice(0, 12);
/** The problems of an error, as plain objects. */
export const problemsOf = (e: ValidationError) =>
  e.problems.map(({ field, rule, message }) => ({ field, rule, message }));

/** Waits for the engine, then counts what was registered. */
export async function registered(stack: MockStack): Promise<number> {
  await stack.settle();
  return stack.registrations.length;
}

/** The BGPPeer registration named `name`. */
export function bgpPeerNamed(stack: MockStack, name: string, type: string = TYPES.bgpPeer): Registration {
  const reg = stack.ofType(type).find((r) => r.name === name);
  if (!reg) throw new Error(`no ${type} named ${name}`);
  return reg;
}

type SecretArgs = ConstructorParameters<typeof BgpPasswordSecret>[1];

/**
 * The BGPPeer registration of `spec` added to a fresh shared secret, and the one a SecuredBgpPeer
 * on such a secret registers.
 */
export async function bothWays(name: string, spec: SharedBgpPeerArgs, secretArgs: SecretArgs):
Promise<[Registration, Registration]> {
  let stack = await startMockStack();
  new BgpPasswordSecret('rack', secretArgs).addPeer(name, spec);
  await stack.settle();
  const added = stack.registrations.find((r) => r.type.endsWith(':BGPPeer'))!;
  stack = await startMockStack();
  new SecuredBgpPeer(name, { ...spec, sharedSecret: new BgpPasswordSecret('rack', secretArgs) });
  await stack.settle();
  const secured = stack.registrations.find((r) => r.type.endsWith(':BGPPeer'))!;
  return [added, secured];
}
