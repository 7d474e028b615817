import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIEmbeddings } from '../../src/embed/openai.js';
import { ProviderError } from '../../src/errors.js';
import { createOpenAIClient } from '../../src/providers/openai.js';
import { FakeOpenAIServer } from '../helpers/openai-server.js';

let server: FakeOpenAIServer;
let embeddings: OpenAIEmbeddings;

beforeAll(async () => {
  server = new FakeOpenAIServer();
  const baseURL = await server.start();
  embeddings = new OpenAIEmbeddings({ client: createOpenAIClient({ apiKey: 'k-test', baseURL, timeoutMs: 1_000, maxRetries: 0 }), model: 'emb-test', batchSize: 3 });
});
afterAll(() => server.stop());

describe('OpenAIEmbeddings against a local OpenAI-compatible server', () => {
  it('embeds in batches, asks for floats, and keeps input order', async () => {
    server.requests.length = 0;
    const vectors = await embeddings.embedDocuments(['国家区域医疗中心', '社区医院', '分级诊疗', '医联体', '十四五']);
    expect(vectors).toHaveLength(5);
    expect(vectors.every((v) => v.length === 8)).toBe(true);
    expect(server.requests.map((r) => r.body.input.length)).toEqual([3, 2]);
    expect(server.requests[0]!.body.encoding_format).toBe('float');
    expect(vectors[0]).toEqual(await embeddings.embedQuery('国家区域医疗中心'));
  });

  it('reports a refusing server apart from an unreachable one', async () => {
    server.enqueue({ kind: 'status', status: 401 });
    const refused = await embeddings.embedQuery('x').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderError);
    expect((refused as ProviderError).code).toBe('PROVIDER_REFUSED');
    expect((refused as ProviderError).message).toContain('OPENAI_API_KEY');

    const offline = new OpenAIEmbeddings({ client: createOpenAIClient({ apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1', timeoutMs: 500, maxRetries: 0 }), model: 'm' });
    const unreachable = await offline.embedQuery('x').catch((e: unknown) => e);
    expect((unreachable as ProviderError).code).toBe('PROVIDER_UNREACHABLE');
    expect((unreachable as ProviderError).message).not.toContain('k-test');
  });
});
