import { useEffect, useState, type ReactNode } from 'react';
import { IslandErrorBoundary } from '../IslandErrorBoundary';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CourseContext } from '../../core/course/course-context';
import { reduceProgress, type ProgressReport, type Requirement } from '../../core/progress/progress-reducer';
import type { Statement } from '../../core/statements/xapi';
import type { AppDb, LearnerProfile } from '../../client/app-db';
import { readCourseContext } from '../../client/course-context';
import { readStatements } from '../../client/learning-record';
import { deviceDb } from '../../client/learner-session';
import { useUiText } from '../../client/use-ui-language';
import type { UiKey, UiValues } from '../../i18n/ui';

type Translate = (key: UiKey, values?: UiValues) => string;

interface Props {
  context: CourseContext;
}

/** 我的学习报告: the learner's own completion report, computed from the device log by the shared reducer. */
export default function LearnerReport() {
  const text = useUiText();
  const context = readCourseContext();
  return (
    <IslandErrorBoundary message={text('report.error')}>
      {context ? <ReportFromDevice context={context} text={text} /> : <p role="alert">{text('report.error')}</p>}
    </IslandErrorBoundary>
  );
}

function ReportFromDevice({ context, text }: Props & { text: Translate }) {
  const [db, setDb] = useState<AppDb>();
  const [failure, setFailure] = useState<Error>();
  useEffect(() => {
    deviceDb().then(setDb, setFailure);
  }, []);
  if (failure) throw failure;
  const data = useLiveQuery(
    async () => (db ? { statements: await readStatements(db), profile: await db.profile.get('learner') } : undefined),
    [db],
  );
  if (!data) return <p role="status">{text('report.loading')}</p>;
  return <Report context={context} text={text} statements={data.statements} profile={data.profile} />;
}

function Report({
  context,
  text,
  statements,
  profile,
}: Props & { text: Translate; statements: Statement[]; profile: LearnerProfile | undefined }) {
  const courseHome = `/courses/${context.courseId}/`;
  const lessonHref = (id: string) => `${courseHome}${id}/`;
  if (statements.length === 0) {
    return (
      <div className="card">
        <p>{text('report.empty')}</p>
        <a className="button" href={lessonHref(context.model.lessons[0]!.id)}>
          {text('report.startLearning')}
        </a>
      </div>
    );
  }
  const report = reduceProgress(context.model, statements);
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  return (
    <>
      <p className="meta">{profile?.account ? profile.account.displayName ?? profile.account.name : text('report.anonymous')}</p>
      <dl className="report-summary">
        <div className="card">
          <dt>{text('report.overall')}</dt>
          <dd>
            <progress max={100} value={Math.round(report.share * 100)} aria-label={text('report.overall')} />{' '}
            <strong data-report-overall>{percent(report.share)}</strong>
          </dd>
        </div>
        <div className="card">
          <dt>{text('report.status')}</dt>
          <dd data-report-status>{text(report.complete ? 'report.statusComplete' : 'report.statusInProgress')}</dd>
        </div>
        <div className="card">
          <dt>{text('report.timeSpent')}</dt>
          <dd>{formatDuration(report.activeMs, text)}</dd>
        </div>
        <div className="card">
          <dt>{text('report.lastActivity')}</dt>
          <dd>{report.lastActivityAt ? formatDate(report.lastActivityAt) : '—'}</dd>
        </div>
      </dl>

      <section aria-labelledby="remaining-heading">
        <h2 id="remaining-heading">{text('report.remainingTitle')}</h2>
        <Remaining report={report} context={context} text={text} lessonHref={lessonHref} />
      </section>

      <section aria-labelledby="lessons-heading">
        <h2 id="lessons-heading">{text('report.lessons')}</h2>
        <ReportTable
          marker="data-report-lessons"
          headers={[text('report.col.lesson'), text('report.col.status'), text('report.col.progress'), text('report.col.completedAt')]}
          rows={report.lessons.map((lesson) => ({
            key: lesson.id,
            title: <a href={lessonHref(lesson.id)}>{lesson.title}</a>,
            cells: [
              text(
                lesson.status === 'completed'
                  ? 'course.lessonDone'
                  : lesson.status === 'in-progress'
                    ? 'report.statusInProgress'
                    : 'course.lessonNotStarted',
              ),
              percent(lesson.share),
              lesson.completedAt ? formatDate(lesson.completedAt) : '—',
            ],
          }))}
        />
      </section>

      {report.quizzes.length > 0 && (
        <section aria-labelledby="quizzes-heading">
          <h2 id="quizzes-heading">{text('report.quizzes')}</h2>
          <ReportTable
            headers={[text('report.col.quiz'), text('report.col.attempts'), text('report.col.best'), text('report.col.passed')]}
            rows={report.quizzes.map((quiz) => ({
              key: quiz.id,
              title: <a href={lessonHref(quiz.lessonId)}>{quiz.title}</a>,
              cells: [
                quiz.attempts,
                quiz.bestScaled === null ? '—' : percent(quiz.bestScaled),
                quiz.attempts ? text(quiz.passed ? 'report.passed' : 'report.notPassed') : '—',
              ],
            }))}
          />
        </section>
      )}

      {report.scenarios.length > 0 && (
        <section aria-labelledby="scenarios-heading">
          <h2 id="scenarios-heading">{text('report.scenarios')}</h2>
          <ReportTable
            headers={[text('report.col.scenario'), text('report.col.attempts'), text('report.col.endings'), text('report.col.rating')]}
            rows={report.scenarios.map((scenario) => ({
              key: scenario.id,
              title: <a href={`${courseHome}scenarios/${scenario.id}/`}>{scenario.title}</a>,
              cells: [
                scenario.attempts,
                scenario.endings.length,
                scenario.bestRating ? text(`report.rating.${scenario.bestRating}`) : '—',
              ],
            }))}
          />
        </section>
      )}

      <section aria-labelledby="assessment-heading">
        <h2 id="assessment-heading">{text('report.assessment')}</h2>
        <p>
          {report.assessment.attempts === 0
            ? text('report.assessmentNone')
            : `${text('report.assessmentSummary', {
                attempts: report.assessment.attempts,
                best: Math.round((report.assessment.bestScaled ?? 0) * 100),
              })} · ${text(report.assessment.passed ? 'report.passed' : 'report.notPassed')}`}
        </p>
      </section>

      <section aria-labelledby="download-heading" className="card">
        <h2 id="download-heading" className="visually-hidden">
          {text('report.download')}
        </h2>
        <button type="button" className="button" onClick={() => downloadStatements(statements)}>
          {text('report.download')}
        </button>
        <p className="meta">{text('report.downloadHint', { n: report.statementCount })}</p>
      </section>
    </>
  );
}

