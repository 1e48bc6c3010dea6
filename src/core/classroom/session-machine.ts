import { assign, initialTransition, setup, transition, type SnapshotFrom } from 'xstate';
import { choiceEvent, choiceRef, type Meters, type ScenarioMachine, type ScenarioSnapshot } from '../scenario/scenario-machine.ts';
import { decideVote, type OptionCount } from './votes.ts';

/** The class's role-play: where the room's majority choices have taken the scenario. */
export interface ClassPlay {
  scenarioId: string;
  /** The seed that orders each decision's choices, the same on every screen of the room. */
  seed: number;
  /** Node ids visited, the current node (or the ending) last. */
  path: string[];
  /** The choices the class took, as `<node>.<choice>` refs. */
  choices: string[];
  meters: Meters;
  /** The ending reached, once the play is over. */
  ending: string | null;
}

/** What was put to the room last: a practice question or a decision of the class's role-play. */
export type LivePush = { id: number; kind: 'question'; questionId: string } | { id: number; kind: 'decision'; scenarioId: string; node: string };

export interface SessionContext {
  /** Pushes made so far; the next one gets this number plus one, so push ids never repeat within a session. */
  pushCount: number;
  current: LivePush | null;
  /** The current decision's outcome, once resolved. */
  decided: { choice: string; tieBroken: boolean } | null;
  play: ClassPlay | null;
}

/**
 * What the facilitator can do. A decision is resolved with the counts the server tallied; `tieBreak` is the
 * facilitator's pick when several choices share the most votes.
 */
export type SessionEvent =
  | { type: 'session.open' }
  | { type: 'session.start' }
  | { type: 'session.close' }
  | { type: 'question.push'; questionId: string }
  | { type: 'question.reveal' }
  | { type: 'roleplay.start'; scenarioId: string; seed: number }
  | { type: 'decision.push' }
  | { type: 'decision.resolve'; counts: Pick<OptionCount, 'id' | 'count'>[]; tieBreak?: string }
  | { type: 'activity.clear' };

/** Finds the compiled machine of a scenario the session may play (those of its lessons). */
export type ScenarioLookup = (scenarioId: string) => ScenarioMachine | undefined;

/** Restores a scenario snapshot from the class's play. */
export function playSnapshot(machine: ScenarioMachine, play: ClassPlay): ScenarioSnapshot {
  return machine.resolveState({
    value: play.path.at(-1)!,
    context: { meters: play.meters, path: play.path, choices: play.choices, seed: play.seed },
  });
}

function playOf(scenarioId: string, snapshot: ScenarioSnapshot): ClassPlay {
  const { meters, path, choices, seed } = snapshot.context;
  return { scenarioId, seed, path, choices, meters, ending: snapshot.status === 'done' ? String(snapshot.value) : null };
}

/**
 * The live session as a state machine: draft → open (learners may join) → running → closed, and while running, what
 * the room is doing: nothing yet (idle), answering a question, seeing its key, voting on a decision of the class's
 * role-play, or seeing the decision taken. The majority of each vote drives the scenario's own machine, found with
 * `scenarios`; the facilitator breaks ties. The machine is pure: the server keeps its snapshot and feeds it events.
 */
