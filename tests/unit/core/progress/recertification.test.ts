import { describe, expect, test } from 'vitest';
import { applyStatements, initProgress, viewProgress } from '../../../../src/core/progress/progress-fold.ts';
import { buildProgressModel, type ProgressModel } from '../../../../src/core/progress/progress-model.ts';
import type { Statement } from '../../../../src/core/statements/xapi.ts';
import { CourseSchema } from '../../../../src/core/course/schemas/course.ts';
import { asServer, testStatementFactory } from '../../../support/statements.ts';

const model: ProgressModel = buildProgressModel(
  CourseSchema.parse({
    id: 'icrm',
    title: '内部客户关系管理培训',
    summary: '课程简介',
    audience: ['员工'],
    objectives: ['目标'],
    modules: [{ id: 'm1', title: '模块一', summary: '简介', lessons: ['l1'] }],
    completion: {
      lessons: 'all',
      practiceQuizzes: 'all',
      scenarios: 'all',
      finalAssessment: { bank: 'final-assessment', questions: 20, passMark: 0.8, attempts: 3, timeLimitMinutes: 40 },
      classroomAttendance: 'optional',
    },
    certificate: { validityMonths: 24 },
  }),
  [{ id: 'l1', title: '第一课', module: 'm1', order: 1, minutes: 10, summary: '简介', objectives: ['目标'], keyTerms: [] }] as never,
);

const learner = (when: string) => testStatementFactory({ now: () => new Date(when) });
const lessonDone = (when: string) => learner(when).lessonCompleted({ id: 'l1', title: '第一课' }, 60_000);
const finalResult = (when: string, raw: number) =>
  asServer(learner(when).quizFinished({ id: 'final-assessment', title: '结业测验' }, { passed: raw >= 16, raw, max: 20, activeMs: 60_000 }));
const reportAt = (statements: Statement[], now: string) => viewProgress(model, applyStatements(model, initProgress(model), statements), new Date(now));

describe('recertification in viewProgress', () => {
  const first = [lessonDone('2026-01-10T08:00:00Z'), finalResult('2026-01-12T08:00:00Z', 19)];

  test('keeps the first period while its certificate is valid, with nothing to recertify from', () => {
    const report = reportAt(first, '2027-06-01T00:00:00Z');
    expect(report).toMatchObject({ status: 'completed', completedAt: '2026-01-12T08:00:00.000Z', certificateExpiresAt: '2028-01-12T08:00:00.000Z' });
    expect(report).not.toHaveProperty('recertificationFrom');
  });

  test('says expired after the validity, and that recertification counts from the expiry', () => {
    expect(reportAt(first, '2028-01-12T08:00:00Z')).toMatchObject({
      status: 'expired',
      completedAt: '2026-01-12T08:00:00.000Z',
      recertificationFrom: '2028-01-12T08:00:00.000Z',
    });
  });

  test('begins a new period when the final assessment is passed again after the expiry, even with a lower score', () => {
    const renewed = [...first, finalResult('2028-03-01T09:00:00Z', 15), finalResult('2028-03-02T09:00:00Z', 17)];
    expect(reportAt(renewed, '2028-04-01T00:00:00Z')).toMatchObject({
      status: 'completed',
      completedAt: '2028-03-02T09:00:00.000Z',
      certificateExpiresAt: '2030-03-02T09:00:00.000Z',
      recertificationFrom: '2028-01-12T08:00:00.000Z',
    });
  });

  test('does not count a pass made while the certificate was still valid as a recertification', () => {
    const early = [...first, finalResult('2027-12-01T09:00:00Z', 20)];
    expect(reportAt(early, '2028-02-01T00:00:00Z')).toMatchObject({ status: 'expired', completedAt: '2026-01-12T08:00:00.000Z' });
  });

  test('follows period after period, whatever order the results arrive in', () => {
    const all = [...first, finalResult('2028-02-01T00:00:00Z', 18), finalResult('2030-03-01T00:00:00Z', 20)];
    for (const order of [all, [...all].reverse()]) {
      expect(reportAt(order, '2030-06-01T00:00:00Z')).toMatchObject({
        status: 'completed',
        completedAt: '2030-03-01T00:00:00.000Z',
        recertificationFrom: '2030-02-01T00:00:00.000Z',
      });
    }
  });
});
