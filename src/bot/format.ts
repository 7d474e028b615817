/**
 * Pure text builders for the bot: every user- or document-derived string passes through
 * {@link escapeHtml}, and {@link splitMessage} keeps replies within Telegram's size limit.
 * Nothing here touches grammY, so it is tested without a bot.
 */
import { keyTermsPhrase } from '../answer/corpus-topics.js';
import type { Answer, Citation, CorpusSummary } from '../answer/types.js';
import { AppError } from '../errors.js';
import { truncate } from '../text/truncate.js';
import type { IngestReport } from '../store/ingest.js';
import type { InstanceInfo } from './state/shared-state.js';

/** Telegram rejects messages longer than this (characters after entity parsing). */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/**
 * Escapes text for Telegram's HTML parse mode. Telegram knows only these four named entities,
 * and an unescaped `<` or `&` makes the whole sendMessage fail with "can't parse entities".
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => HTML_ESCAPES[ch as keyof typeof HTML_ESCAPES]);
}

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' } as const;


/** Titles in the compact list under an answer are cut to this length; /sources shows them whole. */
const COMPACT_TITLE_CHARS = 60;

/** "publisher · date", leaving out what the document does not say. */
function byline(citation: Citation): string {
  return [citation.publisher, citation.date].filter((part): part is string => part !== null).join(' · ');
}

/** One line of the compact source list: `1. 新浪财经 · 2022-05-26 · 《title》`. */
function formatSourceLine(citation: Citation): string {
  const title = `《${truncate(citation.title, COMPACT_TITLE_CHARS)}》`;
  return escapeHtml(`${citation.n}. ${[byline(citation), title].filter(Boolean).join(' · ')}`);
}

/** The compact source list put under an answer; empty when there is nothing to cite. */
export function formatSourceList(citations: readonly Citation[]): string {
  if (citations.length === 0) return '';
  return ['<b>来源</b>', ...citations.map(formatSourceLine)].join('\n');
}

/**
 * An answer as sent to the chat: its text with the `[n]` markers (the direct answer it opens with in bold), then
 * the compact source list. `showQuestion` repeats the question on top, for questions the user tapped rather than typed.
 */
export function formatAnswer(answer: Answer, options: { showQuestion?: boolean } = {}): string {
  const { lead, text } = answer;
  const body = lead && text.startsWith(lead) ? `<b>${escapeHtml(lead)}</b>${escapeHtml(text.slice(lead.length))}` : escapeHtml(text);
  const parts = [
    options.showQuestion ? `<b>问：</b>${escapeHtml(answer.question)}` : '',
    body,
    formatSourceList(answer.citations),
  ];
  return parts.filter(Boolean).join('\n\n');
}

/** Only web links become `<a>`: a `javascript:` or file URL from a document must not be clickable. */
function formatUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">原文链接</a>` : `链接：${escapeHtml(url)}`;
}

