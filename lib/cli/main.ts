#!/usr/bin/env node
/**
 * The `calico-bgp-auth` command: `audit`, `password`, `router-config`. Argument parsing and output
 * only; the work is done by the core (lib/audit, lib/password, lib/router).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AUDIT_HELP, auditCommand } from './audit-command';
import { CliIo, EXIT, UsageError } from './io';
import { PASSWORD_HELP, passwordCommand } from './password-command';
import { ROUTER_CONFIG_HELP, routerConfigCommand } from './router-config-command';

const COMMANDS: Record<string, { run: (args: readonly string[], io: CliIo) => number; help: string }> = {
  'audit': { run: auditCommand, help: AUDIT_HELP },
  'password': { run: passwordCommand, help: PASSWORD_HELP },
  'router-config': { run: routerConfigCommand, help: ROUTER_CONFIG_HELP },
};

/** `calico-bgp-auth --help`. */
export const MAIN_HELP = [
  'Usage: calico-bgp-auth <command> [options]',
  '',
  'BGP passwords (TCP-MD5) for Calico, as code.',
  '',
  'Commands:',
  '  audit PATH...|-          Find BGP peers without a password, password Secrets calico-node cannot',
  '                           read, and passwords that break the floor rules.',
  '  password                 Print a compliant BGP password (random, or derived from a seed).',
  '  router-config PATH...|-  Write the router\'s side of secured BGPPeers (FRR, BIRD, GoBGP, Cisco',
  '                           IOS and NX-OS, Junos, Arista EOS).',
  '  help [COMMAND]           Show help.',
  '',
  'Options:',
  '  -h, --help               Show help; \'calico-bgp-auth COMMAND --help\' for a command.',
  '  -v, --version            Print the version.',
  '',
  'Exit status: 0 success; 1 audit findings at or above --fail-on; 2 usage or input error.',
].join('\n');

function version(): string {
  // lib/cli/main.ts and dist/cli/main.js both sit two levels below the package root.
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/** Runs the CLI with `args` (without `node` and the script); returns the exit status. */
export function run(args: readonly string[], io: CliIo): number {
  const [command, ...rest] = args;
  try {
    if (command === undefined || command === '-h' || command === '--help') {
      (command === undefined ? io.stderr : io.stdout)(`${MAIN_HELP}\n`);
      return command === undefined ? EXIT.USAGE : EXIT.OK;
    }
    if (command === '-v' || command === '--version') {
      io.stdout(`${version()}\n`);
      return EXIT.OK;
    }
    if (command === 'help') {
      const topic = rest[0];
      if (topic === undefined) {
        io.stdout(`${MAIN_HELP}\n`);
        return EXIT.OK;
      }
      if (!COMMANDS[topic]) {
        throw new UsageError(`Unknown command '${topic}'. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
      }
      io.stdout(`${COMMANDS[topic].help}\n`);
      return EXIT.OK;
    }
    const entry = COMMANDS[command];
    if (!entry) {
      const what = command.startsWith('-') ? `Unknown option '${command}'` : `Unknown command '${command}'`;
      throw new UsageError(`${what}. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    }
    return entry.run(rest, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const prefix = e.command ? `calico-bgp-auth ${e.command}` : 'calico-bgp-auth';
    io.stderr(`${prefix}: ${e.message}\nRun '${prefix} --help' for usage.\n`);
    return EXIT.USAGE;
  }
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    // Bytes: the loader decodes them as kubectl does (UTF-8, strictly, or UTF-16 with a byte order mark).
    readStdin: () => readFileSync(0),
    env: process.env,
  });
}
