/**
 * Reads manifests for the audit: YAML (multi-document) or JSON, from files, directories (recursively,
 * the files `kubectl apply -R -f` reads) or standard input, each document tagged with `file:line`.
 * `kind: List` documents (`kubectl get -o yaml`) are split into their items, each with its own line.
 *
 * A parse error names the file, line and column, and never quotes the text: a Secret's value
 * could be on that line.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Composer, Document, LineCounter, Parser, type ScalarTag, YAMLError, YAMLSeq, isAlias, isCollection, isScalar, isSeq, visit } from 'yaml';
import { ManifestDocument } from './findings';

/** A manifest that cannot be read or parsed; the message names the file (and line). */
export class ManifestInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestInputError';
  }
}

/** The file extensions read when walking a directory, as kubectl's (cli-runtime `FileExtensions`), case-sensitive. */
export const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

/**
 * Plain scalars kubectl reads as booleans: sigs.k8s.io/yaml decodes with go-yaml v2, whose YAML 1.1
 * resolver takes `y`, `yes`, `on`, `n`, `no`, `off` (and their capitalised forms) besides `true`
 * and `false`. YAML 1.2, yaml's default, reads them as strings: `password: on` would then be audited
 * as a two-character password, while kubectl sends `true` and the API server refuses the Secret.
 */
const GO_YAML_TRUE = /^(?:[Yy]|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const GO_YAML_BOOL: ScalarTag = {
  identify: (value) => typeof value === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: /^(?:[Yy]|[Yy]es|YES|[Nn]|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF)$/,
  resolve: (text) => GO_YAML_TRUE.test(text),
};

/** yaml's `maxAliasCount`: how far aliases may expand before a document is refused as a YAML bomb. */
const MAX_ALIAS_COUNT = 100;

const ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a path component is not a directory',
  ELOOP: 'too many symbolic links',
  EISDIR: 'is a directory',
};

function describeErrno(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return 'not valid UTF-8 text (kubectl refuses it too)';
  return ERRNO[code] ? `${ERRNO[code]} (${code})` : code;
}

/**
 * What a yaml error says, in words of ours: many of yaml's messages quote the input (`Unsupported
 * YAML version <text>`, `Invalid escape sequence <text>`, `Unresolved tag: <text>`...), and a Secret's
 * value could be that text. Only messages vetted to be constant are passed through; every other one
 * is replaced by its code's sentence.
 */
const CONSTANT_YAML_MESSAGES = new Set([
  'An alias node must not specify any properties', 'Alias cannot be an empty string', 'Alias ending in : is ambiguous',
  'Anchor cannot be an empty string', 'Anchor ending in : is ambiguous', 'All sequence items must start at the same column',
  'A block sequence may not be used as an implicit map key', 'Nested mappings are not allowed in compact mappings', 'Map keys must be unique',
  'Block collection cannot start on same line with directives-end marker', 'Comments must be separated from other tokens by white space characters',
  'Implicit map keys need to be followed by map values', 'Missing closing "quote', 'Missing closing \'quote', 'Missing directives-end indicator line',
  'Missing directives-end/doc-start indicator line', 'Sequence item without - indicator', 'Tags and anchors must be separated from the next token by white space',
  'Implicit keys need to be on a single line', 'Implicit keys of flow sequence pairs need to be on a single line', 'A node can have at most one anchor',
  'A node can have at most one tag', 'Tabs are not allowed as indentation', '%YAML directive should contain exactly one part',
  '%TAG directive should contain exactly two parts',
]);

