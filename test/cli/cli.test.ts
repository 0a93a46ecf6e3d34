import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, buildCli, cli, fixture } from './run-cli';

beforeAll(() => buildCli(), 120_000);

describe('calico-bgp-auth (global)', () => {
  it('prints its help on --help and -h, exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = cli([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: calico-bgp-auth <command> \[options\]/);
      for (const command of ['audit', 'password', 'router-config']) expect(r.stdout).toContain(`  ${command}`);
      expect(r.stderr).toBe('');
    }
  });

  it('prints its help on stderr and exits 2 without a command', () => {
    const r = cli([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: calico-bgp-auth <command>');
  });

  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string };
    expect(cli(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('answers help COMMAND like COMMAND --help', () => {
    for (const command of ['audit', 'password', 'router-config']) {
      const viaHelp = cli(['help', command]);
      const viaFlag = cli([command, '--help']);
      expect(viaHelp.status).toBe(0);
      expect(viaFlag).toEqual(viaHelp);
      expect(viaFlag.stdout).toMatch(new RegExp(`^Usage: calico-bgp-auth ${command} `));
    }
  });

  it.each([
    [['frob'],
      'calico-bgp-auth: Unknown command \'frob\'. Commands: audit, password, router-config.\nRun \'calico-bgp-auth --help\' for usage.\n'],
    [['--frob'],
      'calico-bgp-auth: Unknown option \'--frob\'. Commands: audit, password, router-config.\nRun \'calico-bgp-auth --help\' for usage.\n'],
    [['help', 'frob'],
      'calico-bgp-auth: Unknown command \'frob\'. Commands: audit, password, router-config.\nRun \'calico-bgp-auth --help\' for usage.\n'],
  ])('refuses %j with exit 2 and a pointer to the help', (args, stderr) => {
    expect(cli(args)).toEqual({ status: 2, stdout: '', stderr });
  });

  it.each(['audit', 'password', 'router-config'])('%s refuses an unknown option with exit 2', (command) => {
    const r = cli([command, '--bogus', 'x']);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr: `calico-bgp-auth ${command}: Unknown option '--bogus'.\nRun 'calico-bgp-auth ${command} --help' for usage.\n`,
    });
  });

  it('runs from the bin path package.json declares, with a node shebang', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { bin: Record<string, string> };
    expect(`${ROOT}/${pkg.bin['calico-bgp-auth']}`).toBe(BIN);
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});

