/**
 * The public surface is deliberate: each entry point (`calico-bgp-auth`, `/cdk8s`, `/pulumi`, `/pulumi/testing`)
 * exports at run time exactly the values its declarations (`stripInternal`) show, no `@internal` name leaks through an
 * `export *`, and every `@example` in the documentation of what it exports type-checks against the current API, imports
 * included, and runs (Pulumi ones under mocks): examples that drift from the code fail here, not in a user's editor.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import * as ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { BgpPassword, SecuredBgpPeer } from '../lib/cdk8s';
import { startMockStack } from './pulumi/support/mock-stack';

const ROOT = path.resolve(__dirname, '..');
const ENTRIES: Record<string, string> = {
  'calico-bgp-auth': path.join(ROOT, 'lib/index.ts'),
  'calico-bgp-auth/cdk8s': path.join(ROOT, 'lib/cdk8s/index.ts'),
  'calico-bgp-auth/pulumi': path.join(ROOT, 'lib/pulumi/index.ts'),
  'calico-bgp-auth/pulumi/testing': path.join(ROOT, 'lib/pulumi/testing/index.ts'),
};

/** What users reach for first: each must carry an `@example`. */
const MUST_HAVE_EXAMPLE: Record<string, readonly string[]> = {
  'calico-bgp-auth': ['PasswordPolicy', 'derivePassword', 'auditManifests', 'auditObjects', 'BgpPasswordValidation', 'renderRouterConfig', 'buildBgpPasswordGuardrail'],
  'calico-bgp-auth/cdk8s': ['SecuredBgpPeer', 'MeshPassword', 'BgpPasswordSecret', 'BgpPassword', 'BgpPasswordGuardrail'],
  'calico-bgp-auth/pulumi': ['SecuredBgpPeer', 'MeshPassword', 'BgpPasswordSecret', 'BgpPassword', 'BgpPasswordGuardrail'],
  'calico-bgp-auth/pulumi/testing': ['calicoBgpAuthMocks'],
};

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
  strict: true, skipLibCheck: true, esModuleInterop: true, types: ['node'], noEmit: true,
  baseUrl: ROOT, paths: { 'calico-bgp-auth': ['lib/index.ts'], 'calico-bgp-auth/*': ['lib/*/index.ts'] },
};

interface ExportInfo {
  readonly name: string;
  readonly value: boolean;
  readonly internal: boolean;
  readonly examples: string[];
}

const isInternal = (decl: ts.Declaration): boolean => ts.getJSDocTags(decl).some((t) => t.tagName.text === 'internal');

/** The ```ts blocks of the `@example` tags on `decl` (and, for a class, on its members). */
function examplesOf(decl: ts.Declaration): string[] {
  const nodes: ts.Node[] = [decl, ...(ts.isClassDeclaration(decl) ? decl.members : [])];
  return nodes.flatMap((n) => ts.getJSDocTags(n).filter((t) => t.tagName.text === 'example'))
    .map((t) => ts.getTextOfJSDocComment(t.comment) ?? '')
    .map((text) => /```ts\n([\s\S]*?)```/.exec(text)?.[1] ?? text);
}

