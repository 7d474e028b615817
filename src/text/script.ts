import * as OpenCC from 'opencc-js';

// Converters are built lazily: their dictionaries cost a few milliseconds and are not needed by every process.
let toSimplifiedConverter: ((text: string) => string) | undefined;
let toTraditionalConverter: ((text: string) => string) | undefined;

/** Converts traditional Chinese characters to simplified ones; other text passes through unchanged. */
export function toSimplified(text: string): string {
  const convert = (toSimplifiedConverter ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  return convert(text);
}

/** Converts simplified Chinese to traditional (Taiwan standard), for replying in the asker's script. */
export function toTraditional(text: string): string {
  const convert = (toTraditionalConverter ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
  return convert(text);
}

/** True when the text is written in traditional characters (converting it to simplified changes it). */
export function isTraditional(text: string): boolean {
  return toSimplified(text) !== text;
}

/**
 * The form used for matching, never for display: traditional → simplified, full-width → half-width (NFKC), lower case.
 */
export function normalizeForMatch(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase();
}
