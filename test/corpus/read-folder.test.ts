import { execFileSync } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashCorpusFolder, readCorpusFolder, type CorpusScan } from '../../src/corpus/read-folder.js';
import { CorpusError } from '../../src/errors.js';
import { copySeedsTo, seedFiles, tempFolders } from '../helpers/corpus.js';

const temp = tempFolders('yigai-read-folder');
afterAll(() => temp.cleanup());

const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

/** The seeds plus one file of each kind that must be skipped, and the reason each must give. */
const BAD_FILES: { file: string; content: string | Buffer; reason: RegExp }[] = [
  { file: 'big.txt', content: Buffer.alloc(6 * 1024 * 1024, '医'), reason: /6\.0 MB/ },
  { file: 'binary.txt', content: PNG_HEADER, reason: /binary/ },
  { file: 'broken.md', content: '---\ntitle: [没有闭合\ndate: 2022-01-01\n---\n国家区域医疗中心建设稳步推进。', reason: /YAML/ },
  { file: 'empty.md', content: '', reason: /empty/ },
  { file: 'notes.pdf', content: '%PDF-1.4 国家区域医疗中心', reason: /not a corpus file type/ },
];

describe('readCorpusFolder', () => {
  let scan: CorpusScan;
  beforeAll(async () => {
    const dir = await temp.make();
    await copySeedsTo(dir);
    for (const { file, content } of BAD_FILES) await writeFile(join(dir, file), content);
    // Hidden files and installed packages are not corpus files and are not reported either.
    await writeFile(join(dir, '.DS_Store'), PNG_HEADER);
    await mkdir(join(dir, 'node_modules', 'some-package'), { recursive: true });
    await writeFile(join(dir, 'node_modules', 'some-package', 'CHANGELOG.md'), '# 1.0.0\n国家区域医疗中心。');
    scan = await readCorpusFolder(dir);
  });

  it('returns the five seeds as documents, in file order', async () => {
    expect(scan.documents.map((d) => d.file)).toEqual(await seedFiles());
    expect(scan.documents.map((d) => d.date)).toEqual(['2022-05-26', '2022-06-02', '2021-07-24', '2022-05-11', '2021-10-20']);
  });

  it('reports every bad file in skipped, with a reason naming the problem', () => {
    expect(scan.skipped.map((s) => s.file)).toEqual(BAD_FILES.map((b) => b.file));
    for (const { file, reason } of BAD_FILES) {
      expect(scan.skipped.find((s) => s.file === file)?.reason, file).toMatch(reason);
    }
  });

  it('reads sub-folders, naming files by their relative path with /', async () => {
    const dir = await temp.make();
    await mkdir(join(dir, '2022', '05'), { recursive: true });
    await writeFile(join(dir, '2022', '05', 'article.md'), '---\ntitle: 子目录中的文章\ndate: 2022-05-01\n---\n国家区域医疗中心建设稳步推进。');
    const { documents, skipped } = await readCorpusFolder(dir);
    expect(documents.map((d) => d.file)).toEqual(['2022/05/article.md']);
    expect(skipped).toEqual([]);
  });

  it('keeps file order and each file its own content when many are read at once', async () => {
    const dir = await temp.make();
    const names = Array.from({ length: 50 }, (_, i) => `a${String(i).padStart(2, '0')}.md`);
    // Sizes vary so the reads finish out of order.
    for (const [i, name] of names.entries()) await writeFile(join(dir, name), `---\ntitle: 第${i}篇\n---\n${'医改'.repeat(1 + ((i * 7919) % 5000))}。`);
    const { documents } = await readCorpusFolder(dir);
    expect(documents.map((d) => d.file)).toEqual(names);
    expect(documents.map((d) => d.title)).toEqual(names.map((_, i) => `第${i}篇`));
    const hashes = await hashCorpusFolder(dir);
    expect([...hashes.keys()]).toEqual(names);
    expect(documents.map((d) => hashes.get(d.file))).toEqual(documents.map((d) => d.hash));
  });

  it('uses the file time as the date when front matter has none', async () => {
    const dir = await temp.make();
    await writeFile(join(dir, 'undated.md'), '国家区域医疗中心建设稳步推进。');
    const [doc] = (await readCorpusFolder(dir)).documents;
    expect(doc?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(doc?.warnings).toEqual(expect.arrayContaining([expect.stringContaining('file time')]));
  });

  it('skips an unreadable file and a symbolic link with their reasons, and reads the rest', async () => {
    const dir = await temp.make();
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'good.md'), '---\ntitle: 可读的文章\n---\n国家区域医疗中心建设稳步推进。');
    await writeFile(join(dir, 'locked.md'), '---\ntitle: 锁住的文章\n---\n正文。');
    await chmod(join(dir, 'good.md'), 0o644);
    await chmod(join(dir, 'locked.md'), 0o000);
    await symlink('/etc/passwd', join(dir, 'outside.txt'));
    // Root reads any file, so the folder is read as an unprivileged user (nobody) when the tests run as root.
    const asRoot = process.getuid?.() === 0;
    const script = `import { readCorpusFolder } from ${JSON.stringify(new URL('../../src/corpus/read-folder.ts', import.meta.url).pathname)};
      const scan = await readCorpusFolder(${JSON.stringify(dir)});
      console.log(JSON.stringify({ documents: scan.documents.map((d) => d.file), skipped: scan.skipped }));`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    const scan = JSON.parse(output) as { documents: string[]; skipped: { file: string; reason: string }[] };
    expect(scan.documents).toEqual(['good.md']);
    expect(scan.skipped).toEqual([
      { file: 'locked.md', reason: expect.stringMatching(/permission denied/) },
      { file: 'outside.txt', reason: expect.stringMatching(/symbolic link.*not followed/) },
    ]);
  });

  it('throws a CorpusError when the folder itself cannot be read', async () => {
    const missing = join(await temp.make(), 'no-such-folder');
    await expect(readCorpusFolder(missing)).rejects.toBeInstanceOf(CorpusError);
  });
});
