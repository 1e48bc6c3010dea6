/**
 * Seeded shuffling of a decision's choices: the same seed and node always give the same order, so
 * a resumed or re-rendered play (and every phone of a class) shows the choices as before, while
 * another play shows them in another order and the first one shown carries no signal.
 */
import { seededRandom, shuffle } from '../quiz/layout.ts';

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

/**
 * Returns a permutation of `items` determined by the play's seed and the decision's key (the node
 * id), so each decision of a play has its own order. Pure: `items` is not changed.
 */
export function seededShuffle<T>(items: readonly T[], seed: number, key: string): T[] {
  return shuffle(items, seededRandom(hash(key, hash(String(seed >>> 0)))));
}
