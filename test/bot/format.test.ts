import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/answer/types.js';
import {
  escapeHtml,
  formatAnswer,
  formatCitation,
  formatError,
  formatHelp,
  formatSourceList,
  formatSources,
  splitHtml,
  splitMessage,
  TELEGRAM_MESSAGE_LIMIT,
} from '../../src/bot/format.js';
import { IndexMissingError, ProviderError } from '../../src/errors.js';
import { FAKE_KEY_TERMS, FAKE_SUMMARY, fakeCitations } from './fake-answerer.js';
import { htmlProblems } from './html-check.js';

/** The text a reader sees: tags removed, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

const citation = (over: Partial<Citation> = {}): Citation => ({ ...fakeCitations('问题')[0]!, ...over });

const answer = (over: Partial<Answer> = {}): Answer => ({
  question: '今年新建多少家社区医院？',
  searchedAs: '今年新建多少家社区医院',
  answered: true,
  lead: '今年将新建成500家左右社区医院[1]。',
  text: '今年将新建成500家左右社区医院[1]。',
  citations: [citation()],
  composer: 'extractive',
  ...over,
});

describe('escapeHtml', () => {
  it('escapes tags, ampersands and quotes, and nothing else', () => {
    expect(escapeHtml('<b>医保</b> & </a> "引"')).toBe('&lt;b&gt;医保&lt;/b&gt; &amp; &lt;/a&gt; &quot;引&quot;');
    expect(escapeHtml('普通文字[1]。')).toBe('普通文字[1]。');
  });
});

describe('source rendering', () => {
  it('lists sources compactly as "n. publisher · date · title", leaving out what is unknown', () => {
    const list = formatSourceList(fakeCitations('医保'));
    expect(list).toBe(['<b>来源</b>', '1. 新华社 · 2022-05-26 · 《关于「医保」的报道》', '2. 《医改重点工作任务》'].join('\n'));
    expect(formatSourceList([])).toBe('');
  });

  it('escapes document-derived strings and shortens long titles in the compact list', () => {
    const list = formatSourceList([citation({ title: `<script>${'长'.repeat(100)}`, publisher: 'A&B' })]);
    expect(list).toContain('1. A&amp;B · 2022-05-26 · 《&lt;script&gt;');
    expect(list).toContain('…》');
    expect(htmlProblems(list)).toEqual([]);
  });

  it('renders an answer with its markers and sources, or alone when nothing was found', () => {
    const html = formatAnswer(answer({ lead: null, text: '答案 <b>&[1]' }));
    expect(html).toBe('答案 &lt;b&gt;&amp;[1]\n\n<b>来源</b>\n1. 新华社 · 2022-05-26 · 《关于「问题」的报道》');
    expect(formatAnswer(answer({ answered: false, lead: null, text: '没有找到。', citations: [] }))).toBe('没有找到。');
    expect(formatAnswer(answer(), { showQuestion: true })).toMatch(/^<b>问：<\/b>今年新建多少家社区医院？\n\n<b>今年将/);
  });

  it('shows the direct answer an answer opens with in bold, escaped, then the quoted evidence', () => {
    const html = formatAnswer(answer({ lead: '共500家<左右>[1]。', text: '共500家<左右>[1]。\n据新华社：今年将新建成500家左右社区医院。[1]' }));
    expect(html).toMatch(/^<b>共500家&lt;左右&gt;\[1\]。<\/b>\n据新华社：今年将新建成500家左右社区医院。\[1\]\n\n<b>来源<\/b>/);
    expect(htmlProblems(html)).toEqual([]);
  });

  it('shows a citation in full: title, byline, quoted passage, file with copies, link', () => {
    const [first, second] = fakeCitations('医保 <i>');
    expect(formatCitation(first!)).toBe(
      [
        '<b>[1] 关于「医保 &lt;i&gt;」的报道</b>',
        '新华社 · 2022-05-26',
        '<blockquote>原文一：医保 &lt;i&gt;——有关部门表示将稳步推进。</blockquote>',
        '文件：001_news.txt',
        '<a href="https://example.org/news/1?a=1&amp;b=2">原文链接</a>',
      ].join('\n'),
    );
    expect(formatCitation(second!)).toBe(
      ['<b>[2] 医改重点工作任务</b>', '<blockquote>原文二：今年将新建成500家左右社区医院。</blockquote>', '文件：002_report.txt（亦见于：003_copy.txt）'].join('\n'),
    );
  });

  it('never makes a non-web URL clickable', () => {
    const html = formatCitation(citation({ url: 'javascript:alert(1)' }));
    expect(html).not.toContain('<a ');
    expect(html).toContain('链接：javascript:alert(1)');
  });

  it('heads /sources with the escaped question', () => {
    const html = formatSources('a<b', fakeCitations('x'));
    expect(html.startsWith('<b>出处</b>（问题：a&lt;b）\n\n<b>[1]')).toBe(true);
    expect(htmlProblems(html)).toEqual([]);
  });
});

describe('help and errors', () => {
  it('says how many articles from which dates, what their titles are about, and how to ask', () => {
    const help = formatHelp(FAKE_SUMMARY, 'YigaiBot', FAKE_KEY_TERMS);
    expect(help).toContain('5 篇报道（2021-07-24 至 2022-06-02），标题关键词有社区医院、区域医疗中心、&lt;医保&gt;等。');
    expect(help).toContain('@YigaiBot');
    expect(help).toContain('/sources');
    expect(htmlProblems(help)).toEqual([]);
    expect(formatHelp({ ...FAKE_SUMMARY, earliestDate: null }, 'YigaiBot', [])).toContain('5 篇报道。');
  });

  it('maps error codes to short replies and hides internals', () => {
    expect(formatError(new IndexMissingError('/secret/path'))).toBe('资料库正在维护，暂时无法回答，请稍后再试。');
    expect(formatError(new ProviderError(false, 'ECONNREFUSED'))).toBe('回答服务暂时不可用，请稍后再试。');
    expect(formatError(new Error('boom'))).toBe('抱歉，处理您的问题时出错了，请稍后再试。');
  });
});

describe('splitMessage', () => {
  const paragraph = '国家区域医疗中心建设稳步推进，优质医疗资源加快扩容下沉[1]。'.repeat(10);
  const longAnswer = answer({ text: Array.from({ length: 22 }, () => paragraph).join('\n\n'), citations: fakeCitations('长') });

  it('leaves a message within the limit alone', () => {
    expect(splitMessage('<b>短</b>')).toEqual(['<b>短</b>']);
  });

  it('splits a 6,000+ character answer into numbered, well-formed messages within 4096 at paragraph ends', () => {
    const html = formatAnswer(longAnswer);
    expect(html.length).toBeGreaterThan(6_000);
    const parts = splitMessage(html);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const [i, part] of parts.entries()) {
      expect(part.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(htmlProblems(part)).toEqual([]);
      expect(part.startsWith(`<i>(${i + 1}/${parts.length})</i>\n`)).toBe(true);
    }
    // Cut at paragraph ends: every piece but the last ends a paragraph; nothing is lost or doubled.
    for (const part of parts.slice(0, -1)) expect(part.endsWith('[1]。')).toBe(true);
    const withoutSpace = (text: string) => visibleText(text).replace(/\s+/g, '');
    const rejoined = parts.map((p) => withoutSpace(p.replace(/^<i>\(\d+\/\d+\)<\/i>\n/, ''))).join('');
    expect(rejoined).toBe(withoutSpace(html));
  });

  it('closes and reopens a blockquote and <b> cut in the middle, at sentence ends', () => {
    const quote = '这是引用的一句话。'.repeat(60);
    const html = `<b>标题${'很长的粗体句子。'.repeat(30)}</b>\n<blockquote>${quote}</blockquote>`;
    const parts = splitHtml(html, 200);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(200);
      expect(htmlProblems(part)).toEqual([]);
    }
    expect(parts[1]).toMatch(/^<b>/);
    expect(parts.at(-1)).toMatch(/^<blockquote>这是引用的一句话。.*<\/blockquote>$/);
    expect(parts.every((p) => /。<\/(b|blockquote)>$/.test(p))).toBe(true);
  });

  it('reopens a link with its attributes and never cuts inside a tag or an entity', () => {
    const html = `<a href="https://example.org/?a=1&amp;b=2">${'&amp;&lt;'.repeat(40)}</a>`;
    const parts = splitHtml(html, 120);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(htmlProblems(part)).toEqual([]);
      expect(part).toMatch(/^<a href="https:\/\/example\.org\/\?a=1&amp;b=2">(&amp;|&lt;)+<\/a>$/);
    }
    expect(parts.map(visibleText).join('')).toBe('&<'.repeat(40));
  });

  it('drops the whitespace at a cut and makes no empty element', () => {
    const html = `<b>${'一句话。'.repeat(30)}</b>\n\n${'第二段。'.repeat(30)}`;
    const parts = splitHtml(html, 130);
    expect(parts[0]).toBe(`<b>${'一句话。'.repeat(30)}</b>`);
    expect(parts[1]).toBe('第二段。'.repeat(30));
  });

  it('refuses a limit too small for the markup', () => {
    expect(() => splitHtml('<a href="https://example.org/very/long">x y</a>', 20)).toThrow(/cannot hold/);
  });
});
