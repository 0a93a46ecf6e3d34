/**
 * The fabric as a Pulumi program under `pulumi.runtime.setMocks`, twice: with the library's
 * components, and with the same resources declared directly (`random.RandomBytes`,
 * `k8s.core.v1.Secret`, `k8s.rbac.v1.Role` / `RoleBinding`, `k8s.apiextensions.CustomResource`).
 * Measured: construction, then until every registration (and the password shaping it waits on)
 * has settled. The mocks record each custom resource's type, name and inputs, compared across the
 * two with passwords masked.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { Task } from './child';
import { FabricPeer, FabricShape, fabricPeers, racksOf } from './fabric';
import { Recorder, Sample } from './measure';
import { createTimer } from './stats';

const RANDOM_BYTES = 'random:index/randomBytes:RandomBytes';
const NAMESPACE = 'calico-system';
const MANAGED = { 'app.kubernetes.io/managed-by': 'calico-bgp-auth' };
const ENTROPY_BYTES = 64;

interface Recorded { readonly type: string; readonly name: string; readonly inputs: unknown }

/** Time spent shaping passwords. */
const { total: derivation, timed } = createTimer();

function instrumentLibraryDerivation(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const derive = require('../lib/password/derive') as { derivePassword: (o: unknown) => string };
  const original = derive.derivePassword;
  derive.derivePassword = (o: unknown) => timed(() => original(o));
}

function buildLibrary(n: number, shape: FabricShape): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('../lib/pulumi') as typeof import('../lib/pulumi');
  const spec = (p: FabricPeer) => ({ name: p.name, node: p.node, peerIP: p.peerIP, asNumber: p.asNumber });
  if (shape === 'own') {
    const password = lib.BgpPassword.generate();
    for (const p of fabricPeers(n)) new lib.SecuredBgpPeer(p.name, { ...spec(p), password });
  } else {
    for (const [rack, peers] of racksOf(fabricPeers(n))) {
      const sharedSecret = new lib.BgpPasswordSecret(rack, { name: `bgp-password-${rack}` });
      if (shape === 'rack-secured') {
        for (const p of peers) new lib.SecuredBgpPeer(p.name, { ...spec(p), sharedSecret });
      } else {
        for (const p of peers) sharedSecret.addPeer(p.name, { node: p.node, peerIP: p.peerIP, asNumber: p.asNumber });
      }
    }
  }
}

/** A hand-written password from the entropy: base64url of its first 24 bytes (32 characters). */
function handShaped(b64: string): string {
  return Buffer.from(b64, 'base64').subarray(0, 24).toString('base64url');
}

function secretWithAccess(id: string, secretName: string): pulumi.Resource[] {
  const entropy = new random.RandomBytes(`${id}-entropy`, { length: ENTROPY_BYTES, keepers: { rotation: '0' } });
  const secret = new k8s.core.v1.Secret(`${id}-secret`, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName, namespace: NAMESPACE, labels: { ...MANAGED, 'calico-bgp-auth/bgp-password': 'true' } },
    type: 'Opaque',
    stringData: pulumi.secret({ password: entropy.base64.apply((b) => timed(() => handShaped(b))) }),
  });
  const roleName = `calico-node-read-${secretName}`;
  const role = new k8s.rbac.v1.Role(`${id}-reader`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: roleName, namespace: NAMESPACE, labels: { ...MANAGED } },
    rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [secretName], verbs: ['get', 'list', 'watch'] }],
  });
  const binding = new k8s.rbac.v1.RoleBinding(`${id}-reader`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: roleName, namespace: NAMESPACE, labels: { ...MANAGED } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects: [{ kind: 'ServiceAccount', name: 'calico-node', namespace: NAMESPACE }],
  });
  return [secret, role, binding];
}

function bgpPeer(p: FabricPeer, secretName: string, dependsOn: pulumi.Resource[]): void {
  new k8s.apiextensions.CustomResource(p.name, {
    apiVersion: 'projectcalico.org/v3',
    kind: 'BGPPeer',
    metadata: { name: p.name, labels: { ...MANAGED } },
    spec: { node: p.node, peerIP: p.peerIP, asNumber: p.asNumber, password: { secretKeyRef: { name: secretName, key: 'password' } } },
  }, { dependsOn });
}

function buildBaseline(n: number, shape: FabricShape): void {
  if (shape === 'own') {
    for (const p of fabricPeers(n)) {
      const secretName = `bgp-password-${p.name}`;
      bgpPeer(p, secretName, secretWithAccess(p.name, secretName));
    }
  } else {
    for (const [rack, peers] of racksOf(fabricPeers(n))) {
      const secretName = `bgp-password-${rack}`;
      const deps = secretWithAccess(rack, secretName);
      for (const p of peers) bgpPeer(p, secretName, deps);
    }
  }
}

/** Inputs with every Secret's stringData value replaced by a marker, keys sorted. */
function masked(r: Recorded): string {
  const inputs = { ...(r.inputs as Record<string, unknown>) };
  if (r.type === 'kubernetes:core/v1:Secret' && inputs.stringData && typeof inputs.stringData === 'object') {
    inputs.stringData = Object.fromEntries(Object.keys(inputs.stringData as object).map((k) => [k, '<password>']));
  }
  return JSON.stringify({ type: r.type, name: r.name, inputs }, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v));
}

/** Builds the fabric under mocks and measures construction and settling. */
export async function measurePulumiFabric(task: Task): Promise<Sample> {
  const records: Recorded[] = [];
  const components: Record<string, number> = {};
  await pulumi.runtime.setMocks({
    newResource: (args) => {
      if (args.custom) records.push({ type: args.type, name: args.name, inputs: args.inputs });
      else components[`component ${args.type}`] = (components[`component ${args.type}`] ?? 0) + 1;
      const state = args.type === RANDOM_BYTES
        ? { ...args.inputs, base64: randomBytes(ENTROPY_BYTES).toString('base64') }
        : args.inputs;
      return { id: `${args.name}-id`, state };
    },
    call: (args) => args.inputs,
  }, 'bench', 'bench', false);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { waitForRPCs } = require('@pulumi/pulumi/runtime/settings') as { waitForRPCs: () => Promise<void> };
  if (task.variant === 'library') instrumentLibraryDerivation();
  // Load every module before the clock starts, as the cdk8s measurement does (@pulumi/kubernetes
  // loads its API groups lazily, on first access).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../lib/pulumi');
  void [k8s.core.v1.Secret, k8s.rbac.v1.Role, k8s.rbac.v1.RoleBinding, k8s.apiextensions.CustomResource, random.RandomBytes];

  const rec = new Recorder();
  if (task.variant === 'library') buildLibrary(task.n, task.shape);
  else buildBaseline(task.n, task.shape);
  rec.phase('construct');
  await waitForRPCs();
  rec.phase('settle');

  const lines = records.map(masked).sort();
  // Custom resources are what gets deployed (`objects`); components are listed beside them.
  const kinds: Record<string, number> = { ...components };
  for (const r of records) kinds[r.type] = (kinds[r.type] ?? 0) + 1;
  if (task.dumpTo) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:fs').writeFileSync(task.dumpTo, lines.join('\n'));
  }
  return rec.finish({
    deriveMs: derivation.ms, deriveCalls: derivation.calls, objects: records.length, kinds,
    digest: createHash('sha256').update(lines.join('\n')).digest('hex'),
  });
}
