import { fileURLToPath } from 'node:url';
import { buildIfStale } from '../../scripts/lib/build.ts';
import { answer, commandOk, createSession, join } from '../support/classroom.ts';
import { startSiteServer, testAdmin } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';
import { SseReader } from '../support/sse.ts';

export const name = 'classroom: 200 phones answering one question (SQLite)';

const LEARNERS = 200;
/** Three questions in one session, one after another: the median is reported. */
const QUESTIONS = ['rt-real-respect', 'rt-honest-schedule', 'rt-padding-orders'];

/**
 * Joins 200 phones as guests, then for each question: pushes it, has every phone answer at once, and measures the time
 * from the first answer sent until the facilitator's stream shows a tally of 200.
 */
export async function run(): Promise<Record<string, number>> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  if (!(await buildIfStale(root))) throw new Error('astro build failed');
  const server = await startSiteServer();
  const times: number[] = [];
  const answeredTimes: number[] = [];
  try {
    const facilitator = new HttpSession(server);
    await facilitator.signIn(testAdmin.username, testAdmin.password);
    const code = await createSession(facilitator);
    await commandOk(facilitator, code, { type: 'session.open' });
    await commandOk(facilitator, code, { type: 'session.start' });
    const phones = Array.from({ length: LEARNERS }, () => new HttpSession(server));
    for (let i = 0; i < phones.length; i += 50) await Promise.all(phones.slice(i, i + 50).map((phone, j) => join(phone, code, `学员${i + j}`)));
    const board = await SseReader.open(facilitator, `/api/classroom/sessions/${code}/events`);
    try {
      for (const questionId of QUESTIONS) {
        const push = (await commandOk(facilitator, code, { type: 'question.push', questionId })).push!.id;
        const started = performance.now();
        const sent = Promise.all(phones.map((phone, i) => answer(phone, code, push, [i % 2 ? 'a' : 'b']))).then((responses) => {
          if (responses.some((response) => response.status !== 204)) throw new Error('an answer was refused');
          answeredTimes.push(performance.now() - started);
        });
        await board.waitFor((event) => event.event === 'tally' && event.data.push === push && event.data.tally.total === LEARNERS, 'a tally of 200');
        times.push(performance.now() - started);
        await sent;
      }
    } finally {
      board.close();
    }
  } finally {
    await server.stop();
  }
  const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);
  console.log(`  all ${LEARNERS} answers stored: ${answeredTimes.map(Math.round).join(' / ')} ms`);
  console.log(`  until the facilitator's stream shows ${LEARNERS}: ${times.map(Math.round).join(' / ')} ms (median ${median(times)} ms; tallies are coalesced to at most 4 a second)`);
  return { classroom_200_answers_ms: median(times) };
}
