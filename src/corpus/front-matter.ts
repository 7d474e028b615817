import matter from 'gray-matter';
import { parse as parseYaml } from 'yaml';
import { CorpusError } from '../errors.js';

/** Front matter larger than this is not an article's metadata; refusing it bounds the parser's work. */
const MAX_FRONT_MATTER_CHARS = 64 * 1024;
/** A real article's metadata uses no aliases; the bound stops "billion laughs" expansion early. */
const MAX_ALIASES = 20;

/** An article split into its metadata and its body. */
export interface FrontMatter {
  data: Record<string, unknown>;
  content: string;
}

/**
 * Splits an article into its front matter and body. Documents are data: the front matter is read as YAML
 * only, never as JavaScript or CoffeeScript (gray-matter would evaluate `---js` blocks), with bounds on size
 * and aliases.
 * @throws {CorpusError} when the front matter names another language, is too large, or is not valid YAML.
 */
export function splitFrontMatter(file: string, text: string): FrontMatter {
  // gray-matter only sees front matter at the very start; seeds put blank lines before it.
  const source = text.replace(/^\s+(?=---)/, '');
  const language = source.startsWith('---') ? matter.language(source, {}).name.trim() : '';
  if (language !== '' && language !== 'yaml' && language !== 'yml') {
    throw new CorpusError(file, `front matter is marked as "${language}"; only YAML front matter is read: remove "${language}" after the opening ---`);
  }
  try {
    const parsed = matter(source, { language: 'yaml', engines: { yaml: { parse: parseBoundedYaml } } });
    return { data: parsed.data as Record<string, unknown>, content: parsed.content };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CorpusError(file, `front matter is not valid YAML (${detail}); fix it (a value holding 「: 」 needs quotes: title: "…") or remove the --- block`, {
      cause: error,
    });
  }
}

function parseBoundedYaml(yaml: string): object {
  if (yaml.length > MAX_FRONT_MATTER_CHARS) {
    throw new Error(`it is ${yaml.length} characters long, more than the ${MAX_FRONT_MATTER_CHARS} metadata can need`);
  }
  // YAML 1.1 as js-yaml read it before, except that dates stay the text written: a timestamp without a zone
  // (`date: 2023-07-11 20:30:00`) is UTC to YAML but China time to a Chinese newsroom (load.ts reads it so).
  const data: unknown = parseYaml(yaml, {
    version: '1.1',
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
    maxAliasCount: MAX_ALIASES,
    uniqueKeys: false,
    logLevel: 'error',
  });
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
}
