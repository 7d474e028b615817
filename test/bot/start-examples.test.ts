import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, type Answerer } from '../../src/answer/answerer.js';
import { EXAMPLE_QUESTIONS } from '../../src/bot/features/start.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { buildSeedIndex } from '../helpers/seed-index.js';

let answerer: Answerer;

beforeAll(async () => {
  const embeddings = new LocalEmbeddings();
  answerer = createAnswerer({ index: await buildSeedIndex(embeddings), embeddings });
});

// The buttons of /start and /help are the first questions a user asks: each must be answered, with a citation, by
// the real answerer over the seeds (a refit that loses one shows up here, not in a chat).
describe('the example questions offered by /start', () => {
  it.each(EXAMPLE_QUESTIONS.map((question) => [question]))('%s is answered, with a citation', async (question) => {
    const answer = await answerer.answer(question, []);
    expect(answer.answered).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
    // The lead cites the quote it is drawn from (quotes are numbered newest first, so not always [1]).
    const cited = Number(/\[(\d+)\]/.exec(answer.lead ?? '')?.[1]);
    expect(cited).toBeGreaterThanOrEqual(1);
    expect(cited).toBeLessThanOrEqual(answer.citations.length);
  });
});
