/**
 * A hand-written stand-in for the bot's `reindex` dependency: resolves to a canned report or throws
 * a given error, records its runs, and can be held open to test a /reindex that is still running.
 */
import type { IngestReport } from '../../src/store/ingest.js';

/** A report as an incremental ingest that added one document writes it; fields can be overridden. */
export function fakeIngestReport(overrides: Partial<IngestReport> = {}): IngestReport {
  return {
    generation: 'g2',
    documents: 6,
    chunks: 126,
    added: ['005_new.md'],
    updated: [],
    removed: [],
    unchanged: ['000_a.txt', '001_b.txt', '002_c.txt', '003_d.txt', '004_e.txt'],
    skipped: [],
    warnings: [],
    duplicates: [],
    embedded: 6,
    elapsedMs: 1_234,
    ...overrides,
  };
}

export class FakeReindex {
  runs = 0;
  /** What the next runs resolve to, or throw. */
  outcome: IngestReport | Error = fakeIngestReport();
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  /** Makes runs wait until {@link finish} is called. */
  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  /** Lets held runs complete. */
  finish(): void {
    this.release?.();
    this.held = undefined;
  }

  /** The `reindex` function to pass to createBot. */
  readonly run = async (): Promise<IngestReport> => {
    this.runs++;
    await this.held;
    if (this.outcome instanceof Error) throw this.outcome;
    return this.outcome;
  };
}
