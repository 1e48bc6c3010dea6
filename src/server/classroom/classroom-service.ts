import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { debriefOf, decisionView, type LiveDecisionView } from '../../core/classroom/class-play.ts';
import { normaliseJoinCode, newJoinCode } from '../../core/classroom/join-code.ts';
import { fitsSelection, liveQuestion, type LiveQuestionKey, type LiveQuestionView } from '../../core/classroom/live-question.ts';
import type {
  FacilitatorSnapshot,
  LiveEvent,
  LiveTally,
  MeView,
  ParticipantView,
  PublicPush,
  PublicSessionState,
  QuestionKeyView,
} from '../../core/classroom/live-wire.ts';
import {
  activityOf,
  applyCommand,
  createSessionMachine,
  initialSession,
  statusOf,
  type SessionEvent,
  type StoredSession,
} from '../../core/classroom/session-machine.ts';
import { buildSessionReport, type ReportPushInput, type SessionReport } from '../../core/classroom/session-report.ts';
import { countAnswers, type Tally } from '../../core/classroom/votes.ts';
import { createStatementFactory } from '../../core/statements/builders.ts';
import { millisecondsToDuration } from '../../core/statements/duration.ts';
import { serverAuthority } from '../../core/statements/server-authority.ts';
import type { XapiAgent, XapiStatement } from '../../core/xapi/types.ts';
import type { Account, AccountStore } from '../accounts/accounts.ts';
import { newToken, tokenHash } from '../accounts/tokens.ts';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http.ts';
import { registrationOf } from '../learning/enrolments.ts';
import type { ProgressBook } from '../learning/progress-book.ts';
import { actorOf } from '../me.ts';
import { completeStatement, recordOf } from '../xapi/statement-records.ts';
import type { StatementStore } from '../xapi/statement-store.ts';
import type { ClassroomContent } from './classroom-content.ts';
import type { ClassroomStore, ParticipantRow, PushRow, SessionRow } from './classroom-store.ts';
import type { StreamMessage, StreamStart } from './event-stream.ts';
import type { LiveHub } from './live-hub.ts';

/** What the facilitator's form asks for when creating a session. */
export interface CreateSessionInput {
  courseId: string;
  modules: string[];
  lessons: string[];
  /** yyyy-mm-dd and hh:mm, China time (the organisation's time zone). */
  date: string;
  time: string;
  place: string;
  capacity: number;
  title?: string;
}

/** A facilitator's command, with the version of the session it was given on and an id that makes sending it twice harmless. */
export type FacilitatorCommand = (
  | { type: 'session.open' | 'session.start' | 'session.close' | 'question.reveal' | 'decision.push' | 'activity.clear' }
  | { type: 'question.push'; questionId: string }
  | { type: 'roleplay.start'; scenarioId: string }
  | { type: 'decision.resolve'; tieBreak?: string }
) & { version?: number; commandId?: string };

/** What a guest types to join; a signed-in learner joins as their account. */
export interface JoinInput {
  name?: string;
  employeeId?: string;
}

/** A session as the facilitator's lists show it. */
export interface SessionSummary {
  code: string;
  title: string;
  startsAt: number;
  place: string;
  capacity: number;
  status: string;
  lessons: { id: string; title: string }[];
  closedAt: number | null;
}

interface QuestionPushBody {
  kind: 'question';
  lessonTitle: string;
  view: LiveQuestionView;
  key: LiveQuestionKey;
}

interface DecisionPushBody {
  kind: 'decision';
  view: LiveDecisionView;
}

type PushBody = QuestionPushBody | DecisionPushBody;

type QuestionOutcome = { tally: Tally };
type DecisionOutcome = { tally: Tally; choice: string; choiceText: string; tieBroken: boolean };

/** China Standard Time has no daylight saving: sessions are scheduled in it. */
const CHINA_OFFSET = '+08:00';
/** Tallies of one session are written at most this often per instance, however fast answers arrive. */
const TALLY_INTERVAL_MS = 250;
/** A stream that missed more events than this starts over from a snapshot instead of replaying them. */
const REPLAY_LIMIT = 1000;

export interface ClassroomDependencies {
  store: ClassroomStore;
  hub: LiveHub;
  accounts: AccountStore;
  statements: StatementStore;
  progress: ProgressBook;
  publicOrigin: string;
  content(courseId: string): Promise<ClassroomContent>;
  now?: () => number;
}

