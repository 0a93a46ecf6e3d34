/**
 * What npm ships, used the way users start: the package is built and packed (`npm pack`), and the
 * tarball is installed into throw-away projects in the system's temp folder, set up as the tools
 * users start from set them up (vendored verbatim in fixtures/, see its README). Nothing here goes
 * through vitest's aliases to lib/: every import of `calico-bgp-auth` resolves inside the installed
 * tarball, by the rules of the TypeScript or Node.js mode under test.
 *
 * Offline: the tarball is unpacked into `node_modules/calico-bgp-auth` (what `npm install <tgz>`
 * does), and its dependency (`yaml`), the peers and the tools (cdk8s-cli, ts-node, typescript) are
 * linked from this repository's node_modules.
 *
 * The matrix: (a) `cdk8s init typescript-app`'s tsconfig and cdk8s.yaml, synthesized by the real
 * `cdk8s synth` with ts-node type-checking, the validation plugin included; (b) `pulumi new
 * typescript`'s tsconfig (today's and the 2024 one), type-checked with tsc, and the README's unit
 * test run under mocks; (c) node16, nodenext and bundler resolution; (d) ESM `.mjs` and CommonJS
 * importing every entry point, run with node.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildCli } from '../cli/run-cli';

const ROOT = path.resolve(__dirname, '../..');
const NM = path.join(ROOT, 'node_modules');
const FIXTURES = path.join(__dirname, 'fixtures');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SUBPATHS = ['', '/cdk8s', '/pulumi', '/pulumi/testing'];
// Generous: on a loaded machine a type-check of the Pulumi programs takes a while. CI runs it alone.
const TIMEOUT = 300_000;
/** Checking types again where another test already does is not the point: transpile only. */
const TRANSPILE_ONLY = { TS_NODE_TRANSPILE_ONLY: 'true' };

interface Run { status: number | null; stdout: string; stderr: string; output: string }

function childEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', NO_COLOR: '1', FORCE_COLOR: '0' };
  for (const k of ['CDK8S_OUTDIR', 'CALICO_BGP_AUTH_SEED', 'CALICO_BGP_AUTH_SEED_FILE', 'NODE_OPTIONS', 'TS_NODE_TRANSPILE_ONLY', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete env[k];
  return env;
}

/** Runs a command to completion (no shell), offline, without this process's cdk8s or seed settings. */
function runSync(command: string, args: readonly string[], cwd: string): Run {
  const r = spawnSync(command, args, { cwd, env: childEnv(), encoding: 'utf8', timeout: 180_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}

// At most two tools at a time: enough to overlap I/O on two cores without starving each other.
const SLOTS = 2;
let busy = 0;
const waiting: Array<() => void> = [];

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (busy >= SLOTS) await new Promise<void>((r) => waiting.push(r));
  busy++;
  try {
    return await fn();
  } finally {
    busy--;
    waiting.shift()?.();
  }
}

/** {@link runSync}, without blocking: the projects below are checked concurrently. */
function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return slot(() => new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...childEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  }));
}

const tsc = (cwd: string, ...args: string[]) => run(process.execPath, [path.join(NM, 'typescript/bin/tsc'), ...args], cwd);
const tscSync = (cwd: string, ...args: string[]) => runSync(process.execPath, [path.join(NM, 'typescript/bin/tsc'), ...args], cwd);

/** The first ```ts block after the heading `heading` in the README (the n-th with `nth`). */
function readmeBlock(heading: string, nth = 0): string {
  const at = README.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no '${heading}' section`);
  const blocks = [...README.slice(at).matchAll(/```ts\n([\s\S]*?)```/g)];
  if (!blocks[nth]) throw new Error(`README: no ts block #${nth} after '${heading}'`);
  return blocks[nth][1];
}

let scratch: string;
let unpacked: string;
let tarball: { filename: string; size: number; files: string[] };
let pkg: Record<string, any>;

