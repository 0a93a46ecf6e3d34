import { ValidationError } from '../errors';
import {
  derivePassword, PasswordPolicy, ROUTER_PROFILES, SEED_ENV, SEED_FILE_ENV, readSeedFile, seedFromEnvironment,
} from '../password';
import { routerTargetGenerationPolicy, ROUTER_TARGETS, RouterTarget } from '../router';
import { CliIo, EXIT, UsageError, integer, parseCommandArgs } from './io';

const PROFILE_NAMES = ROUTER_PROFILES.map((p) => p.name);
/** `router-config --target` names without a router profile: `--router` takes them too, with the default policy. */
const UNPROFILED_TARGETS = (Object.keys(ROUTER_TARGETS) as RouterTarget[]).filter((t) => !PROFILE_NAMES.includes(t));

/** `calico-bgp-auth password --help`. */
export const PASSWORD_HELP = [
  'Usage: calico-bgp-auth password [--router PROFILE] [--length N]',
  '       calico-bgp-auth password [--router PROFILE] [--length N] --context TEXT [--seed-file FILE] [--rotation N]',
  '',
  'Prints one BGP password that meets the floor rules (1 to 80 bytes, no ", no control character,',
  'no surrounding whitespace) and, with --router, the limits that router\'s documentation states.',
  'Without --context it is drawn at random; with --context it is derived (HKDF-SHA256) from a seed,',
  'so the same seed, context and rotation always print the same password.',
  '',
  'Options:',
  '  --router PROFILE     Meet this router\'s limits. One of:',
  ...wrap(PROFILE_NAMES.join(', '), 23, 96),
  ...wrap(`Also ${UNPROFILED_TARGETS.join(', ')}: router-config targets whose limits could not be sourced; they get the default policy, which router-config accepts for them.`, 23, 96),
  '                       Default: the default policy (32 characters: letters, digits, -_.+=@%,:).',
  '  --length N           Length in characters. Default: 32, or the profile\'s maximum when lower.',
  '  --context TEXT       Derive the password for this purpose (different contexts give unrelated',
  '                       passwords); needs a seed.',
  '  --seed-file FILE     The seed: hex or base64 text, or raw bytes, at least 256 bits',
  `                       (openssl rand -hex 32). Default: $${SEED_ENV}, else the file named`,
  `                       by $${SEED_FILE_ENV}.`,
  '  --rotation N         Bump to rotate a derived password on purpose. Default: 0.',
  '  -h, --help           Show this help.',
  '',
  'The password goes to standard output followed by a newline; strip the newline before storing it',
  '(printf \'%s\' "$(calico-bgp-auth password)"), a trailing newline is part of a Secret\'s value.',
].join('\n');

function wrap(text: string, indent: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + word.length + 1 > width) {
      lines.push(' '.repeat(indent) + line.trimEnd());
      line = '';
    }
    line += `${word} `;
  }
  if (line) lines.push(' '.repeat(indent) + line.trimEnd());
  return lines;
}

/** The flags it parses (besides -h, --help). */
export const OPTIONS = {
  'router': { type: 'string' },
  'length': { type: 'string' },
  'seed-file': { type: 'string' },
  'context': { type: 'string' },
  'rotation': { type: 'string' },
} as const;

/** Names the flag instead of the prop in a core message. */
function flagged(message: string): string {
  return message.replace(/'length'/g, '\'--length\'').replace(/'rotation'/g, '\'--rotation\'')
    .replace(/'seedFile'/g, '\'--seed-file\'');
}

/** Runs `password`; returns the exit status. */
export function passwordCommand(args: readonly string[], io: CliIo): number {
  const { values } = parseCommandArgs('password', args, OPTIONS, false);
  if (values.help) {
    io.stdout(`${PASSWORD_HELP}\n`);
    return EXIT.OK;
  }
  const length = integer('password', '--length', values.length, 1, 80);
  const rotation = integer('password', '--rotation', values.rotation, 0, Number.MAX_SAFE_INTEGER);
  const derive = values.context !== undefined;
  if (!derive && (values['seed-file'] !== undefined || rotation !== undefined)) {
    throw new UsageError('\'--seed-file\' and \'--rotation\' derive a password and need \'--context\' (what the password is for).', 'password');
  }
  if (derive && values.context === '') throw new UsageError('\'--context\' must not be empty.', 'password');
  try {
    const overrides = length !== undefined ? { length } : {};
    const policy =
      values.router === undefined
        ? new PasswordPolicy({ name: 'default', ...overrides })
        : (UNPROFILED_TARGETS as string[]).includes(values.router)
          ? routerTargetGenerationPolicy(values.router as RouterTarget, overrides)
          : PasswordPolicy.forRouter(values.router, overrides);
    let password: string;
    if (derive) {
      const warn = (message: string) => io.stderr(`${flagged(message)}\n`);
      const seed = values['seed-file'] !== undefined ? readSeedFile(values['seed-file'], 'seedFile', { warn }) : seedFromEnvironment(io.env, { warn });
      if (!seed) {
        throw new UsageError(`'--context' derives the password from a seed: pass --seed-file, or set ${SEED_ENV} or ${SEED_FILE_ENV}.`, 'password');
      }
      password = derivePassword({ seed, context: values.context!, rotation: rotation ?? 0, policy });
    } else {
      password = policy.generate();
    }
    io.stdout(`${password}\n`);
    return EXIT.OK;
  } catch (e) {
    if (e instanceof ValidationError) {
      const unknownRouter = e.problems.some((p) => p.rule === 'policy.unknown-router');
      const also = unknownRouter ? ` Also accepted: ${UNPROFILED_TARGETS.join(', ')} (router-config targets without a profile: the default policy).` : '';
      throw new UsageError(flagged(e.problems.map((p) => p.message).join(' ')) + also, 'password');
    }
    throw e;
  }
}