/** Live classroom sessions: created and run by facilitators, joined and answered from phones, their events streamed. */
export class ClassroomService {
  private readonly store: ClassroomStore;
  private readonly now: () => number;
  private readonly tallies = new Map<string, { timer: ReturnType<typeof setTimeout> | null; lastRun: number; last: string }>();

  constructor(private readonly deps: ClassroomDependencies) {
    this.store = deps.store;
    this.now = deps.now ?? Date.now;
  }

  // ——— preparing ———

  /** Creates a session in draft with a fresh join code; returns the code. */
  async create(account: Account, input: CreateSessionInput): Promise<string> {
    const content = await this.deps.content(input.courseId);
    const wanted = new Set(input.lessons);
    for (const moduleId of input.modules) {
      const module = content.modules.find((candidate) => candidate.id === moduleId);
      if (!module) throw new HttpError(400, 'invalid_body', `没有模块“${moduleId}”。`);
      for (const lesson of module.lessons) wanted.add(lesson.id);
    }
    for (const id of wanted) if (!content.lessons.has(id)) throw new HttpError(400, 'invalid_body', `没有课程“${id}”。`);
    if (wanted.size === 0) throw new HttpError(400, 'invalid_body', '请至少选择一个模块或一节课。');
    const lessons = [...content.lessons.keys()].filter((id) => wanted.has(id));
    const startsAt = Date.parse(`${input.date}T${input.time}:00${CHINA_OFFSET}`);
    if (Number.isNaN(startsAt)) throw new HttpError(400, 'invalid_body', '日期或时间无效。');
    const firstTitle = content.lessons.get(lessons[0]!)!;
    const title = input.title?.trim() || (lessons.length === 1 ? firstTitle : `${firstTitle} 等 ${lessons.length} 节课`);
    const machine = createSessionMachine(() => undefined);
    const now = this.now();
    for (let attempt = 0; attempt < 10; attempt++) {
      const code = newJoinCode(randomInt);
      const created = await this.store.createSession({
        code,
        course_id: content.courseId,
        title,
        lessons: JSON.stringify(lessons),
        starts_at: startsAt,
        place: input.place.trim(),
        capacity: input.capacity,
        seed: randomInt(2 ** 31),
        created_by: account.id,
        created_at: now,
        status: 'draft',
        state: JSON.stringify(initialSession(machine)),
        version: 0,
        last_seq: 0,
        opened_at: null,
        started_at: null,
        closed_at: null,
        attendance_recorded_at: null,
      });
      if (created) {
        await this.deps.accounts.audit(account.id, 'classroom.create', code);
        return code;
      }
    }
    throw new Error('could not find a free join code in 10 tries');
  }

  /** Every session, newest first, with its lessons' titles. */
  async list(): Promise<SessionSummary[]> {
    const rows = await this.store.listSessions();
    const summaries: SessionSummary[] = [];
    for (const row of rows) {
      const content = await this.deps.content(row.course_id);
      summaries.push(this.summaryOf(row, content));
    }
    return summaries;
  }

  /** A session by its code as typed (case and spaces do not matter), or 404. */
  async session(codeInput: string): Promise<{ row: SessionRow; content: ClassroomContent; summary: SessionSummary }> {
    const code = normaliseJoinCode(codeInput);
    const row = code ? await this.store.session(code) : undefined;
    if (!row) throw new HttpError(404, 'not_found', '没有这个课堂：请核对加入码。');
    const content = await this.deps.content(row.course_id);
    return { row, content, summary: this.summaryOf(row, content) };
  }

  private summaryOf(row: SessionRow, content: ClassroomContent): SessionSummary {
    return {
      code: row.code,
      title: row.title,
      startsAt: row.starts_at,
      place: row.place,
      capacity: row.capacity,
      status: row.status,
      lessons: lessonsOf(row).map((id) => ({ id, title: content.lessons.get(id) ?? id })),
      closedAt: row.closed_at,
    };
  }

