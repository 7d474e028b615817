import type { CorpusEmbeddings } from '../embed/embedder.js';
import type { Logger } from '../logger.js';
import type { CorpusIndex } from './corpus-index.js';
import { currentGeneration, loadIndex } from './generations.js';

/**
 * The index a long-running process answers from, following new generations as ingest writes them.
 * `refresh()` is called between questions: a question holds the generation it started with, so a swap
 * never happens mid-answer. A generation that fails to load is logged and the current one kept.
 */
export class LiveIndex {
  private constructor(
    private readonly dir: string,
    private readonly embeddings: CorpusEmbeddings,
    private readonly logger: Logger | undefined,
    private index: CorpusIndex,
  ) {}

  /** A live generation found damaged (loadIndex fell back from it): not loaded again until CURRENT changes. */
  private damaged: string | undefined;
  /** The load in progress, shared by every question that arrives while it runs (one load, not one per question). */
  private pending: Promise<boolean> | undefined;

  /** Loads the live generation. @throws like {@link loadIndex}. */
  static async open(dir: string, embeddings: CorpusEmbeddings, logger?: Logger): Promise<LiveIndex> {
    const loaded = await loadIndex(dir, embeddings);
    const live = new LiveIndex(dir, embeddings, logger, loaded.index);
    if (loaded.fellBackFrom) {
      live.damaged = loaded.fellBackFrom.generation;
      logger?.warn(loaded.fellBackFrom, 'live index generation is damaged; answering from the previous one');
    }
    return live;
  }

  get current(): CorpusIndex {
    return this.index;
  }

  /** Switches to a newer generation if ingest wrote one. @returns whether it switched. */
  refresh(): Promise<boolean> {
    this.pending ??= this.switchIfNewer().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async switchIfNewer(): Promise<boolean> {
    const live = await currentGeneration(this.dir).catch(() => null);
    if (!live || live === this.index.manifest.generation || live === this.damaged) return false;
    try {
      const loaded = await loadIndex(this.dir, this.embeddings);
      if (loaded.fellBackFrom) {
        this.damaged = live;
        this.logger?.warn(loaded.fellBackFrom, 'new index generation is damaged; not switching to it');
      }
      if (loaded.index.manifest.generation === this.index.manifest.generation) return false;
      this.index = loaded.index;
      this.logger?.info({ generation: loaded.index.manifest.generation, chunks: loaded.index.chunks.length }, 'switched to new index generation');
      return true;
    } catch (error) {
      this.logger?.error({ err: error, generation: live }, 'new index generation failed to load; keeping the current one');
      return false;
    }
  }
}
