/**
 * What travels between the server and the pages of a live session: the session's state as every screen may see it,
 * and the events of its Server-Sent Events streams. Shared by the server, the facilitator's page and the phones.
 */
import type { LiveDecisionView, PlayDebrief } from './class-play.ts';
import type { LiveQuestionKey, LiveQuestionView } from './live-question.ts';
import type { SessionActivity, SessionStatus } from './session-machine.ts';
import type { Tally } from './votes.ts';

/** A question put to the room; the key and the final tally appear only once it is revealed. */
export interface QuestionPush {
  id: number;
  kind: 'question';
  lessonTitle: string;
  question: LiveQuestionView;
  revealed: (LiveQuestionKey & { tally: Tally }) | null;
}

/** A decision of the class's role-play put to a vote; the choice taken and the final tally appear once resolved. */
export interface DecisionPush {
  id: number;
  kind: 'decision';
  decision: LiveDecisionView;
  resolved: { choice: string; choiceText: string; tieBroken: boolean; tally: Tally } | null;
}

export type PublicPush = QuestionPush | DecisionPush;

/** The session as every screen may see it: never a key before its reveal. */
export interface PublicSessionState {
  code: string;
  title: string;
  status: SessionStatus;
  activity: SessionActivity;
  /** Commands applied so far; the facilitator's page sends it back with each command. */
  version: number;
  /** What is before the room now (null when idle). */
  push: PublicPush | null;
  /** The class's role-play, with its debrief once it reached an ending. */
  play: { scenarioId: string; title: string; ended: boolean; debrief: PlayDebrief | null } | null;
}

/** A person in the room as the facilitator's attendance list shows them. */
export interface ParticipantView {
  id: string;
  name: string;
  /** account: signed in; guest: joined with a name only. */
  kind: 'account' | 'guest';
  employeeId: string | null;
  department: string | null;
  joinedAt: number;
  present: boolean;
  checkedInAt: number | null;
  checkedOutAt: number | null;
}

/** The answers to the current push so far (facilitators only): the tally and who answered. */
export interface LiveTally {
  push: number;
  tally: Tally;
  answered: string[];
}

/** A phone's own part: who it joined as, and its answer to the current push. */
export interface MeView {
  participant: { id: string; name: string; present: boolean };
  /** The push before the room when this was read, and the option or choice ids this phone chose for it, if any. */
  push: number | null;
  answer: string[] | null;
}

/** The first event of a stream that did not resume: everything its page shows. */
export interface FacilitatorSnapshot {
  state: PublicSessionState;
  participants: ParticipantView[];
  tally: LiveTally | null;
  /** The current question's key, for the facilitator's eyes before the reveal. */
  key: QuestionKeyView | null;
}

/** A question's key as the facilitator sees it from the moment it is pushed. */
export interface QuestionKeyView {
  push: number;
  key: LiveQuestionKey;
}

export interface LearnerSnapshot {
  state: PublicSessionState;
}

/** The events of a session's log, as `event:` names of the stream. */
export type LiveEvent =
  | { type: 'state'; audience: 'all'; body: PublicSessionState }
  | { type: 'tally'; audience: 'facilitator'; body: LiveTally }
  | { type: 'participant'; audience: 'facilitator'; body: ParticipantView }
  | { type: 'key'; audience: 'facilitator'; body: QuestionKeyView };