  /** The practice questions and role-plays a session can put to the room: those of its lessons. */
  material(row: SessionRow, content: ClassroomContent) {
    const lessons = lessonsOf(row);
    return {
      questions: lessons.map((lessonId) => ({
        lessonId,
        lessonTitle: content.lessons.get(lessonId) ?? lessonId,
        questions: [...content.questions.values()]
          .filter((entry) => entry.lessonId === lessonId)
          .map(({ question }) => ({ id: question.id, type: question.type, prompt: question.prompt })),
      })),
      scenarios: [...content.scenarios.values()]
        .filter((entry) => lessons.includes(entry.lessonId))
        .map((entry) => ({ id: entry.scenario.id, title: entry.scenario.title, lessonTitle: content.lessons.get(entry.lessonId) ?? '' })),
    };
  }

  // ——— running ———

  /**
   * Applies a facilitator's command. The session row is the single source of truth: a command carrying an older
   * version than the session's is refused (409), so a second tab cannot fork the session, and a command id seen before
   * is answered with the current state without applying it again.
   */
  async command(account: Account, codeInput: string, command: FacilitatorCommand): Promise<PublicSessionState> {
    const { row: found, content } = await this.session(codeInput);
    const code = found.code;
    // Finding a scenario's best path walks its graph: done before the transaction, so no lock waits on it.
    if (command.type === 'roleplay.start') content.scenarios.get(command.scenarioId)?.bestPath();
    let closing = false;
    const state = await this.store.db.transaction().execute(async (trx) => {
      const row = (await this.store.lockSession(trx, code))!;
      if (command.commandId && (await this.store.commandSeen(trx, code, command.commandId))) return this.publicState(trx, row, content);
      if (command.version !== undefined && command.version !== row.version) {
        throw new HttpError(409, 'stale', '课堂状态已在别处更新（可能是另一个窗口）：页面已刷新为最新状态，请再确认一次。');
      }
      const machine = this.machineFor(row, content);
      const stored = JSON.parse(row.state) as StoredSession;
      const event = await this.eventOf(trx, row, content, stored, command);
      const next = applyCommand(machine, stored, event);
      if (!next) throw new HttpError(409, 'not_allowed', refusalOf(command.type, stored, row));
      const now = this.now();
      const events: LiveEvent[] = [];
      const current = next.context.current;
      if (current && current.id !== stored.context.current?.id) {
        const body = this.pushBody(row, content, next);
        await this.store.insertPush(trx, {
          session_code: code,
          id: current.id,
          kind: current.kind,
          ref: current.kind === 'question' ? current.questionId : `${current.scenarioId}/${current.node}`,
          body: JSON.stringify(body),
          opened_at: now,
          closed_at: null,
          outcome: null,
        });
        if (body.kind === 'question') events.push({ type: 'key', audience: 'facilitator', body: { push: current.id, key: body.key } });
      }
      if (command.type === 'question.reveal' || command.type === 'decision.resolve') {
        const push = (await this.store.push(code, stored.context.current!.id, trx))!;
        const tally = await this.tallyOf(trx, code, push);
        const outcome: QuestionOutcome | DecisionOutcome =
          command.type === 'question.reveal'
            ? { tally }
            : {
                tally,
                choice: next.context.decided!.choice,
                choiceText: tally.options.find((option) => option.id === next.context.decided!.choice)!.label,
                tieBroken: next.context.decided!.tieBroken,
              };
        await this.store.closePush(trx, code, push.id, outcome, now);
      }
      const status = statusOf(next);
      closing = status === 'closed';
      await trx
        .updateTable('classroom_sessions')
        .set({
          state: JSON.stringify(next),
          status,
          version: row.version + 1,
          ...(command.type === 'session.open' ? { opened_at: now } : {}),
          ...(command.type === 'session.start' ? { started_at: now } : {}),
          ...(closing ? { closed_at: now } : {}),
        })
        .where('code', '=', code)
        .execute();
      const updated = (await this.store.session(code, trx))!;
      const state = await this.publicState(trx, updated, content);
      await this.store.appendEvents(trx, code, [{ type: 'state', audience: 'all', body: state }, ...events], now, command.commandId);
      return state;
    });
    this.deps.hub.notify(code);
    await this.deps.accounts.audit(account.id, `classroom.${command.type}`, code);
    if (closing) await this.recordAttendance(code);
    return state;
  }

