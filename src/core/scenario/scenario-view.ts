import {
  choiceEvent,
  choiceRef,
  totalScore,
  undoEvent,
  type Meters,
  type ScenarioContext,
  type ScenarioEvent,
  type ScenarioSnapshot,
} from './scenario-machine.ts';
import type { CastMember, Choice, Scenario, ScenarioEnding, ScenarioNode } from './schemas/scenario.ts';
import { seededShuffle } from './shuffle.ts';

/** A scenario's parts by id, for looking up what a snapshot refers to. */
export interface ScenarioIndex {
  scenario: Scenario;
  nodes: Map<string, ScenarioNode>;
  endings: Map<string, ScenarioEnding>;
  cast: Map<string, CastMember>;
  choices: Map<string, { node: ScenarioNode; choice: Choice }>;
}

/** Indexes a scenario's nodes, endings, cast and choices by id. */
export function indexScenario(scenario: Scenario): ScenarioIndex {
  return {
    scenario,
    nodes: new Map(scenario.nodes.map((node) => [node.id, node])),
    endings: new Map(scenario.endings.map((ending) => [ending.id, ending])),
    cast: new Map(scenario.cast.map((member) => [member.id, member])),
    choices: new Map(
      scenario.nodes.flatMap((node) => node.choices.map((choice) => [choiceRef(node.id, choice.id), { node, choice }] as const)),
    ),
  };
}

/** One step of the dialogue so far: the narration and line of a node or ending, and the learner's reply to it. */
export interface TranscriptStep {
  /** The node or ending id. */
  id: string;
  narration?: string;
  line?: { speaker: CastMember; text: string };
  reply?: { speaker: CastMember; text: string; ref: string };
}

/** Rebuilds the dialogue of a play-through from its path and the choices taken. */
export function transcriptOf(index: ScenarioIndex, context: Pick<ScenarioContext, 'path' | 'choices'>): TranscriptStep[] {
  const player = index.cast.get(index.scenario.player)!;
  return context.path.map((id, step) => {
    const part = index.nodes.get(id) ?? index.endings.get(id);
    const speaker = part?.speaker ? index.cast.get(part.speaker) : undefined;
    const ref = context.choices[step];
    const taken = ref ? index.choices.get(ref) : undefined;
    return {
      id,
      ...(part?.narration ? { narration: part.narration } : {}),
      ...(speaker && part?.line ? { line: { speaker, text: part.line } } : {}),
      ...(ref && taken ? { reply: { speaker: player, text: taken.choice.text, ref } } : {}),
    };
  });
}

/** A choice as the player shows it: one the machine accepts now, or one it refuses, shown disabled with the reason. */
export type ShownChoice = { ref: string; text: string; available: true } | { ref: string; text: string; available: false; reason: string };

/** Where a play-through stands: the node and the choices it shows now, or the ending reached. */
export type ScenarioStep =
  | { kind: 'node'; node: ScenarioNode; choices: ShownChoice[]; canUndo: boolean }
  | { kind: 'ending'; ending: ScenarioEnding };

/**
 * Describes a snapshot for the player, its choices in the play's seeded order: those the machine
 * accepts, and those it refuses that say why (`unavailable`), disabled. A refused choice without a
 * reason is a variant for another history and is left out.
 */
export function currentStep(index: ScenarioIndex, snapshot: ScenarioSnapshot): ScenarioStep {
  const id = String(snapshot.value);
  const ending = index.endings.get(id);
  if (ending) return { kind: 'ending', ending };
  const node = index.nodes.get(id);
  if (!node) throw new Error(`Scenario "${index.scenario.id}" has no node "${id}"`);
  const choices = seededShuffle(node.choices, snapshot.context.seed, node.id).flatMap((choice): ShownChoice[] => {
    const ref = choiceRef(node.id, choice.id);
    if (snapshot.can(choiceEvent(ref))) return [{ ref, text: choice.text, available: true }];
    return choice.unavailable ? [{ ref, text: choice.text, available: false, reason: choice.unavailable }] : [];
  });
  return { kind: 'node', node, choices, canUndo: snapshot.can(undoEvent) };
}

/** Tells whether a stored snapshot still fits the scenario: its node and path all exist. */
export function fitsScenario(index: ScenarioIndex, snapshot: { value?: unknown; context?: Partial<ScenarioContext> }): boolean {
  const { value, context } = snapshot;
  const known = (id: unknown) => typeof id === 'string' && (index.nodes.has(id) || index.endings.has(id));
  return (
    known(value) &&
    Array.isArray(context?.path) &&
    context.path.every(known) &&
    context.path.at(-1) === value &&
    typeof context.seed === 'number' &&
    Array.isArray(context.choices) &&
    context.choices.every((ref) => index.choices.has(ref)) &&
    context.choices.length === context.path.length - 1
  );
}

/** A choice submitted from outside the player (group mode): the node it was put to the room at and the choice. */
export interface SubmittedChoice {
  node: string;
  choice: string;
}

export type SubmissionVerdict =
  | { accepted: true; event: ScenarioEvent }
  | { accepted: false; reason: 'ended' | 'stale' | 'unavailable' };

/**
 * Decides whether a choice submitted from outside may be taken now. A vote for an earlier node
 * (stale) or for a choice the machine would refuse (unknown, or its condition unmet) is turned away.
 */
export function judgeSubmission(snapshot: ScenarioSnapshot, submission: SubmittedChoice): SubmissionVerdict {
  if (snapshot.status === 'done') return { accepted: false, reason: 'ended' };
  if (String(snapshot.value) !== submission.node) return { accepted: false, reason: 'stale' };
  const event = choiceEvent(choiceRef(submission.node, submission.choice));
  return snapshot.can(event) ? { accepted: true, event } : { accepted: false, reason: 'unavailable' };
}

/** A link from an ending's debrief to the lesson section it refers to. */
export interface DebriefLink {
  href: string;
  text: string;
}

/** The lowest and highest score (sum of the meters) any ending can be reached with. */
export interface ScoreRange {
  min: number;
  max: number;
}

/** Scales a score to −1…1 against the scenario's range: the best reachable score is 1, the worst −1 (if negative). */
export function scaledScore(meters: Meters, range: ScoreRange): number {
  const total = totalScore(meters);
  if (total >= 0) return range.max > 0 ? Math.min(1, total / range.max) : 0;
  return range.min < 0 ? Math.max(-1, total / -range.min) : 0;
}
