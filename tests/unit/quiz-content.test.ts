import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { courseQuizFairness, expectedOverlap, fairnessFaults } from '../../src/core/quiz/quiz-fairness.ts';
import { questionTypes, type Question } from '../../src/core/quiz/schemas/quiz.ts';
import { loadShippedContent, readLessonSource, repoRoot } from '../support/course-fixture.ts';

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

  test('holds at least 60 questions, so two draws of 20 share at most about 6.7 of them', () => {
    expect(content.course.completion.finalAssessment).toEqual({ bank: 'final-assessment', questions: 20, passMark: 0.8, attempts: 3, timeLimitMinutes: 40 });
    expect(final().questions.length).toBeGreaterThanOrEqual(60);
    expect(expectedOverlap(final().questions.length, 20)).toBeLessThanOrEqual(20 / 3);
  });

  test('asks at least 4 questions on every lesson, and at most 5, so no lesson dominates a draw', () => {
    const lessons = content.course.modules.flatMap((module) => module.lessons);
    const perLesson = Object.fromEntries(
      lessons.map((lesson) => [lesson, final().questions.filter((question) => question.section.lesson === lesson).length]),
    );
    for (const lesson of lessons) {
      expect(perLesson[lesson], lesson).toBeGreaterThanOrEqual(4);
      expect(perLesson[lesson], lesson).toBeLessThanOrEqual(5);
    }
  });

  test('asks at least 5 ordering and 10 matching questions (1 and 2 before issue 12), beyond recognising an answer', () => {
    const count = (type: Question['type']) => final().questions.filter((question) => question.type === type).length;
    expect(count('ordering')).toBeGreaterThanOrEqual(5);
    expect(count('matching')).toBeGreaterThanOrEqual(10);
  });

  test('keeps well inside the fairness thresholds: the key longest, or shortest, in at most a quarter of the choice items', () => {
    const lessons = content.course.modules.flatMap((module) => module.lessons);
    const fairness = courseQuizFairness({ lessons, drawn: 20, practice: content.quizzes.practice, final: final() });
    expect(fairnessFaults(fairness)).toEqual([]);
    for (const { keyed, items } of [fairness.practiceLongest, fairness.finalLongest, fairness.practiceShortest, fairness.finalShortest]) {
      expect(keyed.length / items).toBeLessThanOrEqual(0.25);
    }
    expect(fairness.closest!.similarity).toBeLessThan(0.4);
  });

  test('spreads the authored keys over the option positions, in case a player ever shows options unshuffled', () => {
    const lessons = content.course.modules.flatMap((module) => module.lessons);
    const fairness = courseQuizFairness({ lessons, drawn: 20, practice: content.quizzes.practice, final: final() });
    for (const positions of [fairness.practiceKeyPositions, fairness.finalKeyPositions]) {
      const total = positions.reduce((sum, count) => sum + count, 0);
      expect(Math.max(...positions) / total).toBeLessThanOrEqual(0.3);
    }
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

/** Every 12-character run of a text, punctuation and spaces left out, as the originality tests compare them. */
const window = 12;
const normalise = (text: string) => text.replace(/[^\u4e00-\u9fffA-Za-z0-9]/g, '');
function runsOf(text: string): Set<string> {
  const plain = normalise(text);
  const runs = new Set<string>();
  for (let i = 0; i + window <= plain.length; i++) runs.add(plain.slice(i, i + window));
  return runs;
}

/** What a learner has to recognise as right: keyed options, true/false statements, ordered items and matched pairs. */
function keyedAnswers(question: Question): string[] {
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      return question.options.filter((option) => option.correct).map((option) => option.text);
    case 'true-false':
      return [question.prompt];
    case 'ordering':
      return question.items.map((item) => item.text);
    case 'matching':
      return [...question.left.map((item) => item.text), ...question.right.map((item) => item.text)];
  }
}

/** Every text of a question a reader can see, feedback included. */
function readerTexts(question: Question): string[] {
  const texts = [question.prompt, question.explanation, ...(question.type === 'situational' ? [question.scenario] : [])];
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      return [...texts, ...question.options.flatMap((option) => [option.text, option.feedback])];
    case 'true-false':
      return [...texts, question.feedback.true, question.feedback.false];
    case 'ordering':
      return [...texts, ...question.items.flatMap((item) => [item.text, item.feedback])];
    case 'matching':
      return [...texts, ...question.left.flatMap((item) => [item.text, item.feedback]), ...question.right.map((item) => item.text)];
  }
}

function copiedRuns(questions: Question[], texts: (question: Question) => string[], source: Set<string>): string[] {
  return questions.flatMap((question) =>
    texts(question).flatMap((text) => [...runsOf(text)].filter((run) => source.has(run)).map((run) => `${question.id}: ${run}`)),
  );
}

describe('the wording of the questions', () => {
  test(`copies no run of ${window} characters from the lessons into a final answer, so knowing the key means knowing the idea`, async () => {
    const lessonRuns = new Set<string>();
    for (const lesson of content.lessons) for (const run of runsOf(await readLessonSource(lesson.id))) lessonRuns.add(run);
    expect(copiedRuns(content.quizzes.final[0]!.questions, keyedAnswers, lessonRuns)).toEqual([]);
  });

  const seedDir = join(repoRoot, '..', 'shared', 'seed');
  test.skipIf(!existsSync(seedDir))(`shares no run of ${window} characters with the source document in any question`, () => {
    const seed = runsOf(readdirSync(seedDir).map((name) => readFileSync(join(seedDir, name), 'utf8')).join('\n'));
    const questions = [...content.quizzes.practice.flatMap((quiz) => quiz.questions), ...content.quizzes.final[0]!.questions];
    expect(copiedRuns(questions, readerTexts, seed)).toEqual([]);
  });
});
