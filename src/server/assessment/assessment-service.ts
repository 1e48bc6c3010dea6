import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  drawQuestions,
  gradeAttempt,
  layoutQuestion,
  publicQuestion,
  type AssessmentStatus,
  type AttemptGrade,
  type AttemptResult,
  type AttemptView,
} from '../../core/quiz/final-assessment.ts';
import { fitsQuestion, formatResponse, type QuizResponse } from '../../core/quiz/grading.ts';
import type { FinalBank, Question } from '../../core/quiz/schemas/quiz.ts';
import { createStatementFactory } from '../../core/statements/builders.ts';
import { serverAuthority } from '../../core/statements/server-authority.ts';
import type { XapiAgent, XapiStatement } from '../../core/xapi/types.ts';
import type { Account } from '../accounts/accounts.ts';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http.ts';
import { actorOf } from '../me.ts';
import { completeStatement, recordOf } from '../xapi/statement-records.ts';
import { registrationOf } from '../learning/enrolments.ts';
import type { ProgressBook } from '../learning/progress-book.ts';
import type { ProgressModel } from '../../core/progress/progress-model.ts';
import type { StatementStore } from '../xapi/statement-store.ts';
import type { CertificateService } from '../certificates/certificate-service.ts';
import { issueAfterCommit } from '../certificates/issue-on-completion.ts';
import { agentIdentityKey } from '../xapi/statement-records.ts';

/** What course.yaml says of the final assessment. */
export interface AssessmentRules {
  courseId: string;
  courseTitle: string;
  title: string;
  bank: FinalBank;
  questions: number;
  passMark: number;
  /** Attempts allowed per certification period. */
  attempts: number;
  timeLimitMinutes: number;
  contentVersion: string;
  /** The course's progress model, to fold the recorded result into the learner's progress row. */
  model: ProgressModel;
}

interface StoredQuestion {
  id: string;
  order: string[];
}

