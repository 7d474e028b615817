/**
 * Connecting a built bot to Telegram, by long polling (@grammyjs/runner) or by webhook (node:http),
 * and stopping it cleanly. scripts/bot.ts and the tests share these functions.
 */
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { run } from '@grammyjs/runner';
import { HttpError, webhookCallback, type Bot, type Transformer } from 'grammy';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { ALLOWED_UPDATES, BOT_COMMANDS, createBot, type CreateBotOptions } from './bot.js';
import { newInstanceId } from './instances.js';
import type { BotContext } from './context.js';
import { INSTANCE_TTL_MS, type SharedState } from './state/shared-state.js';

/** A bot connected to Telegram. */
export interface RunningBot {
  /** Stops taking updates, lets the ones in progress finish (and their sessions be saved), then resolves. */
  stop(): Promise<void>;
}

/** Webhook settings, as parsed from WEBHOOK_URL, WEBHOOK_PORT and WEBHOOK_SECRET. */
export type WebhookConfig = NonNullable<Config['telegram']['webhook']>;

/** How often stop() checks whether the updates in progress are done. */
const DRAIN_POLL_MS = 20;
/** A stop that has not finished by then exits anyway (under the 10 s most supervisors wait before SIGKILL). */
const STOP_DEADLINE_MS = 9_000;
/** Waits between attempts to reach the Bot API at start-up: doubling from the first to the last. */
const REACH_RETRY_FIRST_MS = 1_000;
const REACH_RETRY_MAX_MS = 60_000;

/**
 * Fetches the bot's identity (fails fast on a bad token) and registers the command menu. While the Bot API
 * cannot be reached (network down, a proxy not up yet), says so at info level, host only, and keeps trying
 * with a doubling pause.
 */
async function prepare(bot: Bot<BotContext>, logger: Logger, apiRoot: string | undefined): Promise<void> {
  for (let attempt = 1, waitMs = REACH_RETRY_FIRST_MS; ; attempt++, waitMs = Math.min(waitMs * 2, REACH_RETRY_MAX_MS)) {
    try {
      // getMe rather than bot.init(): init retries a network failure itself, silently and for ever.
      bot.botInfo = await bot.api.getMe();
      break;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const host = new URL(apiRoot ?? 'https://api.telegram.org').host;
      logger.info({ host, attempt, retryInMs: waitMs, reason: error.message }, 'cannot reach the Telegram Bot API; retrying');
      await sleep(waitMs);
    }
  }
  // The menu is a convenience: a failure to set it must not keep the bot from answering.
  await bot.api
    .setMyCommands(BOT_COMMANDS)
    .catch((error: unknown) => logger.warn({ err: error }, 'could not register the command menu'));
}

/** Logs failed getUpdates calls (the runner retries most of them), except those aborted by stop(). */
function logPollingErrors(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (method === 'getUpdates' && !result.ok) {
        logger.warn({ code: result.error_code, description: result.description }, 'getUpdates failed');
      }
      return result;
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted) logger.warn({ err: error }, 'getUpdates failed');
      throw error;
    }
  };
}

/**
 * Starts long polling with @grammyjs/runner: updates are handled concurrently, yet in order within
 * a chat (createBot installs `sequentialize`). Any webhook left from webhook mode is removed first,
 * since Telegram refuses getUpdates while one is set.
 */
export async function startPolling(bot: Bot<BotContext>, logger: Logger, apiRoot?: string, stateKind: StateKind = 'files'): Promise<RunningBot> {
  await prepare(bot, logger, apiRoot);
  await bot.api.deleteWebhook();
  bot.api.config.use(logPollingErrors(logger));
  // silent: the runner would print getUpdates errors with console.error, and a network error's cause
  // holds the request URL, token included; logPollingErrors logs them through the scrubbing logger.
  const runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
  // The runner gives up on 401 (token revoked) and 409 (another process polls this token, or a webhook
  // was set): nothing would answer any more, so say why and end the process for its supervisor to see.
  runner.task()?.catch((error: unknown) => {
    logger.fatal({ err: error }, 'long polling stopped: Telegram refused getUpdates (401: token revoked; 409: another instance polls this token)');
    process.exit(1);
  });
  logger.info({ bot: bot.botInfo.username, mode: 'polling', state: stateKind }, `bot started: long polling, state in ${STATE_WORDS[stateKind]}`);
  return {
    async stop() {
      if (runner.isRunning()) await runner.stop();
      // Despite its JSDoc, runner.stop() (runner 2.0.3) resolves once fetching has ended, not when the
      // updates already fetched are handled; wait for those, so their replies and sessions are written.
      while (runner.size() > 0) await sleep(DRAIN_POLL_MS);
    },
  };
}

