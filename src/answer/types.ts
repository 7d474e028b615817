import type { EarlierQuestion } from '../retrieve/question.js';

/** The most of its passage a citation quotes (cut with …): a quote of the answer stays within it. */
export const CITATION_QUOTE_CHARS = 400;

/** One numbered source behind an answer: the passage quoted and where it comes from. */
export interface Citation {
  /** The number the answer's `[n]` markers use, from 1. */
  n: number;
  /** Document file name relative to the docs folder. */
  file: string;
  title: string;
  publisher: string | null;
  /** YYYY-MM-DD, China time. */
  date: string | null;
  url: string | null;
  /** The cited passage, verbatim. */
  quote: string;
  chunkId: string;
  /** Other documents that carry the same passage (syndicated copies), by file name. */
  alsoIn: string[];
}

/** What the answering core returns, to the CLI and the bot alike. */
export interface Answer {
  /** The question as asked. */
  question: string;
  /** The question used for retrieval (follow-ups rewritten with the conversation, traditional → simplified). */
  searchedAs: string;
  /** False when the corpus holds no good evidence: `text` then says so plainly and `citations` is empty. */
  answered: boolean;
  /** The direct answer `text` opens with: one sentence with its `[n]` (the figure, the date, the places). Null when refused. */
  lead: string | null;
  /** The answer with `[n]` markers pointing into `citations`: the lead, then the quoted evidence. */
  text: string;
  citations: Citation[];
  /** Which composer produced `text`. */
  composer: 'extractive' | 'llm';
}

/** How many earlier questions a conversation keeps for follow-ups (bot, terminal chat and `ask --jsonl` alike). */
export const HISTORY_TURNS = 4;

/** An earlier exchange in the same conversation, oldest first. */
export interface Turn extends EarlierQuestion {
  /** The answer's direct answer, and the passages it cited (at most {@link CITED_PER_TURN}): what a follow-up about
   * the answer itself («这话是谁说的？», «出处是哪篇？») is answered from. */
  lead?: string;
  cited?: Citation[];
}

/** Cited passages a turn keeps for follow-ups about its answer: as many as an offline answer quotes. */
export const CITED_PER_TURN = 4;

type TurnSource = Pick<Answer, 'question' | 'searchedAs' | 'citations'> & Partial<Pick<Answer, 'lead'>>;

/** The turn an answer adds to its conversation. */
export function turnOf(answer: TurnSource): Turn {
  return {
    question: answer.question,
    searchedAs: answer.searchedAs,
    citedFiles: [...new Set(answer.citations.map((c) => c.file))],
    ...(answer.lead ? { lead: answer.lead, cited: answer.citations.slice(0, CITED_PER_TURN) } : {}),
  };
}

/** The conversation after an answer: its turn appended, the oldest dropped beyond {@link HISTORY_TURNS}. */
export function withTurn(history: readonly Turn[], answer: TurnSource): Turn[] {
  return [...history, turnOf(answer)].slice(-HISTORY_TURNS);
}

/** What the corpus holds, for /start, /help and refusals. */
export interface CorpusSummary {
  /** The articles answered from: a copy indexed under another file's name, or a file with no text, is not one. */
  documents: number;
  /** Files of the docs folder that are copies of another (the same bytes under another name): indexed once, not counted. */
  copies: number;
  chunks: number;
  earliestDate: string | null;
  latestDate: string | null;
  builtAt: string;
  embedder: string;
  generation: string;
}
