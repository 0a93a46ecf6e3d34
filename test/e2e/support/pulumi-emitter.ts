/**
 * The Pulumi side of the end-to-end matrix: runs each case as a Pulumi program under
 * `pulumi.runtime.setMocks` (test/pulumi/support/mock-stack.ts records every registration, secrets
 * unwrapped: what `pulumi up` would send to the cluster) and collects the Kubernetes objects. The
 * router's password is the component's `password` secret output, as a user running `pulumi stack
 * output --show-secrets` would read it.
 *
 * Mocks are process-wide: the adapter's methods must run one after another.
 */
import { randomBytes } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';
import { BgpPassword, BgpPasswordSecret, MeshPassword, SecuredBgpPeer } from 'calico-bgp-auth/pulumi';
import type { K8sObject } from './calico-node';
import type { EngineAdapter, Emission, MeshEmission, PasswordChoice } from './session-cases';
import { startMockStack, valueOf, type MockStackOptions } from '../../pulumi/support/mock-stack';

/** The longest a mocked program may take to register everything. */
const PROGRAM_TIMEOUT_MS = 15_000;

/**
 * Runs `program` on a fresh mock stack; returns what it registered and what it returned. A program
 * whose outputs fail (e.g. a value refused by its policy) never settles: that is reported after
 * {@link PROGRAM_TIMEOUT_MS} instead of hanging the suite.
 */
export async function runProgram<T>(
  program: () => T | Promise<T>,
  options: MockStackOptions = {},
): Promise<{ objects: K8sObject[]; result: T }> {
  const stack = await startMockStack(options);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the Pulumi program did not settle within ${PROGRAM_TIMEOUT_MS} ms (a failed output?)`)),
      PROGRAM_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      (async () => {
        const result = await program();
        await stack.settle();
        return { objects: stack.kubeObjects() as K8sObject[], result };
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const toBgpPassword = (c: PasswordChoice): BgpPassword => {
  switch (c.kind) {
    case 'generate':
      if (c.seed !== undefined) throw new Error('Pulumi passwords are not derived from a seed');
      return BgpPassword.generate({ policy: c.policy, rotation: c.rotation });
    case 'value': return BgpPassword.fromValue(c.value);
    case 'existing': return BgpPassword.fromExistingSecret({ name: c.name, key: c.key });
  }
};

/** The plain values of secret outputs, by name (what `--show-secrets` prints). */
async function reveal(
  outputs: Record<string, pulumi.Output<string> | undefined>,
): Promise<Record<string, string | undefined>> {
  const entries = await Promise.all(
    Object.entries(outputs).map(async ([k, o]) => [k, o === undefined ? undefined : await valueOf(o)] as const),
  );
  return Object.fromEntries(entries);
}

/** The matrix through the Pulumi components. */
export const pulumiAdapter: EngineAdapter = {
  engine: 'pulumi',
  derivesFromSeed: false,
  securedPeer: async (p) => {
    const { objects, result } = await runProgram(() => new SecuredBgpPeer(p.name, {
      peerIP: p.peerIP, asNumber: p.asNumber, install: p.install, password: toBgpPassword(p.password),
    }));
    return { objects, routerPasswords: await reveal({ [p.name]: result.password }) };
  },
  sharedSecret: async (p) => {
    const { objects, result } = await runProgram(() => {
      const shared = new BgpPasswordSecret('shared', {
        install: p.install,
        keyPerPeer: p.keyPerPeer,
        peerNames: p.keyPerPeer ? p.peers.map((x) => x.name) : undefined,
        password: toBgpPassword(p.password),
      });
      return p.peers.map(
        (peer) => new SecuredBgpPeer(peer.name, { peerIP: peer.peerIP, asNumber: peer.asNumber, sharedSecret: shared }),
      );
    });
    return {
      objects,
      routerPasswords: await reveal(Object.fromEntries(p.peers.map((peer, i) => [peer.name, result[i].password]))),
    };
  },
  meshPassword: async (p): Promise<MeshEmission> => {
    const { objects, result } = await runProgram(() => new MeshPassword('mesh', { install: p.install, asNumber: p.asNumber, password: toBgpPassword(p.password) }));
    return { objects, password: result.password === undefined ? undefined : await valueOf(result.password) };
  },
  examples: async () => {
    // The example program as `pulumi up` runs it, with the optional route reflector password set
    // as a config secret (`pulumi config set --secret routeReflectorPassword ...`).
    // Every class the example's Junos policy asks for: upper, lower, digit, symbol.
    const routeReflectorPassword = `Rr7.${randomBytes(16).toString('hex')}`;
    const { objects, result } = await runProgram(
      () => import('../../../examples/pulumi/index'),
      { config: { 'project:routeReflectorPassword': routeReflectorPassword } },
    );
    const torPasswords = await valueOf(result.torPasswords as pulumi.Output<Record<string, string>>);
    const emission: Emission = {
      objects,
      routerPasswords: { ...torPasswords, 'datacenter-route-reflector': await valueOf(result.routeReflectorPassword as pulumi.Output<string>) },
    };
    return [{ label: 'rack-fabric', install: 'operator', emission, mesh: { objects } }];
  },
};
