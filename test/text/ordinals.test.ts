import { describe, expect, it } from 'vitest';
import { measureOf, ordinalsIn } from '../../src/text/ordinals.js';

describe('ordinalsIn', () => {
  it('gives every spelling of an ordinal one canonical form', () => {
    expect(ordinalsIn('首批试点')).toEqual(['第一批']);
    expect(ordinalsIn('第3轮谈判')).toEqual(['第三批']);
    expect(ordinalsIn('首届大会')).toEqual(ordinalsIn('第一届大会'));
    expect(ordinalsIn('上任后领到的头一项任务')).toEqual(['第一项']);
    expect(ordinalsIn('首个国家医学中心')).toEqual(['第一个']);
    expect(ordinalsIn('项目二期工程开诊')).toEqual(['第二期']);
  });

  it('counts the rounds of a selection alike, whether written 批 or 轮', () => {
    expect(ordinalsIn('第八轮集采')).toEqual(ordinalsIn('第八批国家组织药品集采'));
    expect(ordinalsIn('首轮谈判')).toEqual(['第一批']);
    expect(ordinalsIn('第八次会议')).not.toEqual(ordinalsIn('第八批'));
  });

  it('keeps larger numbers as written and finds each ordinal once, in order', () => {
    expect(ordinalsIn('第五批和第12批，又是第五批')).toEqual(['第五批', '第12批']);
  });

  it('does not read a numeral inside a longer ordinal as a phase of its own', () => {
    expect(ordinalsIn('第十一期')).toEqual(['第十一期']);
    expect(ordinalsIn('一批医院')).toEqual([]);
  });

  it('reads a bare phase only when asked to', () => {
    expect(ordinalsIn('一期工程有多少张床位', { phases: false })).toEqual([]);
    expect(ordinalsIn('第二期有多少张床位', { phases: false })).toEqual(['第二期']);
  });

  it('names the measure word', () => {
    expect(measureOf('第五批')).toBe('批');
  });
});
