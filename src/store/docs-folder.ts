import { resolve } from 'node:path';
import { DEFAULT_DOCS_DIR } from '../config.js';
import { AppError } from '../errors.js';
import { readCurrentManifest } from './generations.js';

/** An index was named with a docs folder other than the one that built it: refreshing would replace its documents. */
export class DocsFolderMismatchError extends AppError {
  constructor(
    readonly indexDir: string,
    readonly builtFrom: string,
    readonly requested: string,
  ) {
    super(
      'USAGE',
      `the index ${indexDir} was built from ${builtFrom}, not ${resolve(requested)}; answering from it would replace its documents. ` +
        `Leave out --docs / DOCS_DIR to use it as it is; leave out --index / INDEX_DIR to answer from ${requested}'s own ` +
        `index; or rebuild it from ${requested} on purpose: \`npm run ask -- --docs ${requested} --index ${indexDir} --docs-changed …\` ` +
        `or \`npm run ingest -- --docs ${requested} --index ${indexDir}\`.`,
    );
  }
}

/** The folder an index's current generation was built from, or null (no index, or built before folders were recorded). */
export async function recordedDocsFolder(indexDir: string): Promise<string | null> {
  const manifest = await readCurrentManifest(indexDir).catch(() => null);
  return manifest?.docsDir ?? null;
}

/**
 * The docs folder to refresh an index from before answering: the one asked for, else the one that built the index,
 * else {@link DEFAULT_DOCS_DIR}. An index is never silently rebuilt from another folder: a folder that is not the one
 * that built the index stops with an error, unless the rebuild is asked for (`ask --docs-changed`), which
 * `onReplace` reports.
 * @throws {DocsFolderMismatchError} when `requested` is not the folder that built the index and no `onReplace` is given.
 */
export async function docsFolderToAnswerFrom(
  indexDir: string,
  requested: string | undefined,
  onReplace?: (builtFrom: string) => void,
): Promise<string> {
  const builtFrom = await recordedDocsFolder(indexDir);
  if (requested === undefined) return builtFrom ?? DEFAULT_DOCS_DIR;
  if (builtFrom !== null && resolve(requested) !== builtFrom) {
    if (!onReplace) throw new DocsFolderMismatchError(indexDir, builtFrom, requested);
    onReplace(builtFrom);
  }
  return requested;
}
