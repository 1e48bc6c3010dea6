import { describe, expect, test } from 'vitest';
import { createActor } from 'xstate';
import { choiceEvent, createScenarioMachine } from '../../../../src/core/scenario/scenario-machine.ts';
import {
  currentStep,
  fitsScenario,
  indexScenario,
  judgeSubmission,
  scaledScore,
  transcriptOf,
} from '../../../../src/core/scenario/scenario-view.ts';
import { tinyScenario } from '../../../support/scenario-fixture.ts';

const scenario = tinyScenario();
const index = indexScenario(scenario);
const machine = createScenarioMachine(scenario);

function playThrough(...refs: string[]) {
  return playWithSeed(0, ...refs);
}

function playWithSeed(seed: number, ...refs: string[]) {
  const actor = createActor(machine, { input: { seed } }).start();
  for (const ref of refs) actor.send(choiceEvent(ref));
  return actor;
}

const shown = (step: ReturnType<typeof currentStep>) => (step.kind === 'node' ? step.choices : []);

describe('currentStep', () => {
  test('offers as available exactly the choices the machine accepts there', () => {
    const step = currentStep(index, playThrough('start.blunt').getSnapshot());
    const available = shown(step).filter((choice) => choice.available);
    expect(available.map((choice) => choice.ref).sort()).toEqual(['middle.blame', 'middle.plain']);
    for (const { ref } of available) expect(playThrough('start.blunt').getSnapshot().can(choiceEvent(ref))).toBe(true);
  });

  test('shows a refused choice that says why as unavailable, with its reason, and leaves out one that does not', () => {
    const afterBlunt = shown(currentStep(index, playThrough('start.blunt').getSnapshot()));
    expect(afterBlunt.find((choice) => choice.ref === 'middle.praise')).toEqual({
      ref: 'middle.praise',
      text: '拿到了，多亏王姐。',
      available: false,
      reason: '你开口就催，王姐这次只是照章办事。',
    });
    // Blaming finance is a line for the blunt opening only: after a polite one it is not shown at all.
    const afterPolite = shown(currentStep(index, playThrough('start.polite').getSnapshot()));
    expect(afterPolite.map((choice) => choice.ref).sort()).toEqual(['middle.plain', 'middle.praise']);
    expect(afterPolite.every((choice) => choice.available)).toBe(true);
  });

  test('orders the choices by the play’s seed: the same on every render and after a resume, another order for another seed', () => {
    const order = (seed: number) => shown(currentStep(index, playWithSeed(seed, 'start.blunt').getSnapshot())).map((choice) => choice.ref);
    expect(order(7)).toEqual(order(7));
    const resumed = createActor(machine, { snapshot: playWithSeed(7, 'start.blunt').getPersistedSnapshot() as never }).start();
    expect(shown(currentStep(index, resumed.getSnapshot())).map((choice) => choice.ref)).toEqual(order(7));
    const orders = new Set(Array.from({ length: 40 }, (_, seed) => order(seed).join()));
    expect(orders.size).toBe(6);
  });

  test('says whether the last choice can be taken back', () => {
    const atStart = currentStep(index, playThrough().getSnapshot());
    const atMiddle = currentStep(index, playThrough('start.polite').getSnapshot());
    expect(atStart.kind === 'node' && atStart.canUndo).toBe(false);
    expect(atMiddle.kind === 'node' && atMiddle.canUndo).toBe(true);
  });

  test('names the ending once one is reached', () => {
    const step = currentStep(index, playThrough('start.polite', 'middle.praise').getSnapshot());
    expect(step.kind === 'ending' && step.ending.title).toBe('皆大欢喜');
  });
});

describe('transcriptOf', () => {
  test('rebuilds the dialogue: each step with its narration and line, and the learner’s reply', () => {
    const transcript = transcriptOf(index, playThrough('start.polite', 'middle.praise').getSnapshot().context);
    expect(
      transcript.map((step) => [step.id, step.narration ?? null, step.line?.speaker.name ?? null, step.reply?.text ?? null]),
    ).toEqual([
      ['start', '周四下午。', '王姐', '打扰了，想请您帮个忙。'],
      ['middle', null, '陈总', '拿到了，多亏王姐。'],
      ['best-end', '大家都满意。', '王姐', null],
    ]);
  });
});

