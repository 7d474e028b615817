/**
 * Test helper around telegram-test-api 4.2.1 (a Telegram Bot API emulator).
 *
 * Typical use in a vitest file (each file needs its own port: port 0 is not supported):
 *
 *   const emu = await startEmulator(19401);
 *   const bot = new Bot(TOKEN, { client: { apiRoot: emu.apiRoot } });
 *   bot.api.config.use(throttleEmptyPolls());        // test-only; install before any API call
 *   const handle = run(bot);
 *   const alice = createUser(emu.server, TOKEN, { userId: 1 });
 *   await alice.say('hello');
 *   const [reply] = await alice.waitForReplies(1);
 *   ...
 *   afterAll: await handle.stop(); await emu.stop();
 *
 * Facts about the emulator this helper relies on (read from its lib/ source and checked):
 * - Bot messages live in `server.storage.botMessages` as `{ time, botToken, message, updateId,
 *   messageId, isRead }`, where `message` is the RAW sendMessage payload (chat_id, text,
 *   parse_mode, reply_markup parsed to an object, reply_parameters, ...) and the message id is
 *   the wrapper's `messageId`. The client's `getUpdates()` returns these wrappers for its chat and
 *   marks them read (consumed). It also polls recursively under p-timeout: after it rejects with
 *   "did not get new updates in N ms" the recursion keeps running in the background and silently
 *   consumes the next bot message for that chat. So this helper does NOT use `client.getUpdates()`;
 *   it reads `server.storage` in-process, without consuming, with a per-user cursor.
 * - editMessageText / editMessageReplyMarkup patch the stored payload in place (isRead unchanged),
 *   so edits are only visible by reading storage again: see `botMessage(id)` / `botMessages()`.
 * - message_id and update_id are single global counters shared by user messages, bot messages,
 *   all chats and all tokens of one server (callback queries take no message id).
 */
