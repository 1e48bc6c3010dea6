import { gradeResponse, scoreQuiz, trueFalseOptions, type Grade, type QuizResponse } from './grading.ts';
import type { Question } from './schemas/quiz.ts';

/** A source of unbiased random integers in [0, max): the server passes `crypto.randomInt`. */
export type RandomInt = (max: number) => number;

/** Draws `count` distinct questions from a bank (a partial Fisher–Yates shuffle), in the drawn order. */
export function drawQuestions<T>(bank: readonly T[], count: number, randomInt: RandomInt): T[] {
  if (count > bank.length) throw new Error(`cannot draw ${count} questions from a bank of ${bank.length}`);
  const pool = [...bank];
  for (let i = 0; i < count; i++) {
    const j = i + randomInt(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/** Shuffles ids, never handing back the given order when it could be avoided (a solved ordering item). */
export function shuffledIds(ids: readonly string[], randomInt: RandomInt): string[] {
  const shuffled = drawQuestions(ids, ids.length, randomInt);
  const same = shuffled.length > 1 && shuffled.every((id, i) => id === ids[i]);
  return same ? [...shuffled.slice(1), shuffled[0]!] : shuffled;
}

/** The display order of one question's options, items or right-hand entries; true/false always reads 正确, 错误. */
export function layoutQuestion(question: Question, randomInt: RandomInt): string[] {
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      return shuffledIds(question.options.map((option) => option.id), randomInt);
    case 'true-false':
      return [...trueFalseOptions];
    case 'ordering':
      return shuffledIds(question.items.map((item) => item.id), randomInt);
    case 'matching':
      return shuffledIds(question.right.map((item) => item.id), randomInt);
  }
}

/**
 * A question as the learner's browser may see it during an attempt: its text and choices in their display
 * order, without keys, feedback, explanations or which lesson section it tests.
 */
export type PublicQuestion =
  | { id: string; type: 'single' | 'multiple' | 'situational'; prompt: string; scenario?: string; options: { id: string; text: string }[] }
  | { id: string; type: 'true-false'; prompt: string }
  | { id: string; type: 'ordering'; prompt: string; items: { id: string; text: string }[] }
  | { id: string; type: 'matching'; prompt: string; left: { id: string; text: string }[]; right: { id: string; text: string }[] };

/** Strips a question to what may be shown before grading, in the attempt's display order. */
export function publicQuestion(question: Question, order: readonly string[]): PublicQuestion {
  const inOrder = <T extends { id: string }>(list: readonly T[]) =>
    order.map((id) => list.find((entry) => entry.id === id)).filter((entry): entry is T => entry !== undefined);
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      return {
        id: question.id,
        type: question.type,
        prompt: question.prompt,
        ...('scenario' in question && question.scenario ? { scenario: question.scenario } : {}),
        options: inOrder(question.options).map(({ id, text }) => ({ id, text })),
      };
    case 'true-false':
      return { id: question.id, type: 'true-false', prompt: question.prompt };
    case 'ordering':
      return { id: question.id, type: 'ordering', prompt: question.prompt, items: inOrder(question.items).map(({ id, text }) => ({ id, text })) };
    case 'matching':
      return {
        id: question.id,
        type: 'matching',
        prompt: question.prompt,
        left: question.left.map(({ id, text }) => ({ id, text })),
        right: inOrder(question.right).map(({ id, text }) => ({ id, text })),
      };
  }
}

export interface GradedQuestion {
  id: string;
  grade: Grade;
  response: QuizResponse | null;
}

export interface AttemptGrade {
  questions: GradedQuestion[];
  raw: number;
  max: number;
  scaled: number;
  passed: boolean;
}

/** Grades an attempt as it stands: an unanswered question earns nothing. */
export function gradeAttempt(questions: readonly Question[], answers: ReadonlyMap<string, QuizResponse>, passMark: number): AttemptGrade {
  const graded = questions.map((question) => {
    const response = answers.get(question.id) ?? null;
    const grade: Grade = response ? gradeResponse(question, response) : { score: 0, correct: false, marks: {} };
    return { id: question.id, grade, response };
  });
  return { questions: graded, ...scoreQuiz(graded.map((question) => question.grade.score), passMark) };
}

/** What the server and the assessment page exchange: the shapes of `/api/assessment` and its attempts. */
export interface AttemptView {
  id: string;
  startedAt: string;
  deadlineAt: string;
  /** Seconds left, counted by the server's clock. */
  remainingSeconds: number;
  questions: PublicQuestion[];
  answers: Record<string, QuizResponse>;
}

export interface AttemptResult {
  id: string;
  submittedAt: string;
  raw: number;
  max: number;
  scaled: number;
  passed: boolean;
  /** For each question: the learner's answer, whether it was right, and the explanation. */
  questions: { id: string; prompt: string; correct: boolean; score: number; explanation: string }[];
}

export interface AssessmentStatus {
  attemptsAllowed: number;
  attemptsUsed: number;
  questions: number;
  passMark: number;
  timeLimitMinutes: number;
  open: AttemptView | null;
  results: AttemptResult[];
  passed: boolean;
}
