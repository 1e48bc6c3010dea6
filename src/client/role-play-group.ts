import type { SubmittedChoice } from '../core/scenario/scenario-view';
import { groupChoiceEvent, groupStepEvent } from './events';

/** A choice for a role-play in group mode: the scenario, the node it was voted on, and the winning choice id. */
export interface GroupChoice extends SubmittedChoice {
  scenarioId: string;
}

/**
 * What a role-play in group mode puts to the room: the node and its choices, or the ending reached.
 * The choices come in the order the session's seed gives them, the same on every screen; one the
 * room cannot take now comes with the reason the story gives.
 */
export interface GroupStep {
  scenarioId: string;
  /** The seed that orders the choices (the session's, or `?seed=` on the facilitator's page). */
  seed: number;
  node: string | null;
  choices: ({ id: string; text: string; available: true } | { id: string; text: string; available: false; reason: string })[];
  ending: string | null;
}

/**
 * Feeds the class's choice into the role-play of that scenario running in group mode on this page.
 * A choice for another node than the current one (a late vote) or one the scenario does not offer
 * now is ignored by the player.
 */
export function submitGroupChoice(choice: GroupChoice): void {
  window.dispatchEvent(new CustomEvent<GroupChoice>(groupChoiceEvent, { detail: choice }));
}

/** Calls `listener` with every decision a role-play in group mode puts to the room; returns the unsubscribe function. */
export function onGroupStep(listener: (step: GroupStep) => void): () => void {
  const handle = (event: Event) => listener((event as CustomEvent<GroupStep>).detail);
  window.addEventListener(groupStepEvent, handle);
  return () => window.removeEventListener(groupStepEvent, handle);
}

/** Announces the decision a role-play in group mode is waiting for (used by the player). */
export function announceGroupStep(step: GroupStep): void {
  window.dispatchEvent(new CustomEvent<GroupStep>(groupStepEvent, { detail: step }));
}

/** Calls `listener` with every choice submitted for `scenarioId` (used by the player); returns the unsubscribe function. */
export function onGroupChoice(scenarioId: string, listener: (choice: SubmittedChoice) => void): () => void {
  const handle = (event: Event) => {
    const detail = (event as CustomEvent<Partial<GroupChoice> | null>).detail;
    if (detail?.scenarioId !== scenarioId || typeof detail.node !== 'string' || typeof detail.choice !== 'string') return;
    listener({ node: detail.node, choice: detail.choice });
  };
  window.addEventListener(groupChoiceEvent, handle);
  return () => window.removeEventListener(groupChoiceEvent, handle);
}
