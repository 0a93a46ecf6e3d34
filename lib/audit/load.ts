/**
 * Reads manifests for the audit: YAML (multi-document) or JSON, from files, directories (recursively,
 * `*.yaml`, `*.yml`, `*.json`) or standard input, each document tagged with `file:line`.
 * `kind: List` documents (`kubectl get -o yaml`) are split into their items, each with its own line.
 *
 * A parse error names the file, line and column, and never quotes the text: a Secret's value
 * could be on that line.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Document, LineCounter, YAMLError, YAMLSeq, isSeq, parseAllDocuments } from 'yaml';
import { ManifestDocument } from './findings';

/** A manifest that cannot be read or parsed; the message names the file (and line). */
export class ManifestInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestInputError';
  }
}

/** The file extensions read when walking a directory. */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

const ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a path component is not a directory',
  ELOOP: 'too many symbolic links',
};

function describeErrno(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  return ERRNO[code] ? `${ERRNO[code]} (${code})` : code;
}

/** yaml's message, without anything that quotes the input. */
function sanitize(err: YAMLError): string {
  const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
  if (err.code === 'BAD_DQ_ESCAPE') return 'Invalid escape sequence in a double-quoted string';
  if (err.code === 'BAD_SCALAR_START') return 'A plain value cannot start with a reserved character; quote it';
  if (err.code === 'TAG_RESOLVE_FAILED') return 'Unresolved tag';
  if (first.startsWith('Block scalar header includes extra characters')) return 'Block scalar header includes extra characters';
  return first;
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

/**
 * Parses YAML or JSON text holding one or more manifests.
 *
 * @param source how messages name the text, e.g. its file name or `<stdin>`.
 * @throws ManifestInputError naming `source:line:column` when the text does not parse.
 */
export function parseManifests(text: string, source: string): ManifestDocument[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  const out: ManifestDocument[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const pos = counter.linePos(err.pos[0]);
      throw new ManifestInputError(`${source}:${pos.line}:${pos.col}: ${sanitize(err)}.`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    out.push(...splitDocument(doc, value, counter, source));
  }
  return out;
}

function walk(dir: string, files: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new ManifestInputError(`Cannot read directory '${dir}': ${describeErrno(e)}.`);
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    // Hidden directories and node_modules hold tooling, not manifests.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, files);
    else if ((MANIFEST_EXTENSIONS as readonly string[]).includes(path.extname(entry.name).toLowerCase())) files.push(full);
  }
}

/** Options of {@link readManifests}. */
export interface ReadManifestsOptions {
  /** Reads standard input for the path `-`. @default reading file descriptor 0 */
  readonly readStdin?: () => string;
}

/**
 * Reads every manifest under `paths`: files (any extension), directories (recursively, YAML and
 * JSON files only, hidden directories and node_modules skipped) and `-` for standard input.
 *
 * @throws ManifestInputError for a path that cannot be read or a document that does not parse.
 */
export function readManifests(paths: readonly string[], options: ReadManifestsOptions = {}): ManifestDocument[] {
  const out: ManifestDocument[] = [];
  for (const p of paths) {
    if (p === '-') {
      let text: string;
      try {
        text = options.readStdin ? options.readStdin() : readFileSync(0, 'utf8');
      } catch (e) {
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
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new ManifestInputError(`Cannot read '${file}': ${describeErrno(e)}.`);
      }
      out.push(...parseManifests(text, file));
    }
  }
  return out;
}
