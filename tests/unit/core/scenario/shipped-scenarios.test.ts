import { beforeAll, describe, expect, test } from 'vitest';
import { createActor } from 'xstate';
import { createTestModel } from 'xstate/graph';
import { firstShownWins, traversalOptions } from '../../../../src/core/scenario/analyze-scenario.ts';
import type { CheckedScenario } from '../../../../src/core/scenario/check-scenarios.ts';
import {
  choiceEvent,
  choiceOfEvent,
  createScenarioMachine,
  meetsCondition,
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

/** Every play-through of a shipped scenario: the choices made and the nodes and ending visited, in order. */
function everyPlay(checked: CheckedScenario): { choices: string[]; visited: string[] }[] {
  const known = plays.get(checked.scenario.id);
  if (known) return known;
  const paths = modelOf(checked).getSimplePaths({ toState: (state: ScenarioSnapshot) => state.status === 'done' });
  expect(paths).toHaveLength(checked.figures.paths);
  const found = paths.map((path) => ({ choices: path.state.context.choices, visited: path.state.context.path }));
  plays.set(checked.scenario.id, found);
  return found;
}
const plays = new Map<string, { choices: string[]; visited: string[] }[]>();

/** Walking every path of a scenario takes seconds on a busy machine. */
const walkTimeout = 60_000;

const shippedScenario = (id: string) => scenarios.find((candidate) => candidate.scenario.id === id)!;

describe('the story of a shipped scenario follows what the learner did', () => {
  test('urgent-data-request: a rebate worked out and checked with finance never ends in “numbers-wrong” nor lets the learner bluff', () => {
    const checkedWithFinance = ['wang-weighs.split-request', 'manager-call.own-the-delay', 'wang-reluctant.confirm-terms'];
    const plays = everyPlay(shippedScenario('urgent-data-request'));
    const checked = plays.filter((play) => play.choices.some((ref) => checkedWithFinance.includes(ref)));
    expect(checked.length).toBeGreaterThan(0);
    for (const play of checked) {
      expect(play.visited).not.toContain('numbers-wrong');
      expect(play.choices).not.toContain('next-morning.bluff');
      expect(play.choices).not.toContain('next-morning.report-honestly');
    }
    // And the learner who never had the rebate checked cannot claim it was.
    for (const play of plays.filter((candidate) => !checked.includes(candidate))) {
      expect(play.choices).not.toContain('next-morning.report-verified');
      expect(play.visited).not.toContain('partners');
    }
  }, walkTimeout);

  test('urgent-data-request: finance is never said to have used the learner’s figures, and no ending names a real company', () => {
    const { scenario } = shippedScenario('urgent-data-request');
    const text = JSON.stringify(scenario);
    expect(text).not.toContain('按你给的口径');
    expect(text).not.toContain('华联');
  }, walkTimeout);

  test('survey-feedback: only a learner who found both causes shows the plan, starts the next loop or closes it', () => {
    for (const play of everyPlay(shippedScenario('survey-feedback'))) {
      const foundCauses = play.choices.includes('deeper-cause.two-causes');
      if (play.choices.includes('sales-meeting.show-the-plan')) expect(foundCauses).toBe(true);
      if (play.visited.includes('closed-loop')) expect(foundCauses).toBe(true);
      // Only a learner who sorted the comments with the team can say which single thing to fix.
      if (play.choices.includes('xu-skeptical.one-thing')) expect(play.visited).toContain('root-cause');
    }
  }, walkTimeout);

  test('cross-functional-group: the change-request template is only complained about once the group agreed on one', () => {
    for (const play of everyPlay(shippedScenario('cross-functional-group'))) {
      if (play.visited.includes('template-complaint')) expect(play.choices).toContain('zhao-opens-up.freeze-rule');
    }
  }, walkTimeout);

  test('reluctant-colleague: Guo presents the knowledge base only when he led one', () => {
    for (const play of everyPlay(shippedScenario('reluctant-colleague'))) {
      if (play.visited.includes('champion')) expect(play.choices).toContain('guo-tests.pain-point');
    }
  }, walkTimeout);
});

describe('good options the learner has not earned yet', () => {
  test.each([
    ['cross-functional-group', 'first-survey.improve-only'],
    ['survey-feedback', 'sales-meeting.show-the-plan'],
    ['survey-feedback', 'review-meeting.next-loop'],
    ['unclear-ownership', 'write-agreement.service-agreement'],
  ])('%s › %s is shown unavailable with the reason from the story, never silently left out', (id, ref) => {
    const checked = shippedScenario(id);
    const index = indexScenario(checked.scenario);
    const machine = createScenarioMachine(checked.scenario);
    const [node] = ref.split('.') as [string];
    let refused = 0;
    for (const play of everyPlay(checked)) {
      const at = play.visited.indexOf(node);
      if (at < 0) continue;
      const actor = createActor(machine).start();
      for (const choice of play.choices.slice(0, at)) actor.send(choiceEvent(choice));
      const step = currentStep(index, actor.getSnapshot());
      const shown = step.kind === 'node' ? step.choices.find((choice) => choice.ref === ref) : undefined;
      expect(shown, `${ref} after ${play.choices.slice(0, at).join(' → ')}`).toBeDefined();
      if (shown && !shown.available) {
        refused++;
        expect(shown.reason.length).toBeGreaterThan(5);
      }
    }
    expect(refused).toBeGreaterThan(0);
  }, walkTimeout);
});

describe('the order the choices are shown in', () => {
  test('gives nothing away: always taking the first choice shown rarely reaches the best ending', () => {
    for (const { scenario, figures } of scenarios) {
      expect(figures.firstShownBest.plays, scenario.id).toBe(1000);
      expect(figures.firstShownBest.count / figures.firstShownBest.plays, scenario.id).toBeLessThan(0.15);
    }
  });

  test('is measured as the player shows it: the checker’s count agrees with plays on the machine, first available choice each time', () => {
    for (const { scenario } of scenarios) {
      const index = indexScenario(scenario);
      const machine = createScenarioMachine(scenario);
      let wins = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const actor = createActor(machine, { input: { seed } }).start();
        for (let step = currentStep(index, actor.getSnapshot()); step.kind === 'node'; step = currentStep(index, actor.getSnapshot())) {
          actor.send(choiceEvent(step.choices.find((choice) => choice.available)!.ref));
        }
        if (index.endings.get(String(actor.getSnapshot().value))?.rating === 'best') wins++;
      }
      expect(wins, scenario.id).toBe(firstShownWins(scenario, 60));
    }
  }, walkTimeout);

  test('is authored with the best choice first in at most 40 % of the decisions', () => {
    const count = scenarios.reduce((sum, { figures }) => sum + figures.authoredFirst.count, 0);
    const of = scenarios.reduce((sum, { figures }) => sum + figures.authoredFirst.of, 0);
    expect(count / of).toBeLessThanOrEqual(0.4);
  });
});

