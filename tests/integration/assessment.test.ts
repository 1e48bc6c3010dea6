import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadFinalBank } from '../../src/server/assessment/final-bank.ts';
import type { QuizResponse } from '../../src/core/quiz/grading.ts';
import type { Question } from '../../src/core/quiz/schemas/quiz.ts';
import { keyedAnswer } from '../support/certificates.ts';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';
import { runUserCommand } from '../support/user-command.ts';
import { getStatements } from '../support/xapi.ts';

let server: SiteServer;
let bank: Map<string, Question>;

async function learner(username: string): Promise<HttpSession> {
  await runUserCommand(server.dataDir, ['create', username, '--role', 'learner', '--password-stdin'], `${username}-password\n`);
  const session = new HttpSession(server);
  await session.signIn(username, `${username}-password`);
  return session;
}

interface Attempt {
  id: string;
  remainingSeconds: number;
  questions: { id: string; type: string }[];
  answers: Record<string, QuizResponse>;
}

async function start(session: HttpSession): Promise<{ status: number; attempt: Attempt }> {
  const response = await session.request('/api/assessment/attempts', { method: 'POST', json: {} });
  return { status: response.status, attempt: await response.json() };
}

function answer(session: HttpSession, attempt: string, question: string, response: unknown): Promise<Response> {
  return session.request(`/api/assessment/attempts/${attempt}/answers/${question}`, { method: 'PUT', json: response });
}

beforeAll(async () => {
  server = await startSiteServer();
  bank = new Map((await loadFinalBank('final-assessment')).questions.map((question) => [question.id, question]));
});
afterAll(async () => {
  await server?.stop();
});

