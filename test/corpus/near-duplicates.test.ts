import { describe, expect, it } from 'vitest';
import { estimatedJaccard, findNearDuplicates, minhashSignature, shingleSimilarity } from '../../src/corpus/near-duplicates.js';

const STORY =
  '孙志诚介绍，从第一批区域医疗中心来看，已取得阶段性成效，就医流向有初步改善。他举例，区域医疗中心之一的北京儿童医院郑州医院落地后，2020年河南省前往北京儿童医院就诊量下降63.1%，住院量下降51.3%。';
const RESYNDICATED = `（本报讯）${STORY.replace('他举例，', '他举例说，')}`;
const OTHER = '国务院办公厅近日印发《深化医药卫生体制改革2022年重点工作任务》，明确2022年深化医改总体要求、重点任务和工作安排。';

describe('near-duplicate passages', () => {
  it('finds a syndicated copy in another document, not the same text within one document, not an unrelated one', () => {
    const twins = findNearDuplicates([
      { id: 'a#0', group: 'a', text: STORY },
      { id: 'b#3', group: 'b', text: RESYNDICATED },
      { id: 'a#1', group: 'a', text: RESYNDICATED },
      { id: 'c#0', group: 'c', text: OTHER },
    ]);
    expect(twins.get('a#0')).toEqual(['b#3']);
    expect(twins.get('b#3')).toEqual(['a#0', 'a#1']);
    expect(twins.has('c#0')).toBe(false);
  });

  it('estimates Jaccard similarity from signatures close to the exact value', () => {
    const estimate = estimatedJaccard(minhashSignature(STORY), minhashSignature(RESYNDICATED));
    expect(Math.abs(estimate - shingleSimilarity(STORY, RESYNDICATED))).toBeLessThan(0.2);
    expect(estimatedJaccard(minhashSignature(STORY), minhashSignature(OTHER))).toBeLessThan(0.2);
  });

  it('is deterministic and ignores punctuation and spacing', () => {
    expect(minhashSignature(STORY)).toEqual(minhashSignature(STORY));
    expect(shingleSimilarity('国家区域医疗中心，建设。', '国家区域医疗中心 建设')).toBe(1);
  });
});
