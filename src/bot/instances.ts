/**
 * What lets several bot instances serve one token (issue 14): their names, updates of one chat taking turns across
 * them, each update handled once, and taking up an index generation another instance wrote. Middleware and
 * handlers over a {@link SharedState}; bot.ts puts them in place.
 */
import { randomBytes } from 'node:crypto';
import type { Answerer } from '../answer/answerer.js';
import type { Logger } from '../logger.js';
import type { IngestReport } from '../store/ingest.js';
import type { BotContext } from './context.js';
import { chatKey } from './session.js';
import { waitForLock, type SharedState } from './state/shared-state.js';

/** A short random name for a bot instance: 8 hex characters. */
export function newInstanceId(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Takes up the generation another instance announced: reloads the index (enough when INDEX_DIR is a shared
 * volume); when that changed nothing, the index is this instance's own, so it runs its own incremental ingest (the
 * index folder's own lock keeps two ingests of it apart). Failures are logged: the next question still refreshes
 * the index by itself.
 */
export async function followGeneration(answerer: Answerer, reindex: () => Promise<IngestReport>, logger: Logger, announced: string): Promise<void> {
  try {
    const before = answerer.summary().generation;
    const after = (await answerer.refresh()).generation;
    if (after !== before || after === announced) {
      logger.info({ generation: after }, 'switched to the index generation another instance wrote');
      return;
    }
    const report = await reindex();
    logger.info({ generation: report.generation, announced }, "another instance re-indexed; re-indexed this instance's own index");
  } catch (error) {
    logger.warn({ err: error, announced }, 'could not take up the new index generation; the next question will try again');
  }
}

/**
 * One chat's turn is held by another instance for longer than a turn may last: the webhook call fails and Telegram
 * delivers the update again later. Not a person's problem, so not an AppError: nobody gets a reply for it.
 */
export class ChatBusyError extends Error {
  constructor(readonly chatId: string) {
    super(`chat ${chatId} is being handled by another instance for too long; the update will be delivered again`);
    this.name = 'ChatBusyError';
  }
}

/** How long an update holds its chat's turn across instances, renewed while it runs: an instance killed mid-answer
 * frees the chat within it (the update Telegram delivers again then waits no longer). */
export const CHAT_TURN_MS = 10_000;

/**
 * Middleware that lets one update of a chat run at a time across every instance sharing `state`: the next waits
 * for the chat's turn (renewed while an update runs, so a slow answer keeps it), so it reads the session the
 * previous one wrote. One that waits longer than a turn and a half fails with {@link ChatBusyError}.
 */
export function oneChatAtATime(state: SharedState, logger: Logger, turnMs: number) {
  return async (ctx: BotContext, next: () => Promise<void>): Promise<void> => {
    const key = chatKey(ctx);
    if (key === undefined) return next();
    const lock = await waitForLock(state, `chat:${key}`, turnMs, turnMs * 1.5);
    if (!lock) throw new ChatBusyError(key);
    const renewing = setInterval(() => void lock.renew(turnMs).catch((error: unknown) => logger.debug({ err: error }, 'could not renew a chat turn')), turnMs / 3);
    try {
      await next();
    } finally {
      clearInterval(renewing);
      await lock.release();
    }
  };
}

/**
 * Middleware that handles each update once: one Telegram delivers again after its webhook call failed (an instance
 * killed mid-answer) is answered by whichever instance gets it, unless an instance already finished it. The chat's
 * turn (see {@link oneChatAtATime}) keeps a second delivery from starting while the first still runs.
 */
export function onceEach(state: SharedState) {
  return async (ctx: BotContext, next: () => Promise<void>): Promise<void> => {
    const id = ctx.update.update_id;
    if (await state.handledBefore(id)) return;
    await next();
    await state.rememberHandled(id);
  };
}
