import { describe, expect, test } from 'vitest';
import {
  fitsSelection,
  isCorrectSelection,
  isLiveQuestion,
  liveQuestion,
  optionLetter,
} from '../../../../src/core/classroom/live-question.ts';
import { matchingQuestion, multipleQuestion, orderingQuestion, singleQuestion, trueFalseQuestion } from '../../../support/quiz-fixture.ts';

describe('isLiveQuestion', () => {
  test('takes choice and true/false questions, and leaves ordering and matching to self-study', () => {
    expect([singleQuestion, multipleQuestion, trueFalseQuestion].every(isLiveQuestion)).toBe(true);
    expect([orderingQuestion, matchingQuestion].some(isLiveQuestion)).toBe(false);
  });
});

describe('liveQuestion', () => {
  test('shows phones the prompt and options without any key, feedback or explanation', () => {
    const { view, key } = liveQuestion(singleQuestion, 5);
    const shown = JSON.stringify(view);
    for (const secret of ['correct', 'feedback', 'explanation', '解析', '乙对']) expect(shown).not.toContain(secret);
    expect(view.options.map((option) => option.id).sort()).toEqual(['a', 'b', 'c']);
    expect(key).toEqual({ correct: ['b'], explanation: '解析' });
  });

  test('orders options by the session seed: the same on every screen, another order in another session', () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const first = liveQuestion(multipleQuestion, seed).view.options.map((option) => option.id).join('');
      expect(liveQuestion(multipleQuestion, seed).view.options.map((option) => option.id).join('')).toBe(first);
      orders.add(first);
    }
    expect(orders.size).toBeGreaterThan(3);
  });

  test('offers 正确 and 错误 for a true/false question, keyed by its answer', () => {
    const { view, key } = liveQuestion(trueFalseQuestion, 1);
    expect(view.options).toEqual([
      { id: 'true', text: '正确' },
      { id: 'false', text: '错误' },
    ]);
    expect(key.correct).toEqual(['false']);
  });
});

describe('fitsSelection and isCorrectSelection', () => {
  const options = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  test('accepts one offered option, or several for a multiple choice, each once', () => {
    expect(fitsSelection(options, false, ['a'])).toBe(true);
    expect(fitsSelection(options, false, ['a', 'b'])).toBe(false);
    expect(fitsSelection(options, true, ['a', 'b'])).toBe(true);
    expect(fitsSelection(options, true, ['a', 'a'])).toBe(false);
    expect(fitsSelection(options, true, [])).toBe(false);
    expect(fitsSelection(options, false, ['z'])).toBe(false);
  });

  test('counts a selection correct only when it is exactly the key', () => {
    expect(isCorrectSelection({ correct: ['a', 'b'] }, ['b', 'a'])).toBe(true);
    expect(isCorrectSelection({ correct: ['a', 'b'] }, ['a'])).toBe(false);
    expect(isCorrectSelection({ correct: ['a', 'b'] }, ['a', 'b', 'c'])).toBe(false);
  });

  test('letters options as the room reads them', () => {
    expect([0, 1, 2].map(optionLetter)).toEqual(['A', 'B', 'C']);
  });
});
