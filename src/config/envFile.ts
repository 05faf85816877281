import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv as parseEnvFile } from 'node:util';
import { type Env, EnvError, parseEnv } from './env';

/**
 * Reads a `.env` file into the environment, for the bot and for every command, so they all see the
 * same settings (`DATA_DIR` above all). Variables already set in the environment win over the file.
 *
 * - `ENV_FILE` names the file; `ENV_FILE=none` reads none. Default: `.env` in the working folder.
 * - Under `NODE_ENV=test` the default `.env` is never read: a developer's own settings must not
 *   change what the tests see (an explicit `ENV_FILE` still is).
 *
 * Returns the file it read, or undefined. Throws EnvError when `ENV_FILE` names a file that is
 * missing or unreadable; the values themselves are checked afterwards by `parseEnv`.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const named = env.ENV_FILE?.trim();
  if (named === 'none') return undefined;
  if (!named && env.NODE_ENV === 'test') return undefined;
  const file = resolve(cwd, named || '.env');
  if (!named && !existsSync(file)) return undefined;
  let values: Record<string, string>;
  try {
    values = parseEnvFile(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (err) {
    throw new EnvError(`ENV_FILE: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  for (const [key, value] of Object.entries(values)) {
    if (env[key] === undefined) env[key] = value;
  }
  return file;
}

/** The environment of the bot and of every command: `.env` first (see above), then checked by `parseEnv`. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Readonly<Env> {
  loadEnvFile(env);
  return parseEnv(env);
}
