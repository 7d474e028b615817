/**
 * A tiny checker for Telegram's HTML parse mode, because the emulator stores messages unchecked:
 * only Telegram's tags, properly nested and all closed; `<`, `>` and `&` only as part of a tag or
 * one of the entities Telegram knows.
 */
const TELEGRAM_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'blockquote', 'tg-spoiler', 'tg-emoji', 'span']);
const TOKEN = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:="[^"<>]*")?)*)\s*>|&(?:lt|gt|amp|quot|#\d+|#x[\da-fA-F]+);|[<>&]/g;

/** What Telegram would reject in `html`; empty when it is well-formed. */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const [raw, slash, name] = match;
    if (name === undefined) {
      if (raw.length === 1) problems.push(`bare ${raw} at ${match.index}`);
      continue;
    }
    const tag = name.toLowerCase();
    if (!TELEGRAM_TAGS.has(tag)) problems.push(`unsupported <${tag}> at ${match.index}`);
    else if (!slash) open.push(tag);
    else if (open.pop() !== tag) problems.push(`</${tag}> at ${match.index} closes nothing open`);
  }
  if (open.length > 0) problems.push(`left open: ${open.join(', ')}`);
  return problems;
}
