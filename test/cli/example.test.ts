import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildExampleApp } from '../../examples/cdk8s/main';
import { buildCli, cli } from './run-cli';

const outdir = mkdtempSync(path.join(tmpdir(), 'cli-example-'));

beforeAll(() => {
  buildCli();
  // The example's demo seed is used when none is set: make sure none is.
  vi.stubEnv('CALICO_BGP_AUTH_SEED', undefined);
  vi.stubEnv('CALICO_BGP_AUTH_SEED_FILE', undefined);
  buildExampleApp({ outdir }).synth();
  vi.unstubAllEnvs();
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('calico-bgp-auth audit on a cdk8s dist/', () => {
  it('finds nothing in the synthesized example, exit 0, even with --fail-on warning', () => {
    // GIVEN the example synthesized to a directory, as `cdk8s synth` writes dist/
    // WHEN a user audits the directory
    const r = cli(['audit', '--fail-on', 'warning', outdir]);
    // THEN no findings
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^No findings: \d+ objects audited \(operator install: calico-node in calico-system, ServiceAccount calico-node\)\.\n$/);
    expect(r.status).toBe(0);
  });
});
