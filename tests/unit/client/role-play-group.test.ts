import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createActor } from 'xstate';
import { announceGroupStep, onGroupChoice, onGroupStep, submitGroupChoice, type GroupStep } from '../../../src/client/role-play-group.ts';
import { createScenarioMachine } from '../../../src/core/scenario/scenario-machine.ts';
import { judgeSubmission } from '../../../src/core/scenario/scenario-view.ts';
import { tinyScenario } from '../../support/scenario-fixture.ts';

beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the group-mode API', () => {
  test('delivers a submitted choice to the player of that scenario only', () => {
    const tiny = vi.fn();
    const other = vi.fn();
    const stopTiny = onGroupChoice('tiny', tiny);
    onGroupChoice('other', other);
    submitGroupChoice({ scenarioId: 'tiny', node: 'start', choice: 'polite' });
    expect(tiny).toHaveBeenCalledWith({ node: 'start', choice: 'polite' });
    expect(other).not.toHaveBeenCalled();
    stopTiny();
    submitGroupChoice({ scenarioId: 'tiny', node: 'start', choice: 'polite' });
    expect(tiny).toHaveBeenCalledTimes(1);
  });

  test('ignores a malformed submission', () => {
    const listener = vi.fn();
    onGroupChoice('tiny', listener);
    window.dispatchEvent(new CustomEvent('icrm:role-play-choice', { detail: { scenarioId: 'tiny', node: 3 } }));
    window.dispatchEvent(new CustomEvent('icrm:role-play-choice'));
    expect(listener).not.toHaveBeenCalled();
  });

  test('tells a listener every decision the player puts to the room', () => {
    const steps: GroupStep[] = [];
    const stop = onGroupStep((step) => steps.push(step));
    const step: GroupStep = {
      scenarioId: 'tiny',
      seed: 7,
      node: 'start',
      choices: [
        { id: 'blunt', text: '今天必须给我。', available: true },
        { id: 'polite', text: '打扰了', available: false, reason: '还不是时候。' },
      ],
      ending: null,
    };
    announceGroupStep(step);
    stop();
    announceGroupStep({ ...step, node: 'middle' });
    expect(steps).toEqual([step]);
  });

  test('plays a scenario to its ending on the same machine from votes fed in from outside', () => {
    const scenario = tinyScenario();
    const actor = createActor(createScenarioMachine(scenario)).start();
    onGroupChoice('tiny', (submitted) => {
      const verdict = judgeSubmission(actor.getSnapshot(), submitted);
      if (verdict.accepted) actor.send(verdict.event);
    });
    submitGroupChoice({ scenarioId: 'tiny', node: 'start', choice: 'polite' });
    submitGroupChoice({ scenarioId: 'tiny', node: 'start', choice: 'blunt' });
    submitGroupChoice({ scenarioId: 'tiny', node: 'middle', choice: 'praise' });
    expect(actor.getSnapshot().value).toBe('best-end');
    expect(actor.getSnapshot().context.choices).toEqual(['start.polite', 'middle.praise']);
  });
});
