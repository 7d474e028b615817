import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/chunk.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { candidatesOf, quoteBounds } from '../../src/rank/candidates.js';
import { analyzeQuestion } from '../../src/retrieve/question.js';
import { idfOf } from '../../src/retrieve/search.js';
import type { CorpusIndex } from '../../src/store/corpus-index.js';
import { loadIndex } from '../../src/store/generations.js';
import { ingest } from '../../src/store/ingest.js';
import { tempFolders } from '../helpers/corpus.js';

const quoteOf = (text: string, i: number) => {
  const { start, end } = quoteBounds(text, splitSentences(text), i);
  return text.slice(start, end);
};

describe('quoteBounds', () => {
  it('quotes a sentence on its own', () => {
    expect(quoteOf('医院共有床位800张。门诊楼已经启用。', 1)).toBe('门诊楼已经启用。');
  });

  it('takes along the sentence a continuation leans on', () => {
    expect(quoteOf('新增省份有5个。其中包括吉林和湖南。', 1)).toBe('新增省份有5个。其中包括吉林和湖南。');
  });

  it('quotes every item of a list after a colon up to its full stop, not the first two only', () => {
    const text = '全市形成了三种服务模式：医院与养老院签约；医院开办护理院；服务延伸到家庭。此外还有试点。';
    expect(quoteOf(text, 0)).toBe('全市形成了三种服务模式：医院与养老院签约；医院开办护理院；服务延伸到家庭。');
  });

  it('joins a clause ending in ；to the next one only when no colon opened a list', () => {
    const text = '一期工程已经完工；二期工程正在建设；三期尚未开工。';
    expect(quoteOf(text, 0)).toBe('一期工程已经完工；二期工程正在建设；');
  });
});

describe('candidatesOf', () => {
  const folders = tempFolders('yigai-candidates');
  let index: CorpusIndex;

  afterAll(folders.cleanup);

  beforeAll(async () => {
    const docsDir = await folders.make();
    const indexDir = await folders.make();
    // The batch is named only by the sub-headings the lines stand under, as in a list an article sorts by batch.
    await writeFile(
      join(docsDir, 'henan.md'),
      [
        '---', 'title: 河南的国家区域医疗中心', 'date: 2022-07-07', '---', '',
        '河南已经有5个国家区域医疗中心，记者按批次做了梳理。', '',
        '■ 第一批试点（2个）', '',
        '心血管方向：阜外医院华中医院（依托医院：河南省人民医院）', '',
        '儿童方向：北京儿童医院郑州医院（依托医院：河南省儿童医院）', '',
        '■ 第二批试点（3个）', '',
        '呼吸方向：西安交通大学第二附属医院洛阳医院（依托医院：洛阳市中心医院）', '',
      ].join('\n'),
    );
    const embeddings = new LocalEmbeddings();
    await ingest({ docsDir, indexDir, embeddings });
    index = (await loadIndex(indexDir, embeddings)).index;
  });

  const everyPassage = () => index.chunks.map((chunk, position) => ({ chunk, position, score: 1, rank: position, alsoIn: [] }));

  it('reads an article with its sub-headings: a batch only a heading names is named', () => {
    const question = analyzeQuestion('河南第一批试点里，儿童方向依托的是哪家医院？');
    const quotes = candidatesOf(question, everyPassage(), index, idfOf(index)).map((c) => c.text);
    expect(quotes).toContain('儿童方向：北京儿童医院郑州医院（依托医院：河南省儿童医院）');
  });

  it('holds a batch asked against the sub-heading a sentence stands under when the sentence names none', () => {
    const question = analyzeQuestion('河南第二批试点里，呼吸方向依托的是哪家医院？');
    const byText = new Map(candidatesOf(question, everyPassage(), index, idfOf(index)).map((c) => [c.text, c.features]));
    expect(byText.get('呼吸方向：西安交通大学第二附属医院洛阳医院（依托医院：洛阳市中心医院）')).toMatchObject({ ordinalMissing: 0, ordinalConflict: 0 });
    expect(byText.get('儿童方向：北京儿童医院郑州医院（依托医院：河南省儿童医院）')).toMatchObject({ ordinalMissing: 1, ordinalConflict: 1 });
  });
});
