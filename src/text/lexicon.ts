import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The folder of word lists and fitted weights (see lexicon/README.md). */
export const LEXICON_DIR = join(import.meta.dirname, '..', '..', 'lexicon');

/** The entries of a word-list file: whitespace-separated words, `#` starting a comment line. */
export function readWordList(name: string): string[] {
  return dataLines(name).flatMap((line) => line.split(/\s+/));
}

/** The lines of a tab-separated lexicon file, split into fields, comments and blank lines dropped. */
export function readTable(name: string): string[][] {
  return dataLines(name).map((line) => line.split('\t').map((field) => field.trim()));
}

function dataLines(name: string): string[] {
  return readFileSync(join(LEXICON_DIR, name), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

// Hashes already computed, by tokenizer version and file list: the files do not change while a process runs.
const hashes = new Map<string, string>();

/**
 * A hash of everything that decides how an article becomes tokens: the tokenizer's version and the word lists it
 * reads (`files`). An index records it; a different hash means its tokens were made by other rules, and it is
 * rebuilt. Lists read only for questions (question words, synonyms, the English glosses) and the fitted model are
 * left out: they change no indexed token.
 */
export function lexiconHash(tokenizerVersion: string, files: readonly string[]): string {
  const key = `${tokenizerVersion}\n${[...files].sort().join('\n')}`;
  let known = hashes.get(key);
  if (!known) {
    const hash = createHash('sha256').update(tokenizerVersion);
    for (const name of [...files].sort()) hash.update(name).update(readFileSync(join(LEXICON_DIR, name)));
    hashes.set(key, (known = hash.digest('hex').slice(0, 16)));
  }
  return known;
}
