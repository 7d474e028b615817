/**
 * `npm start`: runs the Telegram bot. Configuration comes from the environment, and from .env when
 * there is one. Exit codes follow exitCodeFor (2: fix your setup, 3: index trouble).
 */
import { createAnswererFromConfig } from '../src/answer/answerer.js';
import { launch, stopOnSignals } from '../src/bot/launch.js';
import { createRedisState } from '../src/bot/state/redis-state.js';
import { createConfig, type Config } from '../src/config.js';
import { createEmbeddings } from '../src/embed/create.js';
import { exitCodeFor } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { loadDotEnv } from '../src/cli/run.js';
import { docsFolderToAnswerFrom } from '../src/store/docs-folder.js';
import { ingest } from '../src/store/ingest.js';

const NO_TOKEN = `TELEGRAM_BOT_TOKEN is not set, so the bot cannot connect to Telegram.

To get a token: in Telegram, open a chat with @BotFather, send /newbot and follow the prompts.
Then put the token in .env (or the environment):  TELEGRAM_BOT_TOKEN=123456789:AA...

To try the answers locally without Telegram:  npm run chat`;

/** The password in a redis:// URL, if any. */
function redisPassword(url: string | undefined): string | undefined {
  return url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
}

function readConfig(): Config {
  loadDotEnv();
  return createConfig(process.env);
}

let config: Config;
try {
  config = readConfig();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(exitCodeFor(error));
}
if (!config.telegram.token) {
  console.error(NO_TOKEN);
  process.exit(2);
}

// A password in REDIS_URL is a secret too.
const logger = createLogger({ level: config.logLevel, secrets: [config.telegram.token, config.openai?.apiKey, redisPassword(config.redisUrl)] });
try {
  const embeddings = createEmbeddings(config);
  // /reindex refreshes from the same folder the answers come from: the one named, or the one that built the index.
  const docsDir = await docsFolderToAnswerFrom(config.indexDir, config.docsDir);
  const answerer = await createAnswererFromConfig({ ...config, docsDir }, logger, embeddings);
  // /reindex parses on a worker thread: questions keep being answered while untrusted files are cleaned.
  const reindex = () => ingest({ docsDir, indexDir: config.indexDir, embeddings, parseOnWorker: true });
  const state = config.redisUrl ? await createRedisState({ url: config.redisUrl, dailyLlmQuestions: config.dailyLlmQuestions, logger }) : undefined;
  stopOnSignals(await launch({ config, logger, answerer, reindex, state }), logger);
} catch (error) {
  logger.fatal({ err: error }, 'the bot could not start');
  process.exit(exitCodeFor(error));
}