const YAML_CODE_MESSAGES: Record<string, string> = {
  ALIAS_PROPS: 'An alias must not have an anchor or a tag',
  BAD_ALIAS: 'Invalid alias or anchor',
  BAD_COLLECTION_TYPE: 'The tag does not fit the collection it is on',
  BAD_DIRECTIVE: 'Invalid or unsupported directive (%YAML or %TAG)',
  BAD_DQ_ESCAPE: 'Invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'Bad indentation',
  BAD_PROP_ORDER: 'Anchors and tags must come after the indicator',
  BAD_SCALAR_START: 'A plain value cannot start with a reserved character; quote it',
  BLOCK_AS_IMPLICIT_KEY: 'A block collection cannot be an implicit key',
  BLOCK_IN_FLOW: 'A block collection cannot sit inside a flow collection',
  DUPLICATE_KEY: 'Map keys must be unique',
  KEY_OVER_1024_CHARS: 'An implicit key is longer than 1024 characters',
  MISSING_CHAR: 'A character is missing here (a closing quote or bracket, \':\', \',\' or a space)',
  MULTILINE_IMPLICIT_KEY: 'Implicit keys need to be on a single line',
  MULTIPLE_ANCHORS: 'A node can have at most one anchor',
  MULTIPLE_DOCS: 'Several documents where one is expected',
  MULTIPLE_TAGS: 'A node can have at most one tag',
  NON_STRING_KEY: 'A mapping key must be a string',
  RESOURCE_EXHAUSTION: 'The document is too large or too deeply nested to read',
  TAB_AS_INDENT: 'Tabs are not allowed as indentation',
  TAG_RESOLVE_FAILED: 'Unresolved tag',
  UNEXPECTED_TOKEN: 'Unexpected token',
};

/** yaml's message when it is one of the constant ones, else the sentence for its code: never the input. */
function sanitize(err: YAMLError): string {
  const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
  if (CONSTANT_YAML_MESSAGES.has(first)) return first;
  return YAML_CODE_MESSAGES[err.code] ?? 'Malformed YAML or JSON';
}

function lineOf(counter: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 1 : counter.linePos(offset).line;
}

function isListDocument(value: unknown): value is { items: unknown[] } {
  const v = value as Record<string, unknown> | null;
  return typeof v === 'object' && v !== null && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
}

function splitDocument(doc: Document, value: unknown, counter: LineCounter, source: string): ManifestDocument[] {
  const line = lineOf(counter, doc.contents?.range?.[0]);
  if (!isListDocument(value)) return [{ object: value, source: `${source}:${line}` }];
  const items = doc.get('items', true);
  const nodes = isSeq(items) ? (items as YAMLSeq).items : [];
  return value.items.map((object, i) => {
    const node = nodes[i] as { range?: [number, number, number] } | undefined;
    return { object, source: `${source}:${lineOf(counter, node?.range?.[0] ?? doc.contents?.range?.[0])}` };
  });
}

/* eslint-disable no-bitwise */
/**
 * The code point of the UTF-8 sequence at `bytes[i]` and its length, or undefined when the bytes
 * there are not valid UTF-8 (Go's `utf8.DecodeRune` rules: no overlong forms, no surrogates,
 * nothing past U+10FFFF).
 */
function utf8At(bytes: Uint8Array, i: number): { cp: number; length: number } | undefined {
  const b = bytes[i];
  const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
  if (need < 0 || i + need >= bytes.length) return undefined;
  let cp = need === 0 ? b : need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
  for (let k = 1; k <= need; k++) {
    const c = bytes[i + k];
    if ((c & 0xc0) !== 0x80) return undefined;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return undefined;
  if (need === 3 && (cp < 0x10000 || cp > 0x10ffff)) return undefined;
  return { cp, length: need + 1 };
}
/* eslint-enable no-bitwise */

/** Decodes bytes the way Go's `string(bytes)` then `encoding/json` do: each invalid byte becomes U+FFFD. */
function goString(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const at = utf8At(bytes, i);
    out += at ? String.fromCodePoint(at.cp) : '\ufffd';
    i += at ? at.length : 1;
  }
  return out;
}

/**
 * A manifest file's text as kubectl reads it: UTF-16 with a byte order mark, else UTF-8, which must
 * be valid (go-yaml refuses other bytes; decoding them as U+FFFD would audit a value kubectl never
 * sends). Throws a ManifestInputError naming `file:line:column` of the first invalid byte.
 */