function exportsOf(program: ts.Program, file: string): ExportInfo[] {
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker.getExportsOfModule(moduleSymbol).map((s) => {
    // eslint-disable-next-line no-bitwise
    const has = (sym: ts.Symbol, flag: ts.SymbolFlags): boolean => (sym.flags & flag) !== 0;
    const target = has(s, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(s) : s;
    const decls = target.declarations ?? [];
    return {
      name: s.name,
      value: has(target, ts.SymbolFlags.Value),
      internal: decls.some(isInternal),
      examples: decls.flatMap(examplesOf),
    };
  });
}

const program = ts.createProgram(Object.values(ENTRIES), OPTIONS);

interface Example { readonly entry: string; readonly symbol: string; readonly file: string; readonly code: string }

/**
 * Every `@example` of the entry points (once, though a class re-exported by several shows it in each), as the module a
 * user would write.
 */
const EXAMPLES: Example[] = [
  ...new Map(
    Object.entries(ENTRIES).flatMap(([entry, file]) =>
      exportsOf(program, file).flatMap((e) =>
        e.examples.map(
          (code, i) =>
            [
              code,
              {
                entry,
                symbol: e.name,
                code,
                file: path.join(ROOT, 'test', `.example-${entry.replace(/\W/g, '_')}-${e.name}-${i}-${process.pid}.ts`),
              },
            ] as const,
        ),
      ),
    ),
  ).values(),
];
const scratch: string[] = [];
afterAll(() => scratch.forEach((f) => rmSync(f, { recursive: true, force: true })));

describe('public surface', () => {
  for (const [entry, file] of Object.entries(ENTRIES)) {
    it(`GIVEN ${entry} WHEN loaded THEN its run-time exports are exactly the values its types declare, none internal`, async () => {
      // GIVEN what the declarations export
      const exported = exportsOf(program, file);
      expect(exported.filter((e) => e.internal).map((e) => e.name), 'exported although @internal (stripped from the .d.ts)').toEqual([]);
      // WHEN the module is loaded
      const runtime = Object.keys(await import(file)).filter((k) => k !== '__esModule').sort();
      // THEN the run-time names are the declared values
      expect(runtime).toEqual(exported.filter((e) => e.value).map((e) => e.name).sort());
    });

    it(`GIVEN ${entry} THEN what users reach for carries an @example`, () => {
      const exported = new Map(exportsOf(program, file).map((e) => [e.name, e]));
      for (const name of MUST_HAVE_EXAMPLE[entry]) {
        expect(exported.get(name)?.examples.length ?? 0, `${entry} ${name} has an @example`).toBeGreaterThan(0);
      }
    });
  }

  it('GIVEN PasswordPolicy and ValidationError from each entry point THEN they are the same classes (instanceof holds across entries)', async () => {
    const [core, cdk8s, pulumi] = await Promise.all(Object.values(ENTRIES).map((f) => import(f)));
    for (const skin of [cdk8s, pulumi]) {
      expect(skin.PasswordPolicy).toBe(core.PasswordPolicy);
      expect(skin.ValidationError).toBe(core.ValidationError);
    }
  });

  it('GIVEN every @example of the entry points WHEN type-checked as a user file THEN it compiles', () => {
    // GIVEN each example as its own module beside the tests
    const files = new Map<string, string>();
    for (const e of EXAMPLES) {
      // A block without imports is a fragment, not an example a user can copy.
      expect(e.code, `${e.entry} ${e.symbol} @example imports what it uses`).toMatch(/^import /m);
      files.set(e.file, e.code);
    }
    expect(files.size).toBeGreaterThanOrEqual(15);
    // WHEN compiled with the library's sources behind the package names
    const host = ts.createCompilerHost(OPTIONS);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (f) => files.get(f) ?? readFile(f);
    host.fileExists = (f) => files.has(f) || ts.sys.fileExists(f);
    host.getSourceFile = (f, v, onError, create) => files.has(f)
      ? ts.createSourceFile(f, files.get(f)!, v)
      : getSourceFile(f, v, onError, create);
    const examples = ts.createProgram([...files.keys()], OPTIONS, host, program);
    // THEN no example has a diagnostic
    const diagnostics = [...files.keys()].flatMap((f) => ts.getPreEmitDiagnostics(examples, examples.getSourceFile(f)))
      .map((d) => `${path.basename(d.file?.fileName ?? '')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  });

  it('GIVEN every @example WHEN run as written THEN it runs to the end (Pulumi ones register their objects under mocks)', async () => {
    // GIVEN a working directory holding what the examples read: a seed file, and a cdk8s dist/ with a secured peer
    const dir = mkdtempSync(path.join(tmpdir(), 'examples-'));
    scratch.push(dir);
    writeFileSync(path.join(dir, 'bgp-seed.hex'), `${randomBytes(32).toString('hex')}\n`);
    const chart = new Chart(new App(), 'bgp');
    new SecuredBgpPeer(chart, 'tor-a', { peerIP: '10.1.0.1', asNumber: 65101, password: BgpPassword.fromValue('Example-Password_1') });
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'bgp.k8s.yaml'), chart.toJson().map((o) => stringify(o)).join('---\n'));
    const cwd = process.cwd();
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    process.chdir(dir);
    try {
      for (const e of EXAMPLES) {
        // WHEN the example runs as a module (Pulumi ones in a fresh mock stack with the config they read)
        const stack = e.code.includes("from 'calico-bgp-auth/pulumi'") ? await startMockStack({ config: { 'project:torBPassword': 'Tor-B-Password_from.config1' } }) : undefined;
        writeFileSync(e.file, e.code);
        scratch.push(e.file);
        vi.resetModules();
        await expect(import(e.file), `${e.entry} ${e.symbol} @example`).resolves.toBeDefined();
        // THEN it ends without an error, and a Pulumi example that builds components registered their objects
        if (stack) {
          await stack.settle();
          if (!/\bnew [A-Z]/.test(e.code)) continue; // a helper's example, not a component's
          expect(stack.kubeObjects().length, `${e.entry} ${e.symbol} @example registers Kubernetes objects`).toBeGreaterThan(0);
        }
      }
      // AND the audit example found nothing wrong with the secured peer (it sets the exit status otherwise)
      expect(process.exitCode ?? 0).toBe(0);
    } finally {
      process.chdir(cwd);
      log.mockRestore();
      process.exitCode = undefined;
    }
  });
});
