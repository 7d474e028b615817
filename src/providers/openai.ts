import OpenAI from 'openai';
import { ProviderError } from '../errors.js';

export interface OpenAIClientOptions {
  apiKey: string;
  /** Any OpenAI-compatible server (Ollama, vLLM, DeepSeek, Qwen); the SDK's default when absent. */
  baseURL?: string;
  timeoutMs: number;
  /** SDK retries on 429/5xx/network errors. @default 1 */
  maxRetries?: number;
}

/** Builds the one OpenAI SDK client both adapters (embeddings, chat) use. */
export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries ?? 1,
  });
}

/**
 * Turns an SDK failure into a {@link ProviderError}, keeping "the server refused" (an HTTP status) apart
 * from "could not reach it" (connection, timeout). The message never includes the API key.
 */
export function toProviderError(what: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof OpenAI.APIConnectionError) {
    const timedOut = error instanceof OpenAI.APIConnectionTimeoutError;
    return new ProviderError(false, `${what}: ${timedOut ? 'timed out' : 'could not reach the server'}`, { cause: error });
  }
  if (error instanceof OpenAI.APIError) {
    const hint = error.status === 401 ? ' (check OPENAI_API_KEY)' : error.status === 404 ? ' (check the model name and OPENAI_BASE_URL)' : '';
    return new ProviderError(true, `${what}: the server answered ${error.status ?? 'an error'}${hint}`, { cause: error });
  }
  return new ProviderError(true, `${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