/** The server-graded final assessment: draws, saves answers as they are given, grades and records the result. */
export class AssessmentService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly statements: StatementStore,
    private readonly progress: ProgressBook,
    private readonly publicOrigin: string,
    private readonly now: () => number = Date.now,
    /** Issues the certificate when a passed assessment completes the course. */
    private readonly certificates?: CertificateService,
  ) {}

  /** Where the learner stands: attempts used, the open attempt (if any) and past results. Grades an attempt whose time ran out. */
  async status(account: Account, rules: AssessmentRules): Promise<AssessmentStatus> {
    await this.gradeExpired(account, rules);
    const rows = await this.periodAttempts(account, rules);
    const open = rows.find((row) => row.submitted_at === null);
    const results = await Promise.all(rows.filter((row) => row.submitted_at !== null).map((row) => this.resultOf(row, rules)));
    return {
      attemptsAllowed: rules.attempts,
      attemptsUsed: rows.length,
      questions: rules.questions,
      passMark: rules.passMark,
      timeLimitMinutes: rules.timeLimitMinutes,
      open: open ? await this.viewOf(open, rules) : null,
      results,
      passed: results.some((result) => result.passed),
    };
  }

  /** Starts an attempt, or returns the one already open (a second tab or a reload resumes it). */
  async start(account: Account, rules: AssessmentRules): Promise<{ attempt: AttemptView; created: boolean }> {
    await this.gradeExpired(account, rules);
    const rows = await this.periodAttempts(account, rules);
    const open = rows.find((row) => row.submitted_at === null);
    if (open) return { attempt: await this.viewOf(open, rules), created: false };
    if (rows.some((row) => row.passed === 1)) throw new HttpError(409, 'already_passed', '你已经通过了结业测验，无需再考。');
    if (rows.length >= rules.attempts) {
      throw new HttpError(409, 'no_attempts_left', `结业测验最多可以参加 ${rules.attempts} 次，你的次数已经用完。请联系培训管理员。`);
    }
    const drawn = drawQuestions(rules.bank.questions, rules.questions, randomInt);
    const questions: StoredQuestion[] = drawn.map((question) => ({ id: question.id, order: layoutQuestion(question, randomInt) }));
    const startedAt = this.now();
    const row = {
      id: randomUUID(),
      user_id: account.id,
      course_id: rules.courseId,
      bank_id: rules.bank.id,
      questions: JSON.stringify(questions),
      started_at: startedAt,
      deadline_at: startedAt + rules.timeLimitMinutes * 60_000,
      submitted_at: null,
      raw: null,
      max: null,
      scaled: null,
      passed: null,
    };
    await this.db.insertInto('assessment_attempts').values(row).execute();
    return { attempt: await this.viewOf(row, rules), created: true };
  }

  /** Saves one answer of an open attempt; refused once it is submitted or its time is up. */
  async saveAnswer(account: Account, rules: AssessmentRules, attemptId: string, questionId: string, response: QuizResponse): Promise<void> {
    const row = await this.ownAttempt(account, attemptId);
    if (row.submitted_at !== null) throw new HttpError(409, 'attempt_closed', '这次测验已经交卷，不能再修改答案。');
    if (this.now() > row.deadline_at) {
      await this.submit(account, rules, attemptId);
      throw new HttpError(409, 'time_up', '作答时间已到，测验已按已保存的答案自动交卷。');
    }
    const stored = (JSON.parse(row.questions) as StoredQuestion[]).find((question) => question.id === questionId);
    const question = stored && questionOf(rules.bank, stored.id);
    if (!question) throw new HttpError(404, 'not_found', '这道题不在本次测验中。');
    if (!fitsQuestion(question, response)) throw new HttpError(400, 'invalid_answer', '答案与这道题的选项不符。');
    await this.db
      .insertInto('assessment_answers')
      .values({ attempt_id: attemptId, question_id: questionId, response: JSON.stringify(response), saved_at: this.now() })
      .onConflict((oc) => oc.columns(['attempt_id', 'question_id']).doUpdateSet({ response: JSON.stringify(response), saved_at: this.now() }))
      .execute();
  }

  /** Grades an attempt as it stands and records the answers and the result as statements with the server's authority. */
  async submit(account: Account, rules: AssessmentRules, attemptId: string): Promise<AttemptResult> {
    const row = await this.ownAttempt(account, attemptId);
    if (row.submitted_at !== null) return this.resultOf(row, rules);
    const stored = JSON.parse(row.questions) as StoredQuestion[];
    const questions = stored.map((question) => questionOf(rules.bank, question.id)).filter((question): question is Question => question !== undefined);
    const answers = await this.answersOf(attemptId);
    const grade = gradeAttempt(questions, answers, rules.passMark);
    const submittedAt = Math.min(this.now(), row.deadline_at);
    // Only one of two simultaneous submissions records the result.
    const claimed = await this.db
      .updateTable('assessment_attempts')
      .set({ submitted_at: submittedAt, raw: grade.raw, max: grade.max, scaled: grade.scaled, passed: grade.passed ? 1 : 0 })
      .where('id', '=', attemptId)
      .where('submitted_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 1) await this.record(account, rules, row.started_at, submittedAt, questions, grade);
    const updated = await this.ownAttempt(account, attemptId);
    return this.resultOf(updated, rules);
  }

  private async record(account: Account, rules: AssessmentRules, startedAt: number, submittedAt: number, questions: Question[], grade: AttemptGrade) {
    const factory = createStatementFactory({
      origin: this.publicOrigin,
      actor: actorOf(account, this.publicOrigin),
      registration: await registrationOf(this.db, account.id, rules.courseId, this.now()),
      contentVersion: rules.contentVersion,
      course: { id: rules.courseId, title: rules.courseTitle },
      now: () => new Date(submittedAt),
    });
    const quiz = { id: rules.bank.id, title: rules.title };
    const statements = [
      ...grade.questions.map((graded, index) =>
        factory.questionAnswered(
          { id: graded.id, title: questions[index]!.prompt.slice(0, 60) },
          { quiz, response: graded.response ? formatResponse(graded.response) : '', success: graded.grade.correct, scaled: graded.grade.score, activeMs: 0 },
        ),
      ),
      factory.quizFinished(quiz, { passed: grade.passed, raw: grade.raw, max: grade.max, activeMs: submittedAt - startedAt }),
    ];
    const authority = serverAuthority(this.publicOrigin) as XapiAgent;
    const storedMs = this.now();
    const records = statements.map((statement) => recordOf(completeStatement(statement as unknown as XapiStatement, authority, storedMs), storedMs));
    const outcome = await this.statements.insert(records, [], () => true, this.progress.updater(rules.model));
    if (!outcome.ok) throw new Error(`assessment statements conflicted with ${outcome.conflict.id}`);
    if (this.certificates) {
      const actorKey = agentIdentityKey(actorOf(account, this.publicOrigin) as XapiAgent);
      await issueAfterCommit(this.certificates, { id: rules.courseId, title: rules.courseTitle, contentVersion: rules.contentVersion }, [actorKey]);
    }
  }

  private async gradeExpired(account: Account, rules: AssessmentRules): Promise<void> {
    const expired = await this.db
      .selectFrom('assessment_attempts')
      .select('id')
      .where('user_id', '=', account.id)
      .where('course_id', '=', rules.courseId)
      .where('submitted_at', 'is', null)
      .where('deadline_at', '<', this.now())
      .execute();
    for (const { id } of expired) await this.submit(account, rules, id);
  }

  /**
   * The attempts of the current certification period: all of them until a certificate has expired; after that, those
   * started since the expiry the learner is recertifying from, so a recertification has its own attempts.
   */
  private async periodAttempts(account: Account, rules: AssessmentRules) {
    const actorKey = agentIdentityKey(actorOf(account, this.publicOrigin) as XapiAgent);
    const { recertificationFrom } = await this.progress.report(this.db, rules.model, actorKey, new Date(this.now()));
    const from = recertificationFrom ? Date.parse(recertificationFrom) : 0;
    return this.db
      .selectFrom('assessment_attempts')
      .selectAll()
      .where('user_id', '=', account.id)
      .where('course_id', '=', rules.courseId)
      .where('started_at', '>=', from)
      .orderBy('started_at')
      .execute();
  }

  private async ownAttempt(account: Account, attemptId: string) {
    const row = await this.db.selectFrom('assessment_attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
    // Someone else's attempt is reported as missing, not as forbidden: its id tells nothing.
    if (!row || row.user_id !== account.id) throw new HttpError(404, 'not_found', '找不到这次测验。');
    return row;
  }

  private async answersOf(attemptId: string): Promise<Map<string, QuizResponse>> {
    const rows = await this.db.selectFrom('assessment_answers').select(['question_id', 'response']).where('attempt_id', '=', attemptId).execute();
    return new Map(rows.map((row) => [row.question_id, JSON.parse(row.response) as QuizResponse]));
  }

  private async viewOf(row: { id: string; questions: string; started_at: number; deadline_at: number }, rules: AssessmentRules): Promise<AttemptView> {
    const stored = JSON.parse(row.questions) as StoredQuestion[];
    const questions = stored.flatMap((entry) => {
      const question = questionOf(rules.bank, entry.id);
      return question ? [publicQuestion(question, entry.order)] : [];
    });
    return {
      id: row.id,
      startedAt: new Date(row.started_at).toISOString(),
      deadlineAt: new Date(row.deadline_at).toISOString(),
      remainingSeconds: Math.max(0, Math.floor((row.deadline_at - this.now()) / 1000)),
      questions,
      answers: Object.fromEntries(await this.answersOf(row.id)),
    };
  }

  private async resultOf(row: { id: string; questions: string; submitted_at: number | null; raw: number | null; max: number | null; scaled: number | null; passed: number | null }, rules: AssessmentRules): Promise<AttemptResult> {
    const stored = JSON.parse(row.questions) as StoredQuestion[];
    const questions = stored.map((entry) => questionOf(rules.bank, entry.id)).filter((question): question is Question => question !== undefined);
    const grade = gradeAttempt(questions, await this.answersOf(row.id), rules.passMark);
    return {
      id: row.id,
      submittedAt: new Date(row.submitted_at ?? 0).toISOString(),
      raw: row.raw ?? 0,
      max: row.max ?? questions.length,
      scaled: row.scaled ?? 0,
      passed: row.passed === 1,
      questions: grade.questions.map((graded, index) => ({
        id: graded.id,
        prompt: questions[index]!.prompt,
        correct: graded.grade.correct,
        score: graded.grade.score,
        explanation: questions[index]!.explanation,
      })),
    };
  }
}

function questionOf(bank: FinalBank, id: string): Question | undefined {
  return bank.questions.find((question) => question.id === id);
}
