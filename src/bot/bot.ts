/**
 * The Telegram bot: grammY middleware around the answering core. Transport (polling or webhook)
 * is chosen in launch.ts; this module only builds the bot.
 */
import { randomBytes } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import { Bot, session, type BotError, type StorageAdapter } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Answerer } from '../answer/answerer.js';
import type { Config } from '../config.js';
import { AppError, ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { IngestReport } from '../store/ingest.js';
import { isAddressedToBot } from './addressing.js';
import type { BotContext } from './context.js';
import { adminFeature } from './features/admin.js';
import { askFeature } from './features/ask.js';
import { sourcesFeature } from './features/sources.js';
import { startFeature } from './features/start.js';
import { unhandledFeature } from './features/unhandled.js';
import { formatError, RATE_LIMITED_TEXT } from './format.js';
import { replyHtml } from './reply.js';
import { retryNetworkErrors } from './retry-network.js';
import { chatKey, createFileStorage, initialSession, type ChatSession } from './session.js';
import { createProcessState } from './state/memory-state.js';
import { waitForLock, type SharedState } from './state/shared-state.js';

/** What {@link createBot} is built from: everything is passed in, nothing is read from the environment. */
export interface CreateBotOptions {
  config: Config;
  logger: Logger;
  answerer: Answerer;
  /**
   * /reindex's work: an incremental ingest of `config.docsDir` into `config.indexDir` with the
   * answerer's embedder, built by the caller so that this module never constructs an embedder.
   */
  reindex: () => Promise<IngestReport>;
  /**
   * Sessions, rate-limit counts, LLM budgets and the /reindex lock: shared by every instance through Redis
   * (see state/redis-state.ts), or this process's own.
   * @default this process's: sessions in `storage`, counts and locks in memory
   */
  state?: SharedState;
  /**
   * Where chat sessions (last sources, recent questions) are kept when no `state` is given.
   * @default a FileAdapter under `${config.dataDir}/sessions`
   */
  storage?: StorageAdapter<ChatSession>;
  /** How long one Bot API call may take. @default {@link TELEGRAM_CALL_TIMEOUT_SECONDS} */
  callTimeoutSeconds?: number;
  /** This instance's name among those sharing `state` (in /status and generation messages). @default a random one */
  instanceId?: string;
  /** How long one update holds its chat's turn across instances before renewing it. @default {@link CHAT_TURN_MS} */
  chatTurnMs?: number;
}

/** How long one Bot API call may take before it fails (and the update's error handling takes over). */
export const TELEGRAM_CALL_TIMEOUT_SECONDS = 45;

/** The command menu Telegram shows; registered at launch. Public commands only: /status and /reindex are for admins. */
export const BOT_COMMANDS: readonly BotCommand[] = [
  { command: 'help', description: '使用说明和示例问题' },
  { command: 'sources', description: '查看上一个回答的出处' },
];

/** The only update types the bot acts on; polling and the webhook ask Telegram for just these. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/**
 * Builds the bot, not yet connected: no API call is made until it is launched (see launch.ts).
 * Middleware order matters: updates of one chat run in order (sequentialize) before anything reads
 * the session; errors of every feature end in one log line and a short reply; in groups only
 * messages addressed to the bot go further, so that chatter neither costs rate limit nor gets replies.
 * Users' daily LLM answers, rate-limit counts and sessions live in `state` (this process's, or Redis).
 * @throws {ConfigError} when TELEGRAM_BOT_TOKEN is not set.
 */
export function createBot({
  config,
  logger,
  answerer,
  reindex,
  state,
  storage,
  callTimeoutSeconds = TELEGRAM_CALL_TIMEOUT_SECONDS,
  instanceId = newInstanceId(),
  chatTurnMs = CHAT_TURN_MS,
}: CreateBotOptions): Bot<BotContext> {
  const { token, apiRoot, ratePerMinute } = config.telegram;
  if (!token) {
    throw new ConfigError('TELEGRAM_BOT_TOKEN', 'TELEGRAM_BOT_TOKEN is not set. Get a token from @BotFather in Telegram.');
  }
  // Every Bot API call has a deadline: a request Telegram never answers must not hold its chat's queue for ever.
  // Above the runner's 30 s long poll, so getUpdates is not cut short.
  const bot = new Bot<BotContext>(token, { client: { apiRoot, timeoutSeconds: callTimeoutSeconds } });
  // Retry on 429 (waiting retry_after) and 5xx, a few times; network drops a bounded few times (auto-retry's
  // own network retry never gives up, which would stall the chat's queue while Telegram is unreachable).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));
  bot.api.config.use(retryNetworkErrors());

  const shared = state ?? createProcessState({ sessions: storage ?? createFileStorage(config.dataDir), dailyLlmQuestions: config.dailyLlmQuestions });
  shared.onGeneration((from, generation) => {
    if (from !== instanceId) void followGeneration(answerer, reindex, logger, generation);
  });
  bot.use(sequentialize(chatKey));
  const forBot = bot.filter(isForBot);
  // Across instances (webhook mode behind a load balancer), updates of one chat take turns too; and each update is
  // handled once, whichever instance Telegram delivers it to.
  if (shared.kind === 'redis' && config.telegram.webhook) forBot.use(oneChatAtATime(shared, logger, chatTurnMs));
  forBot.use(onceEach(shared));
  const addressed = forBot.errorBoundary(replyWithError(logger));
  addressed.use(
    limit({
      timeFrame: 60_000,
      limit: ratePerMinute,
      keyGenerator: (ctx: BotContext) => ctx.from?.id.toString(),
      storageClient: shared.rateCounter,
      // Called once per window (the limiter's default), so a flood gets one notice, not one per message.
      onLimitExceeded: (ctx: BotContext) =>
        ctx.callbackQuery ? ctx.answerCallbackQuery({ text: RATE_LIMITED_TEXT }) : replyHtml(ctx, RATE_LIMITED_TEXT),
    }),
  );
  addressed.use(session({ initial: initialSession, storage: shared.sessions, getSessionKey: chatKey }));
  const deps = { answerer, logger, llmBudget: shared.llmBudget };
  addressed.use(
    startFeature(deps),
    sourcesFeature(),
    adminFeature({ answerer, logger, adminIds: config.telegram.adminIds, reindex, state: shared, instanceId }),
    askFeature(deps),
    unhandledFeature(),
  );

  // Everything above sits inside the error boundary; this only keeps grammY's default handler,
  // which rethrows and would stop the runner, from ever running. A chat held too long by another instance is the
  // exception: the webhook call fails, and Telegram delivers the update again later.
  bot.catch(({ error, ctx }) => {
    if (error instanceof ChatBusyError) throw error;
    logger.error({ err: error, updateId: ctx.update.update_id }, 'unhandled bot error');
  });
  return bot;
}

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
async function followGeneration(answerer: Answerer, reindex: () => Promise<IngestReport>, logger: Logger, announced: string): Promise<void> {
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
function oneChatAtATime(state: SharedState, logger: Logger, turnMs: number) {
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
function onceEach(state: SharedState) {
  return async (ctx: BotContext, next: () => Promise<void>): Promise<void> => {
    const id = ctx.update.update_id;
    if (await state.handledBefore(id)) return;
    await next();
    await state.rememberHandled(id);
  };
}

/** Button presses always concern the bot; messages do in private chats, and in groups when addressed to it. */
function isForBot(ctx: BotContext): boolean {
  if (ctx.callbackQuery) return true;
  if (!ctx.message) return false;
  return ctx.message.chat.type === 'private' || isAddressedToBot(ctx.message, ctx.me);
}

/** The error boundary's handler: one log line, one short reply that says whether to retry. */
function replyWithError(logger: Logger) {
  return async ({ error, ctx }: BotError<BotContext>): Promise<void> => {
    const code = error instanceof AppError ? error.code : undefined;
    logger.error({ err: error, code, updateId: ctx.update.update_id, chatId: ctx.chatId }, 'update failed');
    if (ctx.chatId === undefined) return;
    await replyHtml(ctx, formatError(error)).catch((replyError: unknown) =>
      logger.debug({ err: replyError }, 'could not send the error reply'),
    );
  };
}