function decodeManifestBytes(bytes: Uint8Array, source: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let i = 0;
    for (let at = utf8At(bytes, 0); at && i < bytes.length; at = utf8At(bytes, i)) i += at.length;
    const before = new TextDecoder().decode(bytes.subarray(0, i));
    const line = before.split('\n').length;
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    throw new ManifestInputError(`${source}:${line}:${column}: The file is not valid UTF-8 text (kubectl refuses it too).`);
  }
}

/** Where a node starts, for messages. */
function startOf(node: { range?: [number, number, number] | null } | null | undefined, fallback: number): number {
  return node?.range?.[0] ?? fallback;
}

/**
 * Checks what yaml accepts but kubectl does not read the same way, and turns scalars into what
 * kubectl's YAML-to-JSON conversion makes of them (`sigs.k8s.io/yaml` over go-yaml): `!!binary`
 * becomes the string of its decoded bytes, `!!timestamp` an RFC 3339 string. Returns the offset
 * and message of the first problem, or undefined.
 */
function prepare(doc: Document): { offset: number; message: string; firstAlias?: number } | { firstAlias?: number } {
  const anchors = new Map<string, unknown>();
  let firstAlias: number | undefined;
  let problem: { offset: number; message: string } | undefined;
  const fallback = startOf(doc.contents, 0);
  visit(doc, {
    Node: (_key, node, ancestors) => {
      if (problem) return visit.BREAK;
      if (isAlias(node)) {
        firstAlias ??= startOf(node, fallback);
        const target = anchors.get(node.source);
        if (target === undefined) {
          problem = { offset: startOf(node, fallback), message: 'An alias refers to an anchor that is not defined before it' };
          return visit.BREAK;
        }
        // `&x [*x]`: a value that contains itself, which JSON cannot hold (and which loops forever).
        if (ancestors.includes(target as never)) {
          problem = { offset: startOf(node, fallback), message: 'An alias refers to the node that contains it' };
          return visit.BREAK;
        }
        return undefined;
      }
      if (node.anchor) anchors.set(node.anchor, node);
      if (isCollection(node) && (node.tag === 'tag:yaml.org,2002:set' || node.tag === 'tag:yaml.org,2002:omap')) {
        problem = { offset: startOf(node, fallback), message: 'The !!set and !!omap tags are not supported in Kubernetes manifests; write a mapping' };
        return visit.BREAK;
      }
      if (isScalar(node)) {
        if (node.value instanceof Uint8Array) node.value = goString(node.value);
        else if (node.value instanceof Date) node.value = node.value.toISOString().replace(/\.?0*Z$/, 'Z');
      }
      return undefined;
    },
    Pair: (_key, pair) => {
      if (problem) return visit.BREAK;
      if (isCollection(pair.key)) {
        problem = { offset: startOf(pair.key, fallback), message: 'A mapping key is a mapping or a sequence; Kubernetes manifests take string keys' };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return problem ? { ...problem, firstAlias } : { firstAlias };
}

/**
 * Parses YAML or JSON text holding one or more manifests.
 *
 * Every error names `source:line:column` and never quotes the text: a Secret's value could be on
 * that line. Aliases nested so that they expand exponentially (a "billion laughs" document) are
 * refused, as are keys that are collections; nothing is written to the console.
 *
 * @param source how messages name the text, e.g. its file name or `<stdin>`.
 * @throws ManifestInputError naming `source:line:column` when the text does not parse.
 */
export function parseManifests(text: string, source: string): ManifestDocument[] {
  const counter = new LineCounter();
  // logLevel 'error': yaml would otherwise print warnings (which quote keys) on the console.
  // A Composer rather than parseAllDocuments: see bench/README.md, "Audit: one YAML document at a time".
  const composer = new Composer({
    uniqueKeys: true, logLevel: 'error',
    customTags: (tags) => [GO_YAML_BOOL, ...tags.filter((t) => typeof t === 'string' || t.tag !== GO_YAML_BOOL.tag)],
  });
  const list = composer.compose(new Parser(counter.addNewLine).parse(text));
  const out: ManifestDocument[] = [];
  const fail = (offset: number, message: string): never => {
    const pos = counter.linePos(offset);
    throw new ManifestInputError(`${source}:${pos.line}:${pos.col}: ${message}.`);
  };
  for (const doc of list) {
    // A directive yaml only warns about (an unknown one, an unsupported version) is an error to
    // kubectl's parser (libyaml): refuse it rather than read the document another way.
    const err = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'BAD_DIRECTIVE');
    if (err) fail(err.pos[0], sanitize(err));
    const prepared = prepare(doc);
    if ('message' in prepared) fail(prepared.offset, prepared.message);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      // yaml's own messages name the alias; say where instead.
      if (e instanceof ReferenceError && /Excessive alias count/.test(e.message)) {
        fail(prepared.firstAlias ?? startOf(doc.contents, 0),
          'Aliases in this document expand to too many nodes (a YAML bomb?); write the values out');
      }
      fail(startOf(doc.contents, 0), 'The document cannot be read as JSON-like data');
    }
    if (value === null || value === undefined) continue;
    out.push(...splitDocument(doc, value, counter, source));
  }
  return out;
}

/** Go's `filepath.Ext`: from the last dot of the name, a leading dot included (`.yaml` is a YAML file to kubectl). */
function goExt(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot);
}

/**
 * Lists a directory's manifests the way `kubectl apply -f DIR -R` does (cli-runtime's
 * `ExpandPathsToFileVisitors`: Go's `filepath.Walk`): every file whose name ends in exactly `.json`,
 * `.yaml` or `.yml` (case-sensitive), hidden files and directories included, in byte order of
 * names; a symbolic link is never walked into, and read as a file when its name has one of those
 * extensions.
 */
function walk(dir: string, files: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new ManifestInputError(`Cannot read directory '${dir}': ${describeErrno(e)}.`);
  }
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Dirent types come from lstat: a symbolic link is not a directory here.
    if (entry.isDirectory()) walk(full, files);
    else if (!(MANIFEST_EXTENSIONS as readonly string[]).includes(goExt(entry.name))) continue;
    // A FIFO, socket or device would block or stream forever (kubectl opens it anyway): only files
    // and links are read; a link to a directory fails to read, as in kubectl.
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(full);
  }
}

