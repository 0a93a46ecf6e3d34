import { readFileSync, statSync } from 'node:fs';
import { ValidationError, problem } from '../errors';
import { parseSeed } from './derive';

/** Environment variable holding the derivation seed (hex or base64, at least 256 bits). */
export const SEED_ENV = 'CALICO_BGP_AUTH_SEED';
/** Environment variable naming a file that holds the derivation seed. */
export const SEED_FILE_ENV = 'CALICO_BGP_AUTH_SEED_FILE';

/** Options of {@link seedFromEnvironment} and {@link readSeedFile}. */
export interface SeedReadOptions {
  /**
   * Called with a warning (never holding the seed), e.g. a seed file that group or others may
   * read.
   * @default console.warn
   */
  readonly warn?: (message: string) => void;
}

/**
 * The seed from the environment: `CALICO_BGP_AUTH_SEED`, else the file named by
 * `CALICO_BGP_AUTH_SEED_FILE` (hex or base64 text, or raw bytes), else undefined (neither is set).
 * A variable that is set but empty is an error, not "no seed": an empty value usually means a
 * secret store or CI variable that did not resolve. The seed is checked (see `parseSeed`); it
 * never appears in an error, and the message names the variable.
 */
export function seedFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  options: SeedReadOptions = {},
): Buffer | undefined {
  const value = env[SEED_ENV];
  if (value !== undefined) {
    if (value.trim() === '') {
      throw emptyVariable(SEED_ENV, `unset it to read ${SEED_FILE_ENV} or to generate without a seed`);
    }
    return parseSeed(value, SEED_ENV);
  }
  const file = env[SEED_FILE_ENV];
  if (file === undefined) return undefined;
  if (file.trim() === '') throw emptyVariable(SEED_FILE_ENV, 'unset it to generate without a seed');
  return readSeedFile(file, SEED_FILE_ENV, options);
}

function emptyVariable(name: string, otherwise: string): ValidationError {
  return new ValidationError([problem(name, 'seed.empty',
    `'${name}' is set but empty (an unresolved secret or CI variable?): give it a seed of at least 256 bits (for example 'openssl rand -hex 32'), or ${otherwise}.`)]);
}

const WARNED = new Set<string>();

/**
 * Reads seed material from a file: hex or base64 text (surrounding whitespace and line breaks of
 * wrapped base64 ignored, so the file `openssl rand -base64 48 > seed` writes and the same text in
 * `CALICO_BGP_AUTH_SEED` give the same seed), else raw bytes. A file that group or others may read
 * draws a warning naming the file and its mode, once per process (the seed is as secret as every
 * password derived from it).
 */
export function readSeedFile(file: string, field = 'seedFile', options: SeedReadOptions = {}): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    throw new ValidationError([problem(field, 'seed.unreadable',
      `'${field}' (${file}) cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`)]);
  }
  const mode = process.platform === 'win32' ? 0 : statSync(file).mode % 0o1000;
  // Once per file and mode in a process: a synth reads the file for every password it derives.
  if (mode % 0o100 !== 0 && !WARNED.has(`${file}\u0000${mode}`)) {
    WARNED.add(`${file}\u0000${mode}`);
    (options.warn ?? console.warn)(`Warning: the seed file '${file}' ('${field}') may be read by group or others (mode ${mode.toString(8).padStart(4, '0')}); `
      + `restrict it with 'chmod 600 ${file}': the seed is as secret as every password derived from it.`);
  }
  const text = raw.toString('utf8').trim();
  return /^[A-Za-z0-9+/=_-]+(?:\r?\n[A-Za-z0-9+/=_-]+)*$/.test(text) ? parseSeed(text, field) : parseSeed(raw, field);
}
