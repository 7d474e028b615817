import { HttpError, type Transformer } from 'grammy';

/**
 * An API transformer that retries a Bot API call whose connection failed (grammY's HttpError: reset, refused,
 * timed out) a few times with a short pause, so a momentary network drop does not lose a reply. Bounded, unlike
 * auto-retry's own HttpError loop, which never gives up and would stall the chat's queue while Telegram is away.
 * getUpdates is left alone: the runner already retries polling.
 *
 * Trade-off: Telegram has no idempotency key, so if the connection dropped after Telegram stored a message, the
 * retry sends it a second time. A duplicate answer was judged better than a lost one.
 */
export function retryNetworkErrors(options: { attempts?: number; delayMs?: number } = {}): Transformer {
  const attempts = options.attempts ?? 2;
  const delayMs = options.delayMs ?? 500;
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || method === 'getUpdates' || attempt >= attempts || signal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, delayMs * (attempt + 1)));
      }
    }
  };
}
