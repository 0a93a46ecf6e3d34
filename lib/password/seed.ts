import { readFileSync } from 'node:fs';
import { ValidationError, problem } from '../errors';
import { parseSeed } from './derive';

/** Environment variable holding the derivation seed (hex or base64, at least 256 bits). */
export const SEED_ENV = 'CALICO_BGP_AUTH_SEED';
/** Environment variable naming a file that holds the derivation seed. */
export const SEED_FILE_ENV = 'CALICO_BGP_AUTH_SEED_FILE';

/**
 * The seed from the environment: `CALICO_BGP_AUTH_SEED`, else the file named by
 * `CALICO_BGP_AUTH_SEED_FILE` (hex or base64 text, or raw bytes), else undefined. The seed is
 * checked (at least 256 bits); it never appears in an error.
 */
export function seedFromEnvironment(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  if (env[SEED_ENV]) return parseSeed(env[SEED_ENV]!, SEED_ENV);
  const file = env[SEED_FILE_ENV];
  if (!file) return undefined;
  return readSeedFile(file, SEED_FILE_ENV);
}

/** Reads seed material from a file: hex or base64 text (surrounding whitespace ignored), else raw bytes. */
export function readSeedFile(file: string, field = 'seedFile'): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    throw new ValidationError([problem(field, 'seed.unreadable', `'${field}' (${file}) cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`)]);
  }
  const text = raw.toString('utf8').trim();
  return /^[A-Za-z0-9+/=_-]+$/.test(text) ? parseSeed(text, field) : parseSeed(raw, field);
}
