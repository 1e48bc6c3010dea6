import { assign, emit, fromPromise, setup } from 'xstate';
import { fitsQuestion, gradeResponse, isCompleteResponse, scoreQuiz, type Grade, type QuizResponse } from './grading.ts';
import { hashSeed, layoutAttempt, nextSeed } from './layout.ts';
import type { PracticeQuiz, Question } from './schemas/quiz.ts';

/** One submitted answer: what was given, how it was graded, and the active time spent on it. */
export interface AnsweredQuestion {
  response: QuizResponse;
  grade: Grade;
  activeMs: number;
}

export interface QuizContext {
  quiz: PracticeQuiz;
  /** 1 for the first attempt; every 重新作答 adds one. */
  attempt: number;
  /** The seed the current attempt's layout was shuffled from. */
  seed: number;
  questionOrder: string[];
  choiceOrder: Record<string, string[]>;
  /** The position of the current question in `questionOrder`. */
  index: number;
  /** The answer being composed for the current question, before 提交. */
  response: QuizResponse | null;
  answers: Record<string, AnsweredQuestion>;
}

/**
 * What the device keeps of an unfinished attempt, so a reload resumes at the same question. Whether it
 * resumes showing feedback follows from the data: the current question is already in `answers`.
 */
export interface QuizResume extends Omit<QuizContext, 'quiz'> {
  quizId: string;
  /** A hash of the quiz as it was: an edited quiz starts afresh rather than mixing two versions. */
  fingerprint: string;
}

export interface QuizInput {
  quiz: PracticeQuiz;
  /** Seeds the shuffles of later attempts; the island passes a random one. */
  seed: number;
  /** An interrupted attempt to continue, if it still fits the quiz. */
  resume?: QuizResume;
}

export type QuizEvent =
  | { type: 'quiz.answer'; response: QuizResponse }
  | { type: 'quiz.submit'; activeMs: number }
  | { type: 'quiz.next' }
  | { type: 'quiz.retry' }
  /** Tries again to store what could not be stored. */
  | { type: 'quiz.save' };

/** Emitted whenever a new question is shown, for the island to keep where the learner is. */
export type QuizEmitted = { type: 'quiz.position'; resume: QuizResume };

/** What is recorded when an answer is submitted: the statement's content and the position to resume from. */
export interface AnswerRecord {
  quiz: PracticeQuiz;
  question: Question;
  answer: AnsweredQuestion;
  resume: QuizResume;
}

/** The result of a finished attempt. */
export interface QuizOutcome {
  quiz: PracticeQuiz;
  attempt: number;
  raw: number;
  max: number;
  scaled: number;
  passed: boolean;
  activeMs: number;
  /** The questions not fully right, in the order they were asked: what to revisit. */
  missed: Question[];
}

/** The I/O the quiz needs: storing an answer and storing a result. */
export interface QuizRecorder {
  recordAnswer(record: AnswerRecord): Promise<void>;
  recordResult(outcome: QuizOutcome): Promise<void>;
}

/** Returns the question the learner is on. */
export function currentQuestion(context: QuizContext): Question {
  const id = context.questionOrder[context.index]!;
  return context.quiz.questions.find((question) => question.id === id)!;
}

/** Computes the result of the answers given so far, in asking order. */
export function quizOutcome(context: QuizContext): QuizOutcome {
  const asked = context.questionOrder.map((id) => context.quiz.questions.find((question) => question.id === id)!);
  const result = scoreQuiz(
    asked.map((question) => context.answers[question.id]?.grade.score ?? 0),
    context.quiz.passMark,
  );
  return {
    quiz: context.quiz,
    attempt: context.attempt,
    ...result,
    activeMs: Object.values(context.answers).reduce((sum, answer) => sum + answer.activeMs, 0),
    missed: asked.filter((question) => !context.answers[question.id]?.grade.correct),
  };
}

/** Fingerprints a quiz so a resume record made for another version of it is recognised. */
export function quizFingerprint(quiz: PracticeQuiz): string {
  return hashSeed(JSON.stringify(quiz)).toString(36);
}

/** Takes what the device should keep of the attempt in progress. */
export function resumeOf(context: QuizContext): QuizResume {
  const { quiz, attempt, seed, questionOrder, choiceOrder, index, response, answers } = context;
  return { quizId: quiz.id, fingerprint: quizFingerprint(quiz), attempt, seed, questionOrder, choiceOrder, index, response, answers };
}

function freshResponse(question: Question, choiceOrder: Record<string, string[]>): QuizResponse {
  if (question.type === 'ordering') return { kind: 'ordering', order: [...choiceOrder[question.id]!] };
  if (question.type === 'matching') return { kind: 'matching', pairs: {} };
  return { kind: 'choice', selected: [] };
}

function startAttempt(quiz: PracticeQuiz, attempt: number, seed: number): QuizContext {
  const layout = layoutAttempt(quiz, attempt, seed);
  const first = quiz.questions.find((question) => question.id === layout.questionOrder[0])!;
  return { quiz, attempt, seed, ...layout, index: 0, response: freshResponse(first, layout.choiceOrder), answers: {} };
}

