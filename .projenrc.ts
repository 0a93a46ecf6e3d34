import { JsonFile, javascript, typescript } from 'projen';

const project = new typescript.TypeScriptProject({
  name: 'calico-bgp-auth',
  description: 'BGP password (TCP-MD5) protection for Calico as code: cdk8s constructs and Pulumi components that emit the Secret, RBAC and BGPPeer/BGPConfiguration as one unit.',
  license: 'Apache-2.0',
  copyrightOwner: 'calico-bgp-auth authors',
  authorName: 'calico-bgp-auth authors',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  github: false,
  release: false,
  jest: false,
  sampleCode: false,
  srcdir: 'lib',
  libdir: 'dist',
  // What `require('calico-bgp-auth')` and node10 type resolution (cdk8s init, older pulumi new) read.
  entrypoint: 'dist/index.js',
  entrypointTypes: 'dist/index.d.ts',
  testdir: 'test',
  typescriptVersion: '~5.9',
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',
  keywords: ['calico', 'bgp', 'tcp-md5', 'cdk8s', 'pulumi', 'kubernetes'],
  peerDependencyOptions: { pinnedDevDependency: false },
  deps: ['yaml@^2.8'],
  peerDeps: [
    'cdk8s@^2.68',
    'constructs@^10.3',
    '@pulumi/pulumi@^3.200',
    '@pulumi/kubernetes@^4.18',
    '@pulumi/random@^4.16',
  ],
  devDeps: [
    '@types/node@^20',
    'cdk8s@2.70.106',
    'cdk8s-cli@2.207.60',
    'constructs@10.8.1',
    '@pulumi/pulumi@~3.248.0',
    '@pulumi/kubernetes@4.34.2',
    '@pulumi/random@4.21.2',
    'vitest@^4.1.12',
    'fast-check@^4.10',
    'ajv@^8.17',
    'ajv-formats@^3',
    '@bufbuild/cel@^0.6.1',
    'kubernetes-models@^4.5.1',
    'typedoc@^0.28.20',
    'typedoc-plugin-markdown@^4.14',
    'ts-node@^10',
  ],
  bin: { 'calico-bgp-auth': 'dist/cli/main.js' },
  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      module: 'commonjs',
      moduleResolution: javascript.TypeScriptModuleResolution.NODE,
      skipLibCheck: true,
    },
  },
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../bench/**/*.ts', '../vitest.config.ts'],
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      module: 'preserve',
      moduleResolution: javascript.TypeScriptModuleResolution.BUNDLER,
      skipLibCheck: true,
      noUnusedLocals: false,
    },
  },
  gitignore: ['/examples/cdk8s/dist/', '/bench/results/*.tmp', '/.tmp/'],
});

// House style: long, readable sentences in messages matter more than short lines.
project.eslint?.addRules({
  '@stylistic/object-property-newline': 'off',
  '@stylistic/quote-props': ['error', 'consistent-as-needed'],
  '@stylistic/max-len': ['error', { code: 200, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: true, ignoreRegExpLiterals: true }],
  'import/order': 'off',
});
project.eslint?.addIgnorePattern('examples/**/dist/');

// The layering of lib/, enforced rather than remembered. Floors, lowest first: a folder imports only
// from floors below it (never from a sibling on its own floor); `cli` uses only the core (no engine);
// the engines never import each other; across folders, a module imports the other folder's
// `index.ts`, never a file inside it. `import/no-cycle` refuses value-import circles; the plugin
// always skips `import type` edges, so test/core/layering.test.ts also checks the whole graph of
// lib/, type-only edges included.
const LIB_FLOORS: readonly (readonly string[])[] = [
  ['errors.ts'],
  ['password'],
  ['calico'],
  ['external-secrets', 'router', 'audit'],
  ['guardrail', 'source'],
  ['cdk8s', 'pulumi'],
];
const CORE_FOLDERS = LIB_FLOORS.slice(1, -1).flat();
const ENGINES = LIB_FLOORS[LIB_FLOORS.length - 1];
const LIB_FOLDERS = [...LIB_FLOORS.slice(1).flat(), 'cli'];
const lib = (p: string) => `lib/${p}`;
const layerZones = LIB_FLOORS.flatMap((floor, i) => floor.map((unit) => {
  const above = LIB_FLOORS.slice(i + 1).flat();
  const siblings = floor.filter((f) => f !== unit);
  return {
    target: lib(unit),
    from: [...siblings, ...above, 'cli'].map(lib),
    message: `lib/${unit} is on floor ${i} (errors ← password ← calico ← {external-secrets, router, audit} ← {guardrail, source} ← {cdk8s, pulumi}): `
      + 'it imports only from lower floors, never from its own floor, a higher one or the CLI. Move what both need down a floor.',
  };
}));
const indexZones = LIB_FOLDERS.map((folder) => ({
  target: ['index.ts', 'errors.ts', ...LIB_FOLDERS.filter((f) => f !== folder)].map(lib),
  from: lib(folder),
  // lib/source/engine-exports.ts is the core list both engine entry points re-export.
  except: folder === 'source' ? ['./index.ts', './engine-exports.ts'] : ['./index.ts'],
  message: `Import lib/${folder} through its index.ts (add the export there), not a file inside it.`,
}));
project.eslint?.addRules({
  'import/no-cycle': ['error', { ignoreExternal: true, disableScc: true }],
  'import/no-restricted-paths': ['error', {
    zones: [
      ...layerZones,
      {
        target: lib('cli'),
        from: ENGINES.map(lib),
        message: 'The CLI uses only the framework-free core, never an engine (cdk8s, pulumi).',
      },
      {
        target: [lib('index.ts'), ...CORE_FOLDERS.map(lib)],
        from: [...ENGINES, 'cli'].map(lib),
        message: 'The core (lib/index.ts and its folders) is framework-free: it never imports an engine or the CLI.',
      },
      {
        target: lib('*/**'),
        from: lib('index.ts'),
        message: 'lib/index.ts is the package root for consumers; modules inside lib/ import the folder they need.',
      },
      ...indexZones,
    ],
  }],
});

