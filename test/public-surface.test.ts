/**
 * The public surface is deliberate: each entry point (`calico-bgp-auth`, `/cdk8s`, `/pulumi`) exports at
 * run time exactly the values its declarations (`stripInternal`) show, no `@internal` name leaks through
 * an `export *`, and every `@example` in the documentation of what it exports type-checks against the
 * current API, imports included (examples that drift from the code fail here, not in a user's editor).
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const ENTRIES: Record<string, string> = {
  'calico-bgp-auth': path.join(ROOT, 'lib/index.ts'),
  'calico-bgp-auth/cdk8s': path.join(ROOT, 'lib/cdk8s/index.ts'),
  'calico-bgp-auth/pulumi': path.join(ROOT, 'lib/pulumi/index.ts'),
};

/** What users reach for first: each must carry an `@example`. */
const MUST_HAVE_EXAMPLE: Record<string, readonly string[]> = {
  'calico-bgp-auth': ['PasswordPolicy', 'derivePassword', 'auditManifests', 'auditObjects', 'renderRouterConfig', 'buildBgpPasswordGuardrail'],
  'calico-bgp-auth/cdk8s': ['SecuredBgpPeer', 'MeshPassword', 'BgpPasswordSecret', 'BgpPassword', 'BgpPasswordGuardrail'],
  'calico-bgp-auth/pulumi': ['SecuredBgpPeer', 'MeshPassword', 'BgpPasswordSecret', 'BgpPassword', 'BgpPasswordGuardrail'],
};

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
  strict: true, skipLibCheck: true, esModuleInterop: true, types: ['node'], noEmit: true,
  baseUrl: ROOT, paths: { 'calico-bgp-auth': ['lib/index.ts'], 'calico-bgp-auth/*': ['lib/*/index.ts'] },
};

interface ExportInfo { readonly name: string; readonly value: boolean; readonly internal: boolean; readonly examples: string[] }

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
    const has = (sym: ts.Symbol, flag: ts.SymbolFlags): boolean => (sym.flags & flag) !== 0; // eslint-disable-line no-bitwise
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

  it('GIVEN every @example of the three entry points WHEN type-checked as a user file THEN it compiles', () => {
    // GIVEN each example as its own module beside the tests
    const files = new Map<string, string>();
    for (const [entry, file] of Object.entries(ENTRIES)) {
      for (const e of exportsOf(program, file)) {
        e.examples.forEach((code, i) => {
          const name = path.join(ROOT, 'test', `.example-${entry.replace(/\W/g, '_')}-${e.name}-${i}.ts`);
          // A block without imports is a fragment, not an example a user can copy.
          expect(code, `${entry} ${e.name} @example #${i} imports what it uses`).toMatch(/^import /m);
          files.set(name, code);
        });
      }
    }
    expect(files.size).toBeGreaterThanOrEqual(16);
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
});
