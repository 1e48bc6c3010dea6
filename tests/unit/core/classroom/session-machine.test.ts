import { createActor } from 'xstate';
import { TestModel, getShortestPaths } from 'xstate/graph';
import { describe, expect, test } from 'vitest';
import {
  activityOf,
  applyCommand,
  createSessionMachine,
  initialSession,
  statusOf,
  type SessionEvent,
  type SessionSnapshot,
  type StoredSession,
} from '../../../../src/core/classroom/session-machine.ts';
import { createScenarioMachine } from '../../../../src/core/scenario/scenario-machine.ts';
import { tinyScenario } from '../../../support/scenario-fixture.ts';

const scenario = tinyScenario();
const scenarioMachine = createScenarioMachine(scenario);
const machine = createSessionMachine((id) => (id === scenario.id ? scenarioMachine : undefined));

/**
 * What the room and the facilitator can tell apart: the phase and activity, what was pushed, and where the class's
 * role-play stands. Push numbers are left out, so pushing again leads back to a state already seen and the graph stays finite.
 */
function describeState(snapshot: Pick<SessionSnapshot, 'value' | 'context'>): string {
  const { current, play, decided } = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    current?.kind === 'question' ? `q:${current.questionId}` : current ? `d:${current.node}` : null,
    decided?.choice ?? null,
    play ? `${play.choices.join('>')}${play.ending ? `!${play.ending}` : ''}` : null,
  ]);
}

/** The choices the scenario accepts at the class's current node, in authored order. */
function availableChoices(snapshot: SessionSnapshot): string[] {
  const play = snapshot.context.play;
  if (!play || play.ending) return [];
  const node = scenario.nodes.find((candidate) => candidate.id === play.path.at(-1))!;
  const scenarioSnapshot = scenarioMachine.resolveState({
    value: node.id,
    context: { meters: play.meters, path: play.path, choices: play.choices, seed: play.seed },
  });
  return node.choices.filter((choice) => scenarioSnapshot.can({ type: `choose.${node.id}.${choice.id}` })).map((choice) => choice.id);
}

/**
 * The facilitator's commands, including those the session must refuse: a reveal with nothing open, an unknown
 * scenario, a tied vote without a tie-break. Votes are generated for the node being voted on: a clear majority for
 * each choice the scenario offers, a tie between the first two, and the same tie broken by the facilitator.
 */
function events(snapshot: SessionSnapshot): SessionEvent[] {
  const choices = availableChoices(snapshot);
  const votes: SessionEvent[] = choices.map((choice) => ({
    type: 'decision.resolve',
    counts: choices.map((id) => ({ id, count: id === choice ? 3 : 1 })),
  }));
  if (choices.length >= 2) {
    const tie = choices.map((id, i) => ({ id, count: i < 2 ? 2 : 0 }));
    votes.push({ type: 'decision.resolve', counts: tie }, { type: 'decision.resolve', counts: tie, tieBreak: choices[1]! });
  }
  return [
    { type: 'session.open' },
    { type: 'session.start' },
    { type: 'session.close' },
    { type: 'question.push', questionId: 'q1' },
    { type: 'question.reveal' },
    { type: 'roleplay.start', scenarioId: scenario.id, seed: 7 },
    { type: 'roleplay.start', scenarioId: 'no-such-scenario', seed: 7 },
    { type: 'decision.push' },
    ...votes,
    { type: 'activity.clear' },
  ];
}

const traversal = { events, serializeState: (snapshot: SessionSnapshot) => describeState(snapshot) };
const model = new TestModel(machine, traversal);

/** Names a path by its commands, shortly. */
function steps(path: { steps: { event: SessionEvent | { type: 'xstate.init' } }[] }): string {
  return path.steps
    .filter(({ event }) => event.type !== 'xstate.init')
    .map(({ event }) => {
      if (event.type !== 'decision.resolve') return event.type;
      const counts = event.counts.map(({ id, count }) => `${id}${count}`).join(',');
      return `resolve(${counts}${event.tieBreak ? ` tie→${event.tieBreak}` : ''})`;
    })
    .join(' → ');
}

