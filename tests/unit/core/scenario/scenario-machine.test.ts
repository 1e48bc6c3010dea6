import { describe, expect, test } from 'vitest';
import { createActor } from 'xstate';
import {
  choiceEvent,
  createScenarioMachine,
  meetsCondition,
  undoEvent,
  zeroMeters,
} from '../../../../src/core/scenario/scenario-machine.ts';
import { tinyScenario } from '../../../support/scenario-fixture.ts';

function play(scenario = tinyScenario(), snapshot?: unknown) {
  const machine = createScenarioMachine(scenario);
  return createActor(machine, snapshot ? { snapshot: snapshot as never } : {}).start();
}

describe('createScenarioMachine', () => {
  test('starts at the first node with every meter at zero and the path holding that node', () => {
    const snapshot = play().getSnapshot();
    expect(snapshot.value).toBe('start');
    expect(snapshot.context).toEqual({ meters: zeroMeters(), path: ['start'], choices: [], seed: 0 });
  });

  test('keeps the seed a play was started with through every step and every step taken back', () => {
    const actor = createActor(createScenarioMachine(tinyScenario()), { input: { seed: 4242 } }).start();
    expect(actor.getSnapshot().context.seed).toBe(4242);
    actor.send(choiceEvent('start.polite'));
    actor.send(undoEvent);
    actor.send(choiceEvent('start.blunt'));
    expect(actor.getSnapshot().context.seed).toBe(4242);
    expect(actor.getPersistedSnapshot()).toMatchObject({ context: { seed: 4242 } });
  });

  test('moves on a choice to its next node, adding its effects and recording the step', () => {
    const actor = play();
    actor.send(choiceEvent('start.blunt'));
    expect(actor.getSnapshot().value).toBe('middle');
    expect(actor.getSnapshot().context).toEqual({
      meters: { respect: -1, communication: -1, goals: 0, improvement: 0 },
      path: ['start', 'middle'],
      choices: ['start.blunt'],
      seed: 0,
    });
  });

  test('refuses a choice whose condition on the meters does not hold', () => {
    const actor = play();
    actor.send(choiceEvent('start.blunt'));
    expect(actor.getSnapshot().can(choiceEvent('middle.praise'))).toBe(false);
    actor.send(choiceEvent('middle.praise'));
    expect(actor.getSnapshot().value).toBe('middle');
  });

  test('offers a choice conditioned on an earlier choice only once that choice was taken', () => {
    const polite = play();
    polite.send(choiceEvent('start.polite'));
    expect(polite.getSnapshot().can(choiceEvent('middle.blame'))).toBe(false);
    const blunt = play();
    blunt.send(choiceEvent('start.blunt'));
    blunt.send(choiceEvent('middle.blame'));
    expect(blunt.getSnapshot().value).toBe('bad-end');
  });

  test('ignores a choice of another node', () => {
    const actor = play();
    actor.send(choiceEvent('middle.plain'));
    expect(actor.getSnapshot().value).toBe('start');
  });

  test('ends in a final state at an ending', () => {
    const actor = play();
    actor.send(choiceEvent('start.polite'));
    actor.send(choiceEvent('middle.praise'));
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().value).toBe('best-end');
    expect(actor.getSnapshot().context.path).toEqual(['start', 'middle', 'best-end']);
  });

  test('takes the last choice back (换个说法), restoring the node, the meters and the path', () => {
    const actor = play();
    actor.send(choiceEvent('start.blunt'));
    actor.send(undoEvent);
    expect(actor.getSnapshot().value).toBe('start');
    expect(actor.getSnapshot().context).toEqual({ meters: zeroMeters(), path: ['start'], choices: [], seed: 0 });
    actor.send(choiceEvent('start.polite'));
    expect(actor.getSnapshot().context.meters.respect).toBe(1);
  });

  test('does not take back a choice made at a node whose author forbids it', () => {
    const scenario = tinyScenario((data) => {
      data.nodes[1]!.choices[1]!.next = 'late';
      data.nodes.push({ id: 'late', speaker: 'ann', line: '还有事吗？', choices: [{ id: 'bye', text: '没有了。', next: 'ok-end' }] } as never);
    });
    const actor = play(scenario);
    actor.send(choiceEvent('start.polite'));
    expect(actor.getSnapshot().can(undoEvent)).toBe(true);
    actor.send(choiceEvent('middle.plain'));
    expect(actor.getSnapshot().value).toBe('late');
    expect(actor.getSnapshot().can(undoEvent)).toBe(false);
  });

  test('forbids taking back anything when the scenario says undo: false', () => {
    const actor = play(tinyScenario((data) => Object.assign(data, { undo: false })));
    actor.send(choiceEvent('start.polite'));
    expect(actor.getSnapshot().can(undoEvent)).toBe(false);
  });

  test('resumes from a persisted snapshot in the middle of the dialogue', () => {
    const first = play();
    first.send(choiceEvent('start.polite'));
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    first.stop();
    const resumed = play(tinyScenario(), persisted);
    expect(resumed.getSnapshot().value).toBe('middle');
    expect(resumed.getSnapshot().context.meters.respect).toBe(1);
    resumed.send(choiceEvent('middle.praise'));
    expect(resumed.getSnapshot().value).toBe('best-end');
  });
});

describe('meetsCondition', () => {
  const context = { meters: { respect: 2, communication: -1, goals: 0, improvement: 0 }, choices: ['a.x'] };

  test('holds when every part holds', () => {
    expect(meetsCondition({ atLeast: { respect: 2 }, atMost: { communication: -1 }, chose: ['a.x'], notChose: ['b.y'] }, context)).toBe(true);
  });

  test.each([
    ['a meter below its minimum', { atLeast: { respect: 3 } }],
    ['a meter above its maximum', { atMost: { communication: -2 } }],
    ['a choice not taken', { chose: ['b.y'] }],
    ['a choice taken that must not be', { notChose: ['a.x'] }],
    ['none of several choices taken', { choseAny: ['b.y', 'c.z'] }],
  ])('fails for %s', (_case, condition) => {
    expect(meetsCondition(condition, context)).toBe(false);
  });

  test('holds for choseAny when one of its choices was taken', () => {
    expect(meetsCondition({ choseAny: ['b.y', 'a.x'] }, context)).toBe(true);
  });
});
