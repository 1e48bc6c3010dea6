import { describe, expect, test } from 'vitest';
import { buildProgressModel } from '../../../../src/core/progress/progress-model.ts';
import { reduceProgress } from '../../../../src/core/progress/progress-reducer.ts';
import { playableQuiz, progressQuizzes } from '../../../../src/core/quiz/practice-quiz.ts';
import { layoutAttempt } from '../../../../src/core/quiz/layout.ts';
import { createStatementFactory } from '../../../../src/core/statements/builders.ts';
import { loadShippedContent } from '../../../support/course-fixture.ts';
import { twoQuestionQuiz } from '../../../support/quiz-fixture.ts';

describe('progressQuizzes', () => {
  test('lists the shipped practice quizzes in lesson order, so the reducer requires every one', async () => {
    const { course, lessons, quizzes } = await loadShippedContent();
    const listed = progressQuizzes(course, quizzes.practice);
    expect(listed.map((quiz) => quiz.lessonId)).toEqual(course.modules.flatMap((module) => module.lessons));
    const model = buildProgressModel(course, lessons, { quizzes: listed });
    const report = reduceProgress(model, []);
    expect(report.requirements.filter((requirement) => requirement.kind === 'quiz')).toHaveLength(15);

    const factory = createStatementFactory({
      origin: 'https://learn.example.com',
      actor: { account: { homePage: 'https://learn.example.com', name: 'u-1' } },
      registration: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
      contentVersion: 'v1',
      course: { id: course.id, title: course.title },
    });
    const passed = reduceProgress(model, [factory.quizFinished({ id: listed[0]!.id, title: listed[0]!.title }, { passed: true, raw: 5, max: 5, activeMs: 0 })]);
    expect(passed.quizzes[0]).toMatchObject({ id: 'quiz-course-introduction', passed: true, attempts: 1 });
  });
});

describe('playableQuiz', () => {
  test('links each question to its section: an anchor in its own lesson, a sibling page for another lesson', () => {
    const quiz = {
      ...twoQuestionQuiz,
      questions: [
        twoQuestionQuiz.questions[0]!,
        { ...twoQuestionQuiz.questions[1]!, section: { lesson: 'respect-and-trust', heading: '#四项原则全景' } },
      ],
    };
    const sections = {
      'shared-goals': [{ heading: '找到共同的方向', anchor: '找到共同的方向' }],
      'respect-and-trust': [{ heading: '四项原则全景', anchor: '四项原则全景' }],
    };
    expect(playableQuiz(quiz, (lesson) => sections[lesson as keyof typeof sections] ?? []).sections).toEqual({
      'q-single': { title: '找到共同的方向', href: '#找到共同的方向' },
      'q-ordering': { title: '四项原则全景', href: '../respect-and-trust/#四项原则全景' },
    });
  });
});

describe('layoutAttempt', () => {
  test('lays out the first attempt the same way every time, and later attempts by their seed', () => {
    expect(layoutAttempt(twoQuestionQuiz, 1, 1)).toEqual(layoutAttempt(twoQuestionQuiz, 1, 999));
    expect(layoutAttempt(twoQuestionQuiz, 2, 7)).toEqual(layoutAttempt(twoQuestionQuiz, 2, 7));
  });

  test('never hands an ordering question over already in order, whatever the seed', () => {
    for (let seed = 0; seed < 200; seed++) {
      expect(layoutAttempt(twoQuestionQuiz, 2, seed).choiceOrder['q-ordering']).not.toEqual(['a', 'b', 'c', 'd']);
    }
  });
});