/** One citation in full: title, byline, the quoted passage, file and link. */
export function formatCitation(citation: Citation): string {
  const file = citation.alsoIn.length > 0 ? `${citation.file}（亦见于：${citation.alsoIn.join('、')}）` : citation.file;
  return [
    `<b>[${citation.n}] ${escapeHtml(citation.title)}</b>`,
    byline(citation) ? escapeHtml(byline(citation)) : '',
    `<blockquote>${escapeHtml(citation.quote)}</blockquote>`,
    `文件：${escapeHtml(file)}`,
    citation.url ? formatUrl(citation.url) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The /sources reply: every citation of the answer to `question`, in full. */
export function formatSources(question: string, citations: readonly Citation[]): string {
  return [`<b>出处</b>（问题：${escapeHtml(question)}）`, ...citations.map(formatCitation)].join('\n\n');
}

// The fixed replies below hold no `<`, `>` or `&`: they are valid HTML as they are.

/** The /sources reply when the chat has no answer with sources yet. */
export const NO_SOURCES_TEXT = '还没有可以查看的出处。先问一个问题吧，例如：医改今年有哪些重点任务？';

/** The alert shown when someone presses the 📚 button of an answer older than the last one. */
export const STALE_SOURCES_TEXT = '只保存了最近一次回答的出处。发送 /sources 查看最近一次回答的出处，或重新提问。';

/** What the corpus covers, e.g. `5 篇报道（2021-07-24 至 2022-06-02）`. */
function formatCoverage(summary: CorpusSummary): string {
  const range =
    summary.earliestDate && summary.latestDate ? `（${summary.earliestDate} 至 ${summary.latestDate}）` : '';
  return `${summary.documents} 篇报道${range}`;
}

/**
 * The /start and /help text; the example questions come with it as buttons.
 * @param keyTerms key terms of the corpus's titles (Answerer.keyTerms): what to ask about.
 */
export function formatHelp(summary: CorpusSummary, botUsername: string, keyTerms: readonly string[]): string {
  return [
    '您好！我根据新闻报道回答关于<b>中国医药卫生体制改革</b>的问题，每个回答都注明出处。',
    `📰 资料库：${escapeHtml([formatCoverage(summary), keyTermsPhrase(keyTerms)].filter(Boolean).join('，'))}。`,
    `❓ 提问：直接发送问题即可；在群里请 @${escapeHtml(botUsername)} 或回复我的消息。`,
    '📚 出处：点回答下方的「查看出处」或发送 /sources，查看引用的原文段落。',
    '可以试试这些问题：',
  ].join('\n\n');
}

/** Reply to a mention that holds no question. */
export const EMPTY_QUESTION_TEXT = '请在 @ 我之后写下您的问题，例如：今年要新建多少家社区医院？';

/** Reply to stickers, photos, voice, files and the like. */
/** Answer to a button press no feature knows (an old keyboard, a crafted callback): the spinner stops with this. */
export const UNKNOWN_BUTTON_TEXT = '这个按钮已失效，请直接输入问题，或发送 /help 查看用法。';
export const TEXT_ONLY_TEXT = '我只能阅读文字问题。请用文字发送您的问题，发送 /help 查看用法。';

/** Reply to a command the bot does not have. */
export const UNKNOWN_COMMAND_TEXT = '没有这个命令。可用命令：/help 使用说明，/sources 查看上一个回答的出处。';

/** The notice sent once when a user exceeds the per-minute question limit. */
export const RATE_LIMITED_TEXT = '您发送得太快了，请稍等一分钟再提问。';

/** Reply to /status and /reindex from someone not in ADMIN_IDS. */
export const ADMIN_ONLY_TEXT = '此命令仅限管理员使用。';

/** Reply to /reindex while a re-index started earlier is still running. */
export const REINDEX_BUSY_TEXT = '正在重建索引，请稍候。';

/** File lists in admin replies stop after this many names: a first ingest adds every document. */
const MAX_LISTED_FILES = 10;

// 'sv-SE' formats as `2024-05-26 11:36:18`, the form Chinese admins read at a glance.
const chinaDateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' });

/** A moment as Beijing time, `2024-05-26 11:36:18（北京时间）`. */
function formatChinaTime(at: Date): string {
  return `${chinaDateTime.format(at)}（北京时间）`;
}

/** `新增：a.md、b.md 等 12 个`; nothing for an empty list. */
function formatFileList(label: string, files: readonly string[]): string {
  if (files.length === 0) return '';
  const more = files.length > MAX_LISTED_FILES ? ` 等 ${files.length} 个` : '';
  return escapeHtml(`${label}：${files.slice(0, MAX_LISTED_FILES).join('、')}${more}`);
}

/** 「6 篇（另有 1 个副本，未单独索引）」: the articles answered from, and the copies of them the folder also holds. */
function formatArticleCount(articles: number, copies: number): string {
  return `${articles} 篇${copies > 0 ? `（另有 ${copies} 个副本，未单独索引）` : ''}`;
}

/** What an ingest did: its generation and size, counts per kind of change, and the files behind them. */
export function formatIngestReport(report: IngestReport): string {
  const seconds = (report.elapsedMs / 1000).toFixed(1);
  return [
    escapeHtml(`代次 ${report.generation ?? '（未写入）'} · ${formatArticleCount(report.documents - report.duplicates.length, report.duplicates.length)} · ${report.chunks} 个片段 · 新嵌入 ${report.embedded} 个片段 · 用时 ${seconds} 秒`),
    `新增 ${report.added.length} · 更新 ${report.updated.length} · 删除 ${report.removed.length} · 未变 ${report.unchanged.length} · 跳过 ${report.skipped.length}`,
    formatFileList('新增', report.added),
    formatFileList('更新', report.updated),
    formatFileList('删除', report.removed),
    formatFileList('跳过', report.skipped.map((s) => `${s.file}（${s.reason}）`)),
  ]
    .filter(Boolean)
    .join('\n');
}

/** The /reindex reply. */
export function formatReindexDone(report: IngestReport): string {
  return `<b>索引已重建</b>\n${formatIngestReport(report)}`;
}

/**
 * The /status reply: the index being answered from and, when this process re-indexed, the last
 * report. A new generation is taken up before the next question, so until then the two may differ.
 */
export function formatStatus(
  summary: CorpusSummary,
  lastIngest?: { report: IngestReport; finishedAt: Date },
  instances: readonly InstanceInfo[] = [],
  self?: string,
): string {
  const live = [...instances].sort((a, b) => a.id.localeCompare(b.id));
  const index = [
    '<b>索引状态</b>',
    `文档：${formatArticleCount(summary.documents, summary.copies)}`,
    `片段：${summary.chunks} 个`,
    `构建时间：${escapeHtml(formatChinaTime(new Date(summary.builtAt)))}`,
    `嵌入模型：${escapeHtml(summary.embedder)}`,
    `代次：${escapeHtml(summary.generation)}`,
    // Several instances: each one's host and generation (they should agree within seconds of a re-index).
    ...(live.length > 1 ? ['', `<b>运行中的实例</b>（${live.length} 个）`, ...live.map((i) => escapeHtml(`${i.id}${i.id === self ? '（本实例）' : ''} · ${i.host} · 代次 ${i.generation}`))] : []),
  ].join('\n');
  if (!lastIngest) return `${index}\n\n本进程启动以来尚未重建索引。`;
  const { report, finishedAt } = lastIngest;
  const pending = report.generation !== null && report.generation !== summary.generation ? '\n新代次将在下一个问题时启用。' : '';
  return `${index}\n\n<b>最近一次重建</b>（${escapeHtml(formatChinaTime(finishedAt))}）\n${formatIngestReport(report)}${pending}`;
}

/** The short reply for a failed update, by error code: the person learns whether to retry, never internals. */
export function formatError(error: unknown): string {
  if (!(error instanceof AppError)) return '抱歉，处理您的问题时出错了，请稍后再试。';
  switch (error.code) {
    case 'INDEX_MISSING':
    case 'INDEX_MISMATCH':
    case 'INDEX_CORRUPT':
    case 'INDEX_LOCKED':
    case 'INDEX_UNWRITABLE':
      return '资料库正在维护，暂时无法回答，请稍后再试。';
    case 'PROVIDER_REFUSED':
    case 'PROVIDER_UNREACHABLE':
      return '回答服务暂时不可用，请稍后再试。';
    case 'CONFIG':
    case 'CORPUS':
    case 'USAGE':
      return '机器人的设置有问题，已记录下来，管理员会处理。';
  }
}

// ---------------------------------------------------------------------------------------------
// Splitting long HTML into messages
// ---------------------------------------------------------------------------------------------

interface OpenTag {
  kind: 'open';
  name: string;
  /** The tag as written, attributes included, so it can be reopened verbatim. */
  raw: string;
}

type Token =
  | OpenTag
  | { kind: 'close'; name: string; raw: string }
  /** One character (code point) or one whole `&…;` entity: the smallest thing a cut may not enter. */
  | { kind: 'text'; raw: string };

const TAG_OR_ENTITY = /<(\/?)([a-zA-Z][\w-]*)[^>]*>|&(?:#\d+|#x[\da-fA-F]+|[a-zA-Z]+);/g;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  const pushText = (text: string) => {
    for (const ch of text) tokens.push({ kind: 'text', raw: ch });
  };
  let last = 0;
  for (const match of html.matchAll(TAG_OR_ENTITY)) {
    pushText(html.slice(last, match.index));
    const [raw, slash, name] = match;
    if (name === undefined) tokens.push({ kind: 'text', raw });
    else tokens.push({ kind: slash ? 'close' : 'open', name: name.toLowerCase(), raw });
    last = match.index + raw.length;
  }
  pushText(html.slice(last));
  return tokens;
}

/** Updates the stack of open tags for one token; a stray closing tag changes nothing. */
function track(open: OpenTag[], token: Token): void {
  if (token.kind === 'open') open.push(token);
  else if (token.kind === 'close') {
    const at = open.map((t) => t.name).lastIndexOf(token.name);
    if (at >= 0) open.splice(at);
  }
}

const isGap = (token: Token) => token.kind === 'close' || (token.kind === 'text' && token.raw.trim() === '');
const closingTags = (open: readonly OpenTag[]) => open.map((t) => `</${t.name}>`).reverse().join('');
const SENTENCE_END = new Set(['。', '！', '？', '；', '…', '!', '?', ';']);
const CLOSING_QUOTE = new Set(['”', '’', '」', '』', '）', ')']);

/**
 * How good a cut right after `tokens[i]` is: 4 paragraph end, 3 line end, 2 sentence end, 1 space,
 * 0 anywhere else between characters, -1 inside a link (a cut makes it two links), and never
 * right after an opening tag.
 */
function cutQuality(tokens: readonly Token[], i: number, inLink: boolean): number {
  const token = tokens[i]!;
  if (token.kind === 'open') return -Infinity;
  if (inLink) return -1;
  if (token.kind === 'close') return 0;
  const next = tokens[i + 1];
  const prev = tokens[i - 1];
  if (token.raw === '\n') return prev?.raw === '\n' ? 4 : 3;
  // A sentence ends after its closing quote, not before it: 他说：“好。”
  if (SENTENCE_END.has(token.raw)) return next !== undefined && CLOSING_QUOTE.has(next.raw) ? 0 : 2;
  if (CLOSING_QUOTE.has(token.raw) && prev !== undefined && SENTENCE_END.has(prev.raw)) return 2;
  if (token.raw === '.' && (next === undefined || next.raw === ' ' || next.raw === '\n')) return 2;
  return token.raw === ' ' ? 1 : 0;
}

/**
 * Where the piece starting at `start` (with the `open` tags reopened) ends. Among the cuts that fit
 * and fill at least half of `limit`, the best boundary wins, the later one on a tie; so a paragraph
 * break near the top does not make a tiny message. Without such a cut, the last cut that fits.
 */
function findCut(tokens: readonly Token[], start: number, open: readonly OpenTag[], limit: number): number {
  const stack = [...open];
  let size = open.reduce((n, t) => n + t.raw.length, 0);
  let best: { end: number; quality: number } | undefined;
  let latest: number | undefined;
  for (let i = start; i < tokens.length; i++) {
    track(stack, tokens[i]!);
    size += tokens[i]!.raw.length;
    const total = size + closingTags(stack).length;
    if (total > limit) break;
    if (i === tokens.length - 1) return tokens.length;
    const quality = cutQuality(tokens, i, stack.some((t) => t.name === 'a'));
    if (quality === -Infinity) continue;
    latest = i + 1;
    if (total >= limit / 2 && (best === undefined || quality >= best.quality)) best = { end: i + 1, quality };
  }
  const end = best?.end ?? latest;
  if (end === undefined) throw new Error(`splitHtml: limit ${limit} cannot hold the markup at token ${start}`);
  return end;
}

/**
 * Splits Telegram HTML into pieces of at most `limit` characters, each well-formed: tags open at a
 * cut are closed at the end of one piece and reopened (with their attributes) at the start of the
 * next. Cuts never fall inside a tag or an `&…;` entity, and prefer paragraph, line, sentence and
 * word boundaries, in that order. Whitespace at the cuts is dropped.
 * @throws {Error} when `limit` cannot hold even one character with its enclosing tags.
 */
export function splitHtml(html: string, limit: number): string[] {
  const tokens = tokenize(html);
  const chunks: string[] = [];
  let open: OpenTag[] = [];
  let start = 0;
  while (start < tokens.length) {
    const end = findCut(tokens, start, open, limit);
    const after = [...open];
    for (const token of tokens.slice(start, end)) track(after, token);
    const body = tokens.slice(start, end).map((t) => t.raw).join('').trimEnd();
    chunks.push(open.map((t) => t.raw).join('') + body + closingTags(after));
    open = after;
    start = end;
    // Whitespace and closing tags between the cut and the next content are dropped: an element that
    // closes there ends with this piece (already closed above), not reopened empty in the next.
    for (let t = tokens[start]; t !== undefined && isGap(t); t = tokens[++start]) track(open, t);
  }
  return chunks;
}

/** Room kept in every piece for its `(i/n)` marker, up to 999 pieces. */
const PART_MARKER_RESERVE = '<i>(999/999)</i>\n'.length;

/**
 * Splits an HTML reply into Telegram messages of at most `limit` characters (see {@link splitHtml}),
 * numbering them `(1/3)`, `(2/3)`, … on top when there is more than one.
 * @default limit {@link TELEGRAM_MESSAGE_LIMIT}
 */
export function splitMessage(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  if (html.length <= limit) return [html];
  const parts = splitHtml(html, limit - PART_MARKER_RESERVE);
  return parts.map((part, i) => `<i>(${i + 1}/${parts.length})</i>\n${part}`);
}
