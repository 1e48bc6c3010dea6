import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';
import { answer, command, commandOk, createSession, join } from '../support/classroom.ts';
import { SseReader } from '../support/sse.ts';
import { runUserCommand } from '../support/user-command.ts';
import { getStatements } from '../support/xapi.ts';

let server: SiteServer;
let facilitator: HttpSession;
const streams: SseReader[] = [];

async function account(username: string, role: string, displayName = username): Promise<HttpSession> {
  const created = await runUserCommand(server.dataDir, ['create', username, '--role', role, '--name', displayName, '--password-stdin'], `${username}-password\n`);
  if (created.status !== 0) throw new Error(created.stderr);
  const session = new HttpSession(server);
  await session.signIn(username, `${username}-password`);
  return session;
}

async function stream(session: HttpSession, path: string, lastEventId?: number): Promise<SseReader> {
  const reader = await SseReader.open(session, path, lastEventId);
  streams.push(reader);
  return reader;
}

/** A session opened and started, ready for pushes. */
async function runningSession(body: Record<string, unknown> = {}): Promise<string> {
  const code = await createSession(facilitator, body);
  await commandOk(facilitator, code, { type: 'session.open' });
  await commandOk(facilitator, code, { type: 'session.start' });
  return code;
}

beforeAll(async () => {
  server = await startSiteServer();
  facilitator = await account('teacher', 'facilitator', '张老师');
});
afterAll(async () => {
  for (const reader of streams) reader.close();
  await server?.stop();
});

describe('classroom role boundaries', () => {
  test('answer 401 signed out and 403 to a learner on every facilitator route and page', async () => {
    const code = await createSession(facilitator);
    const learner = await account('plain.learner', 'learner');
    const anonymous = new HttpSession(server);
    const routes: [string, RequestInit & { json?: unknown }][] = [
      ['/api/classroom/sessions', {}],
      ['/api/classroom/sessions', { method: 'POST', json: { lessons: ['respect-and-trust'], date: '2026-12-01', time: '09:00', place: 'x', capacity: 5 } }],
      [`/api/classroom/sessions/${code}`, {}],
      [`/api/classroom/sessions/${code}/commands`, { method: 'POST', json: { type: 'session.open' } }],
      [`/api/classroom/sessions/${code}/events`, {}],
      [`/api/classroom/sessions/${code}/attendance`, { method: 'POST', json: { name: '某人' } }],
      [`/api/classroom/sessions/${code}/report`, {}],
      [`/api/classroom/sessions/${code}/report.csv`, {}],
    ];
    for (const [path, init] of routes) {
      expect((await anonymous.request(path, init)).status, `${init.method ?? 'GET'} ${path} signed out`).toBe(401);
      expect((await learner.request(path, init)).status, `${init.method ?? 'GET'} ${path} as a learner`).toBe(403);
    }
    for (const path of ['/facilitator/', `/facilitator/sessions/${code}/`, `/facilitator/sessions/${code}/report/`]) {
      const signedOut = await anonymous.request(path);
      expect(signedOut.status).toBe(303);
      expect(signedOut.headers.get('location')).toBe(`/signin/?next=${encodeURIComponent(path)}`);
      expect((await learner.request(path)).status).toBe(403);
    }
    expect((await facilitator.request('/facilitator/')).status).toBe(200);
  });

  test('refuse a phone that has not joined, and a join to a session still in draft or closed', async () => {
    const code = await createSession(facilitator);
    const phone = new HttpSession(server);
    expect((await phone.request('/api/classroom/join', { method: 'POST', json: { code, name: '早到的人' } })).status).toBe(409);
    await commandOk(facilitator, code, { type: 'session.open' });
    expect((await phone.request(`/api/classroom/join/${code}/events`)).status).toBe(403);
    expect((await answer(phone, code, 1, ['a'])).status).toBe(403);
    expect((await phone.request('/api/classroom/join', { method: 'POST', json: { code: 'ZZZZZZ', name: '走错门' } })).status).toBe(404);
    await commandOk(facilitator, code, { type: 'session.close' });
    expect((await phone.request('/api/classroom/join', { method: 'POST', json: { code, name: '迟到的人' } })).status).toBe(409);
  });
});