  /** Builds the machine event of a command, checking what it names against the session's own lessons. */
  private async eventOf(
    trx: Transaction<Database>,
    row: SessionRow,
    content: ClassroomContent,
    stored: StoredSession,
    command: FacilitatorCommand,
  ): Promise<SessionEvent> {
    switch (command.type) {
      case 'question.push': {
        const entry = content.questions.get(command.questionId);
        if (!entry || !lessonsOf(row).includes(entry.lessonId)) throw new HttpError(404, 'not_found', '本课堂的课程里没有这道练习题。');
        return { type: 'question.push', questionId: command.questionId };
      }
      case 'roleplay.start': {
        const entry = content.scenarios.get(command.scenarioId);
        if (!entry || !lessonsOf(row).includes(entry.lessonId)) throw new HttpError(404, 'not_found', '本课堂的课程里没有这个情景演练。');
        return { type: 'roleplay.start', scenarioId: command.scenarioId, seed: row.seed };
      }
      case 'decision.resolve': {
        const current = stored.context.current;
        if (current?.kind !== 'decision') return { type: 'decision.resolve', counts: [] };
        const push = (await this.store.push(row.code, current.id, trx))!;
        const tally = await this.tallyOf(trx, row.code, push);
        return {
          type: 'decision.resolve',
          counts: tally.options.map(({ id, count }) => ({ id, count })),
          ...(command.tieBreak ? { tieBreak: command.tieBreak } : {}),
        };
      }
      default:
        return { type: command.type };
    }
  }

  /** The session machine, playing only the role-plays of the session's lessons. */
  private machineFor(row: SessionRow, content: ClassroomContent) {
    const lessons = lessonsOf(row);
    return createSessionMachine((id) => {
      const entry = content.scenarios.get(id);
      return entry && lessons.includes(entry.lessonId) ? entry.machine : undefined;
    });
  }

  /** What a new push shows (and, for a question, the key kept for the reveal). */
  private pushBody(row: SessionRow, content: ClassroomContent, next: StoredSession): PushBody {
    const current = next.context.current!;
    if (current.kind === 'question') {
      const entry = content.questions.get(current.questionId)!;
      const { view, key } = liveQuestion(entry.question, row.seed);
      return { kind: 'question', lessonTitle: entry.lessonTitle, view, key };
    }
    const entry = content.scenarios.get(current.scenarioId)!;
    return { kind: 'decision', view: decisionView(entry.index, entry.machine, next.context.play!)! };
  }

  private async tallyOf(db: Kysely<Database>, code: string, push: PushRow): Promise<Tally> {
    const body = JSON.parse(push.body) as PushBody;
    const options = body.kind === 'question' ? body.view.options.map((o) => ({ id: o.id, label: o.text })) : body.view.choices.map((c) => ({ id: c.id, label: c.text }));
    const answers = await this.store.answers(code, push.id, db);
    return countAnswers(options, answers.map((answer) => answer.selected));
  }

  /** The session as every screen may see it, read within `db` (a transaction sees its own writes). */
  async publicState(db: Kysely<Database>, row: SessionRow, content: ClassroomContent): Promise<PublicSessionState> {
    const stored = JSON.parse(row.state) as StoredSession;
    const current = stored.context.current;
    let push: PublicPush | null = null;
    if (current) {
      const pushRow = (await this.store.push(row.code, current.id, db))!;
      const body = JSON.parse(pushRow.body) as PushBody;
      if (body.kind === 'question') {
        const outcome = pushRow.outcome ? (JSON.parse(pushRow.outcome) as QuestionOutcome) : null;
        push = {
          id: current.id,
          kind: 'question',
          lessonTitle: body.lessonTitle,
          question: body.view,
          revealed: outcome ? { ...body.key, tally: outcome.tally } : null,
        };
      } else {
        const outcome = pushRow.outcome ? (JSON.parse(pushRow.outcome) as DecisionOutcome) : null;
        push = { id: current.id, kind: 'decision', decision: body.view, resolved: outcome };
      }
    }
    const play = stored.context.play;
    const scenario = play ? content.scenarios.get(play.scenarioId) : undefined;
    return {
      code: row.code,
      title: row.title,
      status: statusOf(stored),
      activity: activityOf(stored),
      version: row.version,
      push,
      play:
        play && scenario
          ? {
              scenarioId: play.scenarioId,
              title: scenario.scenario.title,
              ended: play.ending !== null,
              debrief: play.ending !== null ? debriefOf(scenario.index, scenario.machine, play, scenario.bestPath()) : null,
            }
          : null,
    };
  }

  // ——— people ———