describe('the final assessment', () => {
  test('is for signed-in learners only', async () => {
    const response = await fetch(`${server.baseUrl}/api/assessment/attempts`, { method: 'POST', headers: { Origin: server.baseUrl } });
    expect(response.status).toBe(401);
  });

  test('draws 20 questions without any key, feedback or explanation, and resumes the open attempt', async () => {
    const session = await learner('assess-draw');
    const first = await start(session);
    expect(first.status).toBe(201);
    expect(first.attempt.questions).toHaveLength(20);
    expect(first.attempt.remainingSeconds).toBeGreaterThan(39 * 60);
    const text = JSON.stringify(first.attempt);
    for (const secret of ['"correct"', '"feedback"', '"explanation"', '"match"', '"answer"', '"section"']) expect(text).not.toContain(secret);
    for (const question of first.attempt.questions) expect(bank.has(question.id)).toBe(true);
    const again = await start(session);
    expect(again.status).toBe(200);
    expect(again.attempt.id).toBe(first.attempt.id);
    const status = await (await session.request('/api/assessment')).json();
    expect(status).toMatchObject({ attemptsAllowed: 3, attemptsUsed: 1, questions: 20, passMark: 0.8 });
    expect(JSON.stringify(status)).not.toContain('"correct"');
  });

  test('draws different questions for different attempts', async () => {
    const draws = await Promise.all(['assess-a', 'assess-b', 'assess-c'].map(async (name) => (await start(await learner(name))).attempt.questions.map((q) => q.id)));
    const overlap = (x: string[], y: string[]) => x.filter((id) => y.includes(id)).length;
    expect(new Set(draws.map((draw) => draw.join())).size).toBe(3);
    expect(Math.min(overlap(draws[0]!, draws[1]!), overlap(draws[1]!, draws[2]!))).toBeLessThan(20);
  });

  test('saves answers as they are given, refuses answers that do not fit, and keeps attempts private', async () => {
    const session = await learner('assess-save');
    const { attempt } = await start(session);
    const question = bank.get(attempt.questions[0]!.id)!;
    expect((await answer(session, attempt.id, question.id, keyedAnswer(question))).status).toBe(204);
    const resumed = await start(session);
    expect(resumed.attempt.answers[question.id]).toEqual(keyedAnswer(question));
    expect((await answer(session, attempt.id, question.id, { kind: 'choice', selected: ['zz'] })).status).toBe(400);
    expect((await answer(session, attempt.id, 'not-in-attempt', { kind: 'choice', selected: ['a'] })).status).toBe(404);
    expect((await answer(session, attempt.id, question.id, { kind: 'guess' })).status).toBe(400);
    const stranger = await learner('assess-stranger');
    expect((await answer(stranger, attempt.id, question.id, keyedAnswer(question))).status).toBe(404);
    expect((await stranger.request(`/api/assessment/attempts/${attempt.id}/submit`, { method: 'POST' })).status).toBe(404);
  });

  test('grades on submit, shows each question right or wrong with its explanation, and records it with the server as authority', async () => {
    const session = await learner('assess-pass');
    const { attempt } = await start(session);
    // 17 of 20 right: 85 %, above the 80 % pass mark.
    for (const [index, { id }] of attempt.questions.entries()) {
      if (index < 17) expect((await answer(session, attempt.id, id, keyedAnswer(bank.get(id)!))).status).toBe(204);
    }
    const submitted = await session.request(`/api/assessment/attempts/${attempt.id}/submit`, { method: 'POST' });
    expect(submitted.status).toBe(200);
    const result = await submitted.json();
    expect(result).toMatchObject({ raw: 17, max: 20, scaled: 0.85, passed: true });
    expect(result.questions.filter((question: { correct: boolean }) => question.correct)).toHaveLength(17);
    expect(result.questions[0].explanation).toBe(bank.get(attempt.questions[0]!.id)!.explanation);
    expect((await answer(session, attempt.id, attempt.questions[19]!.id, keyedAnswer(bank.get(attempt.questions[19]!.id)!))).status).toBe(409);

    const statements = (await (await getStatements(session, { limit: '100' })).json()).statements as {
      verb: { id: string };
      object: { id: string };
      authority: { account: { name: string } };
      result: { score: { scaled: number } };
    }[];
    const passed = statements.filter((statement) => statement.verb.id.endsWith('/passed'));
    expect(passed).toHaveLength(1);
    expect(passed[0]!.object.id).toBe(`${server.baseUrl}/xapi/activities/quiz/final-assessment`);
    expect(passed[0]!.authority.account.name).toBe('icrm-server');
    expect(statements.filter((statement) => statement.verb.id.endsWith('/answered'))).toHaveLength(20);
    // Submitting again changes nothing.
    const again = await (await session.request(`/api/assessment/attempts/${attempt.id}/submit`, { method: 'POST' })).json();
    expect(again.submittedAt).toBe(result.submittedAt);
    expect(((await (await getStatements(session, { limit: '100' })).json()).statements as unknown[]).length).toBe(21);
    const more = await session.request('/api/assessment/attempts', { method: 'POST', json: {} });
    expect(more.status).toBe(409);
    expect((await more.json()).message).toContain('已经通过');
  });

  test('allows three attempts and then says so plainly', async () => {
    const session = await learner('assess-limit');
    for (let i = 0; i < 3; i++) {
      const { status, attempt } = await start(session);
      expect(status).toBe(201);
      const result = await (await session.request(`/api/assessment/attempts/${attempt.id}/submit`, { method: 'POST' })).json();
      expect(result.passed).toBe(false);
    }
    const refused = await session.request('/api/assessment/attempts', { method: 'POST', json: {} });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: 'no_attempts_left', message: '结业测验最多可以参加 3 次，你的次数已经用完。请联系培训管理员。' });
  });
});

describe('GET /api/me/report', () => {
  test('folds on the server what the learner sent and what the server graded', async () => {
    const session = await learner('report-reader');
    const me = await (await session.request('/api/me')).json();
    expect(me.registrations.icrm).toMatch(/^[0-9a-f-]{36}$/);
    const lesson = `${server.baseUrl}/xapi/activities/lesson/why-it-matters`;
    const completed = {
      id: crypto.randomUUID(),
      actor: me.actor,
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
      object: { objectType: 'Activity', id: lesson },
      result: { completion: true, duration: 'PT5M' },
      context: { registration: me.registrations.icrm },
      timestamp: new Date().toISOString(),
    };
    expect((await session.request('/xapi/statements', { method: 'POST', json: completed, headers: { 'X-Experience-API-Version': '1.0.3' } })).status).toBe(200);
    const { attempt } = await start(session);
    for (const { id } of attempt.questions) await answer(session, attempt.id, id, keyedAnswer(bank.get(id)!));
    await session.request(`/api/assessment/attempts/${attempt.id}/submit`, { method: 'POST' });

    const response = await session.request('/api/me/report');
    expect(response.status).toBe(200);
    const { report, statementsOnServer } = await response.json();
    expect(statementsOnServer).toBe(22);
    expect(report.lessons.find((entry: { id: string }) => entry.id === 'why-it-matters').status).toBe('completed');
    expect(report.assessment).toMatchObject({ passed: true, bestScaled: 1 });
    expect(report.complete).toBe(false);
    expect((await fetch(`${server.baseUrl}/api/me/report`)).status).toBe(401);
  });
});
