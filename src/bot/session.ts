/**
 * Per-chat state kept between updates (and across restarts, through a persistent storage adapter):
 * the citations of the last answer, for /sources and the 📚 button, and the last few questions,
 * passed to the answerer as history so that follow-ups make sense.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FileAdapter } from '@grammyjs/storage-file';
import type { Context, StorageAdapter } from 'grammy';
import { HISTORY_TURNS, turnOf, type Answer, type Citation, type Turn } from '../answer/types.js';
import { truncate } from '../text/truncate.js';

/** A question asked in the chat, with when it was asked (ms since the epoch) and by whom. */
export interface StoredTurn extends Turn {
  at: number;
  /** The Telegram user who asked: in a group, a member's follow-up leans on that member's own questions. */
  askedBy?: number;
}

/** The answer whose sources /sources shows. `id` ties it to the 📚 button under that answer. */
export interface StoredSources {
  id: string;
  question: string;
  citations: Citation[];
}

/** What the bot remembers about one chat (in groups: the whole group). */
export interface ChatSession {
  /** Oldest first, at most {@link HISTORY_TURNS}. */
  turns: StoredTurn[];
  /** The last answer that had citations. */
  lastSources?: StoredSources;
}

/** Questions older than this are not context any more: a question next day starts afresh. */
export const TURN_TTL_MS = 30 * 60_000;
/** Citations kept per answer: session files stay small even if the core one day cites a lot. */
export const MAX_STORED_CITATIONS = 10;
/** Quoted passages are kept up to this length (the core quotes about 400 characters today). */
export const MAX_STORED_QUOTE_CHARS = 1_500;

/** A fresh chat's session. */
export function initialSession(): ChatSession {
  return { turns: [] };
}

/**
 * The session key, also used by `sequentialize`: one key per chat, so that the updates of a chat
 * never run concurrently and cannot overwrite each other's session writes.
 */
export function chatKey(ctx: Context): string | undefined {
  return ctx.chatId?.toString();
}

/** The file-backed session storage used unless another adapter is injected: `<dataDir>/sessions`. */
export function createFileStorage(dataDir: string): StorageAdapter<ChatSession> {
  return new FileAdapter<ChatSession>({ dirName: join(dataDir, 'sessions') });
}

/**
 * The earlier questions to pass as answerer history: recent ones only, oldest first; with `askedBy`, only that
 * user's (a group member's message that does not reply to the bot continues their own conversation, not another
 * member's).
 */
export function historyFor(session: ChatSession, now: number, askedBy?: number): Turn[] {
  return session.turns
    .filter((turn) => now - turn.at < TURN_TTL_MS && (askedBy === undefined || turn.askedBy === askedBy))
    .map(({ at: _at, askedBy: _askedBy, ...turn }) => turn);
}

/** Records the answered question as the newest turn, forgetting the oldest beyond {@link HISTORY_TURNS}. */
export function rememberTurn(session: ChatSession, answer: Answer, now: number, askedBy?: number): void {
  const turn: StoredTurn = { ...turnOf(answer), at: now, ...(askedBy === undefined ? {} : { askedBy }) };
  session.turns = [...session.turns, turn].slice(-HISTORY_TURNS);
}

/**
 * Keeps the answer's citations (bounded) as the chat's last sources, under a new short id for the
 * 📚 button. Returns what was stored.
 */
export function rememberSources(session: ChatSession, answer: Answer): StoredSources {
  const citations = answer.citations
    .slice(0, MAX_STORED_CITATIONS)
    .map((citation) => ({ ...citation, quote: truncate(citation.quote, MAX_STORED_QUOTE_CHARS) }));
  session.lastSources = { id: newSourcesId(), question: answer.question, citations };
  return session.lastSources;
}

/** 8 URL-safe characters: unique enough within one chat, short enough for callback data (≤ 64 bytes). */
function newSourcesId(): string {
  return randomBytes(6).toString('base64url');
}
