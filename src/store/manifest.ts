import { z } from 'zod';
import { FACTS_VERSION } from '../corpus/facts.js';
import { DOCUMENT_READER_VERSION } from '../corpus/load.js';
import { analyzerVersion } from '../text/tokenize.js';

/** Bumped when the on-disk layout changes; an index of another version must be rebuilt. */
export const INDEX_FORMAT_VERSION = 7;

/**
 * The rules an index's chunks and tokens follow: how files are read into paragraphs, how their facts are read, and
 * the tokenizer with its word lists. Recorded in the manifest; an index made by other rules is rebuilt, not mixed.
 */
export function indexRules(): string {
  return `${DOCUMENT_READER_VERSION}+${FACTS_VERSION}+${analyzerVersion()}`;
}

const manifestSchema = z.object({
  version: z.literal(INDEX_FORMAT_VERSION),
  generation: z.string().min(1),
  builtAt: z.string().min(1),
  /** The resolved path of the docs folder the index was built from (absent in indexes built before it was recorded). */
  docsDir: z.string().min(1).optional(),
  embedder: z.object({ provider: z.enum(['local', 'openai']), model: z.string().min(1), dimensions: z.number().int().positive() }),
  hnsw: z.object({
    space: z.literal('cosine'),
    m: z.number().int().positive(),
    efConstruction: z.number().int().positive(),
    efSearch: z.number().int().positive(),
  }),
  /**
   * How text became chunks and tokens: the chunk size, and the document reader's and tokenizer's versions with a
   * hash of the word lists (`indexRules()`).
   */
  chunker: z.object({ maxChars: z.number().int().positive(), analyzer: z.string().min(1) }),
  documents: z.array(
    z.object({
      file: z.string().min(1),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      title: z.string(),
      // The citation fields every chunk of the document shares: stored once here, not with each chunk.
      publisher: z.string().nullable(),
      date: z.string().nullable(),
      url: z.string().nullable(),
      chunks: z.number().int().nonnegative(),
      /** Set when the file's content is identical to another document's: indexed once, cited under both names. */
      duplicateOf: z.string().optional(),
    }),
  ),
  chunkCount: z.number().int().nonnegative(),
  /** Distinct vectors in the HNSW graph: chunks with identical text share one. */
  vectorCount: z.number().int().nonnegative(),
  skipped: z.array(z.object({ file: z.string(), reason: z.string(), hash: z.string().optional() })),
});

/** What built an index generation and from which documents: `manifest.json`. */
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * The documents an index answers from: those with passages of their own. A copy of another (`duplicateOf`) has none,
 * and a file without text never reaches the manifest. Pure.
 */
export function documentsAnsweredFrom(documents: Manifest['documents']): Manifest['documents'] {
  return documents.filter((d) => d.chunks > 0 && d.duplicateOf === undefined);
}

/**
 * Validates a parsed `manifest.json`.
 * @returns the manifest, or a one-line description of what is wrong with it.
 */
export function parseManifest(value: unknown): { ok: true; manifest: Manifest } | { ok: false; problem: string } {
  const parsed = manifestSchema.safeParse(value);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, problem: `manifest.json ${issue.path.join('.') || '(root)'}: ${issue.message}` };
}
