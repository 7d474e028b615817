import { spawnSync } from 'node:child_process';
import { chmod, copyFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { IndexUnwritableError, exitCodeFor } from '../../src/errors.js';
import { readCurrentManifest } from '../../src/store/generations.js';
import { ensureFreshIndex, ingest } from '../../src/store/ingest.js';
import { copySeedsTo, FIXTURES_DIR, tempFolders } from '../helpers/corpus.js';

const temp = tempFolders('yigai-refresh');
afterAll(() => temp.cleanup());
const embeddings = new LocalEmbeddings();
const ROOT = resolve(import.meta.dirname, '..', '..');

/** A docs folder of the seeds and an index built from it; then one more article, so the index is stale. */
async function staleIndex(): Promise<{ docs: string; index: string; generation: string }> {
  const docs = await temp.make();
  const index = await temp.make();
  await copySeedsTo(docs);
  await ingest({ docsDir: docs, indexDir: index, embeddings });
  await copyFile(join(FIXTURES_DIR, 'community-hospital.md'), join(docs, 'community-hospital.md'));
  return { docs, index, generation: (await readCurrentManifest(index))!.generation };
}

/** A logger that keeps its warnings. */
function warnings() {
  const lines: string[] = [];
  return { lines, logger: { info: () => undefined, warn: (_: object, msg: string) => void lines.push(msg) } };
}

describe('an index that cannot be refreshed now still answers', () => {
  it('answers from the current generation while another ingest holds the lock, with one warning', async () => {
    const { docs, index, generation } = await staleIndex();
    // A lock held by a live process: this one.
    await writeFile(join(index, '.ingest.lock'), JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
    const { lines, logger } = warnings();
    expect(await ensureFreshIndex({ docsDir: docs, indexDir: index, embeddings, logger })).toBeNull();
    expect(lines).toEqual([expect.stringContaining('answering from its current generation')]);
    expect((await readCurrentManifest(index))!.generation).toBe(generation);
  });

  it('names the path, with exit code 3, when --index is a file', async () => {
    const file = join(await temp.make(), 'not-a-folder');
    await writeFile(file, 'x');
    const refused = ingest({ docsDir: join(ROOT, 'seeds'), indexDir: file, embeddings });
    await expect(refused).rejects.toBeInstanceOf(IndexUnwritableError);
    await expect(refused).rejects.toThrow(`The index folder ${file} cannot be written (it is a file, not a folder)`);
    expect(exitCodeFor(await refused.catch((error: unknown) => error))).toBe(3);
  });

  it('a read-only index answers, and ingest into it says why it cannot (exit 3, no stack trace)', async () => {
    const { docs, index } = await staleIndex();
    await chmod(index, 0o755);
    await chmod(docs, 0o755);
    // Root writes anywhere, so the commands run as an unprivileged user (nobody) when the tests run as root.
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (!('uid' in as)) await chmod(index, 0o555);
    const cli = (script: string, args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' }, ...as });

    const asked = cli('ask.ts', ['--docs', docs, '--index', index, '--json', '国家要建多少个省级区域医疗中心？']);
    expect(asked.status, asked.stderr).toBe(0);
    expect(JSON.parse(asked.stdout)).toMatchObject({ answered: true });

    const ingested = cli('ingest.ts', ['--docs', docs, '--index', index]);
    expect(ingested.status).toBe(3);
    expect(ingested.stderr).toContain(`error: The index folder ${index} cannot be written (permission denied)`);
    expect(ingested.stderr).not.toContain('    at ');
  });
});
