import type { Context, SessionFlavor } from 'grammy';
import type { Answerer } from '../answer/answerer.js';
import type { Logger } from '../logger.js';
import type { DailyBudget } from './state/shared-state.js';
import type { ChatSession } from './session.js';

/** grammY's context with the chat session. */
export type BotContext = Context & SessionFlavor<ChatSession>;

/** What the feature composers need from outside. */
export interface FeatureDeps {
  answerer: Answerer;
  logger: Logger;
  /** Decides whether a user's question may be answered by the LLM composer. */
  llmBudget: DailyBudget;
}