  /**
   * Joins a learner to a session (or finds them again): signed in as their account, otherwise as a guest with a name.
   * Joining checks them in. Returns the participant and, for a new guest, the token their cookie keeps.
   */
  async join(
    account: Account | undefined,
    codeInput: string,
    input: JoinInput,
    guestToken: string | undefined,
  ): Promise<{ participant: ParticipantRow; token?: string }> {
    const { row: found } = await this.session(codeInput);
    const code = found.code;
    const existing = await this.participantOf(account, code, guestToken);
    const token = existing || account ? undefined : newToken();
    if (!existing && !account && !input.name?.trim()) throw new HttpError(400, 'invalid_body', '请填写你的姓名。');
    const result = await this.store.db.transaction().execute(async (trx) => {
      const row = (await this.store.lockSession(trx, code))!;
      const status = row.status;
      if (status === 'draft') throw new HttpError(409, 'not_open', '这个课堂还没有开放加入，请稍候，等讲师开放后再试。');
      if (status === 'closed') throw new HttpError(409, 'closed', '这个课堂已经结束。');
      const now = this.now();
      const known = existing && (await this.store.participant(code, existing.id, trx));
      let id = known?.id;
      if (known) {
        if (known.present === 1) return known;
        await this.store.setPresence(trx, code, known.id, true, now);
      } else {
        if ((await this.store.countParticipants(trx, code)) >= row.capacity) {
          throw new HttpError(409, 'full', `这个课堂已满（${row.capacity} 人）。请联系讲师。`);
        }
        id = randomUUID();
        await this.store.insertParticipant(trx, {
          session_code: code,
          id,
          user_id: account?.id ?? null,
          token_hash: token ? tokenHash(token) : null,
          display_name: account?.displayName ?? input.name!.trim(),
          employee_id: account ? account.employeeId : input.employeeId?.trim() || null,
          department: account?.department ?? null,
          joined_at: now,
          present: 1,
          checked_in_at: now,
          checked_out_at: null,
          checked_in_by: 'join',
        });
      }
      const saved = (await this.store.participant(code, id!, trx))!;
      await this.store.appendEvents(trx, code, [{ type: 'participant', audience: 'facilitator', body: participantView(saved) }], now);
      return saved;
    });
    this.deps.hub.notify(code);
    return { participant: result, ...(token ? { token } : {}) };
  }

  /** The participant a request speaks for: the signed-in account's, or the guest whose cookie token matches. */
  async participantOf(account: Account | undefined, code: string, guestToken: string | undefined): Promise<ParticipantRow | undefined> {
    if (account) return this.store.participantOfUser(code, account.id);
    return guestToken ? this.store.participantOfToken(code, tokenHash(guestToken)) : undefined;
  }

  /** Saves a phone's answer to the push before the room, while it is open; answering again replaces it. */
  async answer(row: SessionRow, participant: ParticipantRow, pushId: number, selected: string[]): Promise<void> {
    const stored = JSON.parse(row.state) as StoredSession;
    const current = stored.context.current;
    const activity = activityOf(stored);
    if (!current || current.id !== pushId) throw new HttpError(409, 'push_closed', '这道题已经结束，请看讲师现在展示的内容。');
    if (activity !== 'questionOpen' && activity !== 'decisionVoting') {
      throw new HttpError(409, 'push_closed', current.kind === 'question' ? '答案已经公布，不能再作答。' : '投票已经结束。');
    }
    const push = (await this.store.push(row.code, pushId))!;
    const body = JSON.parse(push.body) as PushBody;
    const fits =
      body.kind === 'question'
        ? fitsSelection(body.view.options, body.view.type === 'multiple', selected)
        : fitsSelection(body.view.choices, false, selected);
    if (!fits) throw new HttpError(400, 'invalid_answer', '答案与选项不符。');
    await this.store.saveAnswer(row.code, pushId, participant.id, selected, this.now());
    this.scheduleTally(row.code);
  }

  /**
   * Writes the current push's tally as an event, at most every TALLY_INTERVAL_MS per session in this process, however
   * many answers arrive: the facilitator's chart follows without an event per answer.
   */
  private scheduleTally(code: string): void {
    const entry = this.tallies.get(code) ?? { timer: null, lastRun: 0, last: '' };
    this.tallies.set(code, entry);
    if (entry.timer) return;
    const wait = Math.max(0, entry.lastRun + TALLY_INTERVAL_MS - this.now());
    entry.timer = setTimeout(() => {
      entry.timer = null;
      entry.lastRun = this.now();
      this.writeTally(code, entry).catch((error: unknown) => console.error(`写入课堂 ${code} 的统计失败：`, error));
    }, wait);
  }