import type { Transformer } from 'grammy';
import type {
  ForceReply,
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from 'grammy/types';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { TelegramClient } from 'telegram-test-api/lib/modules/telegramClient.js';

/** What the emulator's getMe answers (it has no is_bot field; we add it where we build `from`). */
export const EMULATOR_BOT = {
  id: 666,
  is_bot: true,
  first_name: 'Test First name',
  username: 'TestNameBot',
} as const;

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

export interface Emulator {
  server: TelegramServer;
  /** Pass as `new Bot(token, { client: { apiRoot } })`. No trailing slash. */
  apiRoot: string;
  /** Idempotent. Stop the bot/runner first, then the emulator. */
  stop(): Promise<void>;
}

export async function startEmulator(port: number): Promise<Emulator> {
  // storeTimeout (seconds): stored updates older than this are purged every storeTimeout.
  // Keep the default 60 s; tests are far shorter.
  const server = new TelegramServer({ port, host: '127.0.0.1' });
  await server.start();
  let stopped: Promise<void> | undefined;
  return {
    server,
    apiRoot: server.config.apiURL,
    stop() {
      stopped ??= server.stop().then(() => undefined);
      return stopped;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// API transformers (test-only)
// ---------------------------------------------------------------------------------------------

/**
 * Methods answered locally with `{ ok: true, result: true }` by `throttleEmptyPolls`.
 *
 * Why short-circuit them here instead of letting the emulator answer: the emulator replies HTTP 500
 * with a body lacking `ok`/`error_code`, which grammY turns into a GrammyError
 * "Call to 'sendChatAction' failed! (undefined: undefined)". These methods are pure side effects
 * whose real result is exactly `true`, so answering `true` gives the bot the same code path it
 * has in production, and keeps test-only behaviour out of production code. Methods whose result
 * the bot actually uses (getChat, sendPhoto, sendDocument, ...) are deliberately NOT faked: they
 * should fail loudly in tests. Trade-off: with the stub a missing `.catch()` around a typing
 * indicator cannot be caught by tests; pass `{ stub: [] }` to see the emulator's 500 instead.
 * Use `recordApiCalls()` (installed after this one) to assert that such calls were made.
 */
export const DEFAULT_STUBBED_METHODS: readonly string[] = [
  'sendChatAction',
  'setMyCommands',
  'deleteMyCommands',
  'setMyDescription',
  'setMyShortDescription',
  'setMyName',
  'setChatMenuButton',
  'setMyDefaultAdministratorRights',
];

/**
 * grammY API transformer for tests against the emulator. Install with
 * `bot.api.config.use(throttleEmptyPolls())` before the first API call (e.g. before
 * `setMyCommands` at startup and before `run(bot)`).
 *
 * - The emulator's getUpdates ignores `timeout`/`offset` and answers at once, so long polling
 *   would spin (~1000 requests/s). When getUpdates returns no updates, wait `ms` before handing
 *   the empty result back (the wait ends early if the runner aborts the call).
 * - Short-circuits `DEFAULT_STUBBED_METHODS` (or `options.stub`), see above.
 */
export function throttleEmptyPolls(
  ms = 50,
  options: { stub?: Iterable<string> } = {},
): Transformer {
  const stub = new Set<string>(options.stub ?? DEFAULT_STUBBED_METHODS);
  return async (prev, method, payload, signal) => {
    if (stub.has(method)) return { ok: true, result: true } as never;
    const res = await prev(method, payload, signal);
    if (method === 'getUpdates' && res.ok && Array.isArray(res.result) && res.result.length === 0) {
      await sleep(ms, signal);
    }
    return res;
  };
}

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

/**
 * Records every API call except getUpdates. The emulator keeps no trace of answerCallbackQuery
 * (it answers `{ ok: true, result: null }`) nor of stubbed methods, so assert on these here.
 * Install AFTER `throttleEmptyPolls` (the last installed transformer is the outermost one).
 */
export function recordApiCalls(): { transformer: Transformer; calls: ApiCall[]; clear(): void } {
  const calls: ApiCall[] = [];
  const transformer: Transformer = (prev, method, payload, signal) => {
    if (method !== 'getUpdates') {
      calls.push({ method, payload: { ...(payload as Record<string, unknown>) } });
    }
    return prev(method, payload, signal);
  };
  return { transformer, calls, clear: () => void calls.splice(0) };
}

// ---------------------------------------------------------------------------------------------
// Simulated users
// ---------------------------------------------------------------------------------------------

/** A message the bot sent (via sendMessage), in its current (possibly edited) state. */
export interface BotReply {
  message_id: number;
  chat_id: number | string;
  text: string | undefined;
  parse_mode: string | undefined;
  reply_markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply | undefined;
  /** From `reply_parameters.message_id` or the legacy `reply_to_message_id`. */
  reply_to_message_id: number | undefined;
  /** The whole stored sendMessage payload (link_preview_options, entities, ...). */
  raw: Record<string, unknown>;
}

export type ChatType = 'private' | 'group' | 'supergroup';

export interface UserOptions {
  userId: number;
  /** Defaults to userId for private chats; required for groups (use a negative id). */
  chatId?: number;
  firstName?: string;
  username?: string;
  languageCode?: string;
  chatType?: ChatType;
  /** Group title; defaults to "Test Group". */
  chatTitle?: string;
}

export interface SayOptions {
  /** Quote this message (a bot reply, or any message id in this chat) as `reply_to_message`. */
  replyTo?: BotReply | number;
  /** Extra raw Message fields merged last (e.g. your own `entities`). */
  extra?: Record<string, unknown>;
}

export interface WaitOptions {
  /** Default 5000. */
  timeoutMs?: number;
  /** After `count` arrived, wait this long and include any further messages. Default 0. */
  settleMs?: number;
}

export interface TestUser {
  readonly userId: number;
  readonly chatId: number;
  /** The `from` object put on this user's messages. */
  readonly from: Record<string, unknown>;
  /** The `chat` object put on this user's messages. */
  readonly chat: Record<string, unknown>;
  /** The emulator's own client for this user/chat. Avoid its getUpdates() (see file header). */
  readonly client: TelegramClient;
  /** Sends a text message; mention and bot_command entities are computed like Telegram does. Resolves to its message_id. */
  say(text: string, options?: SayOptions): Promise<number>;
  /** Sends `/name args`; `name` may include `@TestNameBot`. Resolves to its message_id. */
  command(name: string, args?: string, options?: SayOptions): Promise<number>;
  /**
   * Presses the inline button with `callbackData` on a bot message. Checks that the message's
   * current (post-edit) keyboard has that button unless `force`. Resolves to the callback query id.
   */
  press(callbackData: string, message: BotReply | { message_id: number }, options?: { force?: boolean }): Promise<string>;
  /** Sends any Message fields (sticker, photo, voice, ...) with from/chat/date filled in. No text unless given. */
  sendRaw(messageFields: Record<string, unknown>): Promise<number>;
  /** Waits until at least `count` bot messages this user has not yet seen arrived in this chat. */
  waitForReplies(count: number, options?: WaitOptions): Promise<BotReply[]>;
  /** All bot messages in this chat, current state (edits applied), not consuming, oldest first. */
  botMessages(): BotReply[];
  /** Current state of one bot message in this chat. */
  botMessage(messageId: number): BotReply | undefined;
}

export function createUser(server: TelegramServer, token: string, options: UserOptions): TestUser {
  const chatType: ChatType = options.chatType ?? 'private';
  if (chatType !== 'private' && options.chatId === undefined) {
    throw new Error('createUser: chatId is required for group chats (use a negative id)');
  }
  const userId = options.userId;
  const chatId = options.chatId ?? userId;
  const firstName = options.firstName ?? `User${userId}`;
  const from: Record<string, unknown> = { id: userId, is_bot: false, first_name: firstName };
  if (options.username !== undefined) from.username = options.username;
  if (options.languageCode !== undefined) from.language_code = options.languageCode;
  const chat: Record<string, unknown> =
    chatType === 'private'
      ? { id: chatId, type: 'private', first_name: firstName, ...(options.username ? { username: options.username } : {}) }
      : { id: chatId, type: chatType, title: options.chatTitle ?? 'Test Group' };
  const client = server.getClient(token, { userId, chatId, firstName, type: chatType });
  const apiURL = server.config.apiURL;
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  // Per-user cursor: bot messages with a larger id are "new". Ids only grow, and messages that
  // existed before this user was created are not new.
  let cursor = Math.max(0, ...chatBotUpdates().map((u) => u.messageId));

  function chatBotUpdates(): StoredBot[] {
    return (server.storage.botMessages as unknown as StoredBot[]).filter(
      (u) => u.botToken === token && String(u.message.chat_id) === String(chatId),
    );
  }

  async function post(path: string, body: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${apiURL}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${path} answered ${res.status}: ${text}`);
  }

  // The emulator answers user sends with `result: null`; find the id it gave the message. Stored
  // user updates stay in storage after the bot consumed them, and the push happens before the
  // HTTP answer, so the last matching entry is ours.
  function lastUserMessageId(): number {
    const mine = (server.storage.userMessages as unknown as StoredUser[]).filter(
      (u) => u.botToken === token && u.message !== undefined
        && u.message.chat?.id === chatId && u.message.from?.id === userId,
    );
    const last = mine[mine.length - 1];
    if (!last) throw new Error('createUser: could not find the message just sent in emulator storage');
    return last.messageId;
  }

  async function sendRaw(messageFields: Record<string, unknown>): Promise<number> {
    await post('/sendMessage', { from, chat, date: nowSeconds(), ...messageFields, botToken: token });
    return lastUserMessageId();
  }

  async function say(text: string, opts: SayOptions = {}): Promise<number> {
    const fields: Record<string, unknown> = { text };
    const entities = telegramEntities(text);
    if (entities.length > 0) fields.entities = entities;
    if (opts.replyTo !== undefined) fields.reply_to_message = quoted(opts.replyTo);
    return sendRaw({ ...fields, ...opts.extra });
  }

  function quoted(target: BotReply | number): Record<string, unknown> {
    const id = typeof target === 'number' ? target : target.message_id;
    const bot = chatBotUpdates().find((u) => u.messageId === id);
    if (bot) {
      const m = toReply(bot);
      return { message_id: id, date: Math.floor(bot.time / 1000), chat, from: { ...EMULATOR_BOT }, text: m.text };
    }
    const user = (server.storage.userMessages as unknown as StoredUser[]).find(
      (u) => u.botToken === token && u.messageId === id && u.message?.chat?.id === chatId,
    );
    if (user?.message) return { ...user.message, message_id: id, botToken: undefined };
    return { message_id: id, date: nowSeconds(), chat };
  }

  function botMessage(messageId: number): BotReply | undefined {
    const u = chatBotUpdates().find((x) => x.messageId === messageId);
    return u ? toReply(u) : undefined;
  }

  async function press(
    callbackData: string,
    message: BotReply | { message_id: number },
    opts: { force?: boolean } = {},
  ): Promise<string> {
    const current = botMessage(message.message_id);
    const markup = current?.reply_markup ?? ('reply_markup' in message ? message.reply_markup : undefined);
    const keyboard = markup && 'inline_keyboard' in markup ? markup : undefined;
    if (!opts.force) {
      const datas = keyboard?.inline_keyboard.flat().flatMap((b) => ('callback_data' in b ? [b.callback_data] : [])) ?? [];
      if (!datas.includes(callbackData)) {
        throw new Error(
          `press: message ${message.message_id} has no button with callback_data ${JSON.stringify(callbackData)}`
          + ` (buttons: ${JSON.stringify(datas)})`,
        );
      }
    }
    const cbMessage: Record<string, unknown> = {
      message_id: message.message_id,
      date: nowSeconds(),
      chat,
      from: { ...EMULATOR_BOT },
      text: current?.text ?? ('text' in message ? message.text : undefined),
    };
    if (keyboard) cbMessage.reply_markup = keyboard;
    // Only id, from, message and data reach the bot (no chat_instance, no inline_message_id).
    await post('/sendCallback', { botToken: token, date: nowSeconds(), from, message: cbMessage, data: callbackData });
    const mine = (server.storage.userMessages as unknown as StoredUser[]).filter(
      (u) => u.botToken === token && u.callbackQuery !== undefined
        && u.callbackQuery.from?.id === userId && u.callbackQuery.data === callbackData,
    );
    const last = mine[mine.length - 1];
    return String(last?.callbackId ?? '');
  }

  async function waitForReplies(count: number, opts: WaitOptions = {}): Promise<BotReply[]> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    const deadline = Date.now() + timeoutMs;
    const fresh = () => chatBotUpdates().filter((u) => u.messageId > cursor);
    for (;;) {
      let got = fresh();
      if (got.length >= count) {
        if (opts.settleMs) {
          await sleep(opts.settleMs);
          got = fresh();
        }
        cursor = Math.max(cursor, ...got.map((u) => u.messageId));
        return got.map(toReply);
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `waitForReplies: expected ${count} bot message(s) in chat ${chatId} within ${timeoutMs} ms,`
          + ` got ${got.length}: ${JSON.stringify(got.map((u) => u.message.text))}`,
        );
      }
      await sleep(15);
    }
  }

  return {
    userId,
    chatId,
    from,
    chat,
    client,
    say,
    command: (name, args, opts) => say(`/${name}${args ? ` ${args}` : ''}`, opts),
    press,
    sendRaw,
    waitForReplies,
    botMessages: () => chatBotUpdates().map(toReply),
    botMessage,
  };
}

/** Mention and bot_command entities as Telegram computes them (offsets in UTF-16 units, like JS). */
export function telegramEntities(text: string): Array<{ type: 'mention' | 'bot_command'; offset: number; length: number }> {
  const out: Array<{ type: 'mention' | 'bot_command'; offset: number; length: number }> = [];
  for (const m of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)/g)) {
    out.push({ type: 'bot_command', offset: (m.index ?? 0) + (m[1]?.length ?? 0), length: m[2]?.length ?? 0 });
  }
  for (const m of text.matchAll(/(^|[^A-Za-z0-9_@/])(@[A-Za-z0-9_]{5,32})/g)) {
    out.push({ type: 'mention', offset: (m.index ?? 0) + (m[1]?.length ?? 0), length: m[2]?.length ?? 0 });
  }
  return out.sort((a, b) => a.offset - b.offset);
}

// ---------------------------------------------------------------------------------------------
// internals
// ---------------------------------------------------------------------------------------------

interface StoredBot {
  time: number;
  botToken: string;
  messageId: number;
  message: Record<string, unknown> & { chat_id: number | string; text?: string };
}

interface StoredUser {
  botToken: string;
  messageId: number;
  callbackId?: number;
  message?: { chat?: { id?: number }; from?: { id?: number } } & Record<string, unknown>;
  callbackQuery?: { from?: { id?: number }; data?: string };
}

function toReply(u: StoredBot): BotReply {
  const m = u.message;
  const rp = m.reply_parameters as { message_id?: number } | undefined;
  return {
    message_id: u.messageId,
    chat_id: m.chat_id,
    text: m.text,
    parse_mode: m.parse_mode as string | undefined,
    reply_markup: m.reply_markup as BotReply['reply_markup'],
    reply_to_message_id: rp?.message_id ?? (m.reply_to_message_id as number | undefined),
    raw: structuredClone(m),
  };
}

// grammY hands transformers the `abort-controller` shim's AbortSignal type, not the DOM one.
interface SignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

function sleep(ms: number, signal?: SignalLike): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
