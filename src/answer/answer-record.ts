import type { Answer } from './types.js';

/** What `ask --json` prints, and `ask --jsonl` per line: the evaluation contract, keep it stable. */
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
