import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freshPostgresDatabase } from '../support/databases.ts';
import { startSiteServer, testAdmin, type SiteServer } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';
import { answer, commandOk, createSession, join } from '../support/classroom.ts';
import { SseReader } from '../support/sse.ts';

const baseUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!baseUrl)('live sessions on two server instances sharing one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  const servers: SiteServer[] = [];
  const streams: SseReader[] = [];

  beforeAll(async () => {
    database = await freshPostgresDatabase(baseUrl!);
    // One after the other: the first migrates the new database and creates the admin.
    for (let i = 0; i < 2; i++) servers.push(await startSiteServer({ env: { DATABASE_URL: database.url } }));
  });
  afterAll(async () => {
    for (const reader of streams) reader.close();
    for (const server of servers) await server.stop();
    await database?.drop();
  });

  test('carry the facilitator’s pushes to phones on the other instance, answers back, and a reconnect to either one', async () => {
    const [first, second] = servers as [SiteServer, SiteServer];
    const facilitator = new HttpSession(first);
    await facilitator.signIn(testAdmin.username, testAdmin.password);
    const code = await createSession(facilitator);
    await commandOk(facilitator, code, { type: 'session.open' });
    await commandOk(facilitator, code, { type: 'session.start' });

    const phone = new HttpSession(second);
    await join(phone, code, '另一台服务器上的学员');
    const board = await SseReader.open(facilitator, `/api/classroom/sessions/${code}/events`);
    streams.push(board);
    await board.waitFor((event) => event.event === 'snapshot');
    const onPhone = await SseReader.open(phone, `/api/classroom/join/${code}/events`);
    streams.push(onPhone);
    await onPhone.waitFor((event) => event.event === 'snapshot');
    // The join on the second instance reached the facilitator on the first.
    expect(board.events.find((event) => event.event === 'snapshot')!.data.participants).toHaveLength(1);

    const pushed = await commandOk(facilitator, code, { type: 'question.push', questionId: 'rt-real-respect' });
    await onPhone.waitFor((event) => event.event === 'state' && event.data.push?.id === pushed.push!.id, 'the push made on the other instance');

    expect((await answer(phone, code, pushed.push!.id, ['a'])).status).toBe(204);
    const tally = await board.waitFor((event) => event.event === 'tally' && event.data.tally.total === 1, 'the answer given on the other instance');
    expect(tally.data.push).toBe(pushed.push!.id);

    // The phone drops and comes back through the facilitator's instance: it resumes from its Last-Event-ID there.
    const lastSeen = onPhone.lastEventId()!;
    onPhone.close();
    await commandOk(facilitator, code, { type: 'question.reveal' });
    const guestCookie = `icrm_class_${code}=${phone.cookie(`icrm_class_${code}`)}`;
    const resumed = await SseReader.open(new HttpSession(first), `/api/classroom/join/${code}/events`, lastSeen, { Cookie: guestCookie });
    streams.push(resumed);
    expect((await resumed.waitFor((event) => event.event === 'me')).data.answer).toEqual(['a']);
    const revealed = await resumed.waitFor((event) => event.event === 'state' && event.data.push?.revealed, 'the reveal replayed after Last-Event-ID');
    expect(revealed.id).toBeGreaterThan(lastSeen);
    expect(revealed.data.push.revealed.tally.total).toBe(1);
    expect(resumed.events.some((event) => event.event === 'snapshot')).toBe(false);
  });
});