/** A table whose first column names each row (a lesson, quiz or role-play) and the rest describe it. */
function ReportTable({
  headers,
  rows,
  marker,
}: {
  headers: string[];
  rows: { key: string; title: ReactNode; cells: ReactNode[] }[];
  marker?: string;
}) {
  return (
    <table {...(marker ? { [marker]: '' } : {})}>
      <thead>
        <tr>
          {headers.map((header) => (
            <th scope="col" key={header}>
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.title}</th>
            {row.cells.map((cell, i) => (
              <td key={i}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Remaining({
  report,
  context,
  text,
  lessonHref,
}: {
  report: ProgressReport;
  context: CourseContext;
  text: Translate;
  lessonHref: (id: string) => string;
}) {
  const remaining = report.requirements.filter((requirement) => !requirement.met);
  if (remaining.length === 0) return <p>{text('report.remainingNone')}</p>;
  const label = (requirement: Requirement) =>
    requirement.kind === 'assessment'
      ? text('report.requirement.assessment', { passMark: Math.round(context.model.finalAssessment.passMark * 100) })
      : text(`report.requirement.${requirement.kind}`, { title: requirement.title });
  const href = (requirement: Requirement) =>
    requirement.kind === 'lesson'
      ? lessonHref(requirement.id)
      : requirement.kind === 'quiz'
        ? lessonHref(context.model.quizzes.find((quiz) => quiz.id === requirement.id)?.lessonId ?? '')
        : requirement.kind === 'scenario'
          ? `/courses/${context.courseId}/scenarios/${requirement.id}/`
          : undefined;
  return (
    <ul data-report-remaining>
      {remaining.map((requirement) => {
        const target = href(requirement);
        return <li key={`${requirement.kind}:${requirement.id}`}>{target ? <a href={target}>{label(requirement)}</a> : label(requirement)}</li>;
      })}
    </ul>
  );
}

function formatDuration(ms: number, text: Translate): string {
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours ? text('report.hoursMinutes', { h: hours, m: minutes % 60 }) : text('report.minutesOnly', { m: minutes });
}

function formatDate(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Saves the raw statements as a JSON file: the learner's data is theirs. */
function downloadStatements(statements: Statement[]): void {
  const blob = new Blob([JSON.stringify(statements, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `学习记录-${new Date().toISOString().slice(0, 10)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