describe('a live question', () => {
  test('reaches phones without its key, counts answers, and after a dropped stream replays the reveal from Last-Event-ID', async () => {
    const code = await runningSession();
    const guest = new HttpSession(server);
    await join(guest, code.toLowerCase(), '访客甲');
    const learner = await account('li.na', 'learner', '李娜');
    await join(learner, code);
    const board = await stream(facilitator, `/api/classroom/sessions/${code}/events`);
    await board.waitFor((event) => event.event === 'snapshot' && event.data.participants.length === 2, 'the snapshot with both participants');
    const phone = await stream(guest, `/api/classroom/join/${code}/events`);
    await phone.waitFor((event) => event.event === 'snapshot');

    const pushed = await commandOk(facilitator, code, { type: 'question.push', questionId: 'rt-real-respect' });
    const shown = await phone.waitFor((event) => event.event === 'state' && event.data.push?.id === pushed.push!.id, 'the pushed question');
    expect(shown.data.push.question.prompt).toContain('尊重');
    const onPhone = JSON.stringify(phone.events);
    for (const secret of ['"correct"', 'explanation', '"key"']) expect(onPhone).not.toContain(secret);
    const key = await board.waitFor((event) => event.event === 'key', 'the key on the facilitator stream');
    expect(key.data.key.correct.sort()).toEqual(['a', 'c', 'e']);

    expect((await answer(guest, code, pushed.push!.id, ['zz'])).status).toBe(400);
    expect((await answer(guest, code, pushed.push!.id, ['a', 'c', 'e'])).status).toBe(204);
    expect((await answer(learner, code, pushed.push!.id, ['b'])).status).toBe(204);
    // Answering again replaces the first answer: still one answer per person.
    expect((await answer(learner, code, pushed.push!.id, ['d'])).status).toBe(204);
    const tally = await board.waitFor((event) => event.event === 'tally' && event.data.tally.total === 2, 'a tally of two answers');
    expect(Object.fromEntries(tally.data.tally.options.map((option: { id: string; count: number }) => [option.id, option.count]))).toMatchObject({ a: 1, b: 0, d: 1 });

    // The phone drops off; the facilitator reveals meanwhile.
    const lastSeen = phone.lastEventId()!;
    phone.close();
    await commandOk(facilitator, code, { type: 'question.reveal' });
    const resumed = await stream(guest, `/api/classroom/join/${code}/events`, lastSeen);
    const me = await resumed.waitFor((event) => event.event === 'me');
    expect(me.data.answer).toEqual(['a', 'c', 'e']);
    const revealed = await resumed.waitFor((event) => event.event === 'state' && event.data.push?.revealed !== null, 'the reveal');
    expect(revealed.id).toBeGreaterThan(lastSeen);
    expect(resumed.events.some((event) => event.event === 'snapshot')).toBe(false);
    expect(revealed.data.push.revealed.correct.sort()).toEqual(['a', 'c', 'e']);
    expect(revealed.data.push.revealed.tally.total).toBe(2);
    expect(revealed.data.push.revealed.explanation.length).toBeGreaterThan(10);
    expect((await answer(guest, code, pushed.push!.id, ['a'])).status).toBe(409);
  });

  test('takes a command once however often it is sent, and refuses one given on an older version', async () => {
    const code = await runningSession();
    const started = await commandOk(facilitator, code, { type: 'question.push', questionId: 'rt-real-respect' });
    const commandId = crypto.randomUUID();
    const first = await commandOk(facilitator, code, { type: 'question.push', questionId: 'rt-honest-schedule', version: started.version, commandId });
    const again = await commandOk(facilitator, code, { type: 'question.push', questionId: 'rt-honest-schedule', version: started.version, commandId });
    expect(again).toEqual(first);
    expect(first.push!.id).toBe(2);
    // A second tab that still shows the first question tries to reveal it.
    const stale = await command(facilitator, code, { type: 'question.reveal', version: started.version, commandId: crypto.randomUUID() });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toBe('stale');
    const view = await (await facilitator.request(`/api/classroom/sessions/${code}`)).json();
    expect(view.state).toMatchObject({ version: first.version, activity: 'questionOpen', push: { id: 2 } });
    expect((await command(facilitator, code, { type: 'decision.resolve' })).status).toBe(409);
  });

  test('counts every one of 200 phones answering at once', async () => {
    const code = await runningSession();
    const phones = Array.from({ length: 200 }, () => new HttpSession(server));
    for (let i = 0; i < phones.length; i += 50) await Promise.all(phones.slice(i, i + 50).map((phone, j) => join(phone, code, `学员${i + j}`)));
    const board = await stream(facilitator, `/api/classroom/sessions/${code}/events`);
    const pushed = await commandOk(facilitator, code, { type: 'question.push', questionId: 'rt-honest-schedule' });
    const statuses = await Promise.all(phones.map((phone, i) => answer(phone, code, pushed.push!.id, [i % 3 === 0 ? 'a' : 'b']).then((response) => response.status)));
    expect(statuses.filter((status) => status === 204)).toHaveLength(200);
    const tally = await board.waitFor((event) => event.event === 'tally' && event.data.tally.total === 200, 'a tally of 200 answers');
    expect(tally.data.answered).toHaveLength(200);
    // Coalesced: far fewer tally events than answers.
    expect(board.events.filter((event) => event.event === 'tally').length).toBeLessThan(50);
  });
});

