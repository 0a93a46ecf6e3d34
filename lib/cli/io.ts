import { ParseArgsConfig, parseArgs } from 'node:util';

/** Exit statuses of the CLI. */
export const EXIT = {
  /** Done; for `audit`, no finding at or above `--fail-on`. */
  OK: 0,
  /** `audit` found something at or above `--fail-on`. */
  FINDINGS: 1,
  /** Bad usage or unusable input: unknown command or option, unreadable file, malformed manifest. */
  USAGE: 2,
} as const;

/** Where a command writes, and what it reads besides files. */
export interface CliIo {
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** Reads all of standard input: its bytes, or text already decoded. */
  readonly readStdin: () => string | Uint8Array;
  /** The environment (for the derivation seed). */
  readonly env: NodeJS.ProcessEnv;
}

/** A usage or input error: printed on stderr as `calico-bgp-auth <command>: <message>`, exit 2. */
export class UsageError extends Error {
  /** The command the error belongs to, for the pointer to its help. */
  public readonly command?: string;

  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;
type HelpOption = { help: { type: 'boolean'; short: 'h' } };
/** What {@link parseCommandArgs} returns: parseArgs' typed values and positionals. */
export type ParsedCommandArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & HelpOption; strict: true; allowPositionals: true }>
>;

/**
 * `node:util` parseArgs in strict mode (unknown options are errors) with `-h/--help` added, its
 * errors turned into {@link UsageError}s.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  args: readonly string[],
  options: O,
  allowPositionals: boolean,
): ParsedCommandArgs<O> {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } } as O & HelpOption,
      strict: true,
      allowPositionals,
    }) as ParsedCommandArgs<O>;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS')) {
      // Node's first sentence names the option ("Unknown option '--x'"); the rest is about '--'.
      const first = err.message.split(/\.\s/)[0].replace(/\.$/, '');
      throw new UsageError(`${first}.`, command);
    }
    throw e;
  }
}

/** The value of an enum option, or a UsageError listing the allowed values. */
export function oneOf<T extends string>(
  command: string,
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `'${flag}' must be ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]} (got '${value}').`,
    command,
  );
}

/** The value of an integer option, or a UsageError. */
export function integer(
  command: string,
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`'${flag}' must be an integer from ${min} to ${max} (got '${value}').`, command);
  }
  return Number(value);
}