  private async writeTally(code: string, entry: { last: string }): Promise<void> {
    const written = await this.store.db.transaction().execute(async (trx) => {
      const row = (await this.store.lockSession(trx, code))!;
      const current = (JSON.parse(row.state) as StoredSession).context.current;
      if (!current) return false;
      const push = (await this.store.push(code, current.id, trx))!;
      const tally = await this.tallyOf(trx, code, push);
      const answered = (await this.store.answers(code, push.id, trx)).map((answer) => answer.participantId).sort();
      const body: LiveTally = { push: push.id, tally, answered };
      const text = JSON.stringify(body);
      if (text === entry.last) return false;
      entry.last = text;
      await this.store.appendEvents(trx, code, [{ type: 'tally', audience: 'facilitator', body }], this.now());
      return true;
    });
    if (written) this.deps.hub.notify(code);
  }

  /** The live tally of the current push (facilitators only), read afresh. */
  private async currentTally(row: SessionRow): Promise<LiveTally | null> {
    const current = (JSON.parse(row.state) as StoredSession).context.current;
    if (!current) return null;
    const push = (await this.store.push(row.code, current.id))!;
    const tally = await this.tallyOf(this.store.db, row.code, push);
    const answered = (await this.store.answers(row.code, push.id)).map((answer) => answer.participantId).sort();
    return { push: push.id, tally, answered };
  }

  /** Checks a participant in or out by hand; refused once the session is closed (its attendance is recorded then). */
  async setAttendance(account: Account, codeInput: string, participantId: string, present: boolean): Promise<ParticipantView> {
    const { row: found } = await this.session(codeInput);
    const view = await this.store.db.transaction().execute(async (trx) => {
      const row = (await this.store.lockSession(trx, found.code))!;
      if (row.status === 'closed') throw new HttpError(409, 'closed', '课堂已经结束，出勤已经记录，不能再修改。');
      const participant = await this.store.participant(row.code, participantId, trx);
      if (!participant) throw new HttpError(404, 'not_found', '名单里没有这个人。');
      const now = this.now();
      await this.store.setPresence(trx, row.code, participantId, present, now);
      const view = participantView((await this.store.participant(row.code, participantId, trx))!);
      await this.store.appendEvents(trx, row.code, [{ type: 'participant', audience: 'facilitator', body: view }], now);
      return view;
    });
    this.deps.hub.notify(found.code);
    await this.deps.accounts.audit(account.id, present ? 'classroom.check-in' : 'classroom.check-out', `${found.code}/${participantId}`);
    return view;
  }

  /**
   * Adds someone who came without a phone and checks them in: an account when `name` is its username, a guest
   * otherwise.
   */
  async addParticipant(account: Account, codeInput: string, name: string): Promise<ParticipantView> {
    const { row: found } = await this.session(codeInput);
    const user = await this.deps.accounts.findByUsername(name.trim());
    const view = await this.store.db.transaction().execute(async (trx) => {
      const row = (await this.store.lockSession(trx, found.code))!;
      if (row.status === 'closed') throw new HttpError(409, 'closed', '课堂已经结束，出勤已经记录，不能再修改。');
      const now = this.now();
      const existing = user && (await this.store.participantOfUser(row.code, user.id, trx));
      let id = existing?.id;
      if (existing) {
        await this.store.setPresence(trx, row.code, existing.id, true, now);
      } else {
        id = randomUUID();
        await this.store.insertParticipant(trx, {
          session_code: row.code,
          id,
          user_id: user?.id ?? null,
          token_hash: null,
          display_name: user?.displayName ?? name.trim(),
          employee_id: user?.employeeId ?? null,
          department: user?.department ?? null,
          joined_at: now,
          present: 1,
          checked_in_at: now,
          checked_out_at: null,
          checked_in_by: 'facilitator',
        });
      }
      const view = participantView((await this.store.participant(row.code, id!, trx))!);
      await this.store.appendEvents(trx, row.code, [{ type: 'participant', audience: 'facilitator', body: view }], now);
      return view;
    });
    this.deps.hub.notify(found.code);
    await this.deps.accounts.audit(account.id, 'classroom.add-participant', `${found.code}/${view.id}`);
    return view;
  }

