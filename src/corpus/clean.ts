import { LIST_MARKER, TABLE_ROW, listParagraph, tableParagraph, withOuterPipes } from './blocks.js';
import { MAX_HTML_NESTING, visibleText } from './html-text.js';

/** A document body reduced to what a reader would read, plus the metadata found among the boilerplate. */
export interface CleanBody {
  paragraphs: string[];
  /** The original article's address, when the body links to it. */
  url: string | null;
  /** 责任编辑 line, kept as metadata. */
  editor: string | null;
  /** 「文章来源：X」: the outlet that first carried the story. */
  source: string | null;
  /** The publication date a saved page's `<meta>` states, as written (`2023-07-11T09:30:00+08:00`). */
  published: string | null;
  /** A saved page's `<title>`. */
  pageTitle: string | null;
}

// Lines that promote an app or an account. Dropped unless they state a figure: 「…APP注册用户已达326万人，…尽在掌上APP」
// is news about the app.
const PROMOTION_LINES: readonly RegExp[] = [
  /海量资讯、?精准解读/,
  /尽在.{0,8}APP/i,
  /^(点击|扫码|扫描二维码|长按).{0,20}(关注|下载|阅读)/,
  // Only a short line without a full stop: 「参保人可下载国家医保服务平台APP激活医保电子凭证。」 is guidance, not promotion.
  /^(?=[^。]{0,40}$).*(下载|打开|关注).{0,12}(APP|客户端|公众号)/i,
];
// Lines that are navigation or page furniture, whatever markup carried them.
const BOILERPLATE_LINES: readonly RegExp[] = [
  /^返回(首页|.{0,12}新闻|顶部|列表)/,
  /^(首页|当前位置[:：]?)\s*[>＞»›]/,
  /^(上一篇|下一篇)[:：]/,
  /^(分享到|分享至)[:：]?/,
  /^原标题[:：]/,
  /^版权声明|转载请注明(出处|来源)/,
  /^(举报|打印|关闭窗口|收藏)$/,
  // Bylines (本报记者陈文丽, 澎湃新闻记者 周頔 刘航): who wrote it, not what it says.
  /^.{0,8}记者\s*[\p{sc=Han}、 ]{2,12}$/u,
];
// A list of links to other stories follows these lines: neither the line nor its list is the article.
const RELATED_STORIES = /^(相关阅读|相关新闻|推荐阅读|热门推荐|延伸阅读)[:：]?\s*$/;

