import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/corpus/load.js';
import { listParagraph, opensListItem, tableParagraph, withoutItemWord } from '../../src/corpus/blocks.js';

const paragraphsOf = (file: string, body: string) =>
  parseDocument(file, new TextEncoder().encode(`---\ntitle: 标题\ndate: 2023-03-01\n---\n${body}`)).paragraphs;

describe('tableParagraph', () => {
  it('writes each row as a sentence, every cell named by its header', () => {
    const rows = ['| 指标 | 数值 | 与上年相比 |', '| --- | ---: | --- |', '| 居民医保基金支出 | 9353.44亿元 | 增长0.6% |', '| 居民医保基金当期结存 | 775.46亿元 | — |'];
    expect(tableParagraph(rows)).toBe('指标：居民医保基金支出，数值：9353.44亿元，与上年相比：增长0.6%。指标：居民医保基金当期结存，数值：775.46亿元。');
  });

  it('leaves out a column that only numbers the rows, and columns with no text', () => {
    const rows = ['| 序号 | 项目名称 | 备注 |', '| --- | --- | --- |', '| 1 | 甲医院乙分院 | |', '| 2 | 丙医院丁分院 | |'];
    expect(tableParagraph(rows)).toBe('项目名称：甲医院乙分院。项目名称：丙医院丁分院。');
  });

  it('keeps a column of figures that are not the row numbers', () => {
    expect(tableParagraph(['| 2 | 甲 |', '| 5 | 乙 |'])).toBe('2，甲。5，乙。');
  });

  it('joins the cells alone when there is no header row', () => {
    expect(tableParagraph(['| 河南 | 8个 |', '| 江西 | 7个。 |'])).toBe('河南，8个。江西，7个。');
  });

  it('gives a bare figure the unit its header names in brackets, and leaves other cells alone', () => {
    expect(tableParagraph(['| 药品 | 挂网单价（元） | 降幅(%) |', '| --- | --- | --- |', '| 某药 | 7.55 | 52 |', '| 另一药 | 暂无 | 约40 |'])).toBe(
      '药品：某药，挂网单价：7.55元，降幅：52%。药品：另一药，挂网单价（元）：暂无，降幅(%)：约40。',
    );
  });

  it('gives nothing for a table of empty cells', () => {
    expect(tableParagraph(['| | — |', '| --- | --- |'])).toBeNull();
  });
});

describe('tables in articles', () => {
  it('turns a markdown table into one paragraph between the text around it', () => {
    const body = '名单如下。\n\n| 序号 | 项目名称 |\n| --- | --- |\n| 1 | 甲医院乙分院 |\n| 2 | 丙医院丁分院 |\n\n名单之外还有辅导类项目。';
    expect(paragraphsOf('a.md', body)).toEqual(['名单如下。', '项目名称：甲医院乙分院。项目名称：丙医院丁分院。', '名单之外还有辅导类项目。']);
  });

  it('reads an HTML table the same way, with its <th> row as the header and blocks inside a cell on its line', () => {
    const body =
      '<p>主要数据：</p><table><tr><th>指标</th><th>2023年</th></tr>' +
      '<tr><td><p>批准创新药</p><p>（个）</p></td><td>40</td></tr><tr><td>审结申请（件）</td><td>15713</td></tr></table><p>审批继续提速。</p>';
    expect(paragraphsOf('a.html', body)).toEqual(['主要数据：', '指标：批准创新药 （个），2023年：40。指标：审结申请（件），2023年：15713。', '审批继续提速。']);
  });

  it('drops a table inside an element that is never article text', () => {
    expect(paragraphsOf('a.html', '<nav><table><tr><td>首页</td><td>要闻</td></tr></table></nav><p>正文。</p>')).toEqual(['正文。']);
  });
});

describe('listParagraph', () => {
  it('makes the items one sentence: 「；」 between them, 「。」 after the last', () => {
    expect(listParagraph(['甲医院', '乙医院，', '丙医院；'])).toBe('甲医院；乙医院；丙医院。');
  });

  it('keeps an item that ends a sentence of its own as it is', () => {
    expect(listParagraph(['到2025年建成。', '乙医院'])).toBe('到2025年建成。乙医院。');
  });
});

describe('opensListItem and withoutItemWord', () => {
  it('know a paragraph opening as an item, by marker or by word, and not a sentence opening with the same characters', () => {
    for (const item of ['一是方便快捷。', '其二，全国通用。', '第三，安全可靠。', '（四）加强监管。', '五、推进改革。', '首先，要备案。', '1、先备案。', '（2）选定点。', '③持卡就医。']) {
      expect(opensListItem(item), item).toBe(true);
    }
    for (const sentence of ['最后阶段的工程于7月完工。', '一批项目已开工。', '第三批集采于2020年开展。', '1.5亿元用于建设。']) {
      expect(opensListItem(sentence), sentence).toBe(false);
    }
    expect(withoutItemWord('一是方便快捷')).toBe('方便快捷');
    expect(withoutItemWord('最后阶段的工程于7月完工')).toBe('最后阶段的工程于7月完工');
  });
});

describe('lists in articles', () => {
  it('joins a numbered list to the line announcing it, and ends the list at the next paragraph', () => {
    const body = '全省获批的项目共3个，名单如下：\n\n1. 甲医院江西医院\n2. 乙医院赣州医院\n3、丙医院南昌医院\n\n## 两次开工\n\n去年开工。';
    expect(paragraphsOf('a.md', body)).toEqual(['全省获批的项目共3个，名单如下：甲医院江西医院；乙医院赣州医院；丙医院南昌医院。', '两次开工', '去年开工。']);
  });

  it('reads HTML list items and markdown bullets alike; a list after a full stop is a paragraph of its own', () => {
    expect(paragraphsOf('a.html', '<p>分三步走：</p><ul><li>第一步：床位600张；</li><li>第二步：床位900张。</li></ul>')).toEqual(['分三步走：第一步：床位600张；第二步：床位900张。']);
    expect(paragraphsOf('a.md', '两个项目获批。\n\n- 甲医院\n- 乙医院')).toEqual(['两个项目获批。', '甲医院；乙医院。']);
  });

  it('does not take a line opening with a figure for a list item', () => {
    expect(paragraphsOf('a.md', '1.5亿元用于设备采购。')).toEqual(['1.5亿元用于设备采购。']);
  });
});
