import { describe, expect, test } from 'vitest';
import {
  fitsQuestion,
  formatResponse,
  gradeResponse,
  isCompleteResponse,
  scoreQuiz,
} from '../../../../src/core/quiz/grading.ts';
import {
  matchingQuestion,
  multipleQuestion,
  orderingQuestion,
  singleQuestion,
  situationalQuestion,
  trueFalseQuestion,
} from '../../../support/quiz-fixture.ts';

const choice = (...selected: string[]) => ({ kind: 'choice' as const, selected });
const ordering = (...order: string[]) => ({ kind: 'ordering' as const, order });
const matching = (pairs: Record<string, string>) => ({ kind: 'matching' as const, pairs });

describe('gradeResponse for single choice and situational questions', () => {
  test('gives full credit for the correct option and marks every option', () => {
    expect(gradeResponse(singleQuestion, choice('b'))).toEqual({ score: 1, correct: true, marks: { a: true, b: true, c: true } });
  });

  test('gives nothing for a wrong option, marking it and the missed correct one', () => {
    expect(gradeResponse(singleQuestion, choice('a'))).toEqual({ score: 0, correct: false, marks: { a: false, b: false, c: true } });
  });

  test('grades a situational question the same way, all or nothing', () => {
    expect(gradeResponse(situationalQuestion, choice('a')).score).toBe(1);
    expect(gradeResponse(situationalQuestion, choice('b')).score).toBe(0);
  });
});

describe('gradeResponse for multiple choice', () => {
  test.each([
    [['a', 'b'], 1, true],
    [['a'], 0.5, false],
    [['a', 'c'], 0, false],
    [['a', 'b', 'c'], 0.5, false],
    [['a', 'b', 'c', 'd'], 0, false],
    [['c', 'd'], 0, false],
  ])('scores %j as %d: right picks minus wrong picks over the correct options, never below 0', (selected, score, correct) => {
    const grade = gradeResponse(multipleQuestion, choice(...selected));
    expect(grade.score).toBe(score);
    expect(grade.correct).toBe(correct);
  });

  test('marks a missed correct option and a wrong pick as wrong, the rest as right', () => {
    expect(gradeResponse(multipleQuestion, choice('a', 'c')).marks).toEqual({ a: true, b: false, c: false, d: true });
  });
});

describe('gradeResponse for true/false', () => {
  test('gives full credit only for the key', () => {
    expect(gradeResponse(trueFalseQuestion, choice('false'))).toMatchObject({ score: 1, correct: true });
    expect(gradeResponse(trueFalseQuestion, choice('true'))).toMatchObject({ score: 0, correct: false });
  });
});

describe('gradeResponse for ordering', () => {
  test.each([
    [['a', 'b', 'c', 'd'], 1],
    [['a', 'c', 'b', 'd'], 2 / 3],
    [['b', 'c', 'd', 'a'], 2 / 3],
    [['b', 'a', 'd', 'c'], 1 / 3],
    [['d', 'c', 'b', 'a'], 0],
  ])('scores %j as (items in correct relative order − 1) ÷ (n − 1) = %d', (order, score) => {
    expect(gradeResponse(orderingQuestion, ordering(...order)).score).toBeCloseTo(score);
  });

  test('marks each item by whether it sits in its own position', () => {
    expect(gradeResponse(orderingQuestion, ordering('b', 'c', 'd', 'a')).marks).toEqual({ a: false, b: false, c: false, d: false });
    expect(gradeResponse(orderingQuestion, ordering('a', 'c', 'b', 'd')).marks).toEqual({ a: true, b: false, c: false, d: true });
  });

  test('gives nothing for an order that leaves items out or repeats one', () => {
    expect(gradeResponse(orderingQuestion, ordering('a', 'b', 'c')).score).toBe(0);
    expect(gradeResponse(orderingQuestion, ordering('a', 'a', 'b', 'c')).score).toBe(0);
  });
});

