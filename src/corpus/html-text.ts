import { htmlTagNames } from 'html-tag-names';
import { Parser } from 'htmlparser2';
import { TableSpans } from './table-spans.js';

/** What a reader sees of an article's HTML, and the metadata its page states outside the text. */
export interface VisibleText {
  /** Text with one line per block element; table rows as pipe rows (「| a | b |」). */
  text: string;
  /** The publication date the page's `<meta>` states, as written (`2023-07-11T09:30:00+08:00`). */
  published: string | null;
  /** The page's `<title>`. */
  title: string | null;
}

// The <meta> names and properties pages publish their date under (Open Graph, schema.org, CMS conventions).
const PUBLISHED_META = /^(article:published_time|og:published_time|datePublished|publishdate|pubdate|publish_date|publishtime|dc\.date|dcterms\.created|date)$/i;
// Whole elements that are never article text: by tag, and by the class names news sites give their widgets.
// (Not <head>: a page saved without <body> never closes it, and its title and metadata elements are dropped anyway.)
const DROP_TAGS = new Set(['title', 'script', 'style', 'noscript', 'iframe', 'template', 'svg', 'nav', 'header', 'footer']);
const DROP_CLASSES = ['appendQr_wrap', 'ori_titlesource'];
// No article nests elements this deep; htmlparser2's stack makes each level cost as much as the ones below it.
export const MAX_HTML_NESTING = 1000;
// Elements after which a reader sees a line break.
const BLOCK_TAGS = new Set(['p', 'div', 'section', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'tr', 'blockquote', 'pre', 'br', 'hr', 'table']);

/**
 * The text a reader sees: tags, styles, scripts and comments gone, block elements ending lines, entities
 * decoded, merged table cells undone (table-spans.ts). Lines end in \n already (parseDocument normalises them
 * before it looks for front matter). A body with no tag and no entity (most markdown and text articles) is that
 * text already, and skips the HTML parser. Streams the HTML (htmlparser2's callbacks) rather than
 * building a tree: time is linear in the input and no recursion depends on how deeply a hostile file nests its
 * elements.
 * @throws {Error} saying why, when the HTML nests deeper than {@link MAX_HTML_NESTING}.
 */
export function visibleText(html: string): VisibleText {
  // Without the parser, do what it does to plain text: NULs go.
  if (!/[<&]/.test(html)) return { text: html.replaceAll('\0', ''), published: null, title: null };
  let published: string | null = null;
  const titleParts: string[] = [];
  let inTitle = false;
  const out: string[] = [];
  // Per open element, whether it is dropped; text counts only while no open element is.
  const dropped: boolean[] = [];
  let droppedOpen = 0;
  // Table rows are written as pipe rows (「| a | b |」, a 「| --- |」 line under a row of <th>), the form the
  // markdown tables take, so one reader turns both into sentences (blocks.ts). Blocks inside a cell stay on its line.
  let cellsOpen = 0;
  let headerRow = false;
  // Merged cells (colspan, rowspan) of the outermost table's cells; where the open cell's text starts in `out`.
  const spans = new TableSpans();
  let cell = { start: 0, colspan: 1, rowspan: 1 };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const metaName = attributes.name ?? attributes.property ?? attributes.itemprop ?? '';
        if (name === 'meta' && published === null && PUBLISHED_META.test(metaName) && attributes.content?.trim()) published = attributes.content.trim();
        if (name === 'title') inTitle = true;
        const classes = (attributes.class ?? '').split(/\s+/);
        const drop = DROP_TAGS.has(name) || DROP_CLASSES.some((c) => classes.includes(c));
        dropped.push(drop);
        if (drop) droppedOpen++;
        if (dropped.length > MAX_HTML_NESTING) {
          throw new Error(`the HTML nests elements more than ${MAX_HTML_NESTING} deep, which no article does; fix the markup or save the article's text`);
        }
        if (droppedOpen > 0) return;
        if (name === 'li') out.push('\n- ');
        else if (name === 'table' && cellsOpen === 0) spans.startTable();
        else if (name === 'tr') {
          out.push('\n|', cellsOpen === 0 ? spans.startRow() : '');
          headerRow = false;
        } else if (name === 'td' || name === 'th') {
          if (cellsOpen === 0) {
            out.push(spans.beforeCell());
            cell = { start: out.length, colspan: spanOf(attributes.colspan), rowspan: spanOf(attributes.rowspan) };
          }
          cellsOpen++;
          if (name === 'th') headerRow = true;
        }
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (dropped.pop()) droppedOpen--;
        else if (droppedOpen > 0) return;
        else if (name === 'td' || name === 'th') {
          cellsOpen = Math.max(0, cellsOpen - 1);
          out.push(cellsOpen === 0 ? spans.endCell(out.slice(cell.start).join('').replace(/\s+/g, ' ').trim(), cell.colspan, cell.rowspan) : '|');
        } else if (name === 'tr') out.push(cellsOpen === 0 ? spans.endRow() : '', headerRow ? '\n|---|\n' : '\n');
        else if (BLOCK_TAGS.has(name)) out.push(cellsOpen > 0 ? ' ' : '\n');
      },
      ontext(text) {
        if (inTitle) titleParts.push(text);
        else if (droppedOpen === 0) out.push(text);
      },
    },
    { decodeEntities: true },
  );
  // 「全省推行<DRG>分组结算」 and 「A<B的」 are no tags: only an HTML element's name, or a namespaced or custom one
  // (Word's <o:p>, a saved page's <mp-profile>), followed by a space, / or >, opens one; other 「<」 are text.
  parser.end(html.replace(notATag(), '&lt;'));
  const title = titleParts.join('').replace(/\s+/g, ' ').trim();
  // Entities can still write a CR (&#13;): line breaks become \n here too.
  return { text: out.join('').replace(/\r\n?/g, '\n').replaceAll('\0', ''), published, title: title || null };
}

// Cells a colspan or rowspan may merge: more is no table anyone publishes.
const MAX_SPAN = 100;

/** A cell's colspan or rowspan attribute as a count of cells, 1 when absent or not a number. */
function spanOf(attribute: string | undefined): number {
  const n = Number.parseInt(attribute ?? '', 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, MAX_SPAN) : 1;
}

let notATagPattern: RegExp | undefined;

/** A 「<」 that opens no HTML element (known, namespaced or custom), comment or declaration. */
function notATag(): RegExp {
  notATagPattern ??= new RegExp(`<(?![!?]|/?(?:${htmlTagNames.join('|')}|[a-z][a-z\\d]*[:-][\\w:-]*)(?=[\\s/>]))`, 'gi');
  return notATagPattern;
}
