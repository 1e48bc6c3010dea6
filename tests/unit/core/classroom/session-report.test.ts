import { describe, expect, test } from 'vitest';
import { buildSessionReport, formatChinaTime, reportRows, type ReportInput } from '../../../../src/core/classroom/session-report.ts';
import type { ParticipantView } from '../../../../src/core/classroom/live-wire.ts';
import { CSV_BOM, csvLines } from '../../../../src/core/hr/spreadsheet.ts';

const person = (id: string, name: string, present = true): ParticipantView => ({
  id,
  name,
  kind: id === 'p1' ? 'account' : 'guest',
  employeeId: null,
  department: null,
  joinedAt: 1000,
  present,
  checkedInAt: 1000,
  checkedOutAt: present ? null : 5000,
});

const input: ReportInput = {
  code: 'ABC234',
  title: '共同目标',
  place: '三楼培训室',
  startsAt: Date.UTC(2026, 11, 1, 1, 30),
  startedAt: 0,
  closedAt: 45 * 60_000,
  status: 'closed',
  participants: [person('p1', '李娜'), person('p2', '=HYPERLINK("x")'), person('p3', '王五', false)],
  pushes: [
    {
      id: 1,
      kind: 'question',
      openedAt: 10_000,
      closedAt: 70_000,
      lessonTitle: '共同目标',
      view: { id: 'q', type: 'single', prompt: '哪个对？', options: [{ id: 'b', text: '乙' }, { id: 'a', text: '甲' }] },
      key: { correct: ['a'], explanation: '解析' },
    },
    {
      id: 2,
      kind: 'decision',
      openedAt: 100_000,
      closedAt: 130_000,
      view: {
        scenarioId: 's',
        scenarioTitle: '对账',
        node: 'start',
        line: '有什么事？',
        player: { name: '小周', department: '销售部', role: '客户经理' },
        choices: [{ id: 'x', text: '先问清楚' }, { id: 'y', text: '直接催' }],
      },
      choice: 'x',
      tieBroken: true,
    },
  ],
  answers: [
    { pushId: 1, participantId: 'p1', selected: ['a'], answeredAt: 20_000 },
    { pushId: 1, participantId: 'p2', selected: ['b'], answeredAt: 40_000 },
    { pushId: 2, participantId: 'p1', selected: ['x'], answeredAt: 110_000 },
    { pushId: 2, participantId: 'p2', selected: ['y'], answeredAt: 120_000 },
  ],
  debrief: null,
};

describe('buildSessionReport', () => {
  const report = buildSessionReport(input);

  test('counts attendance and each person’s answers and right answers', () => {
    expect(report.presentCount).toBe(2);
    expect(report.people.map(({ name, answered, correct }) => [name, answered, correct])).toEqual([
      ['李娜', 2, 1],
      ['=HYPERLINK("x")', 2, 0],
      ['王五', 0, 0],
    ]);
  });

  test('gives each question its counts, key letters and timings, and each vote the choice taken', () => {
    expect(report.durationMs).toBe(45 * 60_000);
    expect(report.items[0]).toMatchObject({ kind: 'question', correctLetters: ['B'], correctCount: 1, openMs: 60_000, medianAnswerMs: 20_000 });
    expect(report.items[0]!.tally.options.map((option) => option.count)).toEqual([1, 1]);
    expect(report.items[1]).toMatchObject({ kind: 'decision', chosen: '先问清楚', tieBroken: true, openMs: 30_000, medianAnswerMs: 15_000 });
  });

  test('exports rows that name the key and the class’s choice, and neutralise a name that would be a formula', () => {
    const csv = CSV_BOM + csvLines(reportRows(report));
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv).toContain('\'=HYPERLINK(""x"")');
    expect(csv).toContain('1,练习题,哪个对？,A. 乙,1,50,,2,60,20\r\n,,,B. 甲,1,50,正确答案,,,\r\n');
    expect(csv).toContain('A. 先问清楚,1,50,全班选择（讲师裁决平票）');
    expect(csv).toContain(`计划开始,${formatChinaTime(input.startsAt)}`);
  });
});

describe('formatChinaTime', () => {
  test('formats China time', () => {
    expect(formatChinaTime(Date.UTC(2026, 11, 1, 1, 30))).toBe('2026-12-01 09:30');
  });
});
