import { describe, expect, test } from 'vitest';
import { audienceResults } from '../../../src/client/classroom/audience-results.ts';
import type { DecisionPush, LiveTally, QuestionPush } from '../../../src/core/classroom/live-wire.ts';
import { parsePresenterMessage } from '../../../src/client/presenter/channel.ts';

const question: QuestionPush = {
  id: 3,
  kind: 'question',
  lessonTitle: '尊重与信任',
  question: {
    id: 'rt-honest-schedule',
    type: 'single',
    prompt: '交期赶不上时，应该怎么做？',
    options: [
      { id: 'b', text: '如实说明并给出新的时间' },
      { id: 'a', text: '先答应下来' },
    ],
  },
  revealed: null,
};
const tally = { options: [{ id: 'b', label: '如实说明并给出新的时间', count: 2 }, { id: 'a', label: '先答应下来', count: 1 }], total: 3 };
const live: LiveTally = { push: 3, tally, answered: ['p1', 'p2', 'p3'] };

describe('audienceResults', () => {
  test('clears the audience’s results when nothing is before the room', () => {
    expect(audienceResults(null, live)).toEqual({ type: 'results-clear' });
  });

  test('shows a question just pushed with every option at zero, lettered as the phones letter them', () => {
    expect(audienceResults(question, null)).toEqual({
      type: 'results',
      questionId: 'rt-honest-schedule',
      prompt: '交期赶不上时，应该怎么做？',
      options: [
        { id: 'b', label: 'A. 如实说明并给出新的时间', count: 0 },
        { id: 'a', label: 'B. 先答应下来', count: 0 },
      ],
      total: 0,
      key: null,
    });
  });

  test('counts the live tally of this push only, and never sends the key before the reveal', () => {
    const message = audienceResults(question, live);
    expect(message).toMatchObject({ total: 3, key: null, options: [{ count: 2 }, { count: 1 }] });
    expect(audienceResults(question, { ...live, push: 2 })).toMatchObject({ total: 0 });
    // What the run page posts is what the audience window accepts.
    expect(parsePresenterMessage(structuredClone(message))).toEqual(message);
  });

  test('marks the key and shows the final tally once revealed', () => {
    const revealed = { ...question, revealed: { correct: ['b'], explanation: '如实说明', tally: { ...tally, total: 4, options: [{ ...tally.options[0]!, count: 3 }, tally.options[1]!] } } };
    expect(audienceResults(revealed, live)).toMatchObject({ key: ['b'], total: 4, options: [{ id: 'b', count: 3 }, { id: 'a', count: 1 }] });
  });

  test('shows a role-play vote with its choices and no key', () => {
    const decision: DecisionPush = {
      id: 4,
      kind: 'decision',
      decision: {
        scenarioId: 'urgent-data-request',
        scenarioTitle: '紧急数据需求',
        node: 'start',
        line: '今天下班前能给我数据吗？',
        player: { name: '你', department: '财务部', role: '分析员' },
        choices: [
          { id: 'ask', text: '先问清楚用途' },
          { id: 'refuse', text: '直接拒绝' },
        ],
      },
      resolved: null,
    };
    expect(audienceResults(decision, null)).toEqual({
      type: 'results',
      questionId: 'urgent-data-request/start',
      prompt: '今天下班前能给我数据吗？',
      options: [
        { id: 'ask', label: 'A. 先问清楚用途', count: 0 },
        { id: 'refuse', label: 'B. 直接拒绝', count: 0 },
      ],
      total: 0,
      key: null,
    });
  });
});