  /** Everyone on the session's list. */
  async participants(code: string): Promise<ParticipantView[]> {
    return (await this.store.participants(code)).map(participantView);
  }

  /**
   * Writes an `attended` statement, with the server as authority, for every signed-in participant checked in when the
   * session closed, through the statement store so their progress rows are folded. Guests have no account to credit:
   * they stay on the session's list for HR to match. Statement ids are derived from the session and the account, so
   * running this again stores nothing twice.
   */
  async recordAttendance(code: string): Promise<void> {
    const row = await this.store.session(code);
    if (!row || row.status !== 'closed' || row.attendance_recorded_at !== null) return;
    const content = await this.deps.content(row.course_id);
    const closedAt = row.closed_at ?? this.now();
    const authority = serverAuthority(this.deps.publicOrigin) as XapiAgent;
    const storedMs = this.now();
    const records = [];
    for (const participant of await this.store.participants(code)) {
      if (!participant.user_id || participant.present !== 1 || participant.checked_in_at === null) continue;
      const account = await this.deps.accounts.findById(participant.user_id);
      if (!account) continue;
      const factory = createStatementFactory({
        origin: this.deps.publicOrigin,
        actor: actorOf(account, this.deps.publicOrigin),
        registration: await registrationOf(this.store.db, account.id, row.course_id, storedMs),
        contentVersion: content.contentVersion,
        course: { id: content.courseId, title: content.courseTitle },
        now: () => new Date(participant.checked_in_at!),
        uuid: () => nameUuid(`${this.deps.publicOrigin}/classroom/${code}/attended/${account.id}`),
      });
      const statement = factory.sessionAttended({ code, title: row.title });
      const attended = { ...statement, result: { duration: millisecondsToDuration(Math.max(0, closedAt - participant.checked_in_at)) } };
      records.push(recordOf(completeStatement(attended as unknown as XapiStatement, authority, storedMs), storedMs));
    }
    if (records.length > 0) {
      const outcome = await this.deps.statements.insert(records, [], () => true, this.deps.progress.updater(content.model));
      if (!outcome.ok) throw new Error(`attendance statements conflicted with ${outcome.conflict.id}`);
    }
    await this.store.db
      .updateTable('classroom_sessions')
      .set({ attendance_recorded_at: storedMs })
      .where('code', '=', code)
      .where('attendance_recorded_at', 'is', null)
      .execute();
  }

  // ——— afterwards ———

  /** The session's report; a closed session whose attendance was not yet recorded (a crash after closing) is finished first. */
  async report(codeInput: string): Promise<SessionReport> {
    const { row: found, content } = await this.session(codeInput);
    await this.recordAttendance(found.code);
    const row = (await this.store.session(found.code))!;
    const pushes = (await this.store.pushes(row.code)).map((push): ReportPushInput => {
      const body = JSON.parse(push.body) as PushBody;
      const base = { id: push.id, openedAt: push.opened_at, closedAt: push.closed_at };
      if (body.kind === 'question') return { ...base, kind: 'question', lessonTitle: body.lessonTitle, view: body.view, key: body.key };
      const outcome = push.outcome ? (JSON.parse(push.outcome) as DecisionOutcome) : null;
      return { ...base, kind: 'decision', view: body.view, choice: outcome?.choice ?? null, tieBroken: outcome?.tieBroken ?? false };
    });
    const state = await this.publicState(this.store.db, row, content);
    return buildSessionReport({
      code: row.code,
      title: row.title,
      place: row.place,
      startsAt: row.starts_at,
      startedAt: row.started_at,
      closedAt: row.closed_at,
      status: row.status,
      participants: await this.participants(row.code),
      pushes,
      answers: await this.store.allAnswers(row.code),
      debrief: state.play?.debrief ?? null,
    });
  }

  // ——— streams ———

