import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ManifestInputError, parseManifests, readManifests } from '../../lib/audit';

// Root reads any file whatever its mode, so a permission failure is made by the file system mock
// for files named locked.yaml (the same errno Node raises for a 000-mode file as a user): the test
// runs the same as root (CI) and as a user.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((file: unknown, ...rest: unknown[]) => {
    if (typeof file === 'string' && file.endsWith('locked.yaml')) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES', errno: -13, syscall: 'open', path: file });
    }
    return (actual.readFileSync as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof actual.readFileSync;
  return { ...actual, readFileSync, default: { ...actual, readFileSync } };
});

const dir = mkdtempSync(path.join(tmpdir(), 'audit-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PEER = 'apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: a\n';

describe('parseManifests', () => {
  it('reads multi-document YAML, each document with its line', () => {
    const docs = parseManifests(`# comment\n${PEER}---\n\n${PEER.replace('name: a', 'name: b')}---\n`, 'peers.yaml');
    expect(docs.map((d) => d.source)).toEqual(['peers.yaml:2', 'peers.yaml:8']);
    expect(docs.map((d) => (d.object as { metadata: { name: string } }).metadata.name)).toEqual(['a', 'b']);
  });

  it('splits a kubectl List into items, each with its own line', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: t}\n';
    expect(parseManifests(text, 'l.yaml').map((d) => d.source)).toEqual(['l.yaml:4', 'l.yaml:7']);
  });

  it('reads JSON, tabs included', () => {
    const docs = parseManifests('{\n\t"apiVersion": "v1",\n\t"kind": "Secret",\n\t"metadata": {"name": "s"}\n}\n', 's.json');
    expect(docs).toEqual([{ object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, source: 's.json:1' }]);
  });

  it('names file, line and column of a syntax error', () => {
    expect(() => parseManifests(`${PEER}spec:\n\tpeerIP: 1\n`, 'bad.yaml')).toThrow('bad.yaml:6:1: Tabs are not allowed as indentation.');
    expect(() => parseManifests(`${PEER}spec:\n  peerIP: a: b\n`, 'bad.yaml')).toThrow(/^bad\.yaml:6:11: /);
  });

  it('never quotes the text in a syntax error (a password could be on that line)', () => {
    // GIVEN a Secret whose value holds an invalid escape sequence
    const text = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: "hunter2\\qhunter2"\n';
    let message = '';
    try { parseManifests(text, 's.yaml'); } catch (e) { message = (e as Error).message; }
    // THEN the error names the place but not the value
    expect(message).toMatch(/^s\.yaml:5:\d+: Invalid escape sequence in a double-quoted string\.$/);
    expect(message).not.toContain('hunter2');
  });

  it('reads !!binary as kubectl does: the string of the decoded bytes, each invalid UTF-8 byte as U+FFFD', () => {
    // GIVEN values kubectl's YAML-to-JSON conversion (go-yaml, then encoding/json) turns into strings
    const docs = parseManifests('a: !!binary U2VjcjN0LVBhNTU=\nb: !!binary |\n  U2Vj\n  cjN0\nc: !!binary 4oKsgv8=\nd: !!timestamp 2001-12-14T21:59:43Z\n', 'b.yaml');
    // THEN each is a string, as the API server receives it (a Buffer or a Date would be skipped as "not a string")
    expect(docs[0].object).toEqual({ a: 'Secr3t-Pa55', b: 'Secr3t', c: '\u20ac\ufffd\ufffd', d: '2001-12-14T21:59:43Z' });
  });

  it('prints nothing on the console, whatever yaml would warn about', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    expect(() => parseManifests('? [Secr3t-Pa55]\n: x\n', 'k.yaml')).toThrow(/^k\.yaml:1:3: A mapping key is a mapping or a sequence/);
    parseManifests('a: !<tag:Secr3t-Pa55> x\n', 't.yaml');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('reads y, yes, on, n, no, off (any case form go-yaml knows) as booleans, as kubectl does (YAML 1.1), quoted ones as strings', () => {
    const docs = parseManifests('a: yes\nb: "yes"\nc: On\nd: n\ne: OFF\nf: nope\non: 1\ng: [Y, no]\n', 'b.yaml');
    expect(docs[0].object).toEqual({ a: true, b: 'yes', c: true, d: false, e: false, f: 'nope', true: 1, g: [true, false] });
  });

  it('refuses an alias inside the node it names (a value that contains itself: no JSON, and a crash before)', () => {
    expect(() => parseManifests('&x [*x]\n', 'c.yaml')).toThrow(/^c\.yaml:1:5: An alias refers to the node that contains it\.$/);
    expect(() => parseManifests('apiVersion: v1\nkind: List\nitems: &x\n- *x\n', 'l.yaml')).toThrow(/^l\.yaml:4:3: An alias refers to the node that contains it\.$/);
    // An alias to an earlier, separate node is fine.
    expect(parseManifests('a: &x [1]\nb: *x\n', 'ok.yaml')[0].object).toEqual({ a: [1], b: [1] });
  });

  it('refuses !!set and !!omap, which are not JSON', () => {
    expect(() => parseManifests('a: !!set {x, y}\n', 's.yaml')).toThrow(/^s\.yaml:1:\d+: The !!set and !!omap tags are not supported/);
  });

  it('refuses duplicate keys, which would silently drop a value', () => {
    expect(() => parseManifests('a: 1\na: 2\n', 'dup.yaml')).toThrow(ManifestInputError);
  });
});

describe('readManifests', () => {
  it('walks a directory as kubectl apply -R -f does: .json, .yaml, .yml exactly, hidden files and directories included', () => {
    // GIVEN a tree with hidden and tooling directories, other extensions and upper-case ones
    // (cli-runtime's ExpandPathsToFileVisitors: filepath.Walk, ignoreFile by exact extension)
    mkdirSync(path.join(dir, 'tree/sub'), { recursive: true });
    mkdirSync(path.join(dir, 'tree/.hidden'), { recursive: true });
    mkdirSync(path.join(dir, 'tree/node_modules'), { recursive: true });
    writeFileSync(path.join(dir, 'tree/b.yml'), PEER);
    writeFileSync(path.join(dir, 'tree/sub/a.json'), '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}');
    writeFileSync(path.join(dir, 'tree/a.k8s.yaml'), PEER);
    writeFileSync(path.join(dir, 'tree/.hidden/x.yaml'), PEER);
    writeFileSync(path.join(dir, 'tree/.peer.yaml'), PEER);
    writeFileSync(path.join(dir, 'tree/.yaml'), PEER);
    writeFileSync(path.join(dir, 'tree/node_modules/x.yaml'), PEER);
    writeFileSync(path.join(dir, 'tree/notes.txt'), 'not: [valid');
    writeFileSync(path.join(dir, 'tree/UPPER.YAML'), 'not: [valid');
    writeFileSync(path.join(dir, 'tree/x.yaml.bak'), 'not: [valid');
    // WHEN reading it THEN kubectl's files are read, in byte order of names, and only those
    const sources = readManifests([path.join(dir, 'tree')]).map((d) => path.relative(dir, d.source!));
    expect(sources).toEqual([
      'tree/.hidden/x.yaml:1', 'tree/.peer.yaml:1', 'tree/.yaml:1', 'tree/a.k8s.yaml:1', 'tree/b.yml:1', 'tree/node_modules/x.yaml:1', 'tree/sub/a.json:1',
    ]);
  });

  it('does not walk into a symbolic link to a directory, and reads a linked file by its name (filepath.Walk uses lstat)', () => {
    mkdirSync(path.join(dir, 'linked/real'), { recursive: true });
    mkdirSync(path.join(dir, 'elsewhere'), { recursive: true });
    writeFileSync(path.join(dir, 'elsewhere/peer.yaml'), PEER);
    writeFileSync(path.join(dir, 'elsewhere/target.txt'), PEER);
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'linked/dir'));
    symlinkSync(path.join(dir, 'elsewhere/target.txt'), path.join(dir, 'linked/file.yaml'));
    symlinkSync(path.join(dir, 'elsewhere/peer.yaml'), path.join(dir, 'linked/file.txt'));
    const sources = readManifests([path.join(dir, 'linked')]).map((d) => path.relative(dir, d.source!));
    expect(sources).toEqual(['linked/file.yaml:1']);
    // A directory named through a link on the command line is read (kubectl refuses it).
    expect(readManifests([path.join(dir, 'linked/dir')]).map((d) => path.relative(dir, d.source!))).toEqual(['linked/dir/peer.yaml:1']);
  });

  it('skips a FIFO with a manifest extension (reading it would block; kubectl opens it)', () => {
    mkdirSync(path.join(dir, 'fifo'), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'fifo/pipe.yaml')]);
    writeFileSync(path.join(dir, 'fifo/peer.yaml'), PEER);
    expect(readManifests([path.join(dir, 'fifo')]).map((d) => path.relative(dir, d.source!))).toEqual(['fifo/peer.yaml:1']);
  });

  it('names a link to a directory that has a manifest extension, as kubectl fails to read it', () => {
    mkdirSync(path.join(dir, 'linkdir'), { recursive: true });
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'linkdir/dir.yaml'));
    expect(() => readManifests([path.join(dir, 'linkdir')])).toThrow(/^Cannot read '.*dir\.yaml': is a directory \(EISDIR\)\.$/);
  });

  it('reads a file named explicitly whatever its extension, and stdin for -', () => {
    writeFileSync(path.join(dir, 'peer.txt'), PEER);
    const docs = readManifests([path.join(dir, 'peer.txt'), '-'], { readStdin: () => PEER });
    expect(docs.map((d) => path.basename(d.source!))).toEqual(['peer.txt:1', '<stdin>:1']);
  });

  it('names a path that cannot be read', () => {
    expect(() => readManifests([path.join(dir, 'missing.yaml')])).toThrow(/^Cannot read '.*missing\.yaml': no such file or directory \(ENOENT\)\.$/);
  });

  it('names a file without read permission', () => {
    const file = path.join(dir, 'locked.yaml');
    writeFileSync(file, PEER);
    chmodSync(file, 0o000);
    expect(() => readManifests([file])).toThrow(/permission denied \(EACCES\)/);
  });
});
