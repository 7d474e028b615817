import { describe, expect, it } from 'vitest';
import { corpusTopics, indexedTitles } from '../../src/answer/corpus-topics.js';

describe('corpusTopics (what a refusal says the corpus covers)', () => {
  const titles = [
    '第七批国家集采在南京开标 60种药品拟中选价平均降48%',
    '胰岛素集采在31省全面落地 中选产品平均降价近五成',
    '首次国家组织冠脉支架集采产生拟中选结果',
    '今年居民医保人均财政补助再增30元',
    '全国基本医疗保险参保人数达13.4亿 医保参保率稳定',
    '职工医保个人账户实现省内共济全覆盖',
    '让罕见病被“看见”：全国罕见病诊疗协作网医院增至419家',
    '罕见病目录再扩容 云南医院加入协作网',
    '云南省滇西中心医院正式开诊',
    '惠民保走到分水岭：今年新增产品仅9款',
  ];

  it('takes the words several titles use, the rarer in general Chinese first, and no places or figures', () => {
    const topics = corpusTopics(titles, 6);
    expect(topics).toHaveLength(6);
    expect(topics).toEqual(expect.arrayContaining(['集采', '医保', '罕见病']));
    // 云南 is in two titles but names a place; 惠民保 is in one of ten.
    expect(topics).not.toContain('云南');
    expect(topics).not.toContain('惠民保');
    expect(topics.some((t) => /\d/.test(t))).toBe(false);
    // 医院 is in three titles, but common in general Chinese: the rarer shared words come first.
    expect(topics.indexOf('罕见病')).toBeLessThan(topics.includes('医院') ? topics.indexOf('医院') : Infinity);
  });

  it('keeps one of two words where one holds the other, and lets one title speak for a small corpus', () => {
    const topics = corpusTopics(['国家区域医疗中心建设方案获批', '区域医疗中心试点扩围', '惠民保新增产品'], 8);
    expect(topics.filter((t) => t.includes('区域医疗中心'))).toHaveLength(1);
    expect(topics).toContain('惠民保');
  });

  it('names no Latin words: English titles give the, of and report as often as anything', () => {
    const english = ['The report of the commission', 'The report of the ministry', 'The plan of the ministry'];
    const topics = corpusTopics([...english, '医保目录调整', '医保基金'], 8);
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.every((t) => /^\p{sc=Han}+$/u.test(t))).toBe(true);
  });

  it('reads the titles of the documents answered from: not a duplicate indexed under another name, not an empty one', () => {
    const document = { hash: '0'.repeat(64), publisher: null, date: null, url: null };
    const documents = [
      { ...document, file: 'a.md', title: '医保目录调整', chunks: 3 },
      { ...document, file: 'b.md', title: '医保目录调整（转载）', chunks: 3, duplicateOf: 'a.md' },
      { ...document, file: 'c.md', title: '空白', chunks: 0 },
    ];
    expect(indexedTitles(documents)).toEqual(['医保目录调整']);
  });

  it('names nothing for a corpus without titles', () => {
    expect(corpusTopics([], 8)).toEqual([]);
  });
});
