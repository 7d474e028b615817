// Run by the bench in a fresh process: node --import tsx src/bench/startup-child.ts <indexDir> <question>
// Prints one JSON line: how long loading the index and the first answer took, and the RSS after loading.
import { createAnswerer } from '../answer/answerer.js';
import { LocalEmbeddings } from '../embed/local.js';
import { loadIndex } from '../store/generations.js';

const [indexDir, question] = process.argv.slice(2);
if (!indexDir || !question) throw new Error('usage: startup-child.ts <indexDir> <question>');
const embeddings = new LocalEmbeddings();
let start = performance.now();
const { index } = await loadIndex(indexDir, embeddings);
const loadMs = performance.now() - start;
const rssMb = process.memoryUsage().rss / 1048576;
start = performance.now();
await createAnswerer({ index, embeddings }).answer(question, [], { allowLlm: false });
const firstAnswerMs = performance.now() - start;
process.stdout.write(`${JSON.stringify({ loadMs, firstAnswerMs, rssMb })}\n`);
