import * as cheerio from 'cheerio';

/** A document body reduced to what a reader would read, plus the metadata found among the boilerplate. */
export interface CleanBody {
  paragraphs: string[];
  /** The original article's address, when the body links to it. */
  url: string | null;
  /** 责任编辑 line, kept as metadata. */
  editor: string | null;
  /** 「文章来源：X」: the outlet that first carried the story. */
  source: string | null;
}

// Whole elements that are never article text.
const DROP_SELECTORS = 'script, style, noscript, iframe, template, svg, nav, header, footer, .appendQr_wrap, .ori_titlesource';
const BLOCK_SELECTORS = 'p, div, section, article, h1, h2, h3, h4, h5, h6, li, tr, blockquote, pre, br, hr, table';

// Lines that are promotion or navigation, whatever markup carried them.
const BOILERPLATE_LINES: readonly RegExp[] = [
  /海量资讯、?精准解读/,
  /尽在.{0,8}APP/i,
  /^返回(首页|.{0,12}新闻|顶部|列表)/,
  /^(点击|扫码|扫描二维码|长按).{0,20}(关注|下载|阅读)/,
  /^(分享到|分享至|相关阅读|相关新闻|推荐阅读|热门推荐)[:：]?/,
  /^原标题[:：]/,
  /^(举报|打印|关闭窗口|收藏)$/,
  // Bylines (本报记者陈文丽, 澎湃新闻记者 周頔 刘航): who wrote it, not what it says.
  /^.{0,8}记者\s*[\p{sc=Han}、 ]{2,12}$/u,
];

const EDITOR_LINE = /^[(（]?\s*责任编辑\s*[:：]\s*(.+?)\s*[)）]?$/;
const SOURCE_LINE = /^[(（]\s*(?:文章|稿件)?来源\s*[:：]\s*(.+?)\s*[)）]$/;
const AUTOLINK = /<(https?:\/\/[^\s<>]+)>/g;
const BARE_URL_LINE = /^(https?:\/\/\S+)$/;
const MARKDOWN_IMAGE = /!\[[^\]]*\]\([^)]*\)/g;
const MARKDOWN_LINK = /\[([^\]]*)\]\(([^)\s]*)\)/g;

/**
 * Turns an HTML and/or markdown article body into clean paragraphs.
 * Drops styles, scripts, comments, app promotions and navigation links; lifts the editor line,
 * the source line and any original-article URL out of the text into metadata.
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
  for (const rawLine of visibleText(withoutAutolinks).split(/\n/)) {
    const line = tidyLine(
      rawLine.replace(MARKDOWN_IMAGE, '').replace(MARKDOWN_LINK, (_, text: string, href: string) => {
        if (isNavigationText(text)) return '';
        if (/^https?:\/\//.test(href)) urls.push(href);
        return text;
      }),
    );
    if (line === '') continue;
    const editorMatch = EDITOR_LINE.exec(line);
    if (editorMatch) {
      editor = editorMatch[1]!;
      continue;
    }
    const sourceMatch = SOURCE_LINE.exec(line);
    if (sourceMatch) {
      source = sourceMatch[1]!;
      continue;
    }
    const urlMatch = BARE_URL_LINE.exec(line);
    if (urlMatch) {
      urls.push(urlMatch[1]!);
      continue;
    }
    if (BOILERPLATE_LINES.some((pattern) => pattern.test(line))) continue;
    if (isNavigationOnly(line)) continue;
    paragraphs.push(line);
  }
  return { paragraphs, url: urls.find(isArticleUrl) ?? null, editor, source };
}

/**
 * The text a reader sees: tags, styles, scripts and comments gone, block elements ending lines, entities
 * decoded. A body with no tag and no entity (most markdown and text articles) is that text already, and skips
 * the HTML parser.
 */
function visibleText(body: string): string {
  // Without the parser, do the two things it does to plain text: line breaks become \n, NULs go.
  if (!/[<&]/.test(body)) return body.replace(/\r\n?/g, '\n').replaceAll('\0', '');
  const $ = cheerio.load(body, null, false);
  $(DROP_SELECTORS).remove();
  $('*')
    .contents()
    .filter((_, node) => node.type === 'comment')
    .remove();
  $(BLOCK_SELECTORS).after('\n');
  return $.root().text();
}

function tidyLine(line: string): string {
  return line
    .replace(/[\u3000\u00a0\t ]+/g, ' ')
    .replace(/^\s*(#{1,6}|>|[*+-](?=\s))\s*/, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .trim();
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
