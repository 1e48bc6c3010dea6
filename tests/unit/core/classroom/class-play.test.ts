import { describe, expect, test } from 'vitest';
import { debriefOf, decisionView } from '../../../../src/core/classroom/class-play.ts';
import type { ClassPlay } from '../../../../src/core/classroom/session-machine.ts';
import { analyzeScenario } from '../../../../src/core/scenario/analyze-scenario.ts';
import { createScenarioMachine } from '../../../../src/core/scenario/scenario-machine.ts';
import { indexScenario } from '../../../../src/core/scenario/scenario-view.ts';
import { seededShuffle } from '../../../../src/core/scenario/shuffle.ts';
import { tinyScenario } from '../../../support/scenario-fixture.ts';

const scenario = tinyScenario();
const machine = createScenarioMachine(scenario);
const index = indexScenario(scenario);
const analysis = analyzeScenario(scenario, machine);
if (!analysis.ok) throw new Error('the tiny scenario is sound');
const bestPath = analysis.figures.bestPath;

const zero = { respect: 0, communication: 0, goals: 0, improvement: 0 };
const atStart: ClassPlay = { scenarioId: 'tiny', seed: 11, path: ['start'], choices: [], meters: zero, ending: null };

describe('decisionView', () => {
  test('puts the node to the room with its choices in the order the session seed gives the group-mode player', () => {
    const view = decisionView(index, machine, atStart)!;
    expect(view).toMatchObject({ scenarioId: 'tiny', node: 'start', narration: '周四下午。', line: '有什么事？', speaker: { name: '王姐' }, player: { name: '小周' } });
    const expected = seededShuffle(scenario.nodes[0]!.choices, 11, 'start').map((choice) => choice.id);
    expect(view.choices.map((choice) => choice.id)).toEqual(expected);
  });

  test('offers only the choices the scenario accepts now', () => {
    const afterBlunt: ClassPlay = {
      ...atStart,
      path: ['start', 'middle'],
      choices: ['start.blunt'],
      meters: { ...zero, respect: -1, communication: -1 },
    };
    expect(decisionView(index, machine, afterBlunt)!.choices.map((choice) => choice.id).sort()).toEqual(['blame', 'plain']);
  });

  test('has nothing to put to a vote once the play reached an ending', () => {
    expect(decisionView(index, machine, { ...atStart, path: ['start', 'middle', 'ok-end'], choices: ['start.polite', 'middle.plain'], ending: 'ok-end' })).toBeNull();
  });
});

describe('debriefOf', () => {
  test('sets the class route beside the best route and marks the step where they parted', () => {
    const debrief = debriefOf(
      index,
      machine,
      { ...atStart, path: ['start', 'middle', 'bad-end'], choices: ['start.blunt', 'middle.blame'], meters: { ...zero, respect: -3, communication: -1 }, ending: 'bad-end' },
      bestPath,
    );
    expect(bestPath).toEqual(['start.polite', 'middle.praise']);
    expect(debrief.classRoute.steps.map((step) => step.reply)).toEqual(['今天必须给我。', '财务太慢了。']);
    expect(debrief.classRoute.ending).toMatchObject({ id: 'bad-end', rating: 'poor' });
    expect(debrief.classRoute.score).toBe(-4);
    expect(debrief.bestRoute.steps.map((step) => step.reply)).toEqual(['打扰了，想请您帮个忙。', '拿到了，多亏王姐。']);
    expect(debrief.bestRoute.ending).toMatchObject({ id: 'best-end', rating: 'best' });
    expect(debrief.bestRoute.score).toBe(2);
    expect(debrief.divergedAt).toBe(0);
  });

  test('says the class followed the best route when it did', () => {
    const debrief = debriefOf(
      index,
      machine,
      { ...atStart, path: ['start', 'middle', 'best-end'], choices: bestPath, meters: { ...zero, respect: 1, goals: 1 }, ending: 'best-end' },
      bestPath,
    );
    expect(debrief.divergedAt).toBeNull();
  });
});
