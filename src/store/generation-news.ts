/**
 * The news that a new index generation was written, on a Redis channel: how every bot instance sharing REDIS_URL
 * learns of a `/reindex` on another instance, or of `npm run ingest`, without waiting for its next question.
 * One format for the publisher (this module, and the bots' shared state) and the subscribers.
 */
import { Redis } from 'ioredis';

/** One message on the channel: who wrote which generation. */
export interface GenerationNews {
  instance: string;
  generation: string;
}

/** The channel of a key prefix (channels are not prefixed by the client, keys are). */
export function generationChannel(keyPrefix: string): string {
  return `${keyPrefix}generation`;
}

export function encodeNews(news: GenerationNews): string {
  return JSON.stringify(news);
}

/** The news in a message, or null for a message that is not one. */
export function decodeNews(message: string): GenerationNews | null {
  try {
    const value = JSON.parse(message) as Partial<GenerationNews>;
    return typeof value.instance === 'string' && typeof value.generation === 'string' ? { instance: value.instance, generation: value.generation } : null;
  } catch {
    return null;
  }
}

/** Publishes the news once, on a connection of its own (for `npm run ingest`). Resolves to how many instances heard it. */
export async function publishGenerationNews(url: string, keyPrefix: string, news: GenerationNews): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // The failure reaches the caller through connect(); the event would otherwise be printed raw by ioredis.
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.publish(generationChannel(keyPrefix), encodeNews(news));
  } finally {
    client.disconnect();
  }
}
