import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, type Answerer } from '../../src/answer/answerer.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { loadIndex } from '../../src/store/generations.js';
import { ingest } from '../../src/store/ingest.js';
import { tempFolders } from '../helpers/corpus.js';

// Four reports of one count over two years, two outlets giving the same figure, one province's own count and a plan.
const ARTICLES: Record<string, string> = {
  'a-2022.md': ['---', 'title: 区域医疗中心建设提速', 'source: 新华社', 'date: 2022-05-26', '---', '目前，全国已在8个省份试点建设26个国家区域医疗中心，优质医疗资源加快下沉。'].join('\n'),
  'b-2022.md': ['---', 'title: 优质医疗资源扩容', 'source: 央视网', 'date: 2022-06-02', '---', '记者了解到，全国已在8个省份试点建设26个国家区域医疗中心，群众跨省就医减少。'].join('\n'),
  'c-2023.md': ['---', 'title: 项目增至76个', 'source: 健康报', 'date: 2023-04-10', '---', '国家卫生健康委介绍，截至目前，国家区域医疗中心建设项目已达76个，覆盖全部试点省份。起步阶段，国家区域医疗中心建设先在8个试点省份展开。'].join('\n'),
  'e-2023.md': ['---', 'title: 江西区域医疗中心建设', 'source: 江西日报', 'date: 2023-05-29', '---', '截至目前，全省获批的国家区域医疗中心项目共7个，数量居中部前列。'].join('\n'),
  'f-2024.md': ['---', 'title: 规划展望', 'source: 经济日报', 'date: 2024-01-05', '---', '按照规划，到2025年力争建成国家区域医疗中心150个。'].join('\n'),
  'd-2023.md': ['---', 'title: 第五批名单公布', 'source: 人民网', 'date: 2023-07-28', '---', '第五批名单近日公布。至此，全国国家区域医疗中心项目总数达到125个，基本覆盖医疗资源薄弱地区。'].join('\n'),
};

const folders = tempFolders('yigai-timeline');
let answerer: Answerer;

beforeAll(async () => {
  const root = await folders.make();
  const docsDir = join(root, 'docs');
  await mkdir(docsDir);
  for (const [name, text] of Object.entries(ARTICLES)) await writeFile(join(docsDir, name), text);
  const embeddings = new LocalEmbeddings();
  await ingest({ docsDir, indexDir: join(root, 'index'), embeddings });
  answerer = createAnswerer({ index: (await loadIndex(join(root, 'index'), embeddings)).index, embeddings });
});
afterAll(() => folders.cleanup());

describe('figures over time', () => {
  it('answers with the figure first, then every dated figure of the same count, oldest first, the latest marked', async () => {
    const answer = await answerer.answer('国家区域医疗中心项目总数是多少个？', []);
    expect(answer.lead).toContain('125个');
    const lines = answer.text.split('\n');
    const timeline = lines.slice(lines.indexOf('时间线（从早到晚）：') + 1).filter((line) => /^\d{4}-\d{2}-\d{2}　/.test(line));
    expect(timeline.map((line) => line.slice(0, 10))).toEqual(['2022-05-26', '2023-04-10', '2023-07-28']);
    expect(timeline[0]).toContain('26个');
    expect(timeline[1]).toContain('76个');
    expect(timeline[2]).toMatch(/125个.*（最新）$/);
    expect(timeline.filter((line) => line.endsWith('（最新）'))).toHaveLength(1);
  });

  it('gives two outlets stating the same figure one line that cites both, under the first report\'s date', async () => {
    const answer = await answerer.answer('国家区域医疗中心项目总数是多少个？', []);
    const line = answer.text.split('\n').find((l) => l.startsWith('2022-05-26'))!;
    const markers = [...line.matchAll(/\[(\d)\]/g)].map((m) => Number(m[1]));
    expect(markers).toHaveLength(2);
    expect(markers.map((n) => answer.citations[n - 1]!.file).sort()).toEqual(['a-2022.md', 'b-2022.md']);
  });

  it('leaves out a figure that counts something else (8个试点省份), somewhere else (全省…7个) or is only planned', async () => {
    const answer = await answerer.answer('国家区域医疗中心项目总数是多少个？', []);
    const timeline = answer.text.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2}　/.test(line));
    expect(timeline.length).toBeGreaterThanOrEqual(3);
    expect(timeline.filter((line) => line.includes('8个试点省份'))).toEqual([]);
    // One province's count is not the national one the question asks about; a plan is not a count.
    expect(timeline.filter((line) => line.includes('7个'))).toEqual([]);
    expect(timeline.filter((line) => line.includes('150个'))).toEqual([]);
  });
});