/** Says whether a resume record still fits the quiz exactly; anything else is discarded, never half-applied. */
export function resumeFits(quiz: PracticeQuiz, resume: QuizResume): boolean {
  const ids = quiz.questions.map((question) => question.id);
  const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));
  return (
    resume.quizId === quiz.id &&
    resume.fingerprint === quizFingerprint(quiz) &&
    sameSet(resume.questionOrder, ids) &&
    Number.isInteger(resume.index) &&
    resume.index >= 0 &&
    resume.index < ids.length &&
    ids.every((id) => Array.isArray(resume.choiceOrder[id])) &&
    resume.questionOrder.slice(0, resume.index).every((id) => resume.answers[id] !== undefined) &&
    Object.keys(resume.answers).every((id) => resume.questionOrder.slice(0, resume.index + 1).includes(id))
  );
}

function initialContext({ quiz, seed, resume }: QuizInput): QuizContext {
  if (resume && resumeFits(quiz, resume)) {
    const { quizId: _quizId, fingerprint: _fingerprint, ...kept } = resume;
    const context: QuizContext = { quiz, ...kept };
    return { ...context, response: resume.response ?? freshResponse(currentQuestion(context), resume.choiceOrder) };
  }
  return startAttempt(quiz, 1, seed);
}

/**
 * Creates the practice-quiz machine: `answering` (composing an answer) → `checking` (grading it and storing
 * the answer statement) → `feedback` (right or wrong, with each option's feedback and the explanation) →
 * the next question, or `finished` (storing the result, then offering 重新作答, which reshuffles everything).
 * A failed write leads to a `saveFailed` state that `quiz.save` retries.
 */
export function createQuizMachine(recorder: QuizRecorder) {
  return setup({
    types: {
      context: {} as QuizContext,
      events: {} as QuizEvent,
      input: {} as QuizInput,
      emitted: {} as QuizEmitted,
    },
    actors: {
      recordAnswer: fromPromise<void, AnswerRecord>(({ input }) => recorder.recordAnswer(input)),
      recordResult: fromPromise<void, QuizOutcome>(({ input }) => recorder.recordResult(input)),
    },
    guards: {
      currentAnswered: ({ context }) => context.answers[currentQuestion(context).id] !== undefined,
      fitsQuestion: ({ context, event }) => event.type === 'quiz.answer' && fitsQuestion(currentQuestion(context), event.response),
      answerComplete: ({ context }) => isCompleteResponse(currentQuestion(context), context.response),
      hasNextQuestion: ({ context }) => context.index + 1 < context.questionOrder.length,
    },
    actions: {
      keepAnswer: assign({
        response: ({ context, event }) => (event.type === 'quiz.answer' ? event.response : context.response),
      }),
      gradeAnswer: assign({
        answers: ({ context, event }) => {
          const question = currentQuestion(context);
          const response = context.response!;
          const activeMs = event.type === 'quiz.submit' ? Math.max(0, event.activeMs) : 0;
          return { ...context.answers, [question.id]: { response, grade: gradeResponse(question, response), activeMs } };
        },
      }),
      goToNextQuestion: assign(({ context }) => {
        const index = context.index + 1;
        const next = context.quiz.questions.find((question) => question.id === context.questionOrder[index])!;
        return { index, response: freshResponse(next, context.choiceOrder) };
      }),
      startNewAttempt: assign(({ context }) => startAttempt(context.quiz, context.attempt + 1, nextSeed(context.seed))),
      rememberPosition: emit(({ context }) => ({ type: 'quiz.position' as const, resume: resumeOf(context) })),
    },
  }).createMachine({
    id: 'quiz',
    context: ({ input }) => initialContext(input),
    initial: 'starting',
    states: {
      starting: {
        always: [{ guard: 'currentAnswered', target: 'feedback' }, { target: 'answering' }],
      },
      answering: {
        entry: 'rememberPosition',
        on: {
          'quiz.answer': { guard: 'fitsQuestion', actions: 'keepAnswer' },
          'quiz.submit': { guard: 'answerComplete', target: 'checking', actions: 'gradeAnswer' },
        },
      },
      checking: {
        invoke: {
          id: 'recordAnswer',
          src: 'recordAnswer',
          input: ({ context }) => {
            const question = currentQuestion(context);
            return { quiz: context.quiz, question, answer: context.answers[question.id]!, resume: resumeOf(context) };
          },
          onDone: 'feedback',
          onError: 'saveFailed',
        },
      },
      saveFailed: {
        on: { 'quiz.save': 'checking' },
      },
      feedback: {
        on: {
          'quiz.next': [{ guard: 'hasNextQuestion', target: 'answering', actions: 'goToNextQuestion' }, { target: 'finished' }],
        },
      },
      finished: {
        initial: 'saving',
        states: {
          saving: {
            invoke: {
              id: 'recordResult',
              src: 'recordResult',
              input: ({ context }) => quizOutcome(context),
              onDone: 'saved',
              onError: 'saveFailed',
            },
          },
          saveFailed: {
            on: { 'quiz.save': 'saving' },
          },
          saved: {
            on: { 'quiz.retry': { target: '#quiz.answering', actions: 'startNewAttempt' } },
          },
        },
      },
    },
  });
}

export type QuizMachine = ReturnType<typeof createQuizMachine>;
