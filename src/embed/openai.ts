import type OpenAI from 'openai';
import { CorpusEmbeddings, type EmbedderIdentity } from './embedder.js';
import { ProviderError } from '../errors.js';
import { toProviderError } from '../providers/openai.js';

export interface OpenAIEmbeddingsOptions {
  client: OpenAI;
  model: string;
  /** Texts per request. @default 64 */
  batchSize?: number;
}

/** Embeddings from an OpenAI-compatible server through the openai SDK, in batches. */
export class OpenAIEmbeddings extends CorpusEmbeddings {
  readonly identity: EmbedderIdentity;
  private readonly client: OpenAI;
  private readonly batchSize: number;

  constructor(options: OpenAIEmbeddingsOptions) {
    super({});
    this.client = options.client;
    this.batchSize = options.batchSize ?? 64;
    this.identity = { provider: 'openai', model: options.model };
  }

  /** @throws {ProviderError} when the server fails or answers with something that is not one vector per text. */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      vectors.push(...(await this.embedBatch(texts.slice(i, i + this.batchSize))));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedBatch([text]);
    return vector!;
  }

  private async embedBatch(input: string[]): Promise<number[][]> {
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      // 'float' explicitly: with the SDK's default base64 request, servers that answer floats yield [].
      response = await this.client.embeddings.create({ model: this.identity.model, input, encoding_format: 'float' });
    } catch (error) {
      throw toProviderError(`embedding with ${this.identity.model}`, error);
    }
    const data = [...(response.data ?? [])].sort((a, b) => a.index - b.index);
    const vectors = data.map((item) => item.embedding);
    const width = vectors[0]?.length ?? 0;
    if (vectors.length !== input.length || width === 0 || vectors.some((v) => !Array.isArray(v) || v.length !== width)) {
      throw new ProviderError(true, `embedding with ${this.identity.model}: expected ${input.length} vectors of one size, got ${vectors.length}`);
    }
    return vectors;
  }
}
