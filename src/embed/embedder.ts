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
}

/** `local/hash-jieba-v1` form, for messages and manifests. */
export function describeEmbedder(identity: EmbedderIdentity): string {
  return `${identity.provider}/${identity.model}`;
}
