import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/chunk.js';
import { quoteBounds } from '../../src/rank/candidates.js';

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
