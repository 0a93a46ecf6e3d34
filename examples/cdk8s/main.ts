/**
 * The cdk8s example: a rack fabric for an operator install of Calico.
 *
 *     npm run example        # YAML in examples/cdk8s/dist/
 *
 * The passwords derive from a seed, so the output is the same at every synth. Set your own with
 * `CALICO_BGP_AUTH_SEED=$(openssl rand -hex 32)` (kept in a secret store, not in Git).
 */
import * as path from 'node:path';
import { readSeedFile, seedFromEnvironment } from 'calico-bgp-auth';
import { App, AppProps, Chart } from 'cdk8s';
import { RackFabric } from './rack-fabric';

// DEMO ONLY: demo-seed.hex is committed so that the example's output is stable and reviewable.
// Every password in examples/cdk8s/dist/ derives from it, so they are all public. NEVER use it, or
// any seed committed to Git, for a real cluster: set CALICO_BGP_AUTH_SEED or
// CALICO_BGP_AUTH_SEED_FILE from your secret store instead (`*.seed` files are gitignored).
const DEMO_SEED_FILE = path.join(__dirname, 'demo-seed.hex');

/** Builds the example app; `cdk8s synth` runs this file, tests build it in memory. */
export function buildExampleApp(props: AppProps = {}): App {
  const app = new App(props);
  const chart = new Chart(app, 'rack-fabric');
  new RackFabric(chart, 'fabric', {
    // The demo seed is public, so its file's mode does not matter: no warning that others may read it.
    seed: seedFromEnvironment() ?? readSeedFile(DEMO_SEED_FILE, 'seedFile', { warn: () => undefined }),
    install: 'operator',
    asNumber: 64512,
    serviceClusterIPs: [{ cidr: '10.96.0.0/12' }],
    racks: [
      { name: 'r1', torAsNumber: 65101, torIPs: ['10.10.1.1', '10.10.1.2'] },
      { name: 'r2', torAsNumber: 65102, torIPs: ['10.10.2.1', '10.10.2.2'] },
    ],
    routeReflector: { peerIP: '10.255.0.10', asNumber: 64512, nodeSelector: "bgp-edge == 'true'" },
  });
  return app;
}

if (require.main === module) buildExampleApp().synth();
