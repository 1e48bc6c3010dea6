import type { LiveDecisionView, PlayDebrief } from './class-play.ts';
import type { ExportCell } from '../hr/spreadsheet.ts';
import { isCorrectSelection, optionLetter, type LiveQuestionKey, type LiveQuestionView } from './live-question.ts';
import type { ParticipantView } from './live-wire.ts';
import { countAnswers, percentOf, type Tally } from './votes.ts';

/** A push as the report reads it from the session's records. */
export type ReportPushInput = {
  id: number;
  openedAt: number;
  closedAt: number | null;
} & (
  | { kind: 'question'; lessonTitle: string; view: LiveQuestionView; key: LiveQuestionKey }
  | { kind: 'decision'; view: LiveDecisionView; choice: string | null; tieBroken: boolean }
);

export interface ReportInput {
  code: string;
  title: string;
  place: string;
  startsAt: number;
  startedAt: number | null;
  closedAt: number | null;
  status: string;
  participants: ParticipantView[];
  pushes: ReportPushInput[];
  answers: { pushId: number; participantId: string; selected: string[]; answeredAt: number }[];
  /** The debrief of the class's last role-play, once it reached an ending. */
  debrief: PlayDebrief | null;
}

export interface ReportPerson extends ParticipantView {
  /** Questions and votes this person answered. */
  answered: number;
  /** Questions this person answered correctly. */
  correct: number;
}

export interface ReportQuestion {
  id: number;
  kind: 'question';
  lessonTitle: string;
  prompt: string;
  tally: Tally;
  /** The correct options' letters in display order (A, C). */
  correctLetters: string[];
  correctCount: number;
  openMs: number | null;
  /** The median time from the push to an answer. */
  medianAnswerMs: number | null;
}

export interface ReportDecision {
  id: number;
  kind: 'decision';
  scenarioTitle: string;
  line: string;
  tally: Tally;
  /** The reply the class chose (null when the vote was left open). */
  chosen: string | null;
  tieBroken: boolean;
  openMs: number | null;
  medianAnswerMs: number | null;
}