/** Replays a path through the server's way of running a session: a JSON round trip of the stored session between commands. */
function replayStored(path: { steps: { event: SessionEvent | { type: 'xstate.init' } }[] }): StoredSession {
  let stored = initialSession(machine);
  for (const { event } of path.steps) {
    if (event.type === 'xstate.init') continue;
    // A refused command leaves the session as it was, as the model's self-loops do.
    stored = applyCommand(machine, JSON.parse(JSON.stringify(stored)) as StoredSession, event) ?? stored;
  }
  return stored;
}

describe('the session machine, model-based', () => {
  const toEachState = getShortestPaths(machine, traversal);
  const shortest = model.getShortestPaths();
  // The map's keys are branded strings, which Object.entries does not see through.
  type Step = { event: SessionEvent; state: SessionSnapshot };
  const adjacency = model.getAdjacencyMap() as unknown as Record<string, { state: SessionSnapshot; transitions: Record<string, Step> }>;

  test('reaches 43 distinguishable states across every phase and activity', () => {
    expect(toEachState).toHaveLength(43);
    expect(new Set(toEachState.map((path) => `${statusOf(path.state)}/${activityOf(path.state)}`))).toEqual(
      new Set([
        'draft/idle',
        'open/idle',
        'closed/idle',
        'running/idle',
        'running/questionOpen',
        'running/questionRevealed',
        'running/decisionVoting',
        'running/decisionResolved',
      ]),
    );
  });

  test('reaches every ending of the scenario, by majority and by the facilitator breaking a tie', () => {
    const endings = toEachState.flatMap((path) => path.state.context.play?.ending ?? []);
    expect(new Set(endings)).toEqual(new Set(['best-end', 'ok-end', 'bad-end']));
    const tieBroken = Object.entries(adjacency).flatMap(([from, { transitions }]) =>
      Object.values(transitions).filter(({ event, state }) => event.type === 'decision.resolve' && event.tieBreak && describeState(state) !== from),
    );
    expect(tieBroken).toHaveLength(3);
  });

  test.each(shortest.map((path) => [steps(path), path]))('follows the shortest path %s on a real actor', async (_name, path) => {
    const actor = createActor(machine).start();
    await path.test({
      events: Object.fromEntries(
        [...new Set(path.steps.map(({ event }) => event.type))].map((type) => [type, ({ event }: { event: SessionEvent }) => actor.send(event)]),
      ) as never,
      states: { '*': (expected) => expect(describeState(actor.getSnapshot())).toBe(describeState(expected)) },
    });
  });

  // Every edge of the graph, taken after the shortest path to its source state, with the stored session going through
  // JSON between commands as it does in the database: simple paths are too many to replay (and never revisit a state).
  test('lands where the model says after each of its transitions when the stored session goes through JSON between commands', () => {
    const toState = new Map(toEachState.map((path) => [describeState(path.state), path]));
    let edges = 0;
    for (const [from, { transitions }] of Object.entries(adjacency)) {
      for (const { event, state } of Object.values(transitions)) {
        const path = toState.get(from)!;
        const stored = replayStored({ steps: [...path.steps, { event }] });
        expect(describeState(stored), `${from} --${event.type}-->`).toBe(describeState(state));
        edges += 1;
      }
    }
    expect(edges).toBe(455);
  });

  test('accepts exactly the commands the rules allow in each state, and refuses the rest without a change', () => {
    const allowed = (state: SessionSnapshot, event: SessionEvent): boolean => {
      const status = statusOf(state);
      const activity = activityOf(state);
      const play = state.context.play;
      switch (event.type) {
        case 'session.open':
          return status === 'draft';
        case 'session.start':
          return status === 'open';
        case 'session.close':
          return status !== 'closed';
        case 'question.push':
          return status === 'running';
        case 'question.reveal':
          return activity === 'questionOpen';
        case 'roleplay.start':
          return status === 'running' && event.scenarioId === scenario.id;
        case 'decision.push':
          return status === 'running' && play !== null && play.ending === null;
        case 'decision.resolve': {
          const counts = event.counts.map((option) => option.count);
          const clear = counts.filter((count) => count === Math.max(...counts)).length === 1;
          return activity === 'decisionVoting' && (clear || event.tieBreak !== undefined);
        }
        case 'activity.clear':
          return status === 'running' && activity !== 'idle';
      }
    };
    let accepted = 0;
    let refused = 0;
    for (const { state } of toEachState) {
      for (const event of events(state)) {
        const stored = { value: state.value, context: state.context };
        const before = JSON.stringify(stored);
        const next = applyCommand(machine, stored, event);
        expect(next !== null, `${describeState(state)} ${JSON.stringify(event)}`).toBe(allowed(state, event));
        expect(JSON.stringify(stored)).toBe(before);
        if (next) accepted += 1;
        else refused += 1;
      }
    }
    expect({ accepted, refused }).toEqual({ accepted: 159, refused: 296 });
  });
});