/** Options of {@link readManifests}. */
export interface ReadManifestsOptions {
  /**
   * Reads standard input for the path `-`: its bytes (decoded as files are: UTF-8, or UTF-16 with a
   * byte order mark) or text already decoded.
   * @default reading file descriptor 0
   */
  readonly readStdin?: () => string | Uint8Array;
}

/**
 * Reads every manifest under `paths`, as `kubectl apply -R -f PATH` would: a file named (any
 * extension), a directory (recursively: files ending in exactly `.json`, `.yaml` or `.yml`, hidden
 * ones included; symbolic links are not walked into) and `-` for standard input. A directory you
 * name through a symbolic link is read (kubectl refuses it).
 *
 * @throws ManifestInputError for a path that cannot be read or a document that does not parse.
 */
export function readManifests(paths: readonly string[], options: ReadManifestsOptions = {}): ManifestDocument[] {
  const out: ManifestDocument[] = [];
  for (const p of paths) {
    if (p === '-') {
      let text: string;
      try {
        const input = options.readStdin ? options.readStdin() : readFileSync(0);
        text = typeof input === 'string' ? input : decodeManifestBytes(input, '<stdin>');
      } catch (e) {
        if (e instanceof ManifestInputError) throw e;
        throw new ManifestInputError(`Cannot read standard input: ${describeErrno(e)}.`);
      }
      out.push(...parseManifests(text, '<stdin>'));
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      throw new ManifestInputError(`Cannot read '${p}': ${describeErrno(e)}.`);
    }
    const files: string[] = [];
    if (isDir) walk(p, files);
    else files.push(p);
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw new ManifestInputError(`Cannot read '${file}': ${describeErrno(e)}.`);
      }
      out.push(...parseManifests(decodeManifestBytes(bytes, file), file));
    }
  }
  return out;
}
