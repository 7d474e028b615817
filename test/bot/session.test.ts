import { describe, expect, it } from 'vitest';
import { CITED_PER_TURN, HISTORY_TURNS, type Answer } from '../../src/answer/types.js';
import {
  historyFor,
  initialSession,
  MAX_STORED_CITATIONS,
  MAX_STORED_QUOTE_CHARS,
  rememberSources,
  rememberTurn,
  TURN_TTL_MS,
} from '../../src/bot/session.js';
import { fakeCitations } from './fake-answerer.js';

const answer = (question: string, over: Partial<Answer> = {}): Answer => ({
  question,
  searchedAs: `检索：${question}`,
  answered: true,
  lead: '答[1]',
  text: '答[1]',
  citations: fakeCitations(question),
  composer: 'extractive',
  ...over,
});

describe('chat session', () => {
  it('keeps the last few questions and gives the recent ones as history, oldest first', () => {
    const session = initialSession();
    for (let i = 1; i <= HISTORY_TURNS + 2; i++) rememberTurn(session, answer(`问${i}`), i * 1000);
    expect(session.turns).toHaveLength(HISTORY_TURNS);
    const history = historyFor(session, (HISTORY_TURNS + 2) * 1000);
    // The lead and the cited passages come along: a follow-up about the answer itself (「谁说的？」) is read from them.
    expect(history[0]).toEqual({
      question: '问3',
      searchedAs: '检索：问3',
      citedFiles: [...new Set(fakeCitations('问3').map((c) => c.file))],
      lead: '答[1]',
      cited: fakeCitations('问3').slice(0, CITED_PER_TURN),
    });
    expect(history.at(-1)?.question).toBe(`问${HISTORY_TURNS + 2}`);
  });

  it('forgets questions older than the follow-up window', () => {
    const session = initialSession();
    rememberTurn(session, answer('旧问题'), 0);
    rememberTurn(session, answer('新问题'), TURN_TTL_MS);
    expect(historyFor(session, TURN_TTL_MS + 1).map((t) => t.question)).toEqual(['新问题']);
  });

  it('stores bounded sources under a short id fit for callback data', () => {
    const session = initialSession();
    const many = Array.from({ length: 15 }, (_, i) => ({ ...fakeCitations('q')[0]!, n: i + 1, quote: '长'.repeat(5_000) }));
    const stored = rememberSources(session, answer('q', { citations: many }));
    expect(session.lastSources).toBe(stored);
    expect(stored.citations).toHaveLength(MAX_STORED_CITATIONS);
    expect(stored.citations.every((c) => c.quote.length === MAX_STORED_QUOTE_CHARS)).toBe(true);
    expect(stored.id).toMatch(/^[\w-]{8}$/);
    expect(rememberSources(session, answer('q')).id).not.toBe(stored.id);
  });
});
