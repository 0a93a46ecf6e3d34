/**
 * The fabric as a cdk8s app, twice: with the library's constructs, and hand-written with plain
 * `ApiObject`s that produce the same YAML (passwords aside). Both derive stable passwords from the
 * same seed: the library with its policy and unbiased sampler, the baseline with one `hkdfSync`.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { BENCH_SEED, FabricPeer, FabricShape, fabricPeers, handWrittenPassword, racksOf } from './fabric';
import { BgpPassword, BgpPasswordSecret, SecuredBgpPeer } from '../lib/cdk8s';
import { createTimer } from './stats';

/** Time spent deriving passwords, accumulated by the instrumented derivation functions. */
const timer = createTimer();
export const derivation = timer.total;
const timed = timer.timed;

/**
 * Wraps the core's `derivePassword` so its time inside a synth is known. The constructs reach it
 * through the `lib/password` index, whose re-export reads the module's export at every call.
 */
export function instrumentLibraryDerivation(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const derive = require('../lib/password/derive') as { derivePassword: (o: unknown) => string };
  const original = derive.derivePassword;
  derive.derivePassword = (o: unknown) => timed(() => original(o));
}

/** Builds the fabric with the library's constructs. */
export function buildLibraryApp(n: number, shape: FabricShape): App {
  const app = new App();
  const chart = new Chart(app, 'fabric');
  const password = BgpPassword.generate({ seed: BENCH_SEED });
  const spec = (p: FabricPeer) => ({ name: p.name, node: p.node, peerIP: p.peerIP, asNumber: p.asNumber });
  if (shape === 'own') {
    for (const p of fabricPeers(n)) new SecuredBgpPeer(chart, p.name, { ...spec(p), password });
  } else {
    for (const [rack, peers] of racksOf(fabricPeers(n))) {
      const scope = shape === 'rack-charts' ? new Chart(app, rack) : chart;
      const sharedSecret = new BgpPasswordSecret(scope, rack, { name: `bgp-password-${rack}`, password });
      if (shape === 'rack-secured') {
        for (const p of peers) new SecuredBgpPeer(scope, p.name, { ...spec(p), sharedSecret });
      } else {
        for (const p of peers) sharedSecret.addPeer(p.name, { node: p.node, peerIP: p.peerIP, asNumber: p.asNumber });
      }
    }
  }
  return app;
}

const NAMESPACE = 'calico-system';
const MANAGED = { 'app.kubernetes.io/managed-by': 'calico-bgp-auth' };

/** The objects a careful hand-writer emits for one Secret: the Secret, a Role naming it, the RoleBinding. */
function secretWithAccess(scope: Chart, id: string, secretName: string, password: string): void {
  new ApiObject(scope, `${id}-secret`, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName, namespace: NAMESPACE, labels: { ...MANAGED, 'calico-bgp-auth/bgp-password': 'true' } },
    type: 'Opaque',
    stringData: { password },
  } as never);
  const roleName = `calico-node-read-${secretName}`;
  new ApiObject(scope, `${id}-role`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: roleName, namespace: NAMESPACE, labels: { ...MANAGED } },
    rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [secretName], verbs: ['get', 'list', 'watch'] }],
  } as never);
  new ApiObject(scope, `${id}-binding`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: roleName, namespace: NAMESPACE, labels: { ...MANAGED } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects: [{ kind: 'ServiceAccount', name: 'calico-node', namespace: NAMESPACE }],
  } as never);
}

function bgpPeer(scope: Chart, p: FabricPeer, secretName: string): void {
  new ApiObject(scope, p.name, {
    apiVersion: 'projectcalico.org/v3',
    kind: 'BGPPeer',
    metadata: { name: p.name, labels: { ...MANAGED } },
    spec: { node: p.node, peerIP: p.peerIP, asNumber: p.asNumber, password: { secretKeyRef: { name: secretName, key: 'password' } } },
  } as never);
}

/** Builds the same objects by hand, in the order the library writes them, without dependencies. */
export function buildBaselineApp(n: number, shape: FabricShape): App {
  const app = new App();
  const chart = new Chart(app, 'fabric');
  const seed = Buffer.from(BENCH_SEED, 'hex');
  if (shape === 'own') {
    for (const p of fabricPeers(n)) {
      const secretName = `bgp-password-${p.name}`;
      secretWithAccess(chart, p.name, secretName, timed(() => handWrittenPassword(seed, `fabric/${p.name}`)));
      bgpPeer(chart, p, secretName);
    }
  } else {
    for (const [rack, peers] of racksOf(fabricPeers(n))) {
      const scope = shape === 'rack-charts' ? new Chart(app, rack) : chart;
      const secretName = `bgp-password-${rack}`;
      secretWithAccess(scope, rack, secretName, timed(() => handWrittenPassword(seed, `fabric/${rack}`)));
      for (const p of peers) bgpPeer(scope, p, secretName);
    }
  }
  return app;
}
