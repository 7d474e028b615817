import type { Answer, Citation } from '../answer/types.js';
import { truncate } from '../text/truncate.js';

/** Where a citation comes from, in one line: 标题 — 出版者，日期. */
export function citationHeading(citation: Citation): string {
  const origin = [citation.publisher, citation.date].filter(Boolean).join('，');
  return `${citation.title}${origin ? ` — ${origin}` : ''}`;
}

/** The answer and its numbered sources with a short quote each, for a terminal. Pure. */
export function formatAnswerForTerminal(answer: Answer): string {
  if (answer.citations.length === 0) return answer.text;
  const sources = answer.citations.map((c) => `[${c.n}] ${citationHeading(c)}\n    “${truncate(c.quote, 90)}”`);
  return `${answer.text}\n\n来源：\n${sources.join('\n')}`;
}

/** Every citation in full: title, publisher, date, file, URL, the whole quoted passage (for /sources). Pure. */
export function formatSourcesForTerminal(citations: readonly Citation[]): string {
  if (citations.length === 0) return '还没有可查看的出处：先问一个问题。';
  return citations
    .map((c) =>
      [
        `[${c.n}] ${citationHeading(c)}`,
        `    文件：${c.file}${c.alsoIn.length > 0 ? `（另见 ${c.alsoIn.join('、')}）` : ''}`,
        ...(c.url ? [`    原文：${c.url}`] : []),
        `    “${c.quote}”`,
      ].join('\n'),
    )
    .join('\n\n');
}
