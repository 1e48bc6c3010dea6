import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { newSeed, seededShuffle } from '../../../../src/core/scenario/shuffle.ts';

const choices = ['a', 'b', 'c', 'd'];

describe('seededShuffle', () => {
  test('returns the same order for the same seed and node, every time', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), (seed, node) => {
        expect(seededShuffle(choices, seed, node)).toEqual(seededShuffle(choices, seed, node));
      }),
    );
  });

  test('returns a permutation: every choice exactly once, the input left as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 8 }), fc.nat(), fc.string(), (items, seed, node) => {
        const before = [...items];
        const shuffled = seededShuffle(items, seed, node);
        expect([...shuffled].sort()).toEqual([...items].sort());
        expect(items).toEqual(before);
      }),
    );
  });

  test('puts every choice first for some seed, each in roughly its share of plays', () => {
    const first = new Map<string, number>();
    for (let seed = 1; seed <= 2000; seed++) {
      const head = seededShuffle(choices, seed, 'finance-desk')[0]!;
      first.set(head, (first.get(head) ?? 0) + 1);
    }
    expect([...first.keys()].sort()).toEqual(choices);
    for (const count of first.values()) expect(count / 2000).toBeGreaterThan(0.2);
  });

  test('orders the decisions of one play independently of each other', () => {
    const sameOrder = Array.from({ length: 200 }, (_, seed) => seed).filter(
      (seed) => seededShuffle(choices, seed, 'opening').join() === seededShuffle(choices, seed, 'next-morning').join(),
    );
    // Independent orders of four choices agree about once in 24 plays.
    expect(sameOrder.length).toBeLessThan(30);
  });
});

describe('newSeed', () => {
  test('draws an unsigned 32-bit integer', () => {
    expect(newSeed(() => 0)).toBe(0);
    expect(newSeed(() => 0.5)).toBe(2 ** 31);
    expect(newSeed(() => 0.9999999999)).toBeLessThan(2 ** 32);
    expect(Number.isInteger(newSeed())).toBe(true);
  });
});