describe('gradeResponse for matching', () => {
  test('gives one share per premise paired with its partner', () => {
    expect(gradeResponse(matchingQuestion, matching({ l1: 'r1', l2: 'r2', l3: 'r3' }))).toMatchObject({ score: 1, correct: true });
    const swapped = gradeResponse(matchingQuestion, matching({ l1: 'r1', l2: 'r3', l3: 'r2' }));
    expect(swapped.score).toBeCloseTo(1 / 3);
    expect(swapped).toMatchObject({ correct: false, marks: { l1: true, l2: false, l3: false } });
    expect(gradeResponse(matchingQuestion, matching({ l1: 'r2', l2: 'r3', l3: 'r1' })).score).toBe(0);
  });
});

describe('gradeResponse with a response of the wrong kind', () => {
  test('gives nothing rather than failing', () => {
    expect(gradeResponse(singleQuestion, ordering('a')).score).toBe(0);
    expect(gradeResponse(orderingQuestion, choice('a')).score).toBe(0);
    expect(gradeResponse(matchingQuestion, choice('a')).score).toBe(0);
  });
});

describe('isCompleteResponse', () => {
  test('asks for exactly one choice in single, situational and true/false questions and at least one in multiple', () => {
    expect(isCompleteResponse(singleQuestion, choice())).toBe(false);
    expect(isCompleteResponse(singleQuestion, choice('a'))).toBe(true);
    expect(isCompleteResponse(trueFalseQuestion, choice('true'))).toBe(true);
    expect(isCompleteResponse(multipleQuestion, choice())).toBe(false);
    expect(isCompleteResponse(multipleQuestion, choice('a', 'c'))).toBe(true);
    expect(isCompleteResponse(singleQuestion, null)).toBe(false);
  });

  test('asks for every item in an ordering and a partner for every premise in a matching', () => {
    expect(isCompleteResponse(orderingQuestion, ordering('d', 'c', 'b', 'a'))).toBe(true);
    expect(isCompleteResponse(matchingQuestion, matching({ l1: 'r1', l2: 'r2' }))).toBe(false);
    expect(isCompleteResponse(matchingQuestion, matching({ l1: 'r1', l2: 'r2', l3: '' }))).toBe(false);
  });
});

describe('fitsQuestion', () => {
  test('accepts only option, item and pair ids the question has', () => {
    expect(fitsQuestion(singleQuestion, choice('b'))).toBe(true);
    expect(fitsQuestion(singleQuestion, choice('z'))).toBe(false);
    expect(fitsQuestion(singleQuestion, choice('a', 'b'))).toBe(false);
    expect(fitsQuestion(multipleQuestion, choice('a', 'b'))).toBe(true);
    expect(fitsQuestion(trueFalseQuestion, choice('maybe'))).toBe(false);
    expect(fitsQuestion(orderingQuestion, ordering('a', 'b', 'c', 'c'))).toBe(false);
    expect(fitsQuestion(matchingQuestion, matching({ l1: 'r9' }))).toBe(false);
    expect(fitsQuestion(matchingQuestion, matching({ l1: '' }))).toBe(true);
  });
});

describe('formatResponse', () => {
  test('writes responses in the xAPI interaction formats', () => {
    expect(formatResponse(choice('a', 'b'))).toBe('a[,]b');
    expect(formatResponse(ordering('b', 'a'))).toBe('b[,]a');
    expect(formatResponse(matching({ l1: 'r2', l2: 'r1', l3: '' }))).toBe('l1[.]r2[,]l2[.]r1');
  });
});

describe('scoreQuiz', () => {
  test('passes at the pass mark exactly, with partial credit counted', () => {
    expect(scoreQuiz([1, 1, 1, 0], 0.75)).toEqual({ raw: 3, max: 4, scaled: 0.75, passed: true });
    expect(scoreQuiz([1, 1, 0.5, 0], 0.75)).toMatchObject({ raw: 2.5, passed: false });
    expect(scoreQuiz([1, 1, 1, 1, 2 / 3], 0.8)).toMatchObject({ raw: 4.67, max: 5, passed: true });
  });
});