export function createSessionMachine(scenarios: ScenarioLookup) {
  /** The winning choice of a resolve event, when the counts (and the facilitator's tie-break) decide one the scenario takes now. */
  const winnerOf = (
    play: ClassPlay | null,
    event: Extract<SessionEvent, { type: 'decision.resolve' }>,
  ): { choice: string; tieBroken: boolean } | null => {
    const machine = play && scenarios(play.scenarioId);
    if (!machine || play.ending) return null;
    const outcome = decideVote({ options: event.counts.map(({ id, count }) => ({ id, label: id, count })) }, event.tieBreak);
    if (outcome.kind !== 'winner') return null;
    const node = play.path.at(-1)!;
    const accepted = playSnapshot(machine, play).can(choiceEvent(choiceRef(node, outcome.choice)));
    return accepted ? { choice: outcome.choice, tieBroken: outcome.tieBroken } : null;
  };

  return setup({
    types: { context: {} as SessionContext, events: {} as SessionEvent },
    guards: {
      /** The scenario is one the session may play. */
      knownScenario: ({ event }) => event.type === 'roleplay.start' && scenarios(event.scenarioId) !== undefined,
      /** A role-play is under way and has not reached an ending: its current node can be put to a vote. */
      playWaiting: ({ context }) => context.play !== null && context.play.ending === null,
      /** The votes, with the facilitator's tie-break if needed, decide a choice the scenario accepts now. */
      decisive: ({ context, event }) => event.type === 'decision.resolve' && winnerOf(context.play, event) !== null,
    },
    actions: {
      openQuestion: assign(({ context, event }) => {
        if (event.type !== 'question.push') return {};
        return { pushCount: context.pushCount + 1, current: { id: context.pushCount + 1, kind: 'question' as const, questionId: event.questionId }, decided: null };
      }),
      startPlay: assign(({ event }) => {
        if (event.type !== 'roleplay.start') return {};
        const [snapshot] = initialTransition(scenarios(event.scenarioId)!, { seed: event.seed });
        return { play: playOf(event.scenarioId, snapshot) };
      }),
      openDecision: assign(({ context }) => {
        const play = context.play!;
        return {
          pushCount: context.pushCount + 1,
          current: { id: context.pushCount + 1, kind: 'decision' as const, scenarioId: play.scenarioId, node: play.path.at(-1)! },
          decided: null,
        };
      }),
      resolveDecision: assign(({ context, event }) => {
        if (event.type !== 'decision.resolve') return {};
        const play = context.play!;
        const machine = scenarios(play.scenarioId)!;
        const decided = winnerOf(play, event)!;
        const [next] = transition(machine, playSnapshot(machine, play), choiceEvent(choiceRef(play.path.at(-1)!, decided.choice)));
        return { play: playOf(play.scenarioId, next), decided };
      }),
      clearActivity: assign({ current: null, decided: null }),
    },
  }).createMachine({
    id: 'classroom-session',
    initial: 'draft',
    context: { pushCount: 0, current: null, decided: null, play: null },
    states: {
      draft: {
        on: { 'session.open': 'open', 'session.close': 'closed' },
      },
      open: {
        on: { 'session.start': 'running', 'session.close': 'closed' },
      },
      running: {
        initial: 'idle',
        on: {
          'session.close': { target: 'closed', actions: 'clearActivity' },
          'question.push': { target: '.questionOpen', actions: 'openQuestion' },
          'roleplay.start': { guard: 'knownScenario', target: '.decisionVoting', actions: ['startPlay', 'openDecision'] },
          // From a vote still open too: 重新投票 puts the same node to the room afresh.
          'decision.push': { guard: 'playWaiting', target: '.decisionVoting', actions: 'openDecision' },
        },
        states: {
          idle: {},
          questionOpen: {
            on: {
              'question.reveal': 'questionRevealed',
              'activity.clear': { target: 'idle', actions: 'clearActivity' },
            },
          },
          questionRevealed: {
            on: { 'activity.clear': { target: 'idle', actions: 'clearActivity' } },
          },
          decisionVoting: {
            on: {
              'decision.resolve': { guard: 'decisive', target: 'decisionResolved', actions: 'resolveDecision' },
              'activity.clear': { target: 'idle', actions: 'clearActivity' },
            },
          },
          decisionResolved: {
            on: { 'activity.clear': { target: 'idle', actions: 'clearActivity' } },
          },
        },
      },
      closed: { type: 'final' },
    },
  });
}

export type SessionMachine = ReturnType<typeof createSessionMachine>;
export type SessionSnapshot = SnapshotFrom<SessionMachine>;

/** Where a session stands, as stored: the machine's state value and context, plain JSON. */
export interface StoredSession {
  value: SessionSnapshot['value'];
  context: SessionContext;
}

export type SessionStatus = 'draft' | 'open' | 'running' | 'closed';
export type SessionActivity = 'idle' | 'questionOpen' | 'questionRevealed' | 'decisionVoting' | 'decisionResolved';

/** The session's phase. */
export function statusOf(snapshot: Pick<SessionSnapshot, 'value'>): SessionStatus {
  return typeof snapshot.value === 'string' ? (snapshot.value as SessionStatus) : 'running';
}

/** What the room is doing while the session runs (idle otherwise). */
export function activityOf(snapshot: Pick<SessionSnapshot, 'value'>): SessionActivity {
  return typeof snapshot.value === 'object' && 'running' in snapshot.value ? (snapshot.value.running as SessionActivity) : 'idle';
}

/** The snapshot a new session starts from. */
export function initialSession(machine: SessionMachine): StoredSession {
  const [snapshot] = initialTransition(machine);
  return { value: snapshot.value, context: snapshot.context };
}

/** Restores a stored session as a snapshot of the machine. */
export function restoreSession(machine: SessionMachine, stored: StoredSession): SessionSnapshot {
  return machine.resolveState({ value: stored.value, context: stored.context });
}

/**
 * Applies a facilitator's command to a stored session: the next stored session, or null when the session cannot take
 * it now (a reveal with no question open, a vote that is still tied, anything once closed).
 */
export function applyCommand(machine: SessionMachine, stored: StoredSession, event: SessionEvent): StoredSession | null {
  const snapshot = restoreSession(machine, stored);
  if (!snapshot.can(event)) return null;
  const [next] = transition(machine, snapshot, event);
  return { value: next.value, context: next.context };
}