// Optional peers: a cdk8s user never installs Pulumi and vice versa.
project.package.addField('peerDependenciesMeta', Object.fromEntries(
  ['cdk8s', 'constructs', '@pulumi/pulumi', '@pulumi/kubernetes', '@pulumi/random'].map((p) => [p, { optional: true }]),
));
// The entry points. The output is CommonJS: `require` and ESM `import` (Node's CJS named-export
// detection reads tsc's `__exportStar(require(...))`) load the same file, so one `default` serves
// both and there is no dual-package hazard; `types` comes first, as TypeScript requires.
const ENTRY_POINTS: Record<string, string> = {
  '.': 'dist/index',
  './cdk8s': 'dist/cdk8s/index',
  './pulumi': 'dist/pulumi/index',
  './pulumi/testing': 'dist/pulumi/testing/index',
};
project.package.addField('exports', {
  ...Object.fromEntries(Object.entries(ENTRY_POINTS).map(([sub, base]) => [sub, { types: `./${base}.d.ts`, default: `./${base}.js` }])),
  './package.json': './package.json',
});
// node10 resolution (`moduleResolution: node`, or none with `module: commonjs`) ignores `exports`:
// map each subpath by name. No `*` pattern: it would also rewrite the root's `types` path.
project.package.addField('typesVersions', {
  '*': Object.fromEntries(Object.entries(ENTRY_POINTS).filter(([sub]) => sub !== '.').map(([sub, base]) => [sub.slice(2), [`${base}.d.ts`]])),
});
// What users need: the compiled code and its declarations, the docs. The CRDs under crds/ are
// test fixtures (nothing in lib/ reads them), so they stay out.
project.addFields({ files: ['dist', 'API.md', 'README.md', 'docs/ROTATION.md', 'LICENSE'] });

// Tests: vitest runs everything (unit, property, CRD/CEL, e2e with real BGP daemons).
project.testTask.reset('vitest run');
project.addTask('test:watch', { exec: 'vitest' });

// API.md from typedoc + typedoc-plugin-markdown.
new JsonFile(project, 'typedoc.json', {
  marker: false,
  obj: {
    $schema: 'https://typedoc-plugin-markdown.org/schema.json',
    entryPoints: ['lib/index.ts', 'lib/cdk8s/index.ts', 'lib/pulumi/index.ts', 'lib/pulumi/testing/index.ts'],
    plugin: ['typedoc-plugin-markdown'],
    router: 'module',
    outputFileStrategy: 'modules',
    mergeReadme: false,
    readme: 'none',
    out: '.tmp/apidocs',
    excludePrivate: true,
    excludeInternal: true,
    disableSources: true,
    hidePageHeader: true,
    hideBreadcrumbs: true,
    githubPages: false,
    // One API.md holds three modules: explicit anchors, which scripts/concat-apidocs.js prefixes per module.
    useHTMLAnchors: true,
    // A public signature naming a type no entry point exports would leave a dead link: fail instead.
    treatWarningsAsErrors: true,
    tsconfig: 'tsconfig.json',
    externalSymbolLinkMappings: {
      '@pulumi/pulumi': { '*': 'https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/pulumi/' },
      'constructs': { '*': 'https://github.com/aws/constructs' },
      'cdk8s': { '*': 'https://cdk8s.io/docs/latest/reference/cdk8s/typescript/' },
    },
  },
});
const docgen = project.addTask('docgen', {
  description: 'Regenerate API.md from the sources (typedoc)',
  steps: [
    { exec: 'typedoc --logLevel Warn' },
    { exec: 'node scripts/concat-apidocs.js .tmp/apidocs API.md' },
  ],
});
project.postCompileTask.spawn(docgen);
if (project.eslint) project.postCompileTask.spawn(project.eslint.eslintTask);
project.addTask('docgen:check', {
  description: 'Fail when API.md is stale',
  steps: [
    { spawn: 'docgen' },
    { exec: 'git diff --exit-code -- API.md' },
  ],
});

project.addTask('lint:check', {
  description: 'ESLint without fixing (CI)',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  exec: 'eslint --ext .ts --no-error-on-unmatched-pattern lib test .projenrc.ts',
});

project.addTask('typecheck', {
  description: 'Type-check tests, examples and the benchmark (the library compiles with tsc --build)',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});

project.addTask('example', {
  description: 'Synthesize the cdk8s example to examples/cdk8s/dist/',
  steps: [
    { exec: 'tsc --build' },
    { exec: 'cd examples/cdk8s && cdk8s synth --no-check-upgrade' },
  ],
});
project.addTask('bench', {
  description: 'Benchmark synth / construction cost vs hand-written baselines',
  steps: [{ exec: 'node --expose-gc -r ts-node/register/transpile-only bench/run.ts', receiveArgs: true }],
});
project.addTask('cli', { exec: 'node dist/cli/main.js', receiveArgs: true });

project.synth();
