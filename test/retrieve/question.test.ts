import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/retrieve/question.js';

describe('analyzeQuestion', () => {
  it.each([
    ['国家要建多少个省级区域医疗中心？', 'number'],
    ['国家区域医疗中心建设任务什么时候基本完成？', 'deadline'],
    ['哪些省份新纳入国家区域医疗中心建设？', 'places'],
    ['这是谁宣布的？', 'person'],
    ['国家区域医疗中心建设讲的“三不”是什么？', 'other'],
    ['How many provincial regional medical centers will be built?', 'number'],
    ['国家区域医疗中心具体是怎么建起来的？', 'method'],
    ['医联体如何推进？', 'method'],
    ['How are national regional medical centres built?', 'method'],
  ])('reads %s as a %s question', (question, kind) => {
    expect(analyzeQuestion(question).kind).toBe(kind);
  });

  it('adds the article\'s words for a reader\'s paraphrase, and judges evidence by them', () => {
    const question = analyzeQuestion('各省自己建的区域医疗中心，全国加起来大概要建几个？');
    expect(question.searchText).toContain('省级');
    expect(question.searchText).toContain('左右');
    expect(question.focusWords).toEqual(expect.arrayContaining(['省级', '左右']));
    expect(question.focusWords).not.toContain('大概');
    // Not every 大概 is a count.
    expect(analyzeQuestion('国家区域医疗中心大概什么时候建成？').focusWords).not.toContain('左右');
  });

  it('searches for the cities of a province when asked which of its cities (articles name 石家庄, not 河北)', () => {
    const question = analyzeQuestion('河北有哪些城市在建国家区域医疗中心？');
    expect(question.kind).toBe('places');
    expect(question.places).toEqual(expect.arrayContaining(['河北', '石家庄', '保定', '张家口']));
    expect(question.searchText).toContain('保定');
    expect(analyzeQuestion('河北有多少个国家区域医疗中心？').searchText).not.toContain('保定');
  });

  it('asks about the noun before the question word (院长 in 「…的院长是谁」)', () => {
    expect(analyzeQuestion('北京儿童医院郑州医院的院长是谁？').headNoun).toBe('院长');
  });

  it('notes the unit and the years a question names', () => {
    const question = analyzeQuestion('2024年要新建多少家社区医院？');
    expect(question.unit).toBe('家');
    expect(question.years).toEqual(['2024']);
  });

  it('reads a short follow-up with the previous question, weighting its words less', () => {
    const history = [{ question: '哪些省份新纳入了国家区域医疗中心建设？' }];
    const question = analyzeQuestion('一共几个省份？', history);
    expect(question.isFollowUp).toBe(true);
    expect(question.searchText).toContain('国家区域医疗中心');
    expect(question.contextWords).toContain('国家区域医疗中心');
    expect(question.focusWords).toContain('省份');
  });

  it('does not treat a self-contained question as a follow-up', () => {
    const history = [{ question: '国家要建多少个省级区域医疗中心？' }];
    expect(analyzeQuestion('2022年医改一共安排了多少项具体任务？', history).isFollowUp).toBe(false);
  });

  it('searches traditional and English questions in simplified Chinese', () => {
    const traditional = analyzeQuestion('哪些省份新納入國家區域醫療中心建設？');
    expect(traditional.script).toBe('traditional');
    expect(traditional.searchText).toContain('国家区域医疗中心');
    const english = analyzeQuestion('Which provinces were newly added to the national regional medical center program?');
    expect(english.script).toBe('english');
    expect(english.searchText).toContain('国家区域医疗中心');
  });

  it('gives an English question with no corpus topic nothing to search', () => {
    expect(analyzeQuestion("'; DROP TABLE users; --").searchText.trim()).toBe('');
  });
});
