import { beforeAll, describe, expect, test } from 'vitest';
import { questionTypes, type Question } from '../../src/core/quiz/schemas/quiz.ts';
import { loadShippedContent, readLessonSource } from '../support/course-fixture.ts';

let content: Awaited<ReturnType<typeof loadShippedContent>>;
beforeAll(async () => {
  content = await loadShippedContent();
});

const typesOf = (questions: Question[]) => new Set(questions.map((question) => question.type));

describe('the shipped practice quizzes', () => {
  test('give every lesson one quiz of 3–6 questions with its own pass mark', () => {
    const lessons = content.course.modules.flatMap((module) => module.lessons);
    expect(content.quizzes.practice.map((quiz) => quiz.lesson).sort()).toEqual([...lessons].sort());
    for (const quiz of content.quizzes.practice) {
      expect(quiz.id).toBe(`quiz-${quiz.lesson}`);
      expect(quiz.questions.length, quiz.id).toBeGreaterThanOrEqual(3);
      expect(quiz.questions.length, quiz.id).toBeLessThanOrEqual(6);
      expect(quiz.passMark, quiz.id).toBeGreaterThanOrEqual(0.6);
    }
  });

  test('mix at least three question types in every quiz and use every type across the course', () => {
    for (const quiz of content.quizzes.practice) expect(typesOf(quiz.questions).size, quiz.id).toBeGreaterThanOrEqual(3);
    expect(typesOf(content.quizzes.practice.flatMap((quiz) => quiz.questions))).toEqual(new Set(questionTypes));
  });

  test('test each lesson on its own sections', () => {
    for (const quiz of content.quizzes.practice) {
      expect(quiz.questions.every((question) => question.section.lesson === quiz.lesson), quiz.id).toBe(true);
    }
  });

  test('sit in every lesson on their own line, directly before 要点回顾, with a blank line before and after', async () => {
    for (const quiz of content.quizzes.practice) {
      const source = await readLessonSource(quiz.lesson);
      expect(source, quiz.lesson).toContain(`\n\n<Quiz id="${quiz.id}" />\n\n<KeyPoints>\n`);
      expect(source.match(/<Quiz\b/g), quiz.lesson).toHaveLength(1);
    }
  });
});

describe('the final-assessment bank', () => {
  const final = () => content.quizzes.final[0]!;

  test('holds at least 40 questions, at least twice the 20 a test draws', () => {
    expect(content.course.completion.finalAssessment).toMatchObject({ bank: final().id, questions: 20, passMark: 0.8 });
    expect(final().questions.length).toBeGreaterThanOrEqual(40);
    expect(final().questions.length).toBeGreaterThanOrEqual(2 * content.course.completion.finalAssessment.questions);
  });

  test('covers every module and every lesson, every principle and method, and every question type', () => {
    const tested = new Set(final().questions.map((question) => question.section.lesson));
    expect([...tested].sort()).toEqual(content.course.modules.flatMap((module) => module.lessons).sort());
    expect(new Set(final().questions.flatMap((question) => question.principle ?? []))).toEqual(
      new Set(['respect', 'communication', 'goals', 'improvement']),
    );
    expect(new Set(final().questions.flatMap((question) => question.method ?? []))).toEqual(
      new Set(['training', 'platform', 'appraisal', 'team-building']),
    );
    expect(typesOf(final().questions)).toEqual(new Set(questionTypes));
  });

  test('asks nothing the practice quizzes already ask, so practising never leaks the final keys', () => {
    const practisedPrompts = new Set(content.quizzes.practice.flatMap((quiz) => quiz.questions.map((question) => question.prompt)));
    expect(final().questions.filter((question) => practisedPrompts.has(question.prompt)).map((question) => question.id)).toEqual([]);
  });
});
