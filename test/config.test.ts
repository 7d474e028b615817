import { describe, expect, it } from 'vitest';
import { createConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

function configError(env: Record<string, string>): ConfigError {
  try {
    createConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('createConfig', () => {
  it('shares state through Redis only when REDIS_URL is set', () => {
    expect(createConfig({}).redisUrl).toBeUndefined();
    expect(createConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380/2' }).redisUrl).toBe('rediss://:pw@cache.internal:6380/2');
  });

  it('defaults to the offline path with no keys', () => {
    const config = createConfig({});
    expect(config.embedding).toEqual({ provider: 'local' });
    expect(config.openai).toBeUndefined();
    expect(config.docsDir).toBeUndefined();
    expect(config.indexDir).toBe('index');
  });

  it('turns on the LLM composer when OPENAI_API_KEY is set', () => {
    const config = createConfig({ OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', CHAT_MODEL: 'qwen2.5' });
    expect(config.openai).toMatchObject({ apiKey: 'sk-x', baseURL: 'http://127.0.0.1:11434/v1', chatModel: 'qwen2.5' });
  });

  it.each([
    [{ LLM_TIMEOUT_MS: 'soon' }, 'LLM_TIMEOUT_MS'],
    [{ LLM_TIMEOUT_MS: '4294967296' }, 'LLM_TIMEOUT_MS'],
    [{ LLM_TIMEOUT_MS: '2147483648' }, 'LLM_TIMEOUT_MS'],
    [{ RATE_LIMIT_PER_MINUTE: '1e9' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ OPENAI_BASE_URL: 'http://user:pw@127.0.0.1:11434/v1' }, 'OPENAI_BASE_URL'],
    [{ TELEGRAM_API_ROOT: 'https://token@api.example.org' }, 'TELEGRAM_API_ROOT'],
    [{ OPENAI_BASE_URL: 'localhost:11434' }, 'OPENAI_BASE_URL'],
    [{ EMBEDDING_PROVIDER: 'bert' }, 'EMBEDDING_PROVIDER'],
    [{ EMBEDDING_PROVIDER: 'openai' }, 'OPENAI_API_KEY'],
    [{ ADMIN_IDS: '12,abc' }, 'ADMIN_IDS'],
    [{ WEBHOOK_URL: 'http://example.org/hook' }, 'WEBHOOK_URL'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
  ])('names the bad variable in %o', (env, variable) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });
});

describe('createConfig with blank values', () => {
  it('treats a variable set to nothing as unset, for every variable', () => {
    const config = createConfig({ DOCS_DIR: '', RATE_LIMIT_PER_MINUTE: ' ', EMBEDDING_PROVIDER: '', OPENAI_API_KEY: '' });
    expect(config.docsDir).toBeUndefined();
    expect(config.telegram.ratePerMinute).toBe(20);
    expect(config.embedding).toEqual({ provider: 'local' });
    expect(config.openai).toBeUndefined();
  });

  it.each([
    [{ RATE_LIMIT_PER_MINUTE: '0x10' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ WEBHOOK_PORT: '99999' }, 'WEBHOOK_PORT'],
  ])('rejects %o', (env, variable) => {
    expect(() => createConfig(env)).toThrow(variable);
  });
});
