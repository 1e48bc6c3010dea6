import { describe, expect, test } from 'vitest';
import type { ClassroomStore, StoredEvent } from '../../../../src/server/classroom/classroom-store.ts';
import { openEventStream } from '../../../../src/server/classroom/event-stream.ts';
import { LiveHub } from '../../../../src/server/classroom/live-hub.ts';

/** A session log in memory, standing in for the database the hub reads. */
function fakeLog() {
  const events: StoredEvent[] = [];
  const store = {
    lastSeq: async () => events.at(-1)?.seq ?? 0,
    eventsAfter: async (_code: string, seq: number, limit: number) => events.filter((event) => event.seq > seq).slice(0, limit),
  } as unknown as ClassroomStore;
  const append = (type: StoredEvent['type'], audience: StoredEvent['audience'] = 'all') => {
    const seq = events.length + 1;
    events.push({ seq, type, audience, body: JSON.stringify({ seq }) });
    return seq;
  };
  return { store, append };
}

/** Reads a stream's text until it holds `count` events (ids), or the stream ends. */
async function readIds(response: Response, count: number): Promise<number[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    if (ids.length >= count) {
      await reader.cancel();
      return ids;
    }
    const { done, value } = await reader.read();
    if (done) return ids;
    text += decoder.decode(value);
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the live hub and its event streams', () => {
  test('deliver every event once and in order, including those appended while the stream was starting', async () => {
    const { store, append } = fakeLog();
    const hub = new LiveHub(store);
    append('state');
    const abort = new AbortController();
    const response = await openEventStream({
      hub,
      code: 'ABC234',
      audiences: new Set(['all']),
      signal: abort.signal,
      start: async () => {
        // Two events land (and are notified) after the hub listens but before the snapshot is read.
        append('state');
        hub.notify('ABC234');
        await flush();
        append('state');
        return { messages: [{ id: 2, event: 'snapshot', data: '{}' }], cursor: 2 };
      },
    });
    hub.notify('ABC234');
    await flush();
    append('tally', 'facilitator');
    append('state');
    hub.notify('ABC234');
    hub.notify('ABC234');
    expect(await readIds(response, 3)).toEqual([2, 3, 5]);
    abort.abort();
    expect(hub.listenerCount()).toBe(0);
  });

  test('hand a facilitator stream the events meant for facilitators, and a phone only those for everyone', async () => {
    const { store, append } = fakeLog();
    const hub = new LiveHub(store);
    const open = (audiences: string[]) =>
      openEventStream({ hub, code: 'ABC234', audiences: new Set(audiences), signal: new AbortController().signal, start: async () => ({ messages: [], cursor: 0 }) });
    const facilitator = await open(['all', 'facilitator']);
    const phone = await open(['all']);
    append('key', 'facilitator');
    append('state');
    append('tally', 'facilitator');
    append('state');
    hub.notify('ABC234');
    expect(await readIds(facilitator, 4)).toEqual([1, 2, 3, 4]);
    expect(await readIds(phone, 2)).toEqual([2, 4]);
  });
});
