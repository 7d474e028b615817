import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

/** A logger writing into a string, and the string. */
function capture(secrets: string[]) {
  let written = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ level: 'info', secrets, destination });
  return { logger, written: () => written };
}

describe('createLogger', () => {
  it.each([
    ['plain', 'sk-test-SECRET-123456'],
    ['with a quote', 'sk-"quoted"-123456'],
    ['with a backslash', 'sk-back\\\\slash-123456'],
    ['with characters a URL encodes', 'sk-a/b+c=d&e-123456'],
  ])('removes a %s secret from messages, fields and URLs, in every escaped form', (_, secret) => {
    const { logger, written } = capture([secret]);
    logger.warn({ echoed: secret, url: `https://api.example.org/bot${encodeURIComponent(secret)}/getMe` }, `the server echoed ${secret}`);
    const line = written();
    expect(line).toContain('[REDACTED]');
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) expect(line).not.toContain(form);
  });
});
