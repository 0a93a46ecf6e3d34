import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildExampleApp } from '../../examples/cdk8s/main';
import { Obj, expectSecured, expectValid, ofKind, synthApp } from './support';

/** Synthesizes the example app to a temporary directory, as `cdk8s synth` does; returns the files. */
function synthToDisk(): Record<string, string> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'calico-bgp-auth-example-'));
  buildExampleApp({ outdir }).synth();
  return Object.fromEntries(readdirSync(outdir).map((f) => [f, readFileSync(path.join(outdir, f), 'utf8')]));
}

describe('examples/cdk8s (RackFabric)', () => {
  beforeEach(() => {
    // The example falls back to its demo seed only when no seed is set; make sure none is.
    vi.stubEnv('CALICO_BGP_AUTH_SEED', undefined);
    vi.stubEnv('CALICO_BGP_AUTH_SEED_FILE', undefined);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('synthesizes valid, consistent objects: a mesh password, two ToR peers per rack, a route reflector', () => {
    // WHEN the example app is built and synthesized in memory
    const objects = synthApp(buildExampleApp());

    // THEN every object validates against the vendored CRDs / kubernetes-models
    expectValid(objects);
    // AND every password reference resolves to a Secret, key and RBAC in calico-system, ordered before it
    expectSecured(objects);
    // AND the shape is what the example promises
    expect(ofKind(objects, 'BGPConfiguration').map((o) => o.metadata.name)).toEqual(['default']);
    const peers = ofKind(objects, 'BGPPeer');
    expect(peers.map((p) => p.metadata.name).sort()).toEqual(['datacenter-route-reflector', 'r1-tor-1', 'r1-tor-2', 'r2-tor-1', 'r2-tor-2']);
    expect(peers.filter((p) => p.spec.nodeSelector === 'rack == \'r1\'')).toHaveLength(2);
    // AND one Secret per rack (a key per switch), one for the mesh, one for the route reflector
    expect(ofKind(objects, 'Secret')).toHaveLength(4);
    expect(objects).toHaveLength(5 + 4 * 3 + 1);
  });

  it('writes byte-identical files at every synth (the demo seed), and no password outside Secrets', () => {
    // WHEN synthesized to disk twice
    const first = synthToDisk();
    const second = synthToDisk();

    // THEN the same files with the same bytes
    expect(Object.keys(first)).toEqual(['rack-fabric.k8s.yaml']);
    expect(second).toEqual(first);
    const objects = parseAllDocuments(first['rack-fabric.k8s.yaml']).map((d) => d.toJS() as Obj);
    const values = ofKind(objects, 'Secret').flatMap((s) => Object.values(s.stringData) as string[]);
    const rest = JSON.stringify(objects.filter((o) => o.kind !== 'Secret'));
    for (const v of values) expect(rest).not.toContain(v);
  });

  it('uses the seed from the environment when one is set', () => {
    const demo = synthApp(buildExampleApp());
    vi.stubEnv('CALICO_BGP_AUTH_SEED', '8f96f0f742a3a8090373336c5dd6a813cb14a956e5f0b464487eb414c13671b9');
    const own = synthApp(buildExampleApp());
    const secrets = (objs: Obj[]) => ofKind(objs, 'Secret').map((s) => s.stringData);
    expect(secrets(own)).not.toEqual(secrets(demo));
  });
});
