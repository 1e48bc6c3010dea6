import { beforeAll, describe, expect, test } from 'vitest';
import { createActor } from 'xstate';
import { createTestModel } from 'xstate/graph';
import { traversalOptions } from '../../../../src/core/scenario/analyze-scenario.ts';
import type { CheckedScenario } from '../../../../src/core/scenario/check-scenarios.ts';
import {
  choiceEvent,
  choiceOfEvent,
  createScenarioMachine,
  type ScenarioSnapshot,
} from '../../../../src/core/scenario/scenario-machine.ts';
import { currentStep, indexScenario, judgeSubmission, scaledScore, transcriptOf } from '../../../../src/core/scenario/scenario-view.ts';
import { createStatementFactory } from '../../../../src/core/statements/builders.ts';
import { readExtension } from '../../../../src/core/statements/vocabulary.ts';
import { loadShippedScenarios } from '../../../support/scenario-fixture.ts';

/** Above this many play-throughs a scenario is walked by the shortest path to each ending state instead of every path. */
const allPathsUpTo = 5000;

let scenarios: CheckedScenario[];
beforeAll(async () => {
  scenarios = await loadShippedScenarios();
});

const factory = createStatementFactory({
  origin: 'https://training.example',
  actor: { objectType: 'Agent', account: { homePage: 'https://training.example', name: 'learner' } },
  registration: '00000000-0000-4000-8000-000000000000',
  contentVersion: 'test',
  course: { id: 'icrm', title: '内部客户关系管理培训' },
});

function modelOf({ scenario }: CheckedScenario) {
  const { serializeState } = traversalOptions(scenario);
  return createTestModel(createScenarioMachine(scenario), {
    serializeState,
    // The test model offers every event a state names; the learner is offered only the choices the machine accepts.
    filterEvents: (state: ScenarioSnapshot, event) => event.type.startsWith('choose.') && state.can(event),
  });
}

describe('the shipped scenarios', () => {
  test('are at least five, each with 8+ decision nodes and 3+ endings, sound and within their path limit', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
    for (const { scenario, figures } of scenarios) {
      expect(figures.decisionNodes, scenario.id).toBeGreaterThanOrEqual(8);
      expect(figures.endings, scenario.id).toBeGreaterThanOrEqual(3);
      expect(figures.longestPath, scenario.id).toBeLessThanOrEqual(scenario.maxChoices);
    }
  });

  test('each practise the principles they name and link every ending to the course', () => {
    for (const { scenario } of scenarios) {
      const atStake = new Set(scenario.endings.flatMap((ending) => ending.principles));
      expect(scenario.principles.filter((principle) => !atStake.has(principle)), scenario.id).toEqual([]);
      expect(new Set(scenario.endings.map((ending) => ending.rating)), scenario.id).toEqual(new Set(['best', 'acceptable', 'poor']));
    }
  });
});

describe.each(['urgent-data-request', 'cross-functional-group', 'unclear-ownership', 'reluctant-colleague', 'survey-feedback'])(
  'walking every path of the scenario %s',
  (id) => {
    test('reaches, as the learner plays it, the ending the model predicts on every path, and records it', async () => {
      const checked = scenarios.find((candidate) => candidate.scenario.id === id)!;
      expect(checked, `${id} is shipped`).toBeDefined();
      const { scenario, figures } = checked;
      const index = indexScenario(scenario);
      const machine = createScenarioMachine(scenario);
      const model = modelOf(checked);
      const ended = (state: ScenarioSnapshot) => state.status === 'done';
      const paths = figures.paths <= allPathsUpTo ? model.getSimplePaths({ toState: ended }) : model.getShortestPaths({ toState: ended });
      if (figures.paths <= allPathsUpTo) expect(paths).toHaveLength(figures.paths);

      const endings = new Set<string>();
      for (const path of paths) {
        const learner = createActor(machine).start();
        const events = Object.fromEntries(
          [...index.choices.keys()].map((ref) => [
            choiceEvent(ref).type,
            () => {
              // The learner can only click what the player shows: the choice must be on offer.
              const step = currentStep(index, learner.getSnapshot());
              expect(step.kind === 'node' && step.choices.map((choice) => choice.ref)).toContain(ref);
              learner.send(choiceEvent(ref));
            },
          ]),
        );
        await path.test({
          events,
          states: { '*': (state) => expect(learner.getSnapshot().value).toBe(state.value) },
        });
        const end = learner.getSnapshot();
        expect(end.status).toBe('done');
        expect(end.value).toBe(path.state.value);
        expect(end.context.meters).toEqual(path.state.context.meters);
        expect(transcriptOf(index, end.context).at(-1)?.id).toBe(end.value);
        endings.add(String(end.value));

        const ending = index.endings.get(String(end.value))!;
        const statement = factory.scenarioCompleted(
          { id: scenario.id, title: scenario.title },
          {
            endingId: ending.id,
            rating: ending.rating,
            principleScores: end.context.meters,
            path: end.context.path,
            scaled: scaledScore(end.context.meters, figures.scoreRange),
            activeMs: 0,
          },
        );
        expect(readExtension(statement.result?.extensions, 'ending')).toBe(ending.id);
        expect(readExtension(statement.result?.extensions, 'path')).toEqual(end.context.path);
        expect(Math.abs(statement.result!.score!.scaled!)).toBeLessThanOrEqual(1);
      }
      expect([...endings].sort()).toEqual(scenario.endings.map((ending) => ending.id).sort());
    });

    test('reaches a best ending by its best path, played as class votes in group mode', () => {
      const { scenario, figures } = scenarios.find((candidate) => candidate.scenario.id === id)!;
      const index = indexScenario(scenario);
      const room = createActor(createScenarioMachine(scenario)).start();
      for (const ref of figures.bestPath) {
        const [node, choice] = ref.split('.') as [string, string];
        const verdict = judgeSubmission(room.getSnapshot(), { node, choice });
        expect(verdict.accepted, ref).toBe(true);
        if (verdict.accepted) room.send(verdict.event);
      }
      expect(room.getSnapshot().value).toBe(figures.bestEnding);
      expect(index.endings.get(figures.bestEnding)?.rating).toBe('best');
      expect(figures.bestPath.length).toBeGreaterThanOrEqual(figures.shortestToBest);
      expect(figures.bestPath.map((ref) => choiceOfEvent(choiceEvent(ref)))).toEqual(figures.bestPath);
    });
  },
);
