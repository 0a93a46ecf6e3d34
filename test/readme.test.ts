/**
 * The README's complete examples run as written: the cdk8s block synthesizes (its objects validate
 * against the vendored CRDs), the Pulumi block deploys under mocks. A README that drifts from the API
 * fails here.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ROUTER_PROFILES } from '../lib';
import { startMockStack, TYPES } from './pulumi/support/mock-stack';
import { validateObject } from './support/crd-validator';

const README = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The first ```ts block after the heading `heading`. */
function codeAfter(heading: string): string {
  const at = README.indexOf(`\n${heading}\n`);
  expect(at, `README has a '${heading}' section`).toBeGreaterThan(-1);
  const m = /```ts\n([\s\S]*?)```/.exec(README.slice(at));
  expect(m, `a ts block follows '${heading}'`).not.toBeNull();
  return m![1];
}

/** Writes the block as a module next to this test (so the package aliases resolve) and imports it. */
async function runBlock(code: string, name: string): Promise<Record<string, unknown>> {
  const file = path.join(__dirname, `.readme-${name}-${process.pid}.ts`);
  writeFileSync(file, code);
  try {
    vi.resetModules();
    return await import(file);
  } finally {
    rmSync(file, { force: true });
  }
}

describe('README', () => {
  it('GIVEN the cdk8s example WHEN run as written THEN it synthesizes secured peers whose objects validate', async () => {
    // GIVEN an output folder and a seed, as a user would set them
    const outdir = mkdtempSync(path.join(tmpdir(), 'readme-cdk8s-'));
    scratch.push(outdir);
    vi.stubEnv('CDK8S_OUTDIR', outdir);
    vi.stubEnv('CALICO_BGP_AUTH_SEED', 'e95f037b85b719c69f7c9c3b5aaa3fd994b5e2ffb82b28a22c60e34b59c1b677');
    try {
      // WHEN
      await runBlock(codeAfter('## cdk8s (`calico-bgp-auth/cdk8s`)'), 'cdk8s');
    } finally {
      vi.unstubAllEnvs();
    }
    // THEN the mesh, the edge peer, two SecuredBgpPeers sharing a rack Secret and four peers added to two more, every
    // object valid
    const objects = readdirSync(outdir).flatMap((f) => parseAllDocuments(readFileSync(path.join(outdir, f), 'utf8')).map((d) => d.toJS()));
    expect(objects.filter((o) => o.kind === 'BGPPeer')).toHaveLength(7);
    expect(objects.filter((o) => o.kind === 'Secret')).toHaveLength(5);
    // AND a peer added with addPeer reads its own key in its rack's Secret
    const added = objects.find((o) => o.kind === 'BGPPeer' && o.metadata.name === 'r3-tor-2');
    expect(added.spec).toMatchObject({ peerIP: '10.10.3.2', asNumber: 65103, password: { secretKeyRef: { key: 'r3-tor-2' } } });
    const rack = objects.find((o) => o.kind === 'Secret' && o.metadata.name === added.spec.password.secretKeyRef.name);
    expect(Object.keys(rack.stringData).sort()).toEqual(['r3-tor-1', 'r3-tor-2']);
    expect(objects.filter((o) => o.kind === 'BGPConfiguration').map((o) => o.metadata.name)).toEqual(['default']);
    for (const o of objects) expect(validateObject(o), `${o.kind}/${o.metadata.name}`).toEqual([]);
  });

  it('GIVEN the Pulumi example WHEN run under mocks THEN it registers the components and exports a secret password', async () => {
    // GIVEN the config secret the block reads
    const stack = await startMockStack({
      config: { 'project:edgePassword': 'Edge-Password_from.config1' }, stackOutputs: { 'acme/network/prod': { edgeRouterIp: '10.0.0.1' } },
    });
    // WHEN
    const program = await runBlock(codeAfter('## Pulumi (`calico-bgp-auth/pulumi`)'), 'pulumi');
    await stack.settle();
    // THEN one mesh, four SecuredBgpPeers and three shared secrets, all emitted
    expect(stack.ofType(TYPES.peer)).toHaveLength(4);
    expect(stack.ofType(TYPES.mesh)).toHaveLength(1);
    expect(stack.ofType(TYPES.shared)).toHaveLength(3);
    // AND the four peers added with addPeer are BGPPeers whose parent is their rack's BgpPasswordSecret
    expect(stack.ofType(TYPES.bgpPeer)).toHaveLength(8);
    const r3 = stack.ofType(TYPES.shared).find((r) => r.name === 'r3-tors')!;
    expect(stack.ofType(TYPES.bgpPeer).filter((r) => r.parent === r3.urn).map((r) => r.name).sort()).toEqual(['r3-tor-1', 'r3-tor-2']);
    // AND the edge peer's address is the network stack's output
    expect(stack.ofType(TYPES.bgpPeer).find((r) => r.name === 'edge')!.inputs.spec.peerIP).toBe('10.0.0.1');
    // AND the exported router-facing password is a Pulumi secret
    expect(await pulumi.isSecret(program.routeReflectorPassword as pulumi.Output<string>)).toBe(true);
  });

  it('GIVEN the router profile table THEN it lists every shipped profile and no other', () => {
    const listed = [...README.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(ROUTER_PROFILES.map((p) => p.name).sort());
  });

  it('GIVEN the README THEN it shows the two commands and never asks to skip the e2e suite in CI', () => {
    expect(README).toContain('npm run example');
    expect(README).toContain('npm test');
    expect(README).toContain('CALICO_BGP_AUTH_E2E_REQUIRED=1');
  });

  it('GIVEN the README THEN it links the API reference, which opens with its table of contents', () => {
    expect(README).toContain('](API.md)');
    const api = readFileSync(path.join(__dirname, '..', 'API.md'), 'utf8');
    const headings = [...api.matchAll(/^#{1,2} (.+)$/gm)].map((m) => m[1]);
    expect(headings.slice(0, 3)).toEqual(['API Reference', 'Contents', 'cdk8s constructs: `calico-bgp-auth/cdk8s`']);
    expect(headings.filter((h) => h.startsWith('Pulumi components') || h.startsWith('Core, as the CLI uses it'))).toHaveLength(2);
  });
});