describe('a group role-play', () => {
  test('moves by the majority, waits for the facilitator on a tie, and ends with the class route beside the best one', async () => {
    const code = await runningSession();
    const voters = [new HttpSession(server), new HttpSession(server)];
    for (const [i, voter] of voters.entries()) await join(voter, code, `投票人${i}`);
    let state = await commandOk(facilitator, code, { type: 'roleplay.start', scenarioId: 'urgent-data-request' });
    for (let step = 0; step < 12 && state.activity === 'decisionVoting'; step++) {
      const push = state.push as unknown as { id: number; decision: { choices: { id: string }[] } };
      const [first, second] = push.decision.choices;
      if (step === 0 && second) {
        // Split votes: a tie the facilitator must break.
        expect((await answer(voters[0]!, code, push.id, [first!.id])).status).toBe(204);
        expect((await answer(voters[1]!, code, push.id, [second.id])).status).toBe(204);
        const tied = await command(facilitator, code, { type: 'decision.resolve' });
        expect(tied.status).toBe(409);
        expect((await tied.json()).message).toContain('票数相同');
        state = await commandOk(facilitator, code, { type: 'decision.resolve', tieBreak: second.id });
        expect(state.push).toMatchObject({ resolved: { choice: second.id, tieBroken: true } });
      } else {
        for (const voter of voters) expect((await answer(voter, code, push.id, [first!.id])).status).toBe(204);
        state = await commandOk(facilitator, code, { type: 'decision.resolve' });
        expect(state.push).toMatchObject({ resolved: { choice: first!.id, tieBroken: false, tally: { total: 2 } } });
      }
      expect(state.activity).toBe('decisionResolved');
      if (!(state.play as { ended: boolean }).ended) state = await commandOk(facilitator, code, { type: 'decision.push' });
    }
    const play = state.play as { ended: boolean; debrief: { classRoute: { steps: unknown[]; ending: { id: string } }; bestRoute: { ending: { rating: string } } } };
    expect(play.ended).toBe(true);
    expect(play.debrief.classRoute.ending.id).toBeTruthy();
    expect(play.debrief.bestRoute.ending.rating).toBe('best');
    const phone = await stream(voters[0]!, `/api/classroom/join/${code}/events`);
    const seen = await phone.waitFor((event) => event.event === 'snapshot');
    expect(seen.data.state.play.debrief.classRoute.steps).toHaveLength(play.debrief.classRoute.steps.length);
  });
});

describe('attendance and the session report', () => {
  test('records attended statements with the server as authority for signed-in participants present at the close', async () => {
    const code = await runningSession({ title: '尊重与信任专题课' });
    const present = await account('wang.fang', 'learner', '王芳');
    const leaving = await account('zhao.lei', 'learner', '赵磊');
    await account('no.phone', 'learner', '孙悦');
    await join(present, code);
    const left = await join(leaving, code);
    const guest = new HttpSession(server);
    await join(guest, code, '=HYPERLINK("http://x")');
    const checkOut = await facilitator.request(`/api/classroom/sessions/${code}/attendance`, { method: 'POST', json: { participantId: left.id, present: false } });
    expect((await checkOut.json()).participant).toMatchObject({ name: '赵磊', present: false });
    const added = await facilitator.request(`/api/classroom/sessions/${code}/attendance`, { method: 'POST', json: { name: 'no.phone' } });
    expect((await added.json()).participant).toMatchObject({ name: '孙悦', kind: 'account', present: true });
    await commandOk(facilitator, code, { type: 'session.close' });
    expect((await facilitator.request(`/api/classroom/sessions/${code}/attendance`, { method: 'POST', json: { name: '补签' } })).status).toBe(409);

    const report = await (await present.request('/api/me/report')).json();
    expect(report.report.attendance).toEqual([{ code, attendedAt: expect.any(String) }]);
    const statements = (await (await getStatements(present, { verb: 'http://adlnet.gov/expapi/verbs/attended' })).json()).statements;
    expect(statements).toHaveLength(1);
    expect(statements[0].authority.account.name).toBe('icrm-server');
    expect(statements[0].object.id).toBe(`${server.baseUrl}/xapi/activities/session/${code}`);
    expect(statements[0].context.registration).toMatch(/^[0-9a-f-]{36}$/);
    expect((await (await leaving.request('/api/me/report')).json()).report.attendance).toEqual([]);
    const absent = new HttpSession(server);
    await absent.signIn('no.phone', 'no.phone-password');
    expect((await (await absent.request('/api/me/report')).json()).report.attendance).toHaveLength(1);

    const sessionReport = await (await facilitator.request(`/api/classroom/sessions/${code}/report`)).json();
    expect(sessionReport).toMatchObject({ code, title: '尊重与信任专题课', status: 'closed', presentCount: 3 });
    expect(sessionReport.people.map((person: { name: string; present: boolean }) => [person.name, person.present])).toEqual([
      ['王芳', true],
      ['赵磊', false],
      ['=HYPERLINK("http://x")', true],
      ['孙悦', true],
    ]);
    const csv = await facilitator.request(`/api/classroom/sessions/${code}/report.csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('王芳,账号');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")",访客`);

    // Erasing a learner's data on request takes their place on the session's list with it.
    const admin = new HttpSession(server);
    await admin.signIn(server.admin.username, server.admin.password);
    const { id } = await (await present.request('/api/me')).json();
    expect((await admin.request('/admin/', { method: 'POST', form: { action: 'delete-data', userId: id } })).status).toBe(200);
    const after = await (await facilitator.request(`/api/classroom/sessions/${code}/report`)).json();
    expect(after.people.map((person: { name: string }) => person.name)).toEqual(['赵磊', '=HYPERLINK("http://x")', '孙悦']);
  });
});
