import { initialTransition, transition } from 'xstate';
import { choiceEvent, totalScore, type ScenarioMachine } from '../scenario/scenario-machine.ts';
import { currentStep, type ScenarioIndex } from '../scenario/scenario-view.ts';
import type { endingRatings } from '../scenario/schemas/scenario.ts';

type EndingRating = (typeof endingRatings)[number];
import { playSnapshot, type ClassPlay } from './session-machine.ts';

/** Someone on stage: the cast member's name and position, as the player shows them. */
export interface Speaker {
  name: string;
  department: string;
  role: string;
}

/** A decision as the room sees it: the scene, the line to answer, and the choices open now in the session's order. */
export interface LiveDecisionView {
  scenarioId: string;
  scenarioTitle: string;
  node: string;
  narration?: string;
  speaker?: Speaker;
  line: string;
  /** The cast member the class plays. */
  player: Speaker;
  choices: { id: string; text: string }[];
}

function speakerOf(index: ScenarioIndex, id: string | undefined): Speaker | undefined {
  const member = id === undefined ? undefined : index.cast.get(id);
  return member && { name: member.name, department: member.department, role: member.role };
}

/**
 * Describes the class's current node for a vote: only the choices the scenario accepts now, in the order the session's
 * seed gives them (the same on every phone and the projector). Null once the play has reached an ending.
 */
export function decisionView(index: ScenarioIndex, machine: ScenarioMachine, play: ClassPlay): LiveDecisionView | null {
  const step = currentStep(index, playSnapshot(machine, play));
  if (step.kind !== 'node') return null;
  const speaker = speakerOf(index, step.node.speaker);
  return {
    scenarioId: index.scenario.id,
    scenarioTitle: index.scenario.title,
    node: step.node.id,
    ...(step.node.narration ? { narration: step.node.narration } : {}),
    ...(speaker ? { speaker } : {}),
    line: step.node.line,
    player: speakerOf(index, index.scenario.player)!,
    choices: step.choices.flatMap((choice) => (choice.available ? [{ id: choice.ref.slice(step.node.id.length + 1), text: choice.text }] : [])),
  };
}

/** One route through a scenario: the line answered and the reply chosen at each step, and where it ended. */
export interface PlayRoute {
  steps: { node: string; line: string; reply: string }[];
  ending: { id: string; title: string; rating: EndingRating; narration: string; debrief: string } | null;
  score: number;
}

/** The debrief shown to the room: the class's route beside the best one, and where they parted. */
export interface PlayDebrief {
  scenarioTitle: string;
  classRoute: PlayRoute;
  bestRoute: PlayRoute;
  /** The index of the first step where the class chose otherwise than the best route; null when they followed it. */
  divergedAt: number | null;
}

function routeOf(index: ScenarioIndex, choices: readonly string[], endingId: string | null, score: number): PlayRoute {
  const ending = endingId === null ? undefined : index.endings.get(endingId);
  return {
    steps: choices.map((ref) => {
      const { node, choice } = index.choices.get(ref)!;
      return { node: node.id, line: node.line, reply: choice.text };
    }),
    ending: ending
      ? { id: ending.id, title: ending.title, rating: ending.rating, narration: ending.narration, debrief: ending.debrief }
      : null,
    score,
  };
}

/** Plays the best path (choice refs, from the scenario's analysis) through the machine to learn its ending and score. */
function bestRouteOf(index: ScenarioIndex, machine: ScenarioMachine, bestPath: readonly string[], seed: number): PlayRoute {
  let [snapshot] = initialTransition(machine, { seed });
  for (const ref of bestPath) [snapshot] = transition(machine, snapshot, choiceEvent(ref));
  return routeOf(index, bestPath, snapshot.status === 'done' ? String(snapshot.value) : null, totalScore(snapshot.context.meters));
}

/** Compares the class's route (so far, or to its ending) with the best route of the scenario. */
export function debriefOf(index: ScenarioIndex, machine: ScenarioMachine, play: ClassPlay, bestPath: readonly string[]): PlayDebrief {
  const divergence = play.choices.findIndex((ref, i) => bestPath[i] !== ref);
  const followed = divergence === -1 && (play.ending === null || play.choices.length === bestPath.length);
  return {
    scenarioTitle: index.scenario.title,
    classRoute: routeOf(index, play.choices, play.ending, totalScore(play.meters)),
    bestRoute: bestRouteOf(index, machine, bestPath, play.seed),
    divergedAt: followed ? null : divergence === -1 ? play.choices.length : divergence,
  };
}
