/** One slide's claim on a lesson's classroom time. */
export interface MinutesClaim {
  /** Minutes its facilitator notes plan for activities (exercises, group work, discussion). */
  activityMinutes: number;
  /** How much there is to present: the length of the text the room reads. */
  weight: number;
}

/**
 * Plans a lesson's classroom minutes slide by slide. The lesson's own minutes (what a reader needs to study it) become
 * talk, shared in proportion to each slide's text with at least one minute a slide (largest remainders get the odd
 * minutes, earlier slides first on a tie); on top of that each slide keeps the minutes its facilitator notes plan for
 * exercises and discussion. So a lesson takes its minutes plus its notes' minutes in class: the case workshop's 40
 * minutes of study and 27 of exercises make the 60 to 90 minutes its text suggests for a classroom.
 */
export function planSlideMinutes(lessonMinutes: number, claims: readonly MinutesClaim[]): number[] {
  if (claims.length === 0) return [];
  const talk = Math.max(lessonMinutes, claims.length);
  const shares = distribute(talk - claims.length, claims.map((claim) => Math.max(claim.weight, 0)));
  return claims.map((claim, index) => claim.activityMinutes + 1 + shares[index]!);
}

/** Distributes whole minutes in proportion to weights by the largest-remainder method (equally if all weigh 0). */
function distribute(minutes: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const exact = weights.map((weight) => (total > 0 ? (minutes * weight) / total : minutes / weights.length));
  const shares = exact.map(Math.floor);
  let left = minutes - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}
