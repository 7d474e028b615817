import { watch } from 'node:fs';

/**
 * Calls `onChange` after the folder has been quiet for `debounceMs` following any change below it, never two
 * calls at once (a change during a run schedules one more run after it). Runs until `signal` aborts, then
 * waits for a run in progress to finish.
 */
export async function watchFolder(
  dir: string,
  onChange: () => Promise<void>,
  options: { debounceMs: number; signal: AbortSignal },
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  // Editors write a file in several steps: wait for the folder to settle before acting.
  const watcher = watch(dir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(onChange);
    }, options.debounceMs);
  });
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    else options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  watcher.close();
  clearTimeout(timer);
  await running;
}
