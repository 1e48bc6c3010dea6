import { describe, expect, test } from 'vitest';
import {
  openPresenterChannel,
  parsePresenterMessage,
  postPresenterMessage,
  presenterChannelName,
  type PresenterMessage,
  type ResultsMessage,
} from '../../../src/client/presenter/channel.ts';
import { formatElapsed } from '../../../src/client/presenter/deck-dom.ts';

const results: ResultsMessage = {
  type: 'results',
  questionId: 'ic-who-is-customer',
  prompt: '采购部的内部客户是谁？',
  options: [
    { id: 'a', label: '生产部', count: 9 },
    { id: 'b', label: '外部供应商', count: 3 },
  ],
  total: 12,
  key: null,
};

describe('parsePresenterMessage', () => {
  test('reads every message the session’s windows exchange', () => {
    const messages: PresenterMessage[] = [{ type: 'hello' }, { type: 'slide', index: 3, slideId: 'shared-goals#start' }, results, { ...results, key: ['a'] }, { type: 'results-clear' }];
    for (const message of messages) expect(parsePresenterMessage(structuredClone(message))).toEqual(message);
  });

  test('keeps only the fields it knows', () => {
    expect(parsePresenterMessage({ type: 'hello', extra: 1 })).toEqual({ type: 'hello' });
    expect(parsePresenterMessage({ ...results, options: [{ id: 'a', label: '生产部', count: 9, colour: 'red' }] })).toEqual({
      ...results,
      options: [{ id: 'a', label: '生产部', count: 9 }],
    });
  });

  test('ignores anything malformed or foreign', () => {
    const bad: unknown[] = [
      null,
      'slide',
      { type: 'slide', index: -1, slideId: 'x' },
      { type: 'slide', index: 1.5, slideId: 'x' },
      { type: 'slide', index: 1 },
      { ...results, total: -1 },
      { ...results, options: [{ id: 'a', label: '生产部', count: '9' }] },
      { ...results, options: 'a' },
      { ...results, key: 'a' },
      { ...results, key: [1] },
      { ...results, prompt: undefined },
      { type: 'vote', choice: 'a' },
    ];
    for (const data of bad) expect(parsePresenterMessage(data)).toBeUndefined();
  });
});

describe('the presenter channel', () => {
  test('carries a message from one window of a session to another, and not to another session', async () => {
    const presenter = openPresenterChannel('ROOM1')!;
    const audience = openPresenterChannel('ROOM1')!;
    const otherRoom = new BroadcastChannel(presenterChannelName('ROOM2'));
    const strays: unknown[] = [];
    otherRoom.onmessage = (event) => strays.push(event.data);
    try {
      const received = new Promise<unknown>((resolve) => (audience.onmessage = (event) => resolve(event.data)));
      postPresenterMessage(presenter, results);
      expect(parsePresenterMessage(await received)).toEqual(results);
      expect(strays).toEqual([]);
    } finally {
      for (const channel of [presenter, audience, otherRoom]) channel.close();
    }
  });
});

describe('formatElapsed', () => {
  test('shows minutes and seconds, and hours from the first hour', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(61_999)).toBe('1:01');
    expect(formatElapsed(3_600_000 + 5 * 60_000 + 9_000)).toBe('1:05:09');
  });
});