// Every pattern applied to document text runs in time linear in the line: prefixes are matched by a regex and
// the rest is cut with string operations, and the spans a pattern may scan for a closing mark are bounded (a
// line of 200,000 「[」 with no 「]」 would otherwise be scanned once per 「[」).
const EDITOR_PREFIX = /^[(（【[]?\s*(?:责任)?编辑\s*[:：]/;
const SOURCE_PREFIX = /^[(（【[]?\s*(?:文章|稿件)?来源\s*[:：]/;
// A labelled line opening with a bracket (「（来源：人民日报）」) closes it; an unbracketed one (「来源：某报」) need not.
const OPENS_BRACKET = /^[(（【[]/;
// Longer than this, or with a comma or full stop, what follows an unbracketed 「来源：」 is a sentence, not an outlet.
const MAX_SOURCE_CHARS = 20;
const AUTOLINK = /<(https?:\/\/[^\s<>]+)>/g;
const BARE_URL_LINE = /^(https?:\/\/\S+)$/;
// Longer than this, a bracketed span is not a markdown link's text or address.
const MAX_LINK_TEXT = 300;
const MAX_LINK_HREF = 2000;
// The text and address exclude the brackets that open another link, so the scans from two starts never overlap.
const MARKDOWN_IMAGE = new RegExp(`!\\[[^[\\]\\n]{0,${MAX_LINK_TEXT}}\\]\\([^()[\\]\\n]{0,${MAX_LINK_HREF}}\\)`, 'g');
const MARKDOWN_LINK = new RegExp(`\\[([^[\\]\\n]{0,${MAX_LINK_TEXT}})\\]\\(([^()[\\]\\s]{0,${MAX_LINK_HREF}})\\)`, 'g');
const BOLD = new RegExp(`(\\*\\*|__)([^\\n]{1,${MAX_LINK_TEXT}}?)\\1`, 'g');
// Emphasis, strike-through and code spans around words (「*三级医院*」, 「~~三甲~~」, 「`三级甲等`」): the words stay.
const INLINE_MARKS = new RegExp(`(~~|\\*|\`)(?=\\S)([^*~\`\\n]{1,${MAX_LINK_TEXT}}?)(?<=\\S)\\1`, 'g');
const CODE_FENCE = /^\s*(```|~~~)[\w-]*\s*$/;
// 「[1]: https://…」: where a reference-style link points, not text (「[注]:数据来自…」 is a note, and stays).
const LINK_DEFINITION = /^\s{0,3}\[[^\]]{1,40}\]:\s*<?(?:https?:\/\/|\/)\S*\s*$/;
// A rule or a setext heading's underline: 「---」, 「***」, 「====」.
const RULE_LINE = /^\s*([-=*_])(?:\s*\1){2,}\s*$/;
// Full-width digits, Latin letters and per cent (２０２３年, ％): what dates, figures and search read.
const FULL_WIDTH_ALPHANUMERIC = /[０-９Ａ-Ｚａ-ｚ％]/g;

/**
 * Turns an HTML and/or markdown article body into clean paragraphs.
 * Drops styles, scripts, comments, app promotions and navigation links; lifts the editor line,
 * the source line and any original-article URL out of the text into metadata.
 * @throws {Error} saying why, when the HTML nests deeper than {@link MAX_HTML_NESTING}.
 */
export function cleanBody(body: string): CleanBody {
  const urls: string[] = [];
  // Markdown autolinks look like tags to an HTML parser; take them out first.
  const withoutAutolinks = body.replace(AUTOLINK, (_, url: string) => {
    urls.push(url);
    return '\n';
  });

  let editor: string | null = null;
  let source: string | null = null;
  const paragraphs: string[] = [];
  // The rows of the table and the items of the list being read: each becomes one paragraph once its last line is
  // read; a list joins the line announcing it (「名单如下：」).
  let tableRows: string[] = [];
  let listItems: string[] = [];
  const endTable = () => {
    const paragraph = tableRows.length > 0 ? tableParagraph(tableRows) : null;
    if (paragraph !== null) paragraphs.push(paragraph);
    tableRows = [];
  };
  const endList = () => {
    if (listItems.length === 0) return;
    const list = listParagraph(listItems);
    const last = paragraphs.length - 1;
    if (last >= 0 && /[：:]$/.test(paragraphs[last]!)) paragraphs[last] += list;
    else paragraphs.push(list);
    listItems = [];
  };
  const visible = visibleText(withoutAutolinks);
  const lines = withOuterPipes(visible.text.split(/\n/));
  const code = codeLines(lines);
  // After a 「相关阅读」 line: its list of other stories.
  let inRelatedStories = false;
  for (const [n, rawLine] of lines.entries()) {
    if (code.has(n) || LINK_DEFINITION.test(rawLine)) continue;
    const hrefs: string[] = [];
    const unlinked = rawLine
      .trimStart()
      .replace(MARKDOWN_IMAGE, '')
      .replace(MARKDOWN_LINK, (_, text: string, href: string) => {
        if (isNavigationText(text)) return '';
        if (/^https?:\/\//.test(href)) hrefs.push(href);
        return text;
      });
    const isListItem = LIST_MARKER.test(unlinked);
    const line = tidyLine(isListItem ? unlinked.replace(LIST_MARKER, '') : unlinked);
    if (line === '') continue;
    if (RELATED_STORIES.test(line)) {
      inRelatedStories = true;
      continue;
    }
    if (inRelatedStories && (isListItem || hrefs.length > 0)) continue;
    inRelatedStories = false;
    urls.push(...hrefs);
    if (TABLE_ROW.test(line)) {
      endList();
      tableRows.push(line);
      continue;
    }
    endTable();
    const editorName = labelledValue(line, EDITOR_PREFIX, false);
    if (editorName !== null) {
      editor = editorName;
      continue;
    }
    const sourceName = labelledValue(line, SOURCE_PREFIX, true);
    if (sourceName !== null && (OPENS_BRACKET.test(line) || (sourceName.length <= MAX_SOURCE_CHARS && !/[，,。]/.test(sourceName)))) {
      source = sourceName;
      continue;
    }
    const urlMatch = BARE_URL_LINE.exec(line);
    if (urlMatch) {
      urls.push(urlMatch[1]!);
      continue;
    }
    if (BOILERPLATE_LINES.some((pattern) => pattern.test(line))) continue;
    if (!/\d/.test(line) && PROMOTION_LINES.some((pattern) => pattern.test(line))) continue;
    if (isNavigationOnly(line)) continue;
    if (isListItem) {
      listItems.push(line);
      continue;
    }
    endList();
    paragraphs.push(line);
  }
  endTable();
  endList();
  return { paragraphs, url: urls.find(isArticleUrl) ?? null, editor, source, published: visible.published, pageTitle: visible.title };
}

function tidyLine(line: string): string {
  if (RULE_LINE.test(line)) return '';
  return withoutClosingHashes(line)
    .replace(/[\u3000\u00a0\t ]+/g, ' ')
    .replace(FULL_WIDTH_ALPHANUMERIC, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/^\s*(?:#{1,6}(?=\s|$)|(?:>\s*)+|[*+-](?=\s))\s*/, '')
    .replace(BOLD, '$2')
    .replace(INLINE_MARKS, '$2')
    .trim();
}

/**
 * A markdown heading's optional closing hashes gone (「## 标题 ##」). String operations, not a regex: a pattern for
 * 「spaces then hashes at the end」 backtracks over every space of a line padded with thousands of them.
 */
function withoutClosingHashes(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === '#') end--;
  return end < line.length && end > 0 && /\s/.test(line[end - 1]!) ? line.slice(0, end) : line;
}

/**
 * The value of a labelled line (「责任编辑：王翔」, 「【编辑：王翔】」, 「（来源：人民日报）」): what follows the label,
 * without the closing bracket, which must be there when the label opens with one and `closed`. Null when the line
 * is not such a line or the value is empty.
 */
function labelledValue(line: string, label: RegExp, closed: boolean): string | null {
  const prefix = label.exec(line);
  if (!prefix) return null;
  let value = line.slice(prefix[0].length).trim();
  // Only a label that opened a bracket closes one: 「来源：健康报（北京）」 keeps its own.
  if (OPENS_BRACKET.test(line)) {
    const hasClose = /[)）】\]]$/.test(value);
    if (closed && !hasClose) return null;
    if (hasClose) value = value.slice(0, -1).trim();
  }
  return value === '' ? null : value;
}

/**
 * The numbers of the lines inside fenced code blocks (「```」 … 「```」), fences included: code, not article text.
 * A fence never closed fences nothing (a decorative 「~~~」 line must not swallow the rest of the article).
 */
function codeLines(lines: readonly string[]): Set<number> {
  const code = new Set<number>();
  let open = -1;
  lines.forEach((line, n) => {
    if (!CODE_FENCE.test(line)) return;
    if (open === -1) open = n;
    else {
      for (let k = open; k <= n; k++) code.add(k);
      open = -1;
    }
  });
  return code;
}

function isNavigationText(text: string): boolean {
  return /^(返回|上一篇|下一篇|更多|首页|点击)/.test(text.trim());
}

// What remains of a line of navigation links once the links are gone: separators only.
function isNavigationOnly(line: string): boolean {
  return /^[|｜/\\·•\s-]*$/.test(line);
}

function isArticleUrl(url: string): boolean {
  return !/\.(png|jpe?g|gif|webp|svg)(\?|$)/i.test(url);
}
