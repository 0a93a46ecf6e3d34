/**
 * The router side straight from a cdk8s construct: a SecuredBgpPeer is synthesized with cdk8s, the
 * calico-node emulator reads its password from the synthesized Secret through the synthesized Role
 * and RoleBinding into a node-side BIRD, and FRR runs `peer.routerConfig('frr', { includePassword:
 * true, ... })` as is. The session must reach Established on both sides. The password is derived
 * from a random seed per run and never appears in a case name or message.
 */
import { randomBytes } from 'node:crypto';
import { App, Chart } from 'cdk8s';
import { expect, it } from 'vitest';
import { PasswordPolicy } from 'calico-bgp-auth';
import { BgpPassword, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
import { startCalicoNodeBird } from './support/bird';
import { synthObjects } from './support/cdk8s-emitter';
import { calicoProtocolName, renderCalicoNodeBirdConfig, resolvePasswords } from './support/calico-node';
import { describeE2E } from './support/env';
import { withPair } from './support/netns';
import { redact } from './support/redact';
import { startFrr } from './support/router';

const NODE_AS = 64512;
const ROUTER_AS = 64513;

describeE2E('router export from a cdk8s SecuredBgpPeer', () => {
  it('FRR configured from routerConfig(\'frr\') and calico-node fed from the synth output reach Established', () => withPair(async (pair) => {
    // GIVEN a SecuredBgpPeer to the router, synthesized with cdk8s
    const app = new App();
    const peer = new SecuredBgpPeer(new Chart(app, 'e2e'), 'tor', {
      name: `tor-${process.pid}`, peerIP: pair.bIp, asNumber: ROUTER_AS,
      password: BgpPassword.generate({ seed: randomBytes(32), policy: PasswordPolicy.forRouter('frr') }),
    });
    const objects = synthObjects(app);
    // AND calico-node reading its password from the synthesized Secret, Role and RoleBinding
    const [resolved] = resolvePasswords(objects, {
      namespace: peer.install.namespace,
      serviceAccount: peer.install.serviceAccount,
    });
    expect(resolved?.warnings, 'calico-node reads the Secret without warnings').toEqual([]);
    const nodePassword = resolved!.password!;
    expect(typeof nodePassword).toBe('string');
    const started = Date.now();
    const node = await startCalicoNodeBird(pair.topo, {
      ns: pair.a,
      label: 'node',
      files: renderCalicoNodeBirdConfig({
        nodeIp: pair.aIp,
        asNumber: NODE_AS,
        peers: [{ ip: pair.bIp, asNumber: ROUTER_AS, password: nodePassword }],
      }),
    });
    // WHEN FRR runs the construct's router side, password included, over the link's subnet
    const linkCidr = `${pair.aIp.split('.').slice(0, 3).join('.')}.0/${pair.link.prefixLen}`;
    const text = peer.routerConfig('frr', { includePassword: true, clusterASNumber: NODE_AS, nodeCIDRs: [linkCidr] });
    expect(text.includes(nodePassword), 'the router side holds the password calico-node read').toBe(true);
    // bgpd runs alone here: logging to stdout lets the launcher see rejected lines.
    const router = await startFrr(pair.topo, {
      ns: pair.b, neighborIp: pair.aIp, label: 'router', configText: `frr defaults traditional\nhostname router\nlog stdout informational\n!\n${text}`,
    });
    expect(router.configErrors(), 'FRR accepted every rendered line').toEqual([]);
    // THEN both sides reach Established
    const proto = calicoProtocolName('Global', pair.bIp);
    const nodeUp = await node.waitEstablished(proto, 30_000);
    const routerUp = nodeUp && await router.waitEstablished(5000);
    const diag = (s: unknown) => redact(JSON.stringify(s), [nodePassword]);
    expect(nodeUp, `calico-node side not Established: ${diag(await node.state(proto))}`).toBe(true);
    expect(routerUp, `router side not Established: ${diag(await router.state())}`).toBe(true);
    // eslint-disable-next-line no-console
    console.log(`router export from cdk8s: Established in ${Date.now() - started} ms`);
  }));
});
