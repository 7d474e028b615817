import { longestFirstAlternation } from './alternation.js';
import { readWordList } from './lexicon.js';

/**
 * What a figure is counted or measured in: CC-CEDICT's classifiers (lexicon/measure-words.txt) and the units that
 * are not classifiers (lexicon/units.txt). The one place that knows units: the facts extracted from articles and
 * the unit a question asks in both read it.
 */

// A magnitude stands between a figure and its unit (58.16万套, 5亿元) or alone (331亿).
const MAGNITUDE = '(?:万亿|千亿|百亿|亿|千万|百万|万)';

let classifiers: ReadonlySet<string> | undefined;
let unitAlternation: string | undefined;

/** Whether a unit is a classifier (个, 张, 家) rather than a unit of money, share or time. */
export function isClassifier(unit: string): boolean {
  classifiers ??= new Set(readWordList('measure-words.txt'));
  return classifiers.has(unit);
}

/**
 * A regular-expression alternation of every unit, a magnitude allowed before it or alone; longest first, so
 * 个百分点 is read before 个. No capture groups.
 */
export function unitPattern(): string {
  unitAlternation ??= (() => {
    const units = new Set([...readWordList('units.txt'), ...readWordList('measure-words.txt')]);
    return `${MAGNITUDE}?(?:${longestFirstAlternation(units)})|${MAGNITUDE}`;
  })();
  return unitAlternation;
}

/** The files the units come from: facts stored at ingest depend on them. */
export const UNIT_FILES = ['measure-words.txt', 'units.txt'] as const;