/**
 * Serves the webhook on `webhook.port` (all interfaces, for a reverse proxy in front) and tells
 * Telegram to deliver there. Any POST path is accepted: proxies often rewrite the public path, and
 * the secret token, not the path, is what authenticates Telegram.
 */
export async function startWebhook(bot: Bot<BotContext>, webhook: WebhookConfig, logger: Logger, apiRoot?: string, stateKind: StateKind = 'files'): Promise<RunningBot> {
  await prepare(bot, logger, apiRoot);
  if (!webhook.secret) logger.warn('WEBHOOK_SECRET is not set: anyone who learns the webhook URL can send the bot fake updates');
  // 'return': an answer slower than grammY's 10 s webhook timeout still arrives; Telegram gets its
  // 200 in time and does not deliver the update again. Such late updates are not awaited by stop().
  const handleUpdate = webhookCallback(bot, 'http', { secretToken: webhook.secret, onTimeout: 'return' });
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    handleUpdate(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'webhook request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const close = () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(webhook.port, resolve));
  try {
    await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: ALLOWED_UPDATES });
  } catch (error) {
    await close();
    throw error;
  }
  logger.info({ bot: bot.botInfo.username, mode: 'webhook', port: webhook.port, state: stateKind }, `bot started: webhook on port ${webhook.port}, state in ${STATE_WORDS[stateKind]}`);
  // server.close() waits for requests in progress, so their updates finish before stop() resolves.
  return { stop: close };
}

/**
 * Builds the bot and connects it: by webhook when `config.telegram.webhook` is set (WEBHOOK_URL),
 * by long polling otherwise, and says which, and where its state lives. Stopping it also closes the state.
 * @throws {ConfigError} without a token; grammY's errors when Telegram rejects the token or the webhook.
 */
export async function launch(options: CreateBotOptions): Promise<RunningBot> {
  const instanceId = options.instanceId ?? newInstanceId();
  const bot = createBot({ ...options, instanceId });
  const { webhook, apiRoot } = options.config.telegram;
  const kind = options.state?.kind ?? 'files';
  const running = webhook ? await startWebhook(bot, webhook, options.logger, apiRoot, kind) : await startPolling(bot, options.logger, apiRoot, kind);
  // Says every few seconds that this instance is alive and which generation it answers from (for /status).
  const heartbeat = () =>
    options.state?.announce({ id: instanceId, host: hostname(), pid: process.pid, generation: options.answerer.summary().generation });
  await heartbeat();
  const beating = setInterval(() => void heartbeat(), HEARTBEAT_MS);
  beating.unref();
  return {
    async stop() {
      clearInterval(beating);
      await running.stop();
      await options.state?.retire(instanceId);
      await options.state?.close();
    },
  };
}

// Well inside INSTANCE_TTL_MS, so a live instance never drops out of /status between two heartbeats.
const HEARTBEAT_MS = INSTANCE_TTL_MS / 3;

type StateKind = SharedState['kind'];
const STATE_WORDS: Readonly<Record<StateKind, string>> = { files: 'files (one process)', redis: 'Redis (shared by every instance)' };

/**
 * On SIGINT or SIGTERM, stops the bot (updates in progress finish) and exits 0, or 1 if stopping
 * failed or took longer than `deadlineMs` (an update stuck on an unanswering Telegram must not keep a
 * supervisor waiting). The handlers run once: a second Ctrl-C kills the process at once.
 */
export function stopOnSignals(running: RunningBot, logger: Logger, options: { deadlineMs?: number } = {}): void {
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopping: finishing the updates in progress');
    const deadlineMs = options.deadlineMs ?? STOP_DEADLINE_MS;
    // unref: the deadline itself never keeps the process alive.
    setTimeout(() => {
      logger.warn({ deadlineMs }, 'updates still in progress at the stop deadline; exiting without them');
      process.exit(1);
    }, deadlineMs).unref();
    stopping ??= running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
