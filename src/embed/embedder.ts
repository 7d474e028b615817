import { Embeddings } from '@langchain/core/embeddings';

/** What built an index: compared on load so vectors are never searched with another model's queries. */
export interface EmbedderIdentity {
  provider: 'local' | 'openai';
  model: string;
}

/**
 * A LangChain `Embeddings` that can say what it is. Both providers implement it, so the store and the
 * retriever never know which one they hold.
 */
export abstract class CorpusEmbeddings extends Embeddings {
  abstract readonly identity: EmbedderIdentity;

  /**
   * Embeds passages whose BM25 words ingest already has. By default the words are ignored; an embedder that
   * would segment the text again (the local one) overrides this to reuse them.
   */
  async embedPassages(passages: readonly { text: string; words: readonly string[] }[]): Promise<number[][]> {
    return this.embedDocuments(passages.map((passage) => passage.text));
  }
}

/** `local/hash-jieba-v1` form, for messages and manifests. */
export function describeEmbedder(identity: EmbedderIdentity): string {
  return `${identity.provider}/${identity.model}`;
}
