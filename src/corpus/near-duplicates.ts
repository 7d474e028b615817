/**
 * Near-duplicate passages (one story syndicated by several outlets, two articles quoting one announcement),
 * found by MinHash over character 4-grams with locality-sensitive hashing: each passage gets a 32-number
 * signature, passages sharing a band of 4 numbers become candidates, and candidates whose signatures agree
 * on at least {@link NEAR_DUPLICATE_JACCARD} of positions are twins. Pure and deterministic.
 */

/** Estimated Jaccard similarity of 4-gram sets above which two passages count as the same text. */
export const NEAR_DUPLICATE_JACCARD = 0.6;
const SIGNATURE_SIZE = 32;
const BAND_ROWS = 4;
// A band value shared by very many passages is boilerplate, not a story: comparing them all would be quadratic.
const MAX_BUCKET = 64;
const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

/** The character 4-grams of a text, punctuation and whitespace ignored, hashed (FNV-1a). */
function shingleHashes(text: string): Uint32Array {
  const bare = text.replace(/[\s\p{P}]/gu, '');
  const hashes = new Uint32Array(Math.max(0, bare.length - 3));
  for (let i = 0; i < hashes.length; i++) {
    let hash = 0x811c9dc5;
    for (let j = i; j < i + 4; j++) hash = Math.imul(hash ^ bare.charCodeAt(j), 0x01000193);
    hashes[i] = hash >>> 0;
  }
  return hashes;
}

/** The MinHash signature of a text (all 0xffffffff for texts under four characters). */
export function minhashSignature(text: string): Uint32Array {
  const signature = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const hash of shingleHashes(text)) {
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const permuted = Math.imul(hash ^ SEEDS[i]!, 0x85ebca6b) >>> 0;
      if (permuted < signature[i]!) signature[i] = permuted;
    }
  }
  return signature;
}

/** Exact Jaccard similarity of two texts' 4-gram sets, punctuation and spaces ignored: near 1 for copies. */
export function shingleSimilarity(a: string, b: string): number {
  const x = new Set(shingleHashes(a));
  const y = new Set(shingleHashes(b));
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const s of x) if (y.has(s)) shared++;
  return shared / (x.size + y.size - shared);
}

/** The share of positions where two signatures agree: an estimate of the texts' 4-gram Jaccard similarity. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * For passages `{ id, group, text }`, the ids of each passage's near-duplicates in *other* groups (documents).
 * @returns a map from id to its twins' ids, only for passages that have any.
 */
export function findNearDuplicates(passages: readonly { id: string; group: string; text: string }[]): Map<string, string[]> {
  // A paragraph syndicated verbatim is signed once.
  const signed = new Map<string, Uint32Array>();
  const signatures = passages.map((p) => {
    let signature = signed.get(p.text);
    if (!signature) signed.set(p.text, (signature = minhashSignature(p.text)));
    return signature;
  });
  const buckets = new Map<string, number[]>();
  signatures.forEach((signature, index) => {
    if (signature[0] === 0xffffffff) return;
    for (let band = 0; band < SIGNATURE_SIZE; band += BAND_ROWS) {
      const key = bandKey(signature, band);
      const bucket = buckets.get(key);
      if (bucket) bucket.push(index);
      else buckets.set(key, [index]);
    }
  });
  const twins = new Map<string, Set<string>>();
  const link = (a: number, b: number) => {
    const idA = passages[a]!.id;
    const set = twins.get(idA) ?? new Set<string>();
    set.add(passages[b]!.id);
    twins.set(idA, set);
  };
  // Pair a < b as one number (exact below 2^53, i.e. for any corpus that fits in memory): cheaper than strings.
  const compared = new Set<number>();
  for (const bucket of buckets.values()) {
    if (bucket.length < 2 || bucket.length > MAX_BUCKET) continue;
    for (let x = 0; x < bucket.length; x++) {
      for (let y = x + 1; y < bucket.length; y++) {
        const a = bucket[x]!;
        const b = bucket[y]!;
        if (passages[a]!.group === passages[b]!.group) continue;
        const pair = a * passages.length + b;
        if (compared.has(pair)) continue;
        compared.add(pair);
        if (estimatedJaccard(signatures[a]!, signatures[b]!) >= NEAR_DUPLICATE_JACCARD) {
          link(a, b);
          link(b, a);
        }
      }
    }
  }
  return new Map([...twins].map(([id, set]) => [id, [...set].sort()]));
}

/**
 * A band's bucket key: the band's start and its four 32-bit values as 16-bit character codes. One-to-one like
 * joining the numbers with commas, but without formatting eight numbers per passage.
 */
function bandKey(signature: Uint32Array, band: number): string {
  let key = String.fromCharCode(band);
  for (let i = band; i < band + BAND_ROWS; i++) key += String.fromCharCode(signature[i]! >>> 16, signature[i]! & 0xffff);
  return key;
}
