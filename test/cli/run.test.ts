import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDotEnv } from '../../src/cli/run.js';
import { ConfigError, exitCodeFor } from '../../src/errors.js';

describe('loadDotEnv', () => {
  it('reads NAME=value lines, without overriding variables already set', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'dotenv-')), '.env');
    await writeFile(path, 'YIGAI_TEST_FROM_FILE=file\nYIGAI_TEST_ALREADY_SET=file\n');
    process.env.YIGAI_TEST_ALREADY_SET = 'shell';
    loadDotEnv(path);
    expect(process.env.YIGAI_TEST_FROM_FILE).toBe('file');
    expect(process.env.YIGAI_TEST_ALREADY_SET).toBe('shell');
    delete process.env.YIGAI_TEST_FROM_FILE;
    delete process.env.YIGAI_TEST_ALREADY_SET;
  });

  it('is quiet when there is no .env', async () => {
    const missing = join(await mkdtemp(join(tmpdir(), 'dotenv-')), '.env');
    expect(() => loadDotEnv(missing)).not.toThrow();
  });

  it('names .env and says what to do when it is a folder (exit code 2, not a crash)', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'dotenv-')), '.env');
    await mkdir(path);
    let error: unknown;
    try {
      loadDotEnv(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/\.env cannot be read \(it is a folder, not a file\); make it a file of NAME=value lines/);
    expect(exitCodeFor(error)).toBe(2);
  });
});