describe('the ratings of the shipped endings', () => {
  test('agree with the scores: every score of a better rating is above every score of a worse one', () => {
    const rank = { best: 3, acceptable: 2, poor: 1 } as const;
    for (const { scenario, figures } of scenarios) {
      for (const higher of scenario.endings) {
        for (const lower of scenario.endings) {
          if (rank[higher.rating] <= rank[lower.rating]) continue;
          expect(figures.endingScores[higher.id]!.min, `${scenario.id}: ${higher.id} over ${lower.id}`).toBeGreaterThan(
            figures.endingScores[lower.id]!.max,
          );
        }
      }
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
              expect(step.kind === 'node' && step.choices.filter((choice) => choice.available).map((choice) => choice.ref)).toContain(ref);
              learner.send(choiceEvent(ref));
            },
          ]),
        );
        await path.test({
          events,
          states: {
            '*': (state) => {
              expect(learner.getSnapshot().value).toBe(state.value);
              // The story never tells the learner they did something they did not: what a node or ending assumes holds.
              const assumes = (index.nodes.get(String(state.value)) ?? index.endings.get(String(state.value)))?.assumes;
              if (assumes) expect(meetsCondition(assumes, learner.getSnapshot().context), `${state.value} after ${learner.getSnapshot().context.choices.join(' → ')}`).toBe(true);
            },
          },
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
    }, walkTimeout);

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
