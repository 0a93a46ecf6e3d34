/**
 * Learn one engine, know the other: the cdk8s constructs and the Pulumi components have the same
 * public members, name for name (their types are each engine's own: `string` / `ApiObject` in
 * cdk8s, `pulumi.Output<string>` / Pulumi resources in Pulumi). Read from the declarations with the
 * TypeScript compiler, as a user's editor sees them: public, not `@internal`, not inherited from
 * the framework (`Construct`, `ComponentResource`). A member only one engine has must be listed
 * below with its reason; a renamed member keeps a `@deprecated` alias, which is listed too.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');
const ENGINES = { cdk8s: path.join(LIB, 'cdk8s/index.ts'), pulumi: path.join(LIB, 'pulumi/index.ts') } as const;
type Engine = keyof typeof ENGINES;

const CLASSES = ['SecuredBgpPeer', 'SharedBgpPeer', 'MeshPassword', 'BgpPasswordSecret', 'BgpPassword', 'BgpPasswordGuardrail'] as const;

/** Members one engine has and the other cannot, each with its reason. */
const ENGINE_ONLY: Record<Engine, Record<string, string>> = {
  cdk8s: {
    'SecuredBgpPeer.writeRouterConfig': 'writes the router side to a file at synth; Pulumi returns it as an Output (routerConfig)',
    'SharedBgpPeer.writeRouterConfig': 'as above',
    'BgpPasswordSecret.writeRouterConfig': 'as above',
  },
  pulumi: {},
};

/** Renamed members kept as deprecated aliases, per engine. */
const DEPRECATED: Record<Engine, readonly string[]> = {
  cdk8s: ['SecuredBgpPeer.apiObject', 'SharedBgpPeer.apiObject', 'MeshPassword.apiObject'],
  pulumi: [],
};

const program = ts.createProgram(Object.values(ENGINES), {
  target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10, strict: true, skipLibCheck: true, types: ['node'], noEmit: true,
});
const checker = program.getTypeChecker();

const tagged = (decl: ts.Declaration, tag: string) => ts.getJSDocTags(decl).some((t) => t.tagName.text === tag);
const ownDeclarations = (s: ts.Symbol) => (s.declarations ?? [])
  .filter((d) => d.getSourceFile().fileName.startsWith(LIB));
function isPublic(s: ts.Symbol): boolean {
  const decls = ownDeclarations(s);
  if (decls.length === 0 || s.name.startsWith('_') || s.name.startsWith('#') || s.name === 'prototype') return false;
  return decls.every((d) => {
    const flags = ts.getCombinedModifierFlags(d);
    // eslint-disable-next-line no-bitwise
    return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0 && !tagged(d, 'internal');
  });
}

interface Member { readonly name: string; readonly deprecated: boolean }

/** The public members of each class the engine exports, `Class.member` (statics as `Class.static member`). */
function membersOf(engine: Engine): Map<string, Member> {
  const file = program.getSourceFile(ENGINES[engine])!;
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!);
  const out = new Map<string, Member>();
  for (const cls of CLASSES) {
    const alias = exports.find((e) => e.name === cls);
    if (!alias) throw new Error(`${engine} does not export ${cls}`);
    const symbol = checker.getAliasedSymbol(alias);
    const decl = symbol.declarations!.find(ts.isClassDeclaration)!;
    const instance = checker.getDeclaredTypeOfSymbol(symbol);
    const statics = checker.getTypeOfSymbolAtLocation(symbol, decl);
    for (const [kind, type] of [['', instance], ['static ', statics]] as const) {
      for (const p of checker.getPropertiesOfType(type)) {
        if (!isPublic(p)) continue;
        const name = `${cls}.${kind}${p.name}`;
        out.set(name, { name, deprecated: ownDeclarations(p).some((d) => tagged(d, 'deprecated')) });
      }
    }
  }
  return out;
}

const members = { cdk8s: membersOf('cdk8s'), pulumi: membersOf('pulumi') };

describe('cdk8s and Pulumi expose the same public members', () => {
  it('GIVEN both engines WHEN their classes\' public members are listed THEN the names are the same, but for the listed engine-only ones', () => {
    const comparable = (e: Engine) => [...members[e].values()]
      .filter((m) => !m.deprecated && !(m.name in ENGINE_ONLY[e])).map((m) => m.name).sort();
    expect(comparable('cdk8s')).toEqual(comparable('pulumi'));
  });

  it('GIVEN the members the issue names WHEN listed THEN both engines have each of them', () => {
    const required = [
      ...['peerName', 'secretName', 'secretKey', 'password', 'install', 'secret', 'role', 'roleBinding', 'bgpPeer', 'routerConfig']
        .map((m) => `SecuredBgpPeer.${m}`),
      ...['peerName', 'secretName', 'secretKey', 'password', 'bgpPeer', 'routerConfig'].map((m) => `SharedBgpPeer.${m}`),
      ...['configurationName', 'secretName', 'secretKey', 'password', 'install', 'secret', 'role', 'roleBinding', 'bgpConfiguration']
        .map((m) => `MeshPassword.${m}`),
      ...['secretName', 'secretKeys', 'password', 'passwordFor', 'install', 'keyPerPeer', 'secret', 'role', 'roleBinding', 'addPeer',
        'routerConfig'].map((m) => `BgpPasswordSecret.${m}`),
      ...['generate', 'fromValue', 'fromExistingSecret', 'fromExternalSecretsGenerator', 'fromExternalSecret']
        .map((m) => `BgpPassword.static ${m}`),
    ];
    for (const engine of ['cdk8s', 'pulumi'] as const) {
      expect(required.filter((m) => !members[engine].has(m) || members[engine].get(m)!.deprecated), engine).toEqual([]);
    }
  });

  it('GIVEN a renamed member WHEN kept THEN it is a documented @deprecated alias, and every listed engine-only member exists', () => {
    for (const engine of ['cdk8s', 'pulumi'] as const) {
      const deprecated = [...members[engine].values()].filter((m) => m.deprecated).map((m) => m.name).sort();
      expect(deprecated, engine).toEqual([...DEPRECATED[engine]].sort());
      expect(Object.keys(ENGINE_ONLY[engine]).filter((m) => !members[engine].has(m)), engine).toEqual([]);
    }
  });
});
