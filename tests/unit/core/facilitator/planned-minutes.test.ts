import { describe, expect, test } from 'vitest';
import { planSlideMinutes } from '../../../../src/core/facilitator/planned-minutes.ts';

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('planSlideMinutes', () => {
  test('shares the lesson minutes as talk in proportion to each slide’s text, then adds what its notes plan', () => {
    const minutes = planSlideMinutes(20, [
      { activityMinutes: 0, weight: 100 },
      { activityMinutes: 10, weight: 300 },
      { activityMinutes: 0, weight: 600 },
    ]);
    // Talk: 20 minutes, one each first, the other 17 as 1.7 : 5.1 : 10.2 → 1 + 5 + 10, the odd minute to the largest remainder.
    expect(minutes).toEqual([3, 16, 11]);
    expect(sum(minutes)).toBe(30);
  });

  test('gives every slide at least one minute of talk, so a short lesson with many slides runs longer', () => {
    const minutes = planSlideMinutes(3, [
      { activityMinutes: 5, weight: 0 },
      { activityMinutes: 0, weight: 10 },
      { activityMinutes: 0, weight: 10 },
      { activityMinutes: 0, weight: 10 },
    ]);
    expect(minutes).toEqual([6, 1, 1, 1]);
  });

  test('shares equally when no slide has text, earlier slides taking the odd minutes', () => {
    expect(planSlideMinutes(7, [0, 0, 0].map(() => ({ activityMinutes: 0, weight: 0 })))).toEqual([3, 2, 2]);
  });

  test('always adds up to the lesson minutes plus the notes’ minutes, whole minutes only', () => {
    for (let lessonMinutes = 1; lessonMinutes <= 60; lessonMinutes += 7) {
      const claims = [17, 0, 250, 3, 999, 41].map((weight, index) => ({ activityMinutes: index % 3 === 0 ? 6 : 0, weight }));
      const minutes = planSlideMinutes(lessonMinutes, claims);
      expect(minutes.every(Number.isInteger)).toBe(true);
      expect(minutes.every((value, index) => value >= claims[index]!.activityMinutes + 1)).toBe(true);
      expect(sum(minutes)).toBe(Math.max(lessonMinutes, claims.length) + 12);
    }
  });

  test('plans nothing for a lesson without slides', () => {
    expect(planSlideMinutes(25, [])).toEqual([]);
  });
});
