import { statSync, watch, type FSWatcher } from 'node:fs';

export interface WatchOptions {
  debounceMs: number;
  signal: AbortSignal;
  /** How often the folder's identity is checked, to notice it deleted, or replaced by another (`mv`). @default 1000 */
  checkMs?: number;
  /** Called when the folder disappears; watching goes on until it is back. */
  onMissing?: () => void;
  /** Called when the folder is back, or replaced by another folder; a run follows. */
  onBack?: () => void;
}

/**
 * Calls `onChange` after the folder has been quiet for `debounceMs` following any change below it, never two
 * calls at once (a change during a run schedules one more run after it). A folder deleted is waited for; a
 * folder back, or swapped for another under the same name, is watched anew and read once more. Runs until
 * `signal` aborts, then waits for a run in progress to finish.
 */
export async function watchFolder(dir: string, onChange: () => Promise<void>, options: WatchOptions): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  let watcher: FSWatcher | null = null;
  // The folder's device and inode: a folder moved into its place has another.
  const identityOf = (): string | null => {
    try {
      const info = statSync(dir);
      return info.isDirectory() ? `${info.dev}:${info.ino}` : null;
    } catch {
      return null;
    }
  };
  // Editors write a file in several steps: wait for the folder to settle before acting.
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (identityOf() !== null) running = running.then(onChange);
    }, options.debounceMs);
  };
  const startWatcher = () => {
    try {
      watcher = watch(dir, { recursive: true }, schedule);
      // The folder went away under the watcher: the identity check below notices and waits for it.
      watcher.on('error', () => stopWatcher());
    } catch {
      watcher = null;
    }
  };
  const stopWatcher = () => {
    watcher?.close();
    watcher = null;
  };

  let identity = identityOf();
  if (identity !== null) startWatcher();
  const check = setInterval(() => {
    const now = identityOf();
    if (now === identity) return;
    identity = now;
    stopWatcher();
    if (now === null) {
      options.onMissing?.();
      return;
    }
    startWatcher();
    options.onBack?.();
    schedule();
  }, options.checkMs ?? 1000);

  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    else options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(check);
  stopWatcher();
  clearTimeout(timer);
  await running;
}
