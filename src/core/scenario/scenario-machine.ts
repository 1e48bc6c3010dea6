import { assign, setup, type SnapshotFrom } from 'xstate';
import { principleIds, type Principle } from '../course/principles.ts';
import type { Assumption, Choice, Condition, MeterValues, Scenario } from './schemas/scenario.ts';

/** The four principle meters of a play-through. */
export type Meters = Record<Principle, number>;

export interface ScenarioContext {
  meters: Meters;
  /** Node ids in the order visited, the current node (or ending) last. */
  path: string[];
  /** The choices taken, as `<node>.<choice>` refs, one per step of `path` before the last. */
  choices: string[];
  /** Orders each decision's choices for this play (see seededShuffle); kept with the snapshot so a resumed play keeps its order. */
  seed: number;
}

/** What a play starts from: the seed that orders its choices (0 when not given). */
export interface ScenarioInput {
  seed?: number;
}

/** A choice as an event (`choose.<node>.<choice>`), or taking the last choice back (换个说法). */
export type ScenarioEvent = { type: `choose.${string}` } | { type: 'scenario.undo' };

export const undoEvent = { type: 'scenario.undo' } as const satisfies ScenarioEvent;

/** Names a choice across its scenario: `<node id>.<choice id>`. */
export function choiceRef(nodeId: string, choiceId: string): string {
  return `${nodeId}.${choiceId}`;
}

/** Returns the event that takes a choice. */
export function choiceEvent(ref: string): ScenarioEvent {
  return { type: `choose.${ref}` };
}

/** Reads the choice ref back from a choice event, or undefined for any other event. */
export function choiceOfEvent(event: { type: string }): string | undefined {
  return event.type.startsWith('choose.') ? event.type.slice('choose.'.length) : undefined;
}

/** Returns meters all at zero, where every play-through starts. */
export function zeroMeters(): Meters {
  return { respect: 0, communication: 0, goals: 0, improvement: 0 };
}

/** Adds (sign 1) or removes (sign −1) a choice's effects. */
export function applyEffects(meters: Meters, effects: MeterValues, sign: 1 | -1 = 1): Meters {
  const next = { ...meters };
  for (const principle of principleIds) next[principle] += sign * (effects[principle] ?? 0);
  return next;
}

/** Sums the four meters: the play-through's score. */
export function totalScore(meters: Meters): number {
  return principleIds.reduce((sum, principle) => sum + meters[principle], 0);
}

/** Checks a choice's condition (or a node's assumption) against the meters and the choices taken so far. */
export function meetsCondition(condition: Condition | Assumption, context: Pick<ScenarioContext, 'meters' | 'choices'>): boolean {
  const { atLeast = {}, atMost = {}, chose = [], choseAny, notChose = [] } = condition as Condition;
  return (
    principleIds.every((p) => atLeast[p] === undefined || context.meters[p] >= atLeast[p]) &&
    principleIds.every((p) => atMost[p] === undefined || context.meters[p] <= atMost[p]) &&
    chose.every((ref) => context.choices.includes(ref)) &&
    (choseAny === undefined || choseAny.some((ref) => context.choices.includes(ref))) &&
    notChose.every((ref) => !context.choices.includes(ref))
  );
}

/** The choice refs a condition or assumption asks about. */
export function refsOf(condition: Condition | Assumption | undefined): string[] {
  return [...(condition?.chose ?? []), ...(condition?.choseAny ?? []), ...(condition?.notChose ?? [])];
}

/** Lists, for each node or ending, the nodes with a choice leading to it. */
export function predecessorsOf(scenario: Scenario): Map<string, string[]> {
  const predecessors = new Map<string, string[]>();
  for (const node of scenario.nodes) {
    for (const choice of node.choices) {
      const list = predecessors.get(choice.next) ?? [];
      if (!list.includes(node.id)) list.push(node.id);
      predecessors.set(choice.next, list);
    }
  }
  return predecessors;
}

/**
 * Compiles a scenario into a state machine: one state per node, one final state per ending, the
 * meters and the path in context, each choice an event whose condition is a named guard, and
 * 换个说法 as an event back to the previous node wherever the author allows it.
 */
export function createScenarioMachine(scenario: Scenario) {
  const effectsByRef = new Map(
    scenario.nodes.flatMap((node) => node.choices.map((choice) => [choiceRef(node.id, choice.id), choice.effects] as const)),
  );
  const predecessors = predecessorsOf(scenario);
  const undoAllowedAt = new Set(scenario.nodes.filter((node) => node.undo ?? scenario.undo).map((node) => node.id));

  const scenarioSetup = setup({
    types: {
      context: {} as ScenarioContext,
      events: {} as ScenarioEvent,
    },
    guards: {
      /** The choice's condition holds. */
      meetsCondition: ({ context }, condition: Condition) => meetsCondition(condition, context),
      /** The node before the current one is `node`: where 换个说法 returns to. */
      cameFrom: ({ context }, params: { node: string }) => context.path.at(-2) === params.node,
    },
    actions: {
      takeChoice: assign(({ context }, params: { ref: string; next: string }) => ({
        meters: applyEffects(context.meters, effectsByRef.get(params.ref) ?? {}),
        path: [...context.path, params.next],
        choices: [...context.choices, params.ref],
      })),
      takeBackChoice: assign(({ context }) => ({
        meters: applyEffects(context.meters, effectsByRef.get(context.choices.at(-1) ?? '') ?? {}, -1),
        path: context.path.slice(0, -1),
        choices: context.choices.slice(0, -1),
      })),
    },
  });

  const choiceTransition = (nodeId: string, choice: Choice) => ({
    target: choice.next,
    ...(choice.if ? { guard: { type: 'meetsCondition' as const, params: choice.if } } : {}),
    actions: { type: 'takeChoice' as const, params: { ref: choiceRef(nodeId, choice.id), next: choice.next } },
  });
  const undoTransitions = (id: string) =>
    (predecessors.get(id) ?? [])
      .filter((previous) => undoAllowedAt.has(previous))
      .map((previous) => ({
        target: previous,
        guard: { type: 'cameFrom' as const, params: { node: previous } },
        actions: 'takeBackChoice' as const,
      }));

  const states = Object.fromEntries([
    ...scenario.nodes.map((node) => {
      const undo = undoTransitions(node.id);
      return [
        node.id,
        {
          on: {
            ...Object.fromEntries(
              node.choices.map((choice) => [choiceEvent(choiceRef(node.id, choice.id)).type, choiceTransition(node.id, choice)]),
            ),
            ...(undo.length ? { 'scenario.undo': undo } : {}),
          },
        },
      ];
    }),
    ...scenario.endings.map((ending) => [ending.id, { type: 'final' as const }]),
  ]);

  const start = scenario.nodes[0]!.id;
  return scenarioSetup.createMachine({
    id: scenario.id,
    initial: start,
    // The input stays untyped so that a play may start without one (createActor(machine)): it is optional.
    context: ({ input }) => ({
      meters: zeroMeters(),
      path: [start],
      choices: [],
      seed: ((input as ScenarioInput | undefined)?.seed ?? 0) >>> 0,
    }),
    states,
  });
}

export type ScenarioMachine = ReturnType<typeof createScenarioMachine>;
export type ScenarioSnapshot = SnapshotFrom<ScenarioMachine>;
