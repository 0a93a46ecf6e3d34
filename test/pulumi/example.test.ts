import * as pulumi from '@pulumi/pulumi';
import { describe, it, expect, vi } from 'vitest';
import { PasswordPolicy } from 'calico-bgp-auth';
import { childrenOf, expectNoPlainPassword, expectObjectsValid, expectSamePassword, secretStringData } from './support/assertions';
import { MockStack, TYPES, startMockStack, valueOf } from './support/mock-stack';

type Program = typeof import('../../examples/pulumi/index');

/** Runs examples/pulumi/index.ts as `pulumi up` would, under mocks set before the program loads. */
async function runExample(config: Record<string, string> = {}): Promise<{ stack: MockStack; program: Program }> {
  const stack = await startMockStack({ config });
  vi.resetModules();
  const program = await import('../../examples/pulumi/index');
  await stack.settle();
  return { stack, program };
}

/** Every password the stack's Secrets hold. */
function allPasswords(stack: MockStack): string[] {
  return stack.ofType(TYPES.secret).flatMap((r) => Object.values(secretStringData(r)));
}

describe('examples/pulumi under mocks', () => {
  it('deploys the rack fabric: mesh password, per-rack switch secrets, route reflector, all inside RackFabric', async () => {
    // GIVEN the example program and no stack config
    const { stack } = await runExample();
    // THEN one MeshPassword, one BgpPasswordSecret per rack and the route reflector's SecuredBgpPeer, all children of
    // the fabric
    const [fabric] = stack.ofType('example:index:RackFabric');
    const components = childrenOf(stack, fabric.urn).map((r) => r.type).sort();
    expect(components).toEqual([TYPES.shared, TYPES.shared, TYPES.mesh, TYPES.peer].sort());
    // AND each rack's switch BGPPeers are added to its BgpPasswordSecret (addPeer: no component per peer)
    const rackSecrets = stack.ofType(TYPES.shared);
    const peersOf = (urn: string) =>
      childrenOf(stack, urn).filter((r) => r.type === TYPES.bgpPeer).map((r) => r.name).sort();
    expect(rackSecrets.map((s) => peersOf(s.urn)))
      .toEqual([['r1-tor-1', 'r1-tor-2'], ['r2-tor-1', 'r2-tor-2']]);
    // AND 5 BGPPeers and the default BGPConfiguration, with 4 Secrets (mesh, 2 racks, route reflector), 4 Roles,
    // 4 RoleBindings
    expect(stack.ofType(TYPES.bgpPeer)).toHaveLength(5);
    expect(stack.ofType(TYPES.bgpConfiguration)).toHaveLength(1);
    for (const t of [TYPES.secret, TYPES.role, TYPES.roleBinding]) expect(stack.ofType(t)).toHaveLength(4);
    // AND each rack Secret holds one key per switch, the BGPPeers referencing them
    const rack1 = stack.ofType(TYPES.secret).find((r) => r.inputs.metadata.name === 'bgp-password-r1-tors')!;
    expect(Object.keys(secretStringData(rack1)).sort()).toEqual(['r1-tor-1', 'r1-tor-2']);
    const tor = stack.ofType(TYPES.bgpPeer).find((r) => r.inputs.metadata.name === 'r1-tor-2')!;
    expect(tor.inputs.spec).toMatchObject({ nodeSelector: "rack == 'r1'", peerIP: '10.10.1.2', asNumber: 65101, password: { secretKeyRef: { name: 'bgp-password-r1-tors', key: 'r1-tor-2' } } });
    expect(tor.dependencies).toEqual(expect.arrayContaining([rack1.urn]));
    // AND every object validates against the upstream CRDs and the Kubernetes models
    expectObjectsValid(stack);
  });

  it('exports the router-facing passwords as secrets, meeting the switches\' and the route reflector\'s profiles', async () => {
    // GIVEN the example program
    const { stack, program } = await runExample();
    // THEN the password exports are secret and the name export is not
    expect(await pulumi.isSecret(program.torPasswords)).toBe(true);
    expect(await pulumi.isSecret(program.routeReflectorPassword!)).toBe(true);
    expect(await pulumi.isSecret(program.secretRefs)).toBe(false);
    // AND the switches' passwords meet the SONiC profile, the route reflector's the Junos one
    const tors = await valueOf(program.torPasswords);
    expect(Object.keys(tors).sort()).toEqual(['r1-tor-1', 'r1-tor-2', 'r2-tor-1', 'r2-tor-2']);
    for (const p of Object.values(tors)) expect(PasswordPolicy.forRouter('sonic').check(p).map((x) => x.rule)).toEqual([]);
    const rr = await valueOf(program.routeReflectorPassword!);
    expect(PasswordPolicy.forRouter('junos').check(rr).map((x) => x.rule)).toEqual([]);
    // AND the name export tells the runbook where calico-node reads each one
    expect(await valueOf(program.secretRefs)).toContainEqual({ peer: 'datacenter-route-reflector', secret: 'bgp-password-datacenter-route-reflector', key: 'password' });
    // AND no password appears outside a secret anywhere in the stack
    expectNoPlainPassword(stack, allPasswords(stack));
  });

  it('takes the route reflector\'s password from a config secret when set', async () => {
    // GIVEN `pulumi config set --secret routeReflectorPassword ...`
    const { stack, program } = await runExample({ 'project:routeReflectorPassword': 'Rr-from-config,2024' });
    // THEN the route reflector's Secret holds it and the export is still secret
    const rr = stack.ofType(TYPES.secret).find((r) => r.inputs.metadata.name === 'bgp-password-datacenter-route-reflector')!;
    expectSamePassword(secretStringData(rr).password, 'Rr-from-config,2024', 'route reflector Secret vs config');
    expect(await pulumi.isSecret(program.routeReflectorPassword!)).toBe(true);
    // AND only the mesh and the two racks draw entropy
    expect(stack.ofType(TYPES.randomBytes)).toHaveLength(3);
    expectNoPlainPassword(stack, allPasswords(stack));
  });
});
