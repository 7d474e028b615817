import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';

const optionalText = z.string().trim().optional();

/** A whole number from 1 to `max`: beyond a sensible bound a value is a typo (and timers above 2^31-1 ms misfire). */
const positiveInt = (fallback: number, max: number) =>
  z
    .string()
    .trim()
    .default(String(fallback))
    .transform((value, ctx) => {
      const parsed = Number(value);
      if (!/^\d+$/.test(value) || parsed <= 0 || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from 1 to ${max}, got "${value}"` });
        return z.NEVER;
      }
      return parsed;
    });

const httpUrl = optionalText.pipe(
  z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:11434/v1' })
    // A user name or password in the URL is never sent as the API key, and would be printed in every warning.
    .refine((url) => !/^[a-z]+:\/\/[^/@]*@/i.test(url), 'must not hold a user name or password; put the key in OPENAI_API_KEY')
    .optional(),
);

const idList = z
  .string()
  .trim()
  .default('')
  .transform((value, ctx) => {
    const ids = value.split(',').map((part) => part.trim()).filter(Boolean);
    const bad = ids.find((id) => !/^\d+$/.test(id));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `must be comma-separated numeric Telegram user ids, got "${bad}"` });
      return z.NEVER;
    }
    return ids.map(Number);
  });

const schema = z.object({
  DOCS_DIR: z.string().trim().optional(),
  INDEX_DIR: z.string().trim().optional(),
  DATA_DIR: z.string().trim().default('.data'),
  EMBEDDING_PROVIDER: z.enum(['local', 'openai'], { message: 'must be "local" or "openai"' }).default('local'),
  EMBEDDING_MODEL: z.string().trim().default('text-embedding-3-small'),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: httpUrl,
  CHAT_MODEL: z.string().trim().default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: positiveInt(20_000, 600_000),
  DAILY_LLM_QUESTIONS: positiveInt(50, 1_000_000),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: httpUrl,
  WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https$/, message: 'must be a public https:// URL' }).optional()),
  WEBHOOK_PORT: positiveInt(8080, 65_535),
  WEBHOOK_SECRET: optionalText.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'may hold only A-Z, a-z, 0-9, _ and - (Telegram\'s rule)').optional(),
  ),
  ADMIN_IDS: idList,
  RATE_LIMIT_PER_MINUTE: positiveInt(20, 10_000),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379' }).optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type Env = z.infer<typeof schema>;

/** The folder a new index is built from when none is named: the founding articles. */
export const DEFAULT_DOCS_DIR = 'seeds';
/** Put before every key the bots keep in Redis (REDIS_URL), and before the channel of generation news. */
export const REDIS_KEY_PREFIX = 'yigai:';
/** The index of {@link DEFAULT_DOCS_DIR}; the index of any other docs folder lives under it, in `folders/`. */
export const DEFAULT_INDEX_DIR = 'index';

/**
 * The index folder of a docs folder when none is named: `index/` for seeds/ (or no folder named), and
 * `index/folders/<name>-<hash of its path>` for another, so answering from another folder (`ask --docs B`) builds
 * B's own index and never replaces the one of seeds/ or of a third folder.
 */
export function defaultIndexDirFor(docsDir: string | undefined): string {
  if (docsDir === undefined || resolve(docsDir) === resolve(DEFAULT_DOCS_DIR)) return DEFAULT_INDEX_DIR;
  const path = resolve(docsDir);
  const name = basename(path).replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 40) || 'docs';
  return join(DEFAULT_INDEX_DIR, 'folders', `${name}-${createHash('sha256').update(path).digest('hex').slice(0, 8)}`);
}

/** The program's whole configuration, parsed once at start-up and passed down. */
export interface Config {
  /**
   * The docs folder named by DOCS_DIR or --docs. Unset: the folder the index was built from, or seeds/ for a new
   * index (store/docs-folder.ts decides).
   */
  docsDir?: string;
  /** INDEX_DIR or --index; unset: the index of the docs folder (see {@link defaultIndexDirFor}). */
  indexDir: string;
  /** Where the bot keeps sessions and usage counters. */
  dataDir: string;
  embedding: { provider: 'local' } | { provider: 'openai'; model: string };
  /** Present only when OPENAI_API_KEY is set: the LLM composer is then used, with the extractive one as fallback. */
  openai?: { apiKey: string; baseURL?: string; chatModel: string; timeoutMs: number };
  dailyLlmQuestions: number;
  telegram: {
    token?: string;
    apiRoot?: string;
    webhook?: { url: string; port: number; secret?: string };
    adminIds: number[];
    ratePerMinute: number;
  };
  /** REDIS_URL: when set, per-user and per-chat state is shared by every bot instance through Redis. */
  redisUrl?: string;
  logLevel: Env['LOG_LEVEL'];
}

/**
 * Validates the environment into a {@link Config}.
 * @throws {ConfigError} naming the first bad variable and how to fix it.
 */
export function createConfig(env: Record<string, string | undefined>): Config {
  // A variable set to nothing (`DOCS_DIR=` in .env) means "use the default", for every variable alike.
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim())));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, `${variable} ${issue.message}. Fix it in your environment or .env (see .env.example).`);
  }
  const e = parsed.data;
  if (e.EMBEDDING_PROVIDER === 'openai' && !e.OPENAI_API_KEY) {
    throw new ConfigError(
      'OPENAI_API_KEY',
      'EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY (any non-empty value for a local server such as Ollama). Or unset EMBEDDING_PROVIDER to use the offline embedder.',
    );
  }
  return {
    docsDir: e.DOCS_DIR,
    indexDir: e.INDEX_DIR ?? defaultIndexDirFor(e.DOCS_DIR),
    dataDir: e.DATA_DIR,
    embedding: e.EMBEDDING_PROVIDER === 'openai' ? { provider: 'openai', model: e.EMBEDDING_MODEL } : { provider: 'local' },
    openai: e.OPENAI_API_KEY
      ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, chatModel: e.CHAT_MODEL, timeoutMs: e.LLM_TIMEOUT_MS }
      : undefined,
    dailyLlmQuestions: e.DAILY_LLM_QUESTIONS,
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT,
      webhook: e.WEBHOOK_URL ? { url: e.WEBHOOK_URL, port: e.WEBHOOK_PORT, secret: e.WEBHOOK_SECRET } : undefined,
      adminIds: e.ADMIN_IDS,
      ratePerMinute: e.RATE_LIMIT_PER_MINUTE,
    },
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
  };
}