describe('fitsScenario', () => {
  test('accepts a snapshot of this scenario', () => {
    expect(fitsScenario(index, playThrough('start.blunt').getPersistedSnapshot() as never)).toBe(true);
  });

  test.each([
    ['a node that no longer exists', { value: 'gone', context: { path: ['start', 'gone'], choices: ['start.polite'] } }],
    ['a path that does not end at its node', { value: 'middle', context: { path: ['start'], choices: [] } }],
    ['a choice that no longer exists', { value: 'middle', context: { path: ['start', 'middle'], choices: ['start.shout'] } }],
    ['something that is not a snapshot', { value: 42 }],
    ['no seed (saved before choices were shuffled)', { value: 'middle', context: { path: ['start', 'middle'], choices: ['start.polite'] } }],
  ])('rejects a snapshot with %s', (_case, snapshot) => {
    expect(fitsScenario(index, snapshot as never)).toBe(false);
  });
});

describe('judgeSubmission (group mode)', () => {
  test('accepts a choice the current node offers and returns its event', () => {
    expect(judgeSubmission(playThrough().getSnapshot(), { node: 'start', choice: 'polite' })).toEqual({
      accepted: true,
      event: choiceEvent('start.polite'),
    });
  });

  test('turns away a late vote for an earlier node', () => {
    expect(judgeSubmission(playThrough('start.polite').getSnapshot(), { node: 'start', choice: 'blunt' })).toEqual({
      accepted: false,
      reason: 'stale',
    });
  });

  test('turns away a choice whose condition does not hold, or that does not exist', () => {
    const snapshot = playThrough('start.polite').getSnapshot();
    expect(judgeSubmission(snapshot, { node: 'middle', choice: 'blame' })).toEqual({ accepted: false, reason: 'unavailable' });
    expect(judgeSubmission(snapshot, { node: 'middle', choice: 'shout' })).toEqual({ accepted: false, reason: 'unavailable' });
  });

  test('turns away any choice after the ending', () => {
    const snapshot = playThrough('start.polite', 'middle.plain').getSnapshot();
    expect(judgeSubmission(snapshot, { node: 'middle', choice: 'praise' })).toEqual({ accepted: false, reason: 'ended' });
  });

  test('drives the same machine as clicks do: the class’s votes reach the ending the learner’s clicks would', () => {
    const votes = [
      { node: 'start', choice: 'blunt' },
      { node: 'start', choice: 'polite' },
      { node: 'middle', choice: 'praise' },
      { node: 'middle', choice: 'blame' },
    ];
    const actor = createActor(machine).start();
    for (const vote of votes) {
      const verdict = judgeSubmission(actor.getSnapshot(), vote);
      if (verdict.accepted) actor.send(verdict.event);
    }
    expect(actor.getSnapshot().value).toBe('bad-end');
    expect(actor.getSnapshot().context).toEqual(playThrough('start.blunt', 'middle.blame').getSnapshot().context);
  });
});

describe('scaledScore', () => {
  const range = { min: -4, max: 2 };
  test.each([
    [{ respect: 1, communication: 0, goals: 1, improvement: 0 }, 1],
    [{ respect: 1, communication: 0, goals: 0, improvement: 0 }, 0.5],
    [{ respect: 0, communication: 0, goals: 0, improvement: 0 }, 0],
    [{ respect: -2, communication: 0, goals: 0, improvement: 0 }, -0.5],
    [{ respect: -3, communication: -1, goals: 0, improvement: 0 }, -1],
  ])('scales %o against the range −4…+2 to %d', (meters, scaled) => {
    expect(scaledScore(meters, range)).toBe(scaled);
  });
});
