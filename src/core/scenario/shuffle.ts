/**
 * Seeded shuffling of a decision's choices: the same seed and node always give the same order, so
 * a resumed or re-rendered play (and every phone of a class) shows the choices as before, while
 * another play shows them in another order and the first one shown carries no signal.
 */

/** A fresh seed for a new play: any unsigned 32-bit integer. */
export function newSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 32) >>> 0;
}

/** Hashes a string with FNV-1a into an unsigned 32-bit integer. */
function hash(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: a small, fast generator, plenty for ordering a handful of choices. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Returns a permutation of `items` determined by the play's seed and the decision's key (the node
 * id), so each decision of a play has its own order. Pure: `items` is not changed.
 */
export function seededShuffle<T>(items: readonly T[], seed: number, key: string): T[] {
  const next = generator(hash(key, hash(String(seed >>> 0))));
  const order = [...items];
  // Fisher–Yates.
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