/** A fresh project: the tarball installed, `links` linked from this repo's node_modules, its files written. */
function project(name: string, links: readonly string[], files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  const nm = path.join(dir, 'node_modules');
  mkdirSync(path.join(nm, '.bin'), { recursive: true });
  cpSync(unpacked, path.join(nm, 'calico-bgp-auth'), { recursive: true });
  for (const dep of ['yaml', ...links]) {
    mkdirSync(path.dirname(path.join(nm, dep)), { recursive: true });
    symlinkSync(path.join(NM, dep), path.join(nm, dep), 'dir');
  }
  const bins: Record<string, string> = { 'ts-node': 'ts-node/dist/bin.js', 'tsc': 'typescript/bin/tsc', 'cdk8s': 'cdk8s-cli/bin/cdk8s' };
  for (const [bin, target] of Object.entries(bins)) {
    if (links.includes(target.split('/')[0])) symlinkSync(path.join('..', target), path.join(nm, '.bin', bin));
  }
  for (const [file, text] of Object.entries({ 'package.json': JSON.stringify({ name, version: '1.0.0', private: true }), ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'calico-bgp-auth-consumer-'));
  // Build what is packed, unless dist/ is newer than lib/ (with the CLI tests' lock: test files run
  // in parallel), then make sure every entry point is there: a dist/ pruned by hand with a current
  // tsbuildinfo would otherwise pack without it.
  buildCli();
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const entries = [manifest.main, ...Object.values(manifest.exports as Record<string, string | Record<string, string>>).flatMap((t) => (typeof t === 'string' ? [] : Object.values(t)))];
  if (entries.some((f) => !existsSync(path.join(ROOT, f)))) {
    const build = tscSync(ROOT, '--build', '--force');
    expect(build.status, `tsc --build --force:\n${build.output}`).toBe(0);
  }
  const packed = runSync('npm', ['pack', '--json', '--pack-destination', scratch], ROOT);
  expect(packed.status, `npm pack:\n${packed.output}`).toBe(0);
  const info = JSON.parse(packed.stdout)[0];
  tarball = {
    filename: path.join(scratch, info.filename),
    size: info.size,
    files: info.files.map((f: { path: string }) => f.path),
  };
  unpacked = path.join(scratch, 'unpacked');
  mkdirSync(unpacked);
  const tar = runSync('tar', ['-xzf', tarball.filename, '-C', unpacked, '--strip-components=1'], scratch);
  expect(tar.status, tar.output).toBe(0);
  pkg = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
}, 180_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('GIVEN npm pack THEN it holds the compiled package, its docs and license, and no sources, tests, CRDs or build state', () => {
    const tops = [...new Set(tarball.files.map((f) => f.split('/')[0]))].sort();
    expect(tops).toEqual(['API.md', 'LICENSE', 'README.md', 'dist', 'docs', 'package.json']);
    expect(tarball.files.filter((f) => f.startsWith('dist/') && !/\.(js|d\.ts)$/.test(f))).toEqual([]);
    expect(tarball.files.filter((f) => /(^|\/)(test|lib|crds)\/|\.tsbuildinfo$|\.test\.|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('GIVEN package.json THEN every file it names (main, types, bin, exports, typesVersions) is in the tarball', () => {
    const named: string[] = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
    for (const target of Object.values(pkg.exports as Record<string, string | Record<string, string>>)) {
      named.push(...(typeof target === 'string' ? [target] : Object.values(target)));
    }
    for (const targets of Object.values(pkg.typesVersions['*'] as Record<string, string[]>)) named.push(...targets);
    const missing = named.map((f) => path.posix.normalize(f)).filter((f) => !tarball.files.includes(f));
    expect(missing).toEqual([]);
    // AND every entry point has its export and, for node10 resolution, its typesVersions mapping
    expect(Object.keys(pkg.exports).sort()).toEqual([...SUBPATHS.map((s) => `.${s}`), './package.json'].sort());
    expect(Object.keys(pkg.typesVersions['*']).sort()).toEqual(SUBPATHS.filter(Boolean).map((s) => s.slice(1)).sort());
  });
});

const CDK8S_TEMPLATE = path.join(NM, 'cdk8s-cli/templates/typescript-app');
const CDK8S_LINKS = ['cdk8s', 'constructs', 'cdk8s-cli', 'typescript', 'ts-node', '@types/node'];

/** The README's `validations:` block for cdk8s.yaml, with the installed version. */
function readmeValidations(): string {
  const at = README.indexOf('\n### Validation plugin: the audit inside `cdk8s synth`\n');
  const block = /```yaml\n([\s\S]*?)```/.exec(README.slice(at))?.[1];
  if (at < 0 || !block) throw new Error('README: no yaml block in the validation plugin section');
  return block.replace(/version: "[^"]*"/, `version: "${pkg.version}"`);
}

/**
 * The vendored cdk8s.yaml, with the validation plugin appended when `properties` is given (`readme`: the README's
 * entry).
 */
function cdk8sYaml(properties?: Record<string, unknown> | 'readme'): string {
  const base = readFileSync(path.join(FIXTURES, 'cdk8s-typescript-app/cdk8s.yaml'), 'utf8');
  if (!properties) return base;
  if (properties === 'readme') return `${base}${readmeValidations()}`;
  const props = Object.keys(properties).length ? `\n    properties: ${JSON.stringify(properties)}` : '';
  return `${base}validations:\n  - package: ./node_modules/calico-bgp-auth\n    class: BgpPasswordValidation\n    version: "${pkg.version}"${props}\n`;
}

function cdk8sApp(name: string, main: string, properties?: Record<string, unknown> | 'readme', more: Record<string, string> = {}): string {
  return project(name, CDK8S_LINKS, {
    'tsconfig.json': readFileSync(path.join(FIXTURES, 'cdk8s-typescript-app/tsconfig.json'), 'utf8'),
    'cdk8s.yaml': cdk8sYaml(properties),
    'main.ts': main,
    ...more,
  });
}

/** The package root and the cdk8s entry point from a cdk8s project (the root is where issue 14's TS2307 was). */
const ROOT_AND_CDK8S_TS = `import { BgpPasswordValidation, PasswordPolicy, auditObjects } from 'calico-bgp-auth';
import type { BgpPasswordValidationProps } from 'calico-bgp-auth';
import { PasswordPolicy as Cdk8sPolicy, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';

const props: BgpPasswordValidationProps = { install: 'manifest', failOn: 'warning' };
export const plugin = new BgpPasswordValidation(props);
export const same: boolean = PasswordPolicy === Cdk8sPolicy;
export const peer = SecuredBgpPeer;
export const findings: number = auditObjects([]).findings.length;
`;

const synth = (dir: string, env: Record<string, string> = {}) => run(process.execPath, [path.join(NM, 'cdk8s-cli/bin/cdk8s'), 'synth', '--no-check-upgrade'], dir, env);

const UNPROTECTED_APP = `import { App, ApiObject, Chart } from 'cdk8s';
import { BgpPassword, PasswordPolicy, SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';

const app = new App();
const chart = new Chart(app, 'mixed');
new SecuredBgpPeer(chart, 'edge', { peerIP: '192.0.2.1', asNumber: 65000, password: BgpPassword.generate({ policy: PasswordPolicy.forRouter('frr') }) });
// Written by hand (or imported from a Helm chart): no spec.password.
new ApiObject(chart, 'hand-written', {
  apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'hand-written-peer' },
  spec: { peerIP: '192.0.2.2', asNumber: 65001 },
});
app.synth();
`;

describe.concurrent('(a) a cdk8s init typescript-app project, synthesized by cdk8s synth (ts-node, type-checking)', { timeout: TIMEOUT }, () => {
  it('GIVEN the vendored tsconfig.json and cdk8s.yaml THEN they are the pinned cdk8s-cli template\'s, byte for byte', () => {
    expect(JSON.parse(readFileSync(path.join(NM, 'cdk8s-cli/package.json'), 'utf8')).version).toBe('2.207.60');
    for (const f of ['tsconfig.json', 'cdk8s.yaml']) {
      expect(readFileSync(path.join(FIXTURES, 'cdk8s-typescript-app', f), 'utf8'), f).toBe(readFileSync(path.join(CDK8S_TEMPLATE, f), 'utf8'));
    }
  });

  it('GIVEN the README\'s cdk8s app and the README\'s validation plugin entry WHEN synthesized THEN it type-checks, writes the peers, passes validation, and compiles with tsc', async () => {
    // GIVEN
    const dir = cdk8sApp('cdk8s-readme', readmeBlock('## cdk8s (`calico-bgp-auth/cdk8s`)'), 'readme', { 'entry-points.ts': ROOT_AND_CDK8S_TS });
    expect(readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8')).toContain('class: BgpPasswordValidation');
    // WHEN
    const r = await synth(dir);
    // THEN
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('Validations ended succesfully');
    expect(r.output).toMatch(/Validation Report \(.*calico-bgp-auth@/);
    expect(r.output).toContain('operator: calico-node in calico-system');
    expect(r.output).toContain('failOn: error');
    const objects = parseAllDocuments(readFileSync(path.join(dir, 'dist/bgp.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    expect(objects.filter((o) => o.kind === 'BGPPeer')).toHaveLength(7);
    // AND the template's own compile (`tsc --build`: no skipLibCheck, lib es2016) accepts it and a file importing the
    // package root
    const compiled = await tsc(dir, '-p', '.', '--noEmit');
    expect(compiled.status, compiled.output).toBe(0);
  });

  it('GIVEN an app with a type error WHEN synthesized THEN synth fails on it: ts-node type-checks, so the package\'s types are really read', async () => {
    const dir = cdk8sApp('cdk8s-type-error', `import { App, Chart } from 'cdk8s';
import { SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
const app = new App();
new SecuredBgpPeer(new Chart(app, 'c'), 'p', { peerIP: '192.0.2.1', asNumber: 'not-an-as-number-array'.split('') });
app.synth();
`);
    const r = await synth(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/TS2322|TS2769|TS2345/);
    expect(r.output).toContain('main.ts(4,');
  });

  it('GIVEN an app with a hand-written BGPPeer without a password WHEN synthesized with the plugin THEN synth fails, naming the peer and the rule, and prints no password', async () => {
    // GIVEN
    const dir = cdk8sApp('cdk8s-unprotected', UNPROTECTED_APP, { failOn: 'error' });
    // WHEN (the app's types are checked in the README app's synth above)
    const r = await synth(dir, TRANSPILE_ONLY);
    // THEN cdk8s-cli's exit status for a failed validation, the peer, its construct and the rule
    expect(r.status, r.output).toBe(2);
    expect(r.output).toContain('Validation failed');
    expect(r.output).toContain('peer.no-password');
    expect(r.output).toContain('Resource Name: hand-written-peer');
    expect(r.output).toContain('Construct Path: mixed/hand-written');
    expect(r.output).toContain('BGPPeer hand-written-peer (line');
    // AND the protected peer is not reported, and its password is nowhere in the output
    const secret = parseAllDocuments(readFileSync(path.join(dir, 'dist/mixed.k8s.yaml'), 'utf8')).map((d) => d.toJS()).find((o) => o.kind === 'Secret');
    const password = Object.values(secret.stringData as Record<string, string>)[0];
    expect(password.length).toBeGreaterThan(10);
    expect(r.output.includes(password)).toBe(false);
    expect(r.output).not.toMatch(/Resource Name: (?!hand-written-peer)/);
  });

  it('GIVEN properties WHEN synthesized THEN they reach the audit (install: manifest fails the operator-install app), and a bad one fails naming the property', async () => {
    // GIVEN the README app audited as if Calico were installed from manifests (calico-node in kube-system)
    const manifest = await synth(cdk8sApp('cdk8s-manifest-install', readmeBlock('## cdk8s (`calico-bgp-auth/cdk8s`)'), { install: 'manifest' }), TRANSPILE_ONLY);
    // THEN its Secrets in calico-system are out of calico-node's reach
    expect(manifest.status, manifest.output).toBe(2);
    expect(manifest.output).toContain('secret.wrong-namespace');
    expect(manifest.output).toContain('manifest: calico-node in kube-system');
    // GIVEN properties with a wrong value and an unknown key
    const bad = await synth(cdk8sApp('cdk8s-bad-properties', UNPROTECTED_APP, { failOn: 'fatal', colour: 'red' }), TRANSPILE_ONLY);
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('\'failOn\' ("fatal") must be one of \'error\', \'warning\', \'never\'');
    expect(bad.output).toContain('\'colour\' is not a property of BgpPasswordValidation');
  });
});

const PULUMI_LINKS = ['@pulumi/pulumi', '@pulumi/kubernetes', '@pulumi/random', 'typescript', 'ts-node', '@types/node'];
const PULUMI_TESTING = '## Pulumi unit tests: `calico-bgp-auth/pulumi/testing`';

function pulumiApp(name: string, tsconfig: string, mocks = readmeBlock(PULUMI_TESTING, 0)): string {
  return project(name, PULUMI_LINKS, {
    'tsconfig.json': readFileSync(path.join(FIXTURES, 'pulumi-typescript', tsconfig), 'utf8'),
    'index.ts': readmeBlock('## Pulumi (`calico-bgp-auth/pulumi`)'),
    'test/mocks.ts': mocks,
    'test/index.test.ts': readmeBlock(PULUMI_TESTING, 1),
  });
}

const nodeTest = (dir: string, env: Record<string, string> = {}) => run(process.execPath, ['--require', 'ts-node/register', '--test', 'test/index.test.ts'], dir, env);

describe.concurrent('(b) a pulumi new typescript project: the README\'s program type-checked with tsc, the README\'s unit test run', { timeout: TIMEOUT }, () => {
  for (const [tsconfig, label] of [['tsconfig.json', 'today\'s template (module nodenext)'], ['tsconfig.2024.json', 'the 2024 template (commonjs, moduleResolution node)']] as const) {
    it(`GIVEN ${label} THEN tsc --noEmit accepts the program and the README's unit test passes under calicoBgpAuthMocks`, async () => {
      const dir = pulumiApp(`pulumi-${tsconfig.replace(/\W/g, '-')}`, tsconfig);
      const checked = await tsc(dir, '-p', '.', '--noEmit');
      expect(checked.status, checked.output).toBe(0);
      const tested = await nodeTest(dir);
      expect(tested.status, tested.output).toBe(0);
      expect(tested.output).toMatch(/# pass [1-9]/);
      expect(tested.output).toContain('# fail 0');
    });
  }

  it('GIVEN the usual mock (state: args.inputs) instead THEN the test fails with a ValidationError saying what the mock must return, not a TypeError', async () => {
    // The mocks of Pulumi's unit-testing guide, and the README's config and network stack outputs
    const plain = `import * as pulumi from '@pulumi/pulumi';
pulumi.runtime.setAllConfig({ 'project:edgePassword': 'test-only.Edge-password1' }, ['project:edgePassword']);
const network = { edgeRouterIp: '10.0.0.1' };
pulumi.runtime.setMocks({
  newResource: (args: pulumi.runtime.MockResourceArgs): { id: string; state: any } => ({ id: args.inputs.name + '_id',
    state: args.type === 'pulumi:pulumi:StackReference' ? { ...args.inputs, outputs: network } : args.inputs }),
  call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
}, 'project', 'stack');
`;
    const tested = await nodeTest(pulumiApp('pulumi-plain-mocks', 'tsconfig.2024.json', plain), TRANSPILE_ONLY);
    expect(tested.status).not.toBe(0);
    expect(tested.output).toContain('ValidationError');
    expect(tested.output).toContain('RandomBytes \'route-reflector-entropy\' gave no entropy');
    expect(tested.output).toContain('calicoBgpAuthMocks()');
    expect(tested.output).not.toContain('TypeError');
    expect(tested.output).not.toMatch(/'seed'/);
  });
});

/** A program naming something from every entry point, its types included. */
const ALL_ENTRY_POINTS_TS = `import { BgpPasswordValidation, PasswordPolicy, ValidationError } from 'calico-bgp-auth';
import type { BgpPasswordValidationProps } from 'calico-bgp-auth';
import { SecuredBgpPeer, PasswordPolicy as Cdk8sPolicy } from 'calico-bgp-auth/cdk8s';
import type { SecuredBgpPeerProps, CalicoInstallInput } from 'calico-bgp-auth/cdk8s';
import { MeshPassword, PasswordPolicy as PulumiPolicy } from 'calico-bgp-auth/pulumi';
import type { MeshPasswordArgs } from 'calico-bgp-auth/pulumi';
import { calicoBgpAuthMocks, RANDOM_BYTES_TYPE } from 'calico-bgp-auth/pulumi/testing';

const props: BgpPasswordValidationProps = { install: 'manifest', failOn: 'warning' };
const install: CalicoInstallInput = 'operator';
const peer: Partial<SecuredBgpPeerProps> = { peerIP: '192.0.2.1', asNumber: 65000, install };
const mesh: MeshPasswordArgs = { asNumber: 64512 };
const same: boolean = PasswordPolicy === Cdk8sPolicy && Cdk8sPolicy === PulumiPolicy;
export const used = [new BgpPasswordValidation(props), ValidationError, SecuredBgpPeer, MeshPassword, peer, mesh, same, calicoBgpAuthMocks, RANDOM_BYTES_TYPE];

// Sentinels: each line is an error only while the package's types resolve all the way down (a type
// that failed to resolve inside the declarations is any, and the directive is then unused: TS2578).
// @ts-expect-error failOn is 'error' | 'warning' | 'never'
export const badProps: BgpPasswordValidationProps = { failOn: 'fatal' };
// @ts-expect-error peerIP comes from BgpPeerSpec (core types, reached through the cdk8s declarations)
export const badPeer: Partial<SecuredBgpPeerProps> = { peerIP: 42 };
// @ts-expect-error asNumber comes from BgpConfigurationSpec, through the Pulumi declarations
export const badMesh: MeshPasswordArgs = { asNumber: [] };
// @ts-expect-error the mocks answer pulumi.runtime.Mocks (from @pulumi/pulumi, through pulumi/testing)
calicoBgpAuthMocks({ newResource: 42 });
`;

describe.concurrent('(c) node16 and bundler resolution (nodenext: today\'s pulumi new template, in (b))', { timeout: TIMEOUT }, () => {
  const modes = [
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler', { module: 'preserve', moduleResolution: 'bundler' }],
  ] as const;
  for (const [mode, options] of modes) {
    it(`GIVEN moduleResolution ${mode} THEN every entry point type-checks from CommonJS and ESM files`, async () => {
      const dir = project(`resolution-${mode}`, ['cdk8s', 'constructs', ...PULUMI_LINKS], {
        // skipLibCheck: the peers' declarations are checked in (a) and (b); the sentinels prove ours resolve.
        'tsconfig.json': JSON.stringify({ compilerOptions: { ...options, target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, include: ['*.ts', '*.mts', '*.cts'] }),
        'consumer.ts': ALL_ENTRY_POINTS_TS,
        'consumer.mts': ALL_ENTRY_POINTS_TS,
      });
      const r = await tsc(dir, '-p', '.');
      expect(r.status, r.output).toBe(0);
    });
  }
});

describe.concurrent('(d) Node.js loading the installed package', { timeout: TIMEOUT }, () => {
  it('GIVEN an ESM .mjs and a CommonJS .cjs importing every entry point WHEN run with node THEN the named exports are there and work', async () => {
    const check = (load: string) => `${load}
const problems = [];
if (typeof root.BgpPasswordValidation !== 'function') problems.push('root: BgpPasswordValidation');
if (root.PasswordPolicy.forRouter('frr').generate().length < 20) problems.push('root: PasswordPolicy');
if (cdk8s.PasswordPolicy !== root.PasswordPolicy || typeof cdk8s.SecuredBgpPeer !== 'function') problems.push('cdk8s');
if (pulumi.PasswordPolicy !== root.PasswordPolicy || typeof pulumi.SecuredBgpPeer !== 'function') problems.push('pulumi');
if (typeof testing.calicoBgpAuthMocks !== 'function' || testing.RANDOM_BYTES_TYPE !== 'random:index/randomBytes:RandomBytes') problems.push('pulumi/testing');
const report = root.auditObjects([{ apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'p' }, spec: { peerIP: '192.0.2.1', asNumber: 65000 } }]);
if (report.findings[0]?.rule !== 'peer.no-password') problems.push('audit');
if (problems.length) { console.error('broken:', problems.join(', ')); process.exit(1); }
console.log('all entry points ok');
`;
    const dir = project('node-runtime', ['cdk8s', 'constructs', '@pulumi/pulumi', '@pulumi/kubernetes', '@pulumi/random'], {
      'esm.mjs': check(`import * as root from 'calico-bgp-auth';
import * as cdk8s from 'calico-bgp-auth/cdk8s';
import * as pulumi from 'calico-bgp-auth/pulumi';
import * as testing from 'calico-bgp-auth/pulumi/testing';
import { BgpPasswordValidation, PasswordPolicy } from 'calico-bgp-auth';
import { SecuredBgpPeer } from 'calico-bgp-auth/cdk8s';
import { MeshPassword } from 'calico-bgp-auth/pulumi';
import { calicoBgpAuthMocks } from 'calico-bgp-auth/pulumi/testing';
void [BgpPasswordValidation, PasswordPolicy, SecuredBgpPeer, MeshPassword, calicoBgpAuthMocks];`),
      'cjs.cjs': check(`const root = require('calico-bgp-auth');
const cdk8s = require('calico-bgp-auth/cdk8s');
const pulumi = require('calico-bgp-auth/pulumi');
const testing = require('calico-bgp-auth/pulumi/testing');`),
    });
    for (const file of ['esm.mjs', 'cjs.cjs']) {
      const r = await run(process.execPath, [file], dir);
      expect(r.status, `${file}:\n${r.output}`).toBe(0);
      expect(r.stdout).toContain('all entry points ok');
    }
    // AND the CLI the package's bin names runs from the tarball
    const cli = await run(process.execPath, [path.join(dir, 'node_modules/calico-bgp-auth', pkg.bin['calico-bgp-auth']), 'audit', '--help'], dir);
    expect(cli.status, cli.output).toBe(0);
    expect(cli.stdout).toContain('Usage: calico-bgp-auth audit');
  });
});