  /** What the facilitator's page starts from: state, list, tally and key, with the event number it is current to. */
  async facilitatorSnapshot(codeInput: string): Promise<{ snapshot: FacilitatorSnapshot; seq: number }> {
    const { row, content } = await this.session(codeInput);
    const state = await this.publicState(this.store.db, row, content);
    const stored = JSON.parse(row.state) as StoredSession;
    let key: QuestionKeyView | null = null;
    if (stored.context.current?.kind === 'question') {
      const push = (await this.store.push(row.code, stored.context.current.id))!;
      key = { push: push.id, key: (JSON.parse(push.body) as QuestionPushBody).key };
    }
    return {
      snapshot: { state, participants: await this.participants(row.code), tally: await this.currentTally(row), key },
      seq: row.last_seq,
    };
  }

  /** A phone's own part: who it joined as and its answer to the current push. */
  async me(row: SessionRow, participant: ParticipantRow): Promise<MeView> {
    const current = (JSON.parse(row.state) as StoredSession).context.current;
    return {
      participant: { id: participant.id, name: participant.display_name, present: participant.present === 1 },
      push: current?.id ?? null,
      answer: current ? await this.store.myAnswer(row.code, current.id, participant.id) : null,
    };
  }

  /**
   * How a stream begins: after Last-Event-ID, the events it missed (if they are not too many); otherwise a snapshot.
   * A phone's stream also starts with its own part (`me`), so a reconnected phone shows the answer it gave.
   */
  async streamStart(codeInput: string, audience: 'facilitator' | 'learner', lastEventId: number | null, participant?: ParticipantRow): Promise<StreamStart> {
    const { row, content } = await this.session(codeInput);
    const messages: StreamMessage[] = [];
    if (participant) messages.push({ event: 'me', data: JSON.stringify(await this.me(row, participant)) });
    if (lastEventId !== null && lastEventId <= row.last_seq && row.last_seq - lastEventId <= REPLAY_LIMIT) {
      const audiences = audience === 'facilitator' ? ['all', 'facilitator'] : ['all'];
      const missed = await this.store.eventsAfter(row.code, lastEventId, REPLAY_LIMIT);
      for (const event of missed) {
        if (audiences.includes(event.audience)) messages.push({ id: event.seq, event: event.type, data: event.body });
      }
      return { messages, cursor: missed.at(-1)?.seq ?? lastEventId };
    }
    if (audience === 'facilitator') {
      const { snapshot, seq } = await this.facilitatorSnapshot(row.code);
      messages.push({ id: seq, event: 'snapshot', data: JSON.stringify(snapshot) });
      return { messages, cursor: seq };
    }
    const state = await this.publicState(this.store.db, row, content);
    messages.push({ id: row.last_seq, event: 'snapshot', data: JSON.stringify({ state }) });
    return { messages, cursor: row.last_seq };
  }
}

/** The lesson ids a session teaches, in course order. */
export function lessonsOf(row: Pick<SessionRow, 'lessons'>): string[] {
  return JSON.parse(row.lessons) as string[];
}

/** A participant as the attendance list shows them. */
export function participantView(row: ParticipantRow): ParticipantView {
  return {
    id: row.id,
    name: row.display_name,
    kind: row.user_id ? 'account' : 'guest',
    employeeId: row.employee_id,
    department: row.department,
    joinedAt: row.joined_at,
    present: row.present === 1,
    checkedInAt: row.checked_in_at,
    checkedOutAt: row.checked_out_at,
  };
}

/** A name-based UUID (version 5, RFC 4122) in the URL namespace: the same name always gives the same id. */
function nameUuid(name: string): string {
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const bytes = createHash('sha1').update(namespace).update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Why a command cannot be taken now, in the facilitator's words. */
function refusalOf(type: FacilitatorCommand['type'], stored: StoredSession, row: SessionRow): string {
  const status = statusOf(stored);
  if (status === 'closed') return '课堂已经结束。';
  switch (type) {
    case 'session.open':
      return '课堂已经开放过了。';
    case 'session.start':
      return status === 'draft' ? '请先开放课堂，让学员加入。' : '课堂已经开始了。';
    case 'question.push':
    case 'roleplay.start':
    case 'decision.push':
      return status === 'running' ? '情景演练已经结束，可以重新开始一次。' : '请先点“开始上课”。';
    case 'question.reveal':
      return '现在没有待公布答案的题目。';
    case 'decision.resolve':
      return activityOf(stored) === 'decisionVoting' ? '票数相同：请讲师在并列最多的选项中选定一个。' : '现在没有进行中的投票。';
    default:
      return `课堂 ${row.code} 现在不能这样操作。`;
  }
}
