import type { LabelledQuestion } from './question-set.js';

/** What the scorer reads of an answer (an `ask --jsonl` record, or a composition being tried in training). */
export interface ScorableAnswer {
  answered: boolean;
  answer: string;
  /** The one-sentence direct answer, when there is one. */
  lead?: string | null;
  /** The cited files. */
  files: readonly string[];
}

/** How one answer fared, as ../shared/eval/score.mjs judges it. */
export interface Verdict {
  right: boolean;
  /** Right as `score.mjs --lead` judges: for number, goal and province questions the facts are also in the lead. */
  rightInLead: boolean;
  /** An answerable question refused. */
  falseRefusal: boolean;
  /** An answerable question answered without every fact or without citing a source. */
  wrong: boolean;
  /** For an answerable question: a cited file is one of its sources. */
  cited: boolean;
}

// Exactly as score.mjs compares: whitespace dropped, full-width commas made ASCII.
const norm = (s: string) => s.replace(/\s+/g, '').replace(/，/g, ',');
// The types whose facts `score.mjs --lead` looks for in the lead.
const LEAD_TYPES = new Set(['number', 'goal', 'province']);

/** Judges one answer the way ../shared/eval/score.mjs does, with and without `--lead`. Pure. */
export function judge(question: Pick<LabelledQuestion, 'type' | 'facts' | 'sources'>, answer: ScorableAnswer): Verdict {
  if (question.type === 'unanswerable') return { right: !answer.answered, rightInLead: !answer.answered, falseRefusal: false, wrong: false, cited: false };
  const holdsFacts = (text: string) => question.facts.every((fact) => fact.split('|').some((alt) => norm(text).includes(norm(alt))));
  const cited = question.sources.length === 0 || answer.files.some((f) => question.sources.some((s) => f.startsWith(s) || f.includes(`/${s}`)));
  const right = answer.answered && holdsFacts(answer.answer) && cited;
  const rightInLead = right && (!LEAD_TYPES.has(question.type) || holdsFacts(answer.lead ?? ''));
  return { right, rightInLead, falseRefusal: !answer.answered, wrong: answer.answered && !right, cited };
}

/** Tallies for a group of questions (a set, a type). */
export interface Tally {
  total: number;
  right: number;
  rightInLead: number;
  answerable: number;
  falseRefusals: number;
  wrong: number;
  cited: number;
  unanswerable: number;
  refusedUnanswerable: number;
}

/** Adds up verdicts. Pure. */
export function tally(items: readonly { question: Pick<LabelledQuestion, 'type'>; verdict: Verdict }[]): Tally {
  const t: Tally = { total: 0, right: 0, rightInLead: 0, answerable: 0, falseRefusals: 0, wrong: 0, cited: 0, unanswerable: 0, refusedUnanswerable: 0 };
  for (const { question, verdict } of items) {
    t.total++;
    if (verdict.right) t.right++;
    if (verdict.rightInLead) t.rightInLead++;
    if (question.type === 'unanswerable') {
      t.unanswerable++;
      if (verdict.right) t.refusedUnanswerable++;
    } else {
      t.answerable++;
      if (verdict.falseRefusal) t.falseRefusals++;
      if (verdict.wrong) t.wrong++;
      if (verdict.cited) t.cited++;
    }
  }
  return t;
}
