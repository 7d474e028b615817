import type { LabelledQuestion } from './question-set.js';

/** What the scorer reads of an answer (an `ask --jsonl` record, or a composition being tried in training). */
export interface ScorableAnswer {
  answered: boolean;
  answer: string;
  /** The cited files. */
  files: readonly string[];
}

/** How one answer fared, as ../shared/eval/score.mjs judges it. */
export interface Verdict {
  right: boolean;
  /** An answerable question refused. */
  falseRefusal: boolean;
  /** An answerable question answered without every fact or without citing a source. */
  wrong: boolean;
  /** For an answerable question: a cited file is one of its sources. */
  cited: boolean;
}

// Exactly as score.mjs compares: whitespace dropped, full-width commas made ASCII.
const norm = (s: string) => s.replace(/\s+/g, '').replace(/，/g, ',');

/** Judges one answer the way ../shared/eval/score.mjs does. Pure. */
export function judge(question: Pick<LabelledQuestion, 'type' | 'facts' | 'sources'>, answer: ScorableAnswer): Verdict {
  if (question.type === 'unanswerable') return { right: !answer.answered, falseRefusal: false, wrong: false, cited: false };
  const text = norm(answer.answer);
  const hasFacts = question.facts.every((fact) => fact.split('|').some((alt) => text.includes(norm(alt))));
  const cited = question.sources.length === 0 || answer.files.some((f) => question.sources.some((s) => f.startsWith(s) || f.includes(`/${s}`)));
  const right = answer.answered && hasFacts && cited;
  return { right, falseRefusal: !answer.answered, wrong: answer.answered && !right, cited };
}

/** Tallies for a group of questions (a set, a type). */
export interface Tally {
  total: number;
  right: number;
  answerable: number;
  falseRefusals: number;
  wrong: number;
  cited: number;
  unanswerable: number;
  refusedUnanswerable: number;
}

/** Adds up verdicts. Pure. */
export function tally(items: readonly { question: Pick<LabelledQuestion, 'type'>; verdict: Verdict }[]): Tally {
  const t: Tally = { total: 0, right: 0, answerable: 0, falseRefusals: 0, wrong: 0, cited: 0, unanswerable: 0, refusedUnanswerable: 0 };
  for (const { question, verdict } of items) {
    t.total++;
    if (verdict.right) t.right++;
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
