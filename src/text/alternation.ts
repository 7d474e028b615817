/**
 * A regular-expression alternation of literal words, each escaped, longest first: a longer name or unit is tried
 * before the shorter one inside it (个百分点 before 个, 新疆生产建设兵团 before 新疆). No capture groups.
 */
export function longestFirstAlternation(words: Iterable<string>): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
}
