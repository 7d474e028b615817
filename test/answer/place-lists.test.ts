import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, type Answerer } from '../../src/answer/answerer.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { buildSeedIndex } from '../helpers/seed-index.js';

let answerer: Answerer;

beforeAll(async () => {
  const embeddings = new LocalEmbeddings();
  answerer = createAnswerer({ index: await buildSeedIndex(embeddings), embeddings });
});

describe('a list of places spread over several paragraphs', () => {
  it('「河北有哪些城市…」 quotes the paragraph of each Hebei city, though none says 河北, and none about another province', async () => {
    const answer = await answerer.answer('河北有哪些城市在建国家区域医疗中心？', []);
    expect(answer.answered).toBe(true);
    for (const city of ['石家庄', '保定', '张家口']) expect(answer.text).toContain(city);
    expect(answer.text).not.toContain('太原');
    expect(answer.citations.length).toBeGreaterThanOrEqual(3);
    for (const citation of answer.citations) expect(answer.text).toContain(`[${citation.n}]`);
  });

  it('answers the same list asked in English', async () => {
    const answer = await answerer.answer('Which cities in Hebei are building national regional medical centres?', []);
    for (const city of ['石家庄', '保定', '张家口']) expect(answer.text).toContain(city);
  });

  it('does not carry the Hebei cities it searched for into a follow-up about another province', async () => {
    const first = await answerer.answer('河北有哪些城市在建国家区域医疗中心？', []);
    expect(first.searchedAs).not.toContain('石家庄');
    const followUp = await answerer.answer('那河南呢？', [{ question: first.question, searchedAs: first.searchedAs }]);
    expect(followUp.answered).toBe(true);
    expect(followUp.text).toMatch(/河南|郑州/);
    expect(followUp.text).not.toContain('石家庄');
  });

  it('quotes only the place asked about when one place is asked for, not a list', async () => {
    const answer = await answerer.answer('保定的儿童医疗中心设在哪里？', []);
    expect(answer.text).toContain('保定');
    expect(answer.text).not.toMatch(/郑州|海口|三亚/);
  });

  it('a province list without a named province still answers from the passage that lists them', async () => {
    const answer = await answerer.answer('哪些省份新纳入国家区域医疗中心建设？', []);
    expect(answer.answered).toBe(true);
    for (const province of ['内蒙古', '西藏', '新疆生产建设兵团']) expect(answer.text).toContain(province);
  });
});
