import { optionLetter } from '../../core/classroom/live-question';
import type { LiveTally, PublicPush } from '../../core/classroom/live-wire';
import { countAnswers, type Tally } from '../../core/classroom/votes';
import type { PresenterMessage, ResultOption } from '../presenter/channel';

/**
 * What the audience window shows of the push before the room: its answers so far as bars (all at zero until the
 * first answer is counted), the key once it is revealed, and nothing when no push is before the room. The key the
 * facilitator sees before the reveal never reaches the projector: only the revealed one is sent.
 */
export function audienceResults(push: PublicPush | null, live: LiveTally | null): PresenterMessage {
  if (!push) return { type: 'results-clear' };
  const counted = live?.push === push.id ? live.tally : null;
  if (push.kind === 'question') {
    const { question, revealed } = push;
    const tally = revealed?.tally ?? counted ?? countAnswers(question.options.map(({ id, text }) => ({ id, label: text })), []);
    return { type: 'results', questionId: question.id, prompt: question.prompt, ...bars(tally), key: revealed?.correct ?? null };
  }
  const { decision, resolved } = push;
  const tally = resolved?.tally ?? counted ?? countAnswers(decision.choices.map(({ id, text }) => ({ id, label: text })), []);
  // A vote has no right answer; the choice the class took is announced on the phones and the run page.
  return { type: 'results', questionId: `${decision.scenarioId}/${decision.node}`, prompt: decision.line, ...bars(tally), key: null };
}

/** The options lettered as the phones letter them, so the room can match a bar to the option it tapped. */
function bars(tally: Tally): { options: ResultOption[]; total: number } {
  return { options: tally.options.map(({ id, label, count }, i) => ({ id, label: `${optionLetter(i)}. ${label}`, count })), total: tally.total };
}
