/**
 * The Telegram bot: grammY middleware around the answering core. Transport (polling or webhook)
 * is chosen in launch.ts; this module only builds the bot.
 */
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
import { CHAT_TURN_MS, ChatBusyError, followGeneration, newInstanceId, onceEach, oneChatAtATime } from './instances.js';
import { chatKey, createFileStorage, initialSession, type ChatSession } from './session.js';
import { createProcessState } from './state/memory-state.js';
import type { SharedState } from './state/shared-state.js';

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