export interface SessionReport {
  code: string;
  title: string;
  place: string;
  startsAt: number;
  startedAt: number | null;
  closedAt: number | null;
  status: string;
  /** From the start of the class to its close. */
  durationMs: number | null;
  people: ReportPerson[];
  presentCount: number;
  items: (ReportQuestion | ReportDecision)[];
  debrief: PlayDebrief | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** Builds a session's report: who attended and answered, each push with its answers and timings, and the class's role-play. */
export function buildSessionReport(input: ReportInput): SessionReport {
  const byPush = new Map<number, ReportInput['answers']>();
  for (const answer of input.answers) byPush.set(answer.pushId, [...(byPush.get(answer.pushId) ?? []), answer]);
  const answered = new Map<string, number>();
  const correct = new Map<string, number>();
  const items = input.pushes.map((push): ReportQuestion | ReportDecision => {
    const answers = byPush.get(push.id) ?? [];
    for (const answer of answers) answered.set(answer.participantId, (answered.get(answer.participantId) ?? 0) + 1);
    const openMs = push.closedAt === null ? null : push.closedAt - push.openedAt;
    const medianAnswerMs = median(answers.map((answer) => Math.max(0, answer.answeredAt - push.openedAt)));
    if (push.kind === 'question') {
      const options = push.view.options.map((option) => ({ id: option.id, label: option.text }));
      const right = answers.filter((answer) => isCorrectSelection(push.key, answer.selected));
      for (const answer of right) correct.set(answer.participantId, (correct.get(answer.participantId) ?? 0) + 1);
      return {
        id: push.id,
        kind: 'question',
        lessonTitle: push.lessonTitle,
        prompt: push.view.prompt,
        tally: countAnswers(options, answers.map((answer) => answer.selected)),
        correctLetters: push.view.options.flatMap((option, i) => (push.key.correct.includes(option.id) ? [optionLetter(i)] : [])),
        correctCount: right.length,
        openMs,
        medianAnswerMs,
      };
    }
    const options = push.view.choices.map((choice) => ({ id: choice.id, label: choice.text }));
    return {
      id: push.id,
      kind: 'decision',
      scenarioTitle: push.view.scenarioTitle,
      line: push.view.line,
      tally: countAnswers(options, answers.map((answer) => answer.selected)),
      chosen: push.choice === null ? null : (options.find((option) => option.id === push.choice)?.label ?? null),
      tieBroken: push.tieBroken,
      openMs,
      medianAnswerMs,
    };
  });
  const people = input.participants.map((person) => ({ ...person, answered: answered.get(person.id) ?? 0, correct: correct.get(person.id) ?? 0 }));
  return {
    code: input.code,
    title: input.title,
    place: input.place,
    startsAt: input.startsAt,
    startedAt: input.startedAt,
    closedAt: input.closedAt,
    status: input.status,
    durationMs: input.startedAt !== null && input.closedAt !== null ? input.closedAt - input.startedAt : null,
    people,
    presentCount: people.filter((person) => person.present).length,
    items,
    debrief: input.debrief,
  };
}

/** Formats milliseconds as minutes and seconds, e.g. 12 分 5 秒. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)} 分 ${seconds % 60} 秒` : `${seconds} 秒`;
}

/** Formats an instant in China time, e.g. 2026-12-01 09:30. */
export function formatChinaTime(ms: number | null): string {
  if (ms === null) return '—';
  const shifted = new Date(ms + 8 * 60 * 60 * 1000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/**
 * The report as spreadsheet rows: the session, then its attendance list, then every question and vote with its
 * counts, then the class's role-play route beside the best one. Sections are separated by an empty row.
 */
export function reportRows(report: SessionReport): ExportCell[][] {
  const rows: ExportCell[][] = [
    ['课堂', report.title],
    ['加入码', report.code],
    ['地点', report.place],
    ['计划开始', formatChinaTime(report.startsAt)],
    ['实际开始', formatChinaTime(report.startedAt)],
    ['结束', formatChinaTime(report.closedAt)],
    ['时长（分钟）', report.durationMs === null ? null : Math.round(report.durationMs / 60_000)],
    [],
    ['姓名', '身份', '工号', '部门', '出勤', '签到时间', '签退时间', '作答数', '答对数'],
    ...report.people.map((person) => [
      person.name,
      person.kind === 'account' ? '账号' : '访客',
      person.employeeId,
      person.department,
      person.present ? '出席' : '离开',
      formatChinaTime(person.checkedInAt),
      formatChinaTime(person.checkedOutAt),
      person.answered,
      person.correct,
    ]),
    [],
    ['序号', '类型', '内容', '选项', '人数', '占比（%）', '正确答案 / 全班选择', '作答人数', '用时（秒）', '作答用时中位数（秒）'],
  ];
  for (const item of report.items) {
    const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
    item.tally.options.forEach((option, i) => {
      const first = i === 0;
      const mark =
        item.kind === 'question'
          ? item.correctLetters.includes(optionLetter(i))
            ? '正确答案'
            : null
          : item.chosen === option.label
            ? item.tieBroken
              ? '全班选择（讲师裁决平票）'
              : '全班选择'
            : null;
      rows.push([
        first ? item.id : null,
        first ? (item.kind === 'question' ? '练习题' : '演练投票') : null,
        first ? (item.kind === 'question' ? item.prompt : `${item.scenarioTitle}：${item.line}`) : null,
        `${optionLetter(i)}. ${option.label}`,
        option.count,
        percentOf(option.count, item.tally.total),
        mark,
        first ? item.tally.total : null,
        first ? seconds(item.openMs) : null,
        first ? seconds(item.medianAnswerMs) : null,
      ]);
    });
  }
  if (report.debrief) {
    const { classRoute, bestRoute, scenarioTitle } = report.debrief;
    rows.push([], ['情景演练', scenarioTitle], ['步骤', '全班的选择', '最佳路线的选择']);
    const steps = Math.max(classRoute.steps.length, bestRoute.steps.length);
    for (let i = 0; i < steps; i++) rows.push([i + 1, classRoute.steps[i]?.reply ?? null, bestRoute.steps[i]?.reply ?? null]);
    rows.push(['结局', classRoute.ending?.title ?? null, bestRoute.ending?.title ?? null], ['总分', classRoute.score, bestRoute.score]);
  }
  return rows;
}
