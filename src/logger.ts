import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Creates the structured logger. Secrets are removed twice: by key (pino redaction of token/apiKey/authorization
 * fields) and by value (any known secret string inside any message or field is replaced), because a token
 * can hide inside a URL or an error message.
 */
export function createLogger(options: { level: string; secrets: (string | undefined)[]; destination?: DestinationStream }): Logger {
  const secrets = options.secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6).flatMap(writtenForms);
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('[REDACTED]'), text);
  return pino(
    {
      level: options.level,
      redact: {
        paths: ['token', 'apiKey', 'authorization', '*.token', '*.apiKey', '*.authorization', '*.headers.authorization', 'config.telegram.token', 'config.openai.apiKey'],
        censor: '[REDACTED]',
      },
      hooks: {
        streamWrite: scrub,
      },
    },
    options.destination ?? pino.destination(2),
  );
}

/**
 * The ways a secret can appear in a written log line: as is, JSON-escaped (a `"` or `\\` in it), URL-encoded (inside
 * an address), and both; longest first, so a longer form is replaced before a shorter one inside it.
 */
function writtenForms(secret: string): string[] {
  const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);
  const forms = new Set([secret, jsonEscaped(secret), encodeURIComponent(secret), jsonEscaped(encodeURIComponent(secret))]);
  return [...forms].sort((a, b) => b.length - a.length);
}
