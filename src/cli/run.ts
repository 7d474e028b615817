import { statSync } from 'node:fs';
import { createConfig, type Config } from '../config.js';
import { AppError, ConfigError, exitCodeFor, UsageError } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';

/** What a command gets from the process: arguments, environment and output streams (injected for tests). */
export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

/** Loads `.env` when present: variables already set in the environment win. */
export function loadDotEnv(path = '.env'): void {
  const fix = 'make it a file of NAME=value lines (see .env.example) or remove it';
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ConfigError(path, `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); ${fix}`);
  }
  // Node's own message for a folder is about argument types; say what is wrong instead.
  if (!isFile) throw new ConfigError(path, `${path} cannot be read (it is a folder, not a file); ${fix}`);
  try {
    process.loadEnvFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(path, `${path} cannot be read (${code === 'EACCES' ? 'permission denied' : (code ?? String(error))}); ${fix}`);
  }
}

/**
 * Runs a command at the process edge: named errors become one clear line on stderr and their exit code,
 * anything else a stack trace and exit code 1.
 */
export async function runCli(command: (io: CliIo) => Promise<number | void>): Promise<void> {
  const io: CliIo = { argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
  try {
    loadDotEnv();
    process.exitCode = (await command(io)) ?? 0;
  } catch (error) {
    io.stderr.write(error instanceof AppError ? `error: ${error.message}\n` : `unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = exitCodeFor(error);
  }
}

/** The configuration, with the `--docs` / `--index` flags taking the place of DOCS_DIR / INDEX_DIR. */
export function configFromFlags(env: CliIo['env'], flags: { docs?: string; index?: string } = {}): Config {
  // An empty flag is a slip (an unset shell variable), not a request for the default folder.
  for (const flag of ['docs', 'index'] as const) {
    if (flags[flag]?.trim() === '') throw new UsageError(`--${flag} needs a folder; it was given an empty value`);
  }
  return createConfig({ ...env, ...(flags.docs ? { DOCS_DIR: flags.docs } : {}), ...(flags.index ? { INDEX_DIR: flags.index } : {}) });
}

/** A command's logger: info lines would mix with a command's own output, so the default level shows warnings up. */
export function cliLogger(config: Config): Logger {
  return createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, secrets: [config.openai?.apiKey, config.telegram.token] });
}
