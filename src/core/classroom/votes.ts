/** One option of a live question or decision with the number of people who chose it. */
export interface OptionCount {
  id: string;
  label: string;
  count: number;
}

/** What a room answered: counts per option in display order, and how many people answered at all. */
export interface Tally {
  options: OptionCount[];
  /** People who answered (a multiple-choice answer counts once here, once per option above). */
  total: number;
}

/** Counts answers per option, in the options' order; a selection of an option not offered is ignored. */
export function countAnswers(options: readonly { id: string; label: string }[], answers: Iterable<readonly string[]>): Tally {
  const counts = new Map(options.map((option) => [option.id, 0]));
  let total = 0;
  for (const selected of answers) {
    total += 1;
    for (const id of new Set(selected)) {
      const count = counts.get(id);
      if (count !== undefined) counts.set(id, count + 1);
    }
  }
  return { options: options.map((option) => ({ ...option, count: counts.get(option.id)! })), total };
}

/** The outcome of a vote: one choice with the most votes, or the choices tied for the most. */
export type VoteOutcome = { kind: 'winner'; choice: string; tieBroken: boolean } | { kind: 'tie'; tied: string[] };

/**
 * Decides a class vote by simple majority (the most votes wins). When several choices share the most votes, including
 * a vote nobody took part in, the facilitator breaks the tie: `tieBreak` must be one of the tied choices.
 */
export function decideVote(tally: Pick<Tally, 'options'>, tieBreak?: string): VoteOutcome {
  if (tally.options.length === 0) return { kind: 'tie', tied: [] };
  const most = Math.max(...tally.options.map((option) => option.count));
  const tied = tally.options.filter((option) => option.count === most).map((option) => option.id);
  if (tied.length === 1) return { kind: 'winner', choice: tied[0]!, tieBroken: false };
  if (tieBreak !== undefined && tied.includes(tieBreak)) return { kind: 'winner', choice: tieBreak, tieBroken: true };
  return { kind: 'tie', tied };
}

/** Rounds a count's share of the answers to a whole percentage (0 when nobody answered). */
export function percentOf(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 100) : 0;
}
