/**
 * The few named failures of this program. Each carries a stable `code` so the edges can map it:
 * the CLI to an exit code, the bot to a short friendly reply plus one log line.
 */
export type ErrorCode =
  | 'CONFIG'
  | 'CORPUS'
  | 'INDEX_MISSING'
  | 'INDEX_MISMATCH'
  | 'INDEX_CORRUPT'
  | 'INDEX_LOCKED'
  | 'INDEX_UNWRITABLE'
  | 'PROVIDER_REFUSED'
  | 'PROVIDER_UNREACHABLE'
  | 'USAGE';

/** Base class: a failure the program expects and can explain to a person. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An environment variable is missing or malformed; `variable` names it. */
export class ConfigError extends AppError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super('CONFIG', message);
  }
}

/** A corpus file cannot be used; `file` names it and `reason` says why, in words for a maintainer. */
export class CorpusError extends AppError {
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('CORPUS', `${file}: ${reason}`, options);
  }
}

/** No index exists where one was expected. */
export class IndexMissingError extends AppError {
  constructor(readonly dir: string) {
    super('INDEX_MISSING', `No index in ${dir}. Run \`npm run ingest\` to build it.`);
  }
}

/** The index was built by another embedder (provider or model; the local model's name includes its dimensions). */
export class IndexMismatchError extends AppError {
  constructor(
    readonly built: string,
    readonly configured: string,
  ) {
    super(
      'INDEX_MISMATCH',
      `The index was built with embedder ${built}, but ${configured} is configured. ` +
        'Re-ingest with `npm run ingest -- --full`, or set EMBEDDING_PROVIDER/EMBEDDING_MODEL back to what built it.',
    );
  }
}

/** Index files are unreadable or inconsistent. */
export class IndexCorruptError extends AppError {
  constructor(
    readonly dir: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('INDEX_CORRUPT', `The index in ${dir} is damaged (${detail}). Rebuild it with \`npm run ingest -- --full\`.`, options);
  }
}

/** Another ingest holds the index lock. */
export class IndexLockedError extends AppError {
  constructor(
    readonly lockFile: string,
    readonly holder: string,
  ) {
    super('INDEX_LOCKED', `Another ingest (${holder}) is writing this index; wait for it to finish. If none is running, delete ${lockFile}.`);
  }
}

/** The index folder cannot be created or written: a file in its place, no permission, a read-only disk. */
export class IndexUnwritableError extends AppError {
  constructor(
    readonly dir: string,
    readonly why: string,
    options?: { cause?: unknown },
  ) {
    super('INDEX_UNWRITABLE', `The index folder ${dir} cannot be written (${why}); name another with --index or INDEX_DIR, or fix its permissions.`, options);
  }
}

/**
 * An OpenAI-compatible server failed. `reachable` keeps "the remote refused" (it answered with an error status)
 * apart from "could not reach it" (network, timeout), as grammY does with GrammyError and HttpError.
 */
export class ProviderError extends AppError {
  constructor(
    readonly reachable: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(reachable ? 'PROVIDER_REFUSED' : 'PROVIDER_UNREACHABLE', message, options);
  }
}

/** The command line was used wrongly; the message says how to use it. */
export class UsageError extends AppError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Process exit codes by error code: 2 for things the user must fix in their setup, 3 for index trouble. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof AppError)) return 1;
  switch (error.code) {
    case 'CONFIG':
    case 'USAGE':
      return 2;
    case 'INDEX_MISSING':
    case 'INDEX_MISMATCH':
    case 'INDEX_CORRUPT':
    case 'INDEX_LOCKED':
    case 'INDEX_UNWRITABLE':
      return 3;
    case 'CORPUS':
    case 'PROVIDER_REFUSED':
    case 'PROVIDER_UNREACHABLE':
      return 4;
  }
}
