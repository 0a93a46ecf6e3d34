/**
 * The manifest loader behind `audit` and `router-config`, run as a user runs it: every YAML or JSON
 * problem is exit 2 with `file:line:column`, and no byte of the document (a password could be
 * anywhere in it) reaches standard output or standard error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cli } from './run-cli';

beforeAll(() => buildCli(), 120_000);

const dir = mkdtempSync(path.join(tmpdir(), 'cli-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'Secr3t-Pa55';
const HEAD = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: bgp-secrets\n  namespace: calico-system\n';
const PEER = '---\napiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: tor\nspec:\n  peerIP: 192.0.2.1\n  asNumber: 65001\n'
  + '  password:\n    secretKeyRef: {name: bgp-secrets, key: password}\n';

const BOMB = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]', ...'bcdefghi'.split('').map((c, i) => {
  const prev = 'abcdefghi'[i];
  return `${c}: &${c} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
})].join('\n');

/** [what, the document, the line and column the error must name, the message]. */
const CASES: Array<[string, string, string, RegExp]> = [
  ['an alias to an undefined anchor named like the password', `${HEAD}stringData:\n  password: *${SECRET}\n`, '7:13', /An alias refers to an anchor that is not defined before it\.$/],
  ['an alias inside the node it names (a List whose items contain themselves)', `apiVersion: v1\nkind: List\nitems: &${SECRET}\n- *${SECRET}\n`, '4:3', /An alias refers to the node that contains it\.$/],
  ['a YAML bomb (aliases expanding exponentially)', `${HEAD}stringData:\n  password: x\n---\n${BOMB}\n`, '10:', /expand to too many nodes/],
  ['a %YAML directive whose version is the password', `%YAML ${SECRET}\n---\n${HEAD}`, '1:', /Invalid or unsupported directive/],
  ['a %YAML directive with extra words', `%YAML 1.2 ${SECRET}\n---\n${HEAD}`, '1:1', /%YAML directive should contain exactly one part\.$/],
  ['an unknown directive (yaml only warns; kubectl refuses it)', `%${SECRET} x\n---\n${HEAD}`, '1:1', /Invalid or unsupported directive/],
  ['an unsupported YAML version', `%YAML 1.3\n---\n${HEAD}`, '1:', /Invalid or unsupported directive/],
  ['a mapping key that is a collection (yaml would warn on the console, quoting it)', `${HEAD}stringData:\n  ? [${SECRET}]\n  : x\n`, '7:5', /A mapping key is a mapping or a sequence/],
  ['an invalid escape in a double-quoted value', `${HEAD}stringData:\n  password: "${SECRET}\\q"\n`, '7:', /Invalid escape sequence in a double-quoted string\.$/],
  ['an unterminated quote', `${HEAD}stringData:\n  password: "${SECRET}\n`, '', /Missing closing "quote\.$/],
  ['JSON with a syntax error after the value', `{"apiVersion": "v1", "kind": "Secret", "stringData": {"password": "${SECRET}" x}}`, '1:', /./],
  ['a plain value starting with a reserved character', `${HEAD}stringData:\n  password: @${SECRET}\n`, '7:', /reserved character/],
];

describe.each(['audit', 'router-config'])('calico-bgp-auth %s: the loader never prints the input', (command) => {
  const args = command === 'audit' ? ['audit'] : ['router-config', '--target', 'frr', '--cluster-as', '64512', '--node-cidr', '10.0.0.0/24', '--include-password'];

  it.each(CASES)('%s: exit 2, file:line:column, no content', (_what, text, position, message) => {
    const file = path.join(dir, `${command}-${CASES.findIndex((c) => c[1] === text)}.yaml`);
    writeFileSync(file, command === 'router-config' && !text.includes('%') ? `${text}${PEER}` : text);
    const r = cli([...args, file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const first = r.stderr.split('\n')[0];
    expect(first.startsWith(`calico-bgp-auth ${command}: ${file}:${position}`)).toBe(true);
    expect(first).toMatch(/^[^:]+: [^:]+:\d+:\d+: /);
    expect(first).toMatch(message);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
  });

  it('reads unknown tags as strings, as kubectl does, and prints nothing about them', () => {
    const r = cli([...args, '-'], { input: `${HEAD}stringData:\n  password: !<tag:${SECRET}> Zq8-vL2.mN4+pR7=\n  other: !${SECRET} y\n${PEER}` });
    expect(r.status).not.toBe(2);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
  });

  it('refuses a file that is not UTF-8 (kubectl does; read as U+FFFD it would be audited as another value)', () => {
    const file = path.join(dir, `${command}-latin1.yaml`);
    writeFileSync(file, Buffer.concat([Buffer.from(`${HEAD}stringData:\n  password: Zq8-vL2`), Buffer.from([0xe9, 0xff]), Buffer.from(`.mN4\n${PEER}`)]));
    const r = cli([...args, file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:7:20: The file is not valid UTF-8 text (kubectl refuses it too).`);
    expect(r.stderr).not.toContain('Zq8');
  });

  it('refuses standard input that is not UTF-8, and reads UTF-16 with a byte order mark as kubectl does', () => {
    const bad = cli([...args, '-'], { input: Buffer.concat([Buffer.from(`${HEAD}stringData:\n  password: x`), Buffer.from([0xff]), Buffer.from('\n')]) as never });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('<stdin>:7:14: The file is not valid UTF-8 text (kubectl refuses it too).');
    const file = path.join(dir, `${command}-utf16.yaml`);
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEAD}stringData:\n  password: Zq8-vL2.mN4+pR7=\n${PEER}`, 'utf16le')]));
    expect(cli([...args, file]).status).not.toBe(2);
    expect(cli([...args, '-'], { input: readFileSync(file) as never }).status).not.toBe(2);
  });

  it('reads the same problems from standard input, named <stdin>', () => {
    const r = cli([...args, '-'], { input: `${HEAD}stringData:\n  password: *${SECRET}\n` });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^calico-bgp-auth [a-z-]+: <stdin>:7:13: /);
    expect(r.stderr).not.toContain(SECRET);
  });
});
