import { describe, expect, test } from 'vitest';
import { AnswerSaver, type SaveState } from '../../../src/client/answer-saver.ts';
import { ApiError, OfflineError } from '../../../src/client/assessment-api.ts';

/** A server whose answers to each request the test releases by hand, in any order. */
function fakeServer() {
  const stored = new Map<string, string>();
  const requests: { questionId: string; response: string; answer: (outcome?: Error) => void }[] = [];
  const send = (questionId: string, response: string) =>
    new Promise<void>((resolve, reject) => {
      requests.push({
        questionId,
        response,
        answer: (outcome) => {
          if (outcome) return reject(outcome);
          stored.set(questionId, response);
          resolve();
        },
      });
    });
  return { stored, requests, send };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function saverOn(server: ReturnType<typeof fakeServer>) {
  const states: [string, SaveState][] = [];
  const errors: unknown[] = [];
  const saver = new AnswerSaver<string>(server.send, (questionId, state) => states.push([questionId, state]), (error) => errors.push(error));
  return { saver, states, errors };
}

describe('saving assessment answers', () => {
  test('keeps one request per question on its way, so the last answer given is the one stored', async () => {
    const server = fakeServer();
    const { saver, states } = saverOn(server);
    saver.save('q1', 'a');
    saver.save('q1', 'ab');
    saver.save('q1', 'abc');
    expect(server.requests.map((request) => request.response)).toEqual(['a']);
    server.requests[0]!.answer();
    await settle();
    // The answers given meanwhile collapse into the latest one.
    expect(server.requests.map((request) => request.response)).toEqual(['a', 'abc']);
    expect(states.at(-1)).toEqual(['q1', 'saving']);
    server.requests[1]!.answer();
    await settle();
    expect(server.stored.get('q1')).toBe('abc');
    expect(states.at(-1)).toEqual(['q1', 'saved']);
    expect(saver.unsaved).toBe(0);
  });

  test('saves different questions side by side', () => {
    const server = fakeServer();
    const { saver } = saverOn(server);
    saver.save('q1', 'a');
    saver.save('q2', 'b');
    expect(server.requests.map((request) => request.questionId)).toEqual(['q1', 'q2']);
  });

  test('marks an answer unsaved offline, sends it again on retry, and flush waits for it', async () => {
    const server = fakeServer();
    const { saver, states } = saverOn(server);
    saver.save('q1', 'a');
    server.requests[0]!.answer(new OfflineError('offline'));
    await settle();
    expect(states.at(-1)).toEqual(['q1', 'unsaved']);
    expect(saver.unsaved).toBe(1);

    let flushed = false;
    const flush = saver.flush().then(() => (flushed = true));
    expect(server.requests.map((request) => request.response)).toEqual(['a', 'a']);
    await settle();
    expect(flushed).toBe(false);
    server.requests[1]!.answer();
    await flush;
    expect(server.stored.get('q1')).toBe('a');
    expect(states.at(-1)).toEqual(['q1', 'saved']);
  });

  test('flush rejects with OfflineError when an answer still cannot be saved, so nothing is graded without it', async () => {
    const server = fakeServer();
    const { saver } = saverOn(server);
    saver.save('q1', 'a');
    const flush = saver.flush();
    server.requests[0]!.answer(new OfflineError('offline'));
    await expect(flush).rejects.toBeInstanceOf(OfflineError);
  });

  test('hands a refusal from the server to the page', async () => {
    const server = fakeServer();
    const { saver, errors } = saverOn(server);
    saver.save('q1', 'a');
    const refusal = new ApiError(409, '这次测验已经交卷');
    server.requests[0]!.answer(refusal);
    await settle();
    expect(errors).toEqual([refusal]);
    // Sending a refused answer again would not help, so it does not hold up handing in.
    expect(saver.unsaved).toBe(0);
    await saver.flush();
    expect(server.requests).toHaveLength(1);
  });
});
