import { formatResponse, roundScore } from '../core/quiz/grading';
import type { QuizRecorder, QuizResume } from '../core/quiz/quiz-machine';
import type { Question } from '../core/quiz/schemas/quiz';
import type { Statement } from '../core/statements/xapi';
import type { AppDb } from './app-db';
import { storageErrorEvent } from './events';
import type { LearnerSession } from './learner-session';
import { isQuotaError, readMeta, StorageFullError, writeMeta } from './learning-record';

/** The device could not store a quiz statement; the machine shows 重新保存. */
export class QuizNotSavedError extends Error {
  constructor() {
    super('The quiz statement was not saved on this device');
    this.name = 'QuizNotSavedError';
  }
}

const resumeKey = (quizId: string) => `quiz-resume:${quizId}`;

/** Reads where an unfinished attempt of a quiz was left, if anywhere. */
export function loadQuizResume(db: AppDb, quizId: string): Promise<QuizResume | undefined> {
  return readMeta<QuizResume>(db, resumeKey(quizId));
}

/** Keeps where an attempt is, so a reload resumes at the same question. */
export function saveQuizResume(db: AppDb, resume: QuizResume): Promise<void> {
  return writeMeta(db, resumeKey(resume.quizId), resume);
}

/** Names a question in statements by its prompt, shortened: activity names are labels, not full texts. */
function questionName(question: Question): string {
  return question.prompt.length > 60 ? `${question.prompt.slice(0, 59)}…` : question.prompt;
}

/**
 * Records a quiz in the device log as it is taken: one `answered` statement per submitted answer (with the
 * resume point), and a `passed` or `failed` statement when it ends (which also forgets the resume point).
 */
export function quizRecorder(session: LearnerSession): QuizRecorder {
  const { factory, context, db } = session;
  const lessonOf = (lessonId: string) => {
    const lesson = context.model.lessons.find((candidate) => candidate.id === lessonId);
    return lesson ? { id: lesson.id, title: lesson.title } : undefined;
  };
  // A statement is made once per action and kept until it is stored, so saving again after a failed write
  // (重新保存) sends the same id, which the device log and the server store once.
  const unsaved = new Map<string, Statement>();
  const once = (key: string, make: () => Statement) => {
    const statement = unsaved.get(key) ?? make();
    unsaved.set(key, statement);
    return statement;
  };
  /**
   * Writes a statement and the resume point it moves the quiz to (none, once the attempt is over) in one
   * transaction: a tab closed between two writes would leave an answer the reopened quiz asks again, or a result
   * it records a second time.
   */
  const recordWithResume = async (statement: Statement, quizId: string, resume: QuizResume | undefined) => {
    let saved: boolean;
    try {
      saved = await db.transaction('rw', db.statements, db.meta, async () => {
        if (!(await session.record(statement))) return false;
        await writeMeta(db, resumeKey(quizId), resume);
        return true;
      });
    } catch (error) {
      // A full device may only say so when the transaction commits, past `record`'s own check.
      if (!(error instanceof StorageFullError) && !isQuotaError(error)) throw error;
      window.dispatchEvent(new Event(storageErrorEvent));
      saved = false;
    }
    if (!saved) throw new QuizNotSavedError();
  };
  return {
    async recordAnswer({ quiz, question, answer, resume }) {
      const key = `answer:${quiz.id}:${resume.attempt}:${resume.seed}:${question.id}`;
      const statement = once(key, () => factory.questionAnswered(
        { id: question.id, title: questionName(question) },
        {
          quiz: { id: quiz.id, title: quiz.title },
          response: formatResponse(answer.response),
          success: answer.grade.correct,
          scaled: roundScore(answer.grade.score),
          activeMs: answer.activeMs,
        },
      ));
      await recordWithResume(statement, quiz.id, resume);
      unsaved.delete(key);
    },
    async recordResult(outcome) {
      const lesson = lessonOf(outcome.quiz.lesson);
      const key = `result:${outcome.quiz.id}:${outcome.attempt}`;
      const statement = once(key, () =>
        factory.quizFinished(
          { id: outcome.quiz.id, title: outcome.quiz.title },
          { passed: outcome.passed, raw: outcome.raw, max: outcome.max, activeMs: outcome.activeMs, ...(lesson ? { lesson } : {}) },
        ),
      );
      await recordWithResume(statement, outcome.quiz.id, undefined);
      unsaved.delete(key);
    },
  };
}
