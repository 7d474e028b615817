import { describe, expect, it } from 'vitest';
import { LocalEmbeddings } from '../../src/embed/local.js';

const embeddings = new LocalEmbeddings();

const norm = (v: number[]) => Math.hypot(...v);
const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0) / (norm(a) * norm(b));

describe('LocalEmbeddings', () => {
  it('gives 512-dimensional unit vectors by default', async () => {
    const vector = await embeddings.embedQuery('国家区域医疗中心建设');
    expect(vector).toHaveLength(512);
    expect(norm(vector)).toBeCloseTo(1, 10);
    expect(vector.every(Number.isFinite)).toBe(true);
  });

  it('honours the dimensions option and names it in its identity', () => {
    const small = new LocalEmbeddings({ dimensions: 256 });
    expect(small.embedText('区域医疗中心')).toHaveLength(256);
    expect(small.identity).toEqual({ provider: 'local', model: expect.stringContaining('256') });
    expect(small.identity.model).not.toBe(embeddings.identity.model);
  });

  it('is deterministic across calls and instances', async () => {
    const text = '到2022年底，基本完成国家区域医疗中心全国范围内的规划布局。';
    const [fromDocuments] = await embeddings.embedDocuments([text]);
    expect(fromDocuments).toEqual(await embeddings.embedQuery(text));
    expect(new LocalEmbeddings().embedText(text)).toEqual(embeddings.embedText(text));
  });

  it('embeds a batch in order', async () => {
    const texts = ['社区医院', '分级诊疗', '国家医学中心'];
    expect(await embeddings.embedDocuments(texts)).toEqual(texts.map((t) => embeddings.embedText(t)));
  });

  it('places texts about the same thing closer than unrelated ones', () => {
    const topic = embeddings.embedText('国家区域医疗中心建设');
    const related = embeddings.embedText('区域医疗中心建设试点');
    const unrelated = embeddings.embedText('今天天气很好');
    expect(cosine(topic, related)).toBeGreaterThan(cosine(topic, unrelated));
    expect(cosine(topic, related)).toBeGreaterThan(0.5);
  });

  it('gives traditional and simplified writings of a text the same vector', () => {
    expect(embeddings.embedText('國家區域醫療中心建設覆蓋全國所有省份，優質醫療資源擴容。')).toEqual(
      embeddings.embedText('国家区域医疗中心建设覆盖全国所有省份，优质医疗资源扩容。'),
    );
  });

  it('gives a zero vector, not NaN, for text without words', () => {
    const vector = embeddings.embedText('');
    expect(vector).toHaveLength(512);
    expect(vector.every((x) => x === 0)).toBe(true);
  });
});
