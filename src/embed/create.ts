import type { Config } from '../config.js';
import { createOpenAIClient } from '../providers/openai.js';
import type { CorpusEmbeddings } from './embedder.js';
import { LocalEmbeddings } from './local.js';
import { OpenAIEmbeddings } from './openai.js';

/** The embedder the configuration asks for: local by default, OpenAI-compatible when EMBEDDING_PROVIDER=openai. */
export function createEmbeddings(config: Config): CorpusEmbeddings {
  if (config.embedding.provider === 'openai' && config.openai) {
    return new OpenAIEmbeddings({ client: createOpenAIClient(config.openai), model: config.embedding.model });
  }
  return new LocalEmbeddings();
}
