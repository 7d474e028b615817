/** /status and /reindex (issue #5): for the user ids in ADMIN_IDS only. */
import { Composer } from 'grammy';
import type { Answerer } from '../../answer/answerer.js';
import type { Logger } from '../../logger.js';
import type { IngestReport } from '../../store/ingest.js';
import type { BotContext } from '../context.js';
import type { SharedState } from '../state/shared-state.js';
import { ADMIN_ONLY_TEXT, formatReindexDone, formatStatus, REINDEX_BUSY_TEXT } from '../format.js';
import { replyHtml, withTyping } from '../reply.js';

/** What the admin feature needs from outside. */
export interface AdminDeps {
  answerer: Answerer;
  logger: Logger;
  /** Telegram user ids allowed to use the admin commands. */
  adminIds: readonly number[];
  /**
   * Runs an incremental ingest of the docs folder into the index folder the answerer reads, with the
   * answerer's embedder; the answerer takes the new generation up before its next question.
   */
  reindex: () => Promise<IngestReport>;
  /** The lock that lets one /reindex run at a time, the live instances and the news of a new generation. */
  state: SharedState;
  /** This instance's name among those sharing `state`. */
  instanceId: string;
}

/** How long a /reindex may hold its lock: longer than any ingest, short enough that a crashed holder frees it. */
const REINDEX_LOCK_MS = 15 * 60_000;

/**
 * The admin feature. Everyone else gets a short refusal rather than "unknown command", so that an
 * admin whose id is missing from ADMIN_IDS learns why. The last re-index report is kept for
 * /status for the life of this process only. Failures of the ingest (the index locked by another
 * ingest, no usable documents) go to the error boundary like any other.
 */
export function adminFeature(deps: AdminDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  let lastIngest: { report: IngestReport; finishedAt: Date } | undefined;

  const commands = composer.command(['status', 'reindex']);
  commands.drop((ctx) => ctx.from !== undefined && deps.adminIds.includes(ctx.from.id), (ctx) => replyHtml(ctx, ADMIN_ONLY_TEXT));
  commands.command('status', async (ctx) => replyHtml(ctx, formatStatus(deps.answerer.summary(), lastIngest, await deps.state.instances(), deps.instanceId)));
  commands.command('reindex', async (ctx) => {
    // Updates of one chat run one after another, so this catches a /reindex from another chat (a
    // second admin, a group) or another instance while the first runs; within a chat the second waits and finds no change.
    const lock = await deps.state.tryLock('reindex', REINDEX_LOCK_MS);
    if (!lock) {
      await replyHtml(ctx, REINDEX_BUSY_TEXT);
      return;
    }
    let report: IngestReport;
    try {
      report = await withTyping(ctx, deps.logger, deps.reindex);
    } finally {
      await lock.release();
    }
    lastIngest = { report, finishedAt: new Date() };
    // Every other instance takes the new generation up (or re-indexes its own index) without waiting for a question.
    if (report.generation) await deps.state.publishGeneration(deps.instanceId, report.generation);
    const { generation, added, updated, removed, skipped, elapsedMs } = report;
    deps.logger.info(
      { adminId: ctx.from?.id, generation, added: added.length, updated: updated.length, removed: removed.length, skipped: skipped.length, ms: elapsedMs },
      'reindexed on admin request',
    );
    await replyHtml(ctx, formatReindexDone(report));
  });
  return composer;
}