describe('the session machine', () => {
  const run = (...events: SessionEvent[]) => {
    let stored = initialSession(machine);
    for (const event of events) stored = applyCommand(machine, stored, event) ?? stored;
    return stored;
  };
  const running: SessionEvent[] = [{ type: 'session.open' }, { type: 'session.start' }];

  test('numbers pushes so that a second push of the same question is a new push', () => {
    const stored = run(...running, { type: 'question.push', questionId: 'q1' }, { type: 'question.push', questionId: 'q1' });
    expect(stored.context.current).toEqual({ id: 2, kind: 'question', questionId: 'q1' });
  });

  test('starts a role-play at its first node with the session seed and opens the vote on it at once', () => {
    const stored = run(...running, { type: 'roleplay.start', scenarioId: scenario.id, seed: 99 });
    expect(activityOf(stored)).toBe('decisionVoting');
    expect(stored.context.current).toEqual({ id: 1, kind: 'decision', scenarioId: scenario.id, node: 'start' });
    expect(stored.context.play).toMatchObject({ path: ['start'], seed: 99, ending: null });
  });

  test('moves the scenario by the majority, and keeps a tie open until the facilitator breaks it', () => {
    const voting = run(...running, { type: 'roleplay.start', scenarioId: scenario.id, seed: 1 });
    const tie = [
      { id: 'polite', count: 4 },
      { id: 'blunt', count: 4 },
    ];
    expect(applyCommand(machine, voting, { type: 'decision.resolve', counts: tie })).toBeNull();
    expect(applyCommand(machine, voting, { type: 'decision.resolve', counts: tie, tieBreak: 'nonsense' })).toBeNull();
    const broken = applyCommand(machine, voting, { type: 'decision.resolve', counts: tie, tieBreak: 'blunt' })!;
    expect(broken.context.decided).toEqual({ choice: 'blunt', tieBroken: true });
    expect(broken.context.play).toMatchObject({ path: ['start', 'middle'], choices: ['start.blunt'], ending: null });
    const majority = applyCommand(machine, voting, { type: 'decision.resolve', counts: [{ id: 'polite', count: 5 }, { id: 'blunt', count: 1 }] })!;
    expect(majority.context.decided).toEqual({ choice: 'polite', tieBroken: false });
  });

  test('refuses a majority for a choice the scenario does not offer the class now', () => {
    const blunt = run(
      ...running,
      { type: 'roleplay.start', scenarioId: scenario.id, seed: 1 },
      { type: 'decision.resolve', counts: [{ id: 'blunt', count: 1 }] },
      { type: 'decision.push' },
    );
    // 夸奖王姐 needs respect the blunt opening did not earn.
    expect(applyCommand(machine, blunt, { type: 'decision.resolve', counts: [{ id: 'praise', count: 9 }] })).toBeNull();
    const ended = applyCommand(machine, blunt, { type: 'decision.resolve', counts: [{ id: 'blame', count: 9 }, { id: 'plain', count: 2 }] })!;
    expect(ended.context.play).toMatchObject({ ending: 'bad-end', choices: ['start.blunt', 'middle.blame'] });
    expect(applyCommand(machine, ended, { type: 'decision.push' })).toBeNull();
  });

  test('takes nothing once closed', () => {
    const closed = run(...running, { type: 'session.close' });
    expect(statusOf(closed)).toBe('closed');
    for (const event of [...running, { type: 'question.push', questionId: 'q1' } as const]) expect(applyCommand(machine, closed, event)).toBeNull();
  });
});