describe('calico-bgp-auth audit', () => {
  it('exits 0 with "No findings" on the Calico documentation recipe', () => {
    const r = cli(['audit', fixture('calico-docs-recipe.yaml')]);
    expect(r).toEqual({
      status: 0,
      stdout: 'No findings: 4 objects audited (operator install: calico-node in calico-system, ServiceAccount calico-node).\n',
      stderr: '',
    });
  });

  it('exits 1 on errors and prints object, file:line, rule, message and fix', () => {
    const r = cli(['audit', fixture('recipe-rolebinding-missing.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`BGPPeer bgppeer-global-3040  (${fixture('recipe-rolebinding-missing.yaml')}:23)`);
    expect(lines[1]).toBe('  error    rbac.missing');
    expect(lines[2]).toMatch(/^ {11}No Role or ClusterRole bound to calico-node's ServiceAccount/);
    expect(lines[3]).toMatch(/^ {11}fix: Add a Role in calico-node's namespace/);
    expect(lines.at(-2)).toBe('1 error, 0 warnings: 3 objects audited (operator install: calico-node in calico-system, ServiceAccount calico-node).');
  });

  it.each([
    ['error', 'peer-without-password.yaml', 1],
    ['never', 'peer-without-password.yaml', 0],
    ['error', 'role-all-secrets.yaml', 0],
    ['warning', 'role-all-secrets.yaml', 1],
    ['warning', 'calico-docs-recipe.yaml', 0],
  ])('follows --fail-on %s on %s: exit %i', (failOn, file, status) => {
    expect(cli(['audit', '--fail-on', failOn, fixture(file)]).status).toBe(status);
  });

  it('weighs findings by --calico-version: what the targeted release refuses is an error', () => {
    // GIVEN a bare address in a CIDR field, which the CRD's format: cidr refuses from 3.32 only
    const input = 'apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata:\n  name: default\n'
      + 'spec:\n  nodeToNodeMeshEnabled: false\n  serviceClusterIPs:\n    - cidr: 10.96.0.1\n';
    expect(cli(['audit', '--calico-version', '3.31', '-'], { input }).status).toBe(0);
    const r = cli(['audit', '--calico-version', '3.32', '-'], { input });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('calico.cidr-format');
    const bad = cli(['audit', '--calico-version', '3.1', '-'], { input });
    expect([bad.status, bad.stderr.split('\n')[0]]).toEqual([2,
      'calico-bgp-auth audit: \'--calico-version\' must be 3.28, 3.29, 3.30, 3.31, 3.32 or 3.33 (got \'3.1\').']);
  });

  it('prints stable JSON for CI', () => {
    const r = cli(['audit', '--format', 'json', fixture('recipe-secret-in-kube-system.yaml')]);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['version', 'install', 'objects', 'summary', 'findings']);
    expect(report).toMatchObject({
      version: 1,
      install: { flavor: 'operator', namespace: 'calico-system', serviceAccount: 'calico-node' },
      objects: 4,
      summary: { errors: 2, warnings: 0 },
    });
    const findings = report.findings as Array<Record<string, unknown>>;
    expect(findings.map((f) => Object.keys(f))).toEqual(findings.map(() => ['severity', 'kind', 'namespace', 'name', 'rule', 'message', 'fix', 'source']));
    expect(findings.map((f) => f.rule)).toEqual(['rbac.missing', 'secret.wrong-namespace']);
  });

  it('follows --install manifest and --namespace', () => {
    expect(cli(['audit', '--install', 'manifest', fixture('recipe-secret-in-kube-system.yaml')]).status).toBe(0);
    expect(cli(['audit', '--namespace', 'kube-system', fixture('recipe-secret-in-kube-system.yaml')]).status).toBe(0);
    expect(cli(['audit', '--service-account', 'other', fixture('calico-docs-recipe.yaml')]).status).toBe(1);
  });

  it('reads standard input for -', () => {
    const r = cli(['audit', '-'], { input: readFileSync(`${ROOT}/${fixture('peer-without-password.yaml')}`, 'utf8') });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('BGPPeer rack1-tor  (<stdin>:2)');
  });

  it('audits a directory recursively and never prints a password value', () => {
    // GIVEN every fixture, among them Secrets holding throwaway passwords
    const r = cli(['audit', '--format', 'json', fixture('')]);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: Array<{ rule: string }> };
    expect(new Set(json.findings.map((f) => f.rule)).size).toBeGreaterThanOrEqual(10);
    // THEN none of the values appears on either stream
    for (const value of ['very-secret', 'ab\\"', 'xxxxxxxxxx', 'ab\\tcd', 'abcdef', 'Zq8-vL2']) {
      expect(r.stdout + r.stderr).not.toContain(value);
    }
  });

  it.each([
    [['--format', 'yaml', 'x'], '\'--format\' must be text or json (got \'yaml\').'],
    [['--fail-on', 'info', 'x'], '\'--fail-on\' must be error, warning or never (got \'info\').'],
    [['--install', 'helm', 'x'], '\'--install\' must be operator or manifest (got \'helm\').'],
    [['--namespace', 'Calico_System', 'x'],
      '\'--namespace\' (Calico_System) must be a DNS-1123 label: at most 63 lowercase letters, digits and \'-\'.'],
    [['--format'], 'Option \'--format <value>\' argument missing.'],
    [[], 'Name at least one PATH to audit, or - to read standard input.'],
    [['test/fixtures/audit/nope.yaml'],
      'Cannot read \'test/fixtures/audit/nope.yaml\': no such file or directory (ENOENT).'],
    [['package.json'], 'No manifests found in \'package.json\'.'],
  ])('refuses %j with exit 2 and a clear message', (args, message) => {
    const r = cli(['audit', ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`calico-bgp-auth audit: ${message}\nRun 'calico-bgp-auth audit --help' for usage.\n`);
  });

  it('names file and line of malformed YAML, without quoting it', () => {
    const yaml = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: "hunter2\\qhunter2"\n';
    const r = cli(['audit', '-'], { input: yaml });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^calico-bgp-auth audit: <stdin>:6:\d+: Invalid escape sequence in a double-quoted string\.\n/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('refuses input holding no manifest', () => {
    const r = cli(['audit', '-'], { input: '# nothing\n' });
    expect(r).toMatchObject({ status: 2, stderr: expect.stringContaining('No manifests found in \'-\'.') });
  });
});
