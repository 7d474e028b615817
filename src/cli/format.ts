import type { Answer, Citation } from '../answer/types.js';
import { truncate } from '../text/truncate.js';

/** One line of `ask --jsonl` output: the evaluation contract, keep it stable. */
export interface AnswerRecord {
  id: string | null;
  question: string;
  answered: boolean;
  /** The answer's one-sentence direct answer (the figure, the date, the places), null when refused. */
  lead: string | null;
  answer: string;
  citations: { n: number; file: string; title: string; publisher: string | null; date: string | null; url: string | null; quote: string }[];
  ms: number;
}

/** Maps an answer to its JSON record. Pure. */
export function toAnswerRecord(answer: Answer, id: string | null, ms: number): AnswerRecord {
  return {
    id,
    question: answer.question,
    answered: answer.answered,
    lead: answer.lead,
    answer: answer.text,
    citations: answer.citations.map(({ n, file, title, publisher, date, url, quote }) => ({ n, file, title, publisher, date, url, quote })),
    ms: Math.round(ms),
  };
}

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
