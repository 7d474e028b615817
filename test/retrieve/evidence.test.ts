import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/corpus/facts.js';
import { factFit } from '../../src/retrieve/evidence.js';
import { analyzeQuestion } from '../../src/retrieve/question.js';

const fitOf = (question: string, text: string) => factFit(analyzeQuestion(question), extractFacts(text, '2022-05-11'), text);

describe('factFit', () => {
  it('prefers, for a 「怎么建」 question, the passage that explains how over one that only says it will be done', () => {
    const how = '区域医疗中心建设，简单来说，就是从北京、上海、广州等地选择若干高水平医院作为输出医院，到基础薄弱的省份建设分院。';
    const that = '我国将推进国家医学中心和国家区域医疗中心建设。';
    expect(fitOf('国家区域医疗中心是怎么建的？', how)).toBeGreaterThan(fitOf('国家区域医疗中心是怎么建的？', that));
  });

  it('prefers a quantity for a number question and penalises a year the text does not speak of', () => {
    const question = '2022年要建多少个国家区域医疗中心？';
    expect(fitOf(question, '2022年将新建20个国家区域医疗中心。')).toBeGreaterThan(fitOf(question, '2022年继续推进国家区域医疗中心建设。'));
    expect(fitOf(question, '2021年新建20个国家区域医疗中心。')).toBeLessThan(0);
  });
});
