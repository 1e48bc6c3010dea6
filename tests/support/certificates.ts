import type { ProgressModel } from '../../src/core/progress/progress-model.ts';
import type { QuizResponse } from '../../src/core/quiz/grading.ts';
import type { Question } from '../../src/core/quiz/schemas/quiz.ts';
import { createStatementFactory } from '../../src/core/statements/builders.ts';
import { serverAuthority } from '../../src/core/statements/server-authority.ts';
import type { Statement } from '../../src/core/statements/xapi.ts';
import type { XapiAgent, XapiStatement } from '../../src/core/xapi/types.ts';
import type { Account } from '../../src/server/accounts/accounts.ts';
import type { ProgressBook } from '../../src/server/learning/progress-book.ts';
import { actorOf } from '../../src/server/me.ts';
import { completeStatement, recordOf } from '../../src/server/xapi/statement-records.ts';
import type { StatementStore } from '../../src/server/xapi/statement-store.ts';
import type { HttpSession } from './http-client.ts';
import { postStatements } from './xapi.ts';

/** The keyed answer of a bank question, as the assessment page would send it. */
export function keyedAnswer(question: Question): QuizResponse {
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      return { kind: 'choice', selected: question.options.filter((option) => option.correct).map((option) => option.id) };
    case 'true-false':
      return { kind: 'choice', selected: [String(question.answer)] };
    case 'ordering':
      return { kind: 'ordering', order: question.items.map((item) => item.id) };
    case 'matching':
      return { kind: 'matching', pairs: Object.fromEntries(question.left.map((item) => [item.id, item.match!])) };
  }
}

export interface Requirement {
  kind: 'lesson' | 'quiz' | 'scenario' | 'assessment' | 'attendance';
  id: string;
  title: string;
  met: boolean;
}

/**
 * Completes the course over HTTP as a learner would: the statements of every lesson, practice quiz and role-play still
 * unmet in their report (the ones a learner's device sends), then the final assessment through its API, answered from
 * the key. `holdBack` keeps some requirements' statements unsent and returns them, to be sent later.
 */
export async function completeCourseOverHttp(
  session: HttpSession,
  bank: Map<string, Question>,
  holdBack: (requirement: Requirement) => boolean = () => false,
): Promise<{ passed: boolean; heldBack: Statement[] }> {
  const me = await (await session.request('/api/me')).json();
  const { report } = await (await session.request('/api/me/report')).json();
  const origin = me.actor.account.homePage as string;
  const factory = createStatementFactory({
    origin,
    actor: me.actor,
    registration: me.registrations.icrm,
    contentVersion: 'test',
    course: { id: 'icrm', title: '内部客户关系管理培训' },
  });
  const sent: Statement[] = [];
  const heldBack: Statement[] = [];
  for (const requirement of report.requirements as Requirement[]) {
    if (requirement.met) continue;
    const item = { id: requirement.id, title: requirement.title };
    const statements = holdBack(requirement) ? heldBack : sent;
    if (requirement.kind === 'lesson') statements.push(factory.lessonCompleted(item, 60_000));
    if (requirement.kind === 'quiz') statements.push(factory.quizFinished(item, { passed: true, raw: 5, max: 5, activeMs: 60_000 }));
    if (requirement.kind === 'scenario') {
      statements.push(factory.scenarioCompleted(item, { endingId: 'best', rating: 'best', scaled: 1, principleScores: {}, path: [], activeMs: 60_000 }));
    }
  }
  if (sent.length) {
    const response = await postStatements(session, sent);
    if (response.status !== 200) throw new Error(`statements refused: ${response.status} ${await response.text()}`);
  }
  const started = await session.request('/api/assessment/attempts', { method: 'POST', json: {} });
  if (started.status !== 201 && started.status !== 200) throw new Error(`assessment refused: ${started.status} ${await started.text()}`);
  const attempt = (await started.json()) as { id: string; questions: { id: string }[] };
  for (const { id } of attempt.questions) {
    await session.request(`/api/assessment/attempts/${attempt.id}/answers/${id}`, { method: 'PUT', json: keyedAnswer(bank.get(id)!) });
  }
  const result = await (await session.request(`/api/assessment/attempts/${attempt.id}/submit`, { method: 'POST' })).json();
  return { passed: result.passed, heldBack };
}

/**
 * Stores, as the server would, what completes the course for an account at `at`: every lesson, practice quiz and
 * role-play on the learner's authority, and a passed final assessment on the server's, folded into the progress row.
 */
export async function storeCompletion(
  store: StatementStore,
  progress: ProgressBook,
  model: ProgressModel,
  account: Pick<Account, 'id' | 'displayName'>,
  origin: string,
  at: number,
  parts: { coursework?: boolean; assessment?: boolean } = {},
): Promise<void> {
  const actor = actorOf(account, origin);
  const factory = createStatementFactory({
    origin,
    actor,
    registration: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    contentVersion: 'test',
    course: { id: model.id, title: model.title },
    now: () => new Date(at),
  });
  const learner: Statement[] = [];
  if (parts.coursework !== false) {
    for (const lesson of model.lessons) learner.push(factory.lessonCompleted(lesson, 60_000));
    for (const quiz of model.quizzes) learner.push(factory.quizFinished(quiz, { passed: true, raw: 5, max: 5, activeMs: 60_000 }));
    for (const scenario of model.scenarios) {
      learner.push(factory.scenarioCompleted(scenario, { endingId: 'best', rating: 'best', scaled: 1, principleScores: {}, path: [], activeMs: 60_000 }));
    }
  }
  const server: Statement[] =
    parts.assessment === false ? [] : [factory.quizFinished({ id: model.finalAssessment.id, title: '结业测验' }, { passed: true, raw: 20, max: 20, activeMs: 60_000 })];
  const records = [
    ...learner.map((statement) => recordOf(completeStatement(statement as unknown as XapiStatement, actor as XapiAgent, at), at)),
    ...server.map((statement) => recordOf(completeStatement(statement as unknown as XapiStatement, serverAuthority(origin) as XapiAgent, at), at)),
  ];
  const outcome = await store.insert(records, [], () => true, progress.updater(model));
  if (!outcome.ok) throw new Error(`completion statements conflicted with ${outcome.conflict.id}`);
}
