import { numbersIn } from '../corpus/facts.js';

/** Why a generated answer was rejected, or null when it is grounded. */
export type GroundingProblem =
  | { kind: 'prompt-leak' }
  | { kind: 'no-citation' }
  | { kind: 'dangling-citation'; n: number }
  | { kind: 'ungrounded-number'; number: string };

/** The `[n]` markers of a text, in order of first appearance, each once. */
export function citationMarkers(text: string): number[] {
  return [...new Set([...text.matchAll(/\[(\d{1,2})\]/g)].map((m) => Number(m[1])))];
}

/**
 * Checks a generated answer against its sources: it cites at least one source, every `[n]` points to a
 * source, and every number it states appears in a cited source (its text, or its date, which the answer
 * may use to say which year 「今年」 means). Pure.
 * @param sources the numbered passages offered, sources[0] being [1].
 */
export function checkGrounding(text: string, sources: readonly { text: string; date: string | null }[]): GroundingProblem | null {
  const cited = citationMarkers(text);
  if (cited.length === 0) return { kind: 'no-citation' };
  const dangling = cited.find((n) => n < 1 || n > sources.length);
  if (dangling !== undefined) return { kind: 'dangling-citation', n: dangling };
  const citedSources = cited.map((n) => sources[n - 1]!);
  const allowed = new Set(citedSources.flatMap((s) => [...numbersIn(s.text), ...numbersIn(s.date ?? '')]));
  // Years the date implies (今年 = 2022, 明年 = 2023) are fair to state.
  for (const s of citedSources) {
    const year = Number(s.date?.slice(0, 4));
    if (year) [year - 1, year, year + 1].forEach((y) => allowed.add(String(y)));
  }
  const stray = numbersIn(text.replace(/\[\d{1,2}\]/g, '')).find((n) => !allowed.has(n));
  return stray === undefined ? null : { kind: 'ungrounded-number', number: stray };
}

/** Renumbers markers so the cited sources become 1..k in order of first use; returns the text and the order. */
export function renumberCitations(text: string): { text: string; order: number[] } {
  const order = citationMarkers(text);
  const renumbered = text.replace(/\[(\d{1,2})\]/g, (_, n: string) => `[${order.indexOf(Number(n)) + 1}]`);
  return { text: renumbered, order };
}

/** Length of the instruction fragments {@link leaksInstructions} looks for. */
const LEAK_WINDOW = 10;

/**
 * Whether a generated text repeats the instructions it was given (a prompt-injection success): any
 * 10-character run of any instruction line, numbering aside, appearing verbatim. Every run, not only
 * each line's start: a model can leak a rule without its first few characters. Pure.
 */
export function leaksInstructions(text: string, instructions: string): boolean {
  return instructions
    .split('\n')
    .map((line) => line.replace(/^\d+\.\s*/, '').trim())
    .some((line) => {
      for (let i = 0; i + LEAK_WINDOW <= line.length; i++) if (text.includes(line.slice(i, i + LEAK_WINDOW))) return true;
      return false;
    });
}
