/**
 * The cdk8s side of the end-to-end matrix: builds each case as a user would (an App, a Chart, the
 * library's constructs), synthesizes it with `app.synthYaml()` (validation included, as `cdk8s
 * synth` does) and parses the YAML back. The router's password is copied out of the synthesized
 * Secret, as a user reading the output (or `kubectl get secret`) would.
 */
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { BgpPassword, BgpPasswordSecret, MeshPassword, SecuredBgpPeer, UNSEEDED_PASSWORD_WARNING } from 'calico-bgp-auth/cdk8s';
import type { K8sObject } from './calico-node';
import { installOf, type EngineAdapter, type Emission, type InstallName, type MeshEmission, type PasswordChoice } from './session-cases';
import { buildExampleApp } from '../../../examples/cdk8s/main';

/**
 * Runs `fn` with console.warn collecting the library's unseeded-generation warning (printed once per
 * app at construction, on stderr) instead of printing it; any other warning is an error.
 */
function quietly<T>(fn: () => T): T {
  const warn = console.warn;
  const unexpected: unknown[][] = [];
  console.warn = (...args: unknown[]) => { if (args[0] !== UNSEEDED_PASSWORD_WARNING) unexpected.push(args); };
  try {
    const result = fn();
    if (unexpected.length) throw new Error(`unexpected warnings while building or synthesizing: ${unexpected.length}`);
    return result;
  } finally {
    console.warn = warn;
  }
}

/** The YAML an app synthesizes (`app.synthYaml()`, validation included), as objects. */
export function synthObjects(app: App): K8sObject[] {
  return parseAllDocuments(quietly(() => app.synthYaml())).map((d) => d.toJSON() as K8sObject).filter(Boolean);
}

function synth(build: (chart: Chart) => void): K8sObject[] {
  return quietly(() => {
    const app = new App();
    build(new Chart(app, 'e2e'));
    return synthObjects(app);
  });
}

/**
 * What a user copies for the router: the value under `key` of Secret `name` wherever the output
 * puts it (`stringData` as written, or base64 `data`). Undefined when the output has no such Secret.
 */
export function copySecretValue(objects: readonly K8sObject[], name: string, key: string): string | undefined {
  const secret = objects.find((o) => o.kind === 'Secret' && o.metadata?.name === name);
  if (secret?.stringData && key in secret.stringData) return String(secret.stringData[key]);
  if (secret?.data && key in secret.data) return Buffer.from(String(secret.data[key]), 'base64').toString('utf8');
  return undefined;
}

/** Each BGPPeer's password as copied from the output. */
export function routerPasswordsFromOutput(objects: readonly K8sObject[]): Record<string, string | undefined> {
  return Object.fromEntries(objects.filter((o) => o.kind === 'BGPPeer').map((p) => {
    const ref = p.spec?.password?.secretKeyRef ?? {};
    return [String(p.metadata?.name), copySecretValue(objects, ref.name, ref.key)];
  }));
}

function meshFromOutput(objects: K8sObject[]): MeshEmission {
  const ref = objects.find((o) => o.kind === 'BGPConfiguration')?.spec?.nodeMeshPassword?.secretKeyRef ?? {};
  return { objects, password: copySecretValue(objects, ref.name, ref.key) };
}

const toBgpPassword = (c: PasswordChoice): BgpPassword => {
  switch (c.kind) {
    case 'generate': return BgpPassword.generate({ policy: c.policy, seed: c.seed, rotation: c.rotation });
    case 'value': return BgpPassword.fromValue(c.value);
    case 'existing': return BgpPassword.fromExistingSecret({ name: c.name, key: c.key });
  }
};

const emission = (objects: K8sObject[]): Emission => ({ objects, routerPasswords: routerPasswordsFromOutput(objects) });

/** The matrix through the cdk8s constructs. */
export const cdk8sAdapter: EngineAdapter = {
  engine: 'cdk8s',
  derivesFromSeed: true,
  securedPeer: async (p) => emission(synth((chart) => {
    new SecuredBgpPeer(chart, p.name, {
      name: p.name,
      peerIP: p.peerIP,
      asNumber: p.asNumber,
      install: p.install,
      password: toBgpPassword(p.password),
    });
  })),
  sharedSecret: async (p) => emission(synth((chart) => {
    const shared = new BgpPasswordSecret(chart, 'shared', { install: p.install, keyPerPeer: p.keyPerPeer, password: toBgpPassword(p.password) });
    for (const peer of p.peers) new SecuredBgpPeer(chart, peer.name, { ...peer, sharedSecret: shared });
  })),
  meshPassword: async (p) => meshFromOutput(synth((chart) => {
    new MeshPassword(chart, 'mesh', { install: p.install, asNumber: p.asNumber, password: toBgpPassword(p.password) });
  })),
  examples: async () => {
    // The example reads its seed from the environment, else its committed demo seed.
    const objects = synthObjects(buildExampleApp());
    const install: InstallName = 'operator';
    if (
      objects.some((o) => o.metadata?.namespace !== undefined && o.metadata.namespace !== installOf(install).namespace)
    ) {
      throw new Error('the cdk8s example is no longer an operator install');
    }
    return [{ label: 'rack-fabric', install, emission: emission(objects), mesh: meshFromOutput(objects) }];
  },
};
