/**
 * The messages the windows of one classroom session exchange over a BroadcastChannel: the presenter view, the
 * audience window on the projector, and whatever else of the session runs in the same browser (the live part posts
 * results). Nothing goes through the server, so the presentation keeps in step offline.
 */

/** One answer option as the room's results show it. */
export interface ResultOption {
  id: string;
  label: string;
  count: number;
}

/**
 * The answers to a question the facilitator pushed, for the audience window's bar chart. `total` is the number of
 * people who answered (with several choices allowed, the counts may add up to more); `key` holds the correct
 * options' ids once the facilitator reveals them, and is null before that or when there is no right answer (a vote).
 */
export interface ResultsMessage {
  type: 'results';
  questionId: string;
  prompt: string;
  options: ResultOption[];
  total: number;
  key: string[] | null;
}

export type PresenterMessage =
  /** A window of the session opened (or reloaded) and asks the presenter for the current slide and results. */
  | { type: 'hello' }
  /** The presenter shows slide `index` (`slideId` guards against a window holding another deck); results close. */
  | { type: 'slide'; index: number; slideId: string }
  | ResultsMessage
  /** The results leave the screen and the slide comes back. */
  | { type: 'results-clear' };

/** The channel of one session, named by its join code. */
export function presenterChannelName(code: string): string {
  return `icrm-presenter:${code}`;
}

/** Opens the session's channel; undefined in a browser without BroadcastChannel. */
export function openPresenterChannel(code: string): BroadcastChannel | undefined {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(presenterChannelName(code)) : undefined;
}

/** Sends a message to the session's other windows. */
export function postPresenterMessage(channel: BroadcastChannel | undefined, message: PresenterMessage): void {
  channel?.postMessage(message);
}

/** Reads a message from the channel, or undefined for anything that is not one of ours, well formed. */
export function parsePresenterMessage(data: unknown): PresenterMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  switch (message.type) {
    case 'hello':
    case 'results-clear':
      return { type: message.type };
    case 'slide':
      return Number.isInteger(message.index) && (message.index as number) >= 0 && typeof message.slideId === 'string'
        ? { type: 'slide', index: message.index as number, slideId: message.slideId }
        : undefined;
    case 'results': {
      const { questionId, prompt, options, total, key } = message;
      if (typeof questionId !== 'string' || typeof prompt !== 'string' || !isCount(total) || !Array.isArray(options)) return undefined;
      if (!options.every((option) => isResultOption(option))) return undefined;
      if (key !== null && !(Array.isArray(key) && key.every((id) => typeof id === 'string'))) return undefined;
      return {
        type: 'results',
        questionId,
        prompt,
        options: options.map(({ id, label, count }: ResultOption) => ({ id, label, count })),
        total,
        key: key === null ? null : [...(key as string[])],
      };
    }
    default:
      return undefined;
  }
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isResultOption(value: unknown): value is ResultOption {
  if (typeof value !== 'object' || value === null) return false;
  const { id, label, count } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof label === 'string' && isCount(count);
}
