import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { countAnswers, decideVote, percentOf } from '../../../../src/core/classroom/votes.ts';

const options = [
  { id: 'a', label: '甲' },
  { id: 'b', label: '乙' },
  { id: 'c', label: '丙' },
];

describe('countAnswers', () => {
  test('counts each person once in the total and once per option they chose, in the options order', () => {
    const tally = countAnswers(options, [['b'], ['a', 'c'], ['b'], ['c', 'c']]);
    expect(tally).toEqual({
      options: [
        { id: 'a', label: '甲', count: 1 },
        { id: 'b', label: '乙', count: 2 },
        { id: 'c', label: '丙', count: 2 },
      ],
      total: 4,
    });
  });

  test('ignores a selection of an option that was not offered', () => {
    expect(countAnswers(options, [['z']]).options.map((option) => option.count)).toEqual([0, 0, 0]);
  });

  test('counts every answer of any number of single-choice answers exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 300 }), (picks) => {
        const tally = countAnswers(options, picks.map((pick) => [pick]));
        expect(tally.total).toBe(picks.length);
        expect(tally.options.reduce((sum, option) => sum + option.count, 0)).toBe(picks.length);
      }),
    );
  });
});

describe('decideVote', () => {
  const votes = (a: number, b: number, c: number) => ({
    options: [
      { id: 'a', label: '甲', count: a },
      { id: 'b', label: '乙', count: b },
      { id: 'c', label: '丙', count: c },
    ],
  });

  test('gives the choice with the most votes, without a majority of all votes', () => {
    expect(decideVote(votes(4, 3, 3))).toEqual({ kind: 'winner', choice: 'a', tieBroken: false });
  });

  test('ignores a tie-break when the vote is not tied', () => {
    expect(decideVote(votes(1, 5, 0), 'a')).toEqual({ kind: 'winner', choice: 'b', tieBroken: false });
  });

  test('reports the choices tied for the most votes and lets the facilitator pick one of them', () => {
    expect(decideVote(votes(3, 3, 1))).toEqual({ kind: 'tie', tied: ['a', 'b'] });
    expect(decideVote(votes(3, 3, 1), 'b')).toEqual({ kind: 'winner', choice: 'b', tieBroken: true });
  });

  test('refuses a tie-break for a choice that is not among the tied', () => {
    expect(decideVote(votes(3, 3, 1), 'c')).toEqual({ kind: 'tie', tied: ['a', 'b'] });
  });

  test('treats a vote nobody took part in as a tie of every choice', () => {
    expect(decideVote(votes(0, 0, 0))).toEqual({ kind: 'tie', tied: ['a', 'b', 'c'] });
    expect(decideVote(votes(0, 0, 0), 'c')).toEqual({ kind: 'winner', choice: 'c', tieBroken: true });
  });

  test('always picks a choice with the most votes', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(50), fc.constantFrom('a', 'b', 'c'), (a, b, c, pick) => {
        const outcome = decideVote(votes(a, b, c), pick);
        const most = Math.max(a, b, c);
        const count = { a, b, c };
        if (outcome.kind === 'winner') expect(count[outcome.choice as 'a' | 'b' | 'c']).toBe(most);
        else expect(outcome.tied.length).toBeGreaterThan(1);
      }),
    );
  });
});

describe('percentOf', () => {
  test('rounds to a whole percentage and gives 0 when nobody answered', () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(2, 3)).toBe(67);
    expect(percentOf(0, 0)).toBe(0);
  });
});
