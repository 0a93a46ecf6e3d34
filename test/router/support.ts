/**
 * Shared fixtures of the router-export tests. The sample passwords are derived from a fixed,
 * public test seed: they are not secrets, so goldens may show them.
 */
import { PasswordPolicy, ROUTER_TARGETS, derivePassword, type RouterConfigInput, type RouterTarget } from '../../lib';

/**
 * A public seed (`openssl rand -hex 32`, published here), for reproducible samples only: a counter such as 00..1f is
 * refused as low-entropy.
 */
export const TEST_SEED = '90454bf30728af147c1691f0c4953811834d065ed43cc5f35201868c4d4de583';

/** The policy a target's generated passwords follow: its router profile, else the default policy. */
export function generationPolicy(target: RouterTarget): PasswordPolicy {
  const profile = ROUTER_TARGETS[target].profile;
  return profile ? PasswordPolicy.forRouter(profile) : PasswordPolicy.DEFAULT;
}

/** The fixed sample password of `target`. */
export function samplePassword(target: RouterTarget): string {
  return derivePassword({ seed: TEST_SEED, context: `test/router/golden/${target}`, policy: generationPolicy(target) });
}

/** A router at 10.0.0.1 in AS 65001 accepting the nodes of 10.0.0.0/24 (AS 64512). */
export const RANGE_INPUT: RouterConfigInput = {
  routerASNumber: 65001,
  routerAddress: '10.0.0.1',
  nodeASNumber: 64512,
  nodeCIDRs: ['10.0.0.0/24'],
  passwordSecret: { namespace: 'calico-system', name: 'bgp-password-tor-a', key: 'password' },
};

/** The same router listing two nodes, two hops away. */
export const NODES_INPUT: RouterConfigInput = {
  ...RANGE_INPUT,
  nodeCIDRs: undefined,
  nodeAddresses: ['10.0.0.11', '10.0.0.12'],
  ebgpMultihop: 2,
};

/** The placeholder the inputs above produce. */
export const PLACEHOLDER = '<BGP-PASSWORD from Secret calico-system/bgp-password-tor-a key password>';
