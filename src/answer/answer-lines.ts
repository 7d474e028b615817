import type { Answerer } from './answerer.js';
import { toAnswerRecord, type AnswerRecord } from './answer-record.js';
import { withTurn, type Turn } from './types.js';

/** One output line of `ask --jsonl`: an answer record, or why its input line could not be asked. */
export type AnswerLine = AnswerRecord | { id: string | null; error: string };

/**
 * Answers JSON lines `{"id", "question", "session"?}` in order. Lines sharing a session are one conversation.
 * A bad line yields `{"id", "error"}` and the rest go on. This is the evaluation contract (`ask --jsonl`, and
 * `npm run eval` answers through it too).
 * @returns how many lines could not be asked.
 */
export async function answerLines(answerer: Answerer, lines: AsyncIterable<string> | Iterable<string>, emit: (line: AnswerLine) => void): Promise<number> {
  const sessions = new Map<string, Turn[]>();
  let failures = 0;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      // A byte order mark (files saved by some Windows editors) is not part of the JSON.
      parsed = JSON.parse(lineNo === 1 ? line.replace(/^\uFEFF/, '') : line);
    } catch {
      failures++;
      emit({ id: null, error: `line ${lineNo}: not valid JSON` });
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      failures++;
      emit({ id: null, error: `line ${lineNo}: must be a JSON object {"id", "question", "session"?}` });
      continue;
    }
    const input = parsed as { id?: unknown; question?: unknown; session?: unknown };
    const id = input.id === undefined || input.id === null ? null : String(input.id);
    if (typeof input.question !== 'string' || input.question.trim() === '') {
      failures++;
      emit({ id, error: `line ${lineNo}: "question" must be a non-empty string` });
      continue;
    }
    const session = typeof input.session === 'string' || typeof input.session === 'number' ? String(input.session) : null;
    const history = session ? (sessions.get(session) ?? []) : [];
    const started = performance.now();
    const answer = await answerer.answer(input.question, history);
    emit(toAnswerRecord(answer, id, performance.now() - started));
    if (session) sessions.set(session, withTurn(history, answer));
  }
  return failures;
}
