import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { IslandErrorBoundary } from '../IslandErrorBoundary';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CourseContext } from '../../core/course/course-context';
import { reduceProgress, type ProgressReport, type Requirement } from '../../core/progress/progress-reducer';
import type { Statement } from '../../core/statements/xapi';
import { profileActorKey, type AppDb, type LearnerProfile, type StoredStatement } from '../../client/app-db';
import { readCourseContext } from '../../client/course-context';
import { readMeta, readStatements } from '../../client/learning-record';
import { deviceDb } from '../../client/learner-session';
import { fetchMyReport, type LearnerReport as ServerBody, type ServerReport } from '../../client/report-api';
import { lastSyncKey, outboxCounts, refusalOf } from '../../client/sync/outbox';
import { addPageStrings } from '../../client/ui-text';
import { useUiText } from '../../client/use-ui-language';
import type { UiKey, UiValues } from '../../i18n/ui';

type Translate = (key: UiKey, values?: UiValues) => string;

interface Props {
  /** The page's own Chinese strings (report.*), which the dictionary every page ships leaves out. */
  strings: Partial<Record<UiKey, string>>;
}

/**
 * 我的学习报告. Signed in, the figures are the server's (its progress row, folded by the same reducer, as HR sees
 * them) with the device's sync state beside them; signed out, offline or when the server cannot answer, they are
 * computed from the device log and the page says so.
 */
export default function LearnerReport({ strings }: Props) {
  addPageStrings(strings);
  const text = useUiText();
  const context = readCourseContext();
  return (
    <IslandErrorBoundary message={text('report.error')}>
      {context ? <ReportPage context={context} text={text} /> : <p role="alert">{text('report.error')}</p>}
    </IslandErrorBoundary>
  );
}

/** What the device holds for its current learner. */
interface DeviceRecord {
  statements: Statement[];
  profile: LearnerProfile | undefined;
  pending: number;
  rejected: StoredStatement[];
  lastSyncedAt: number | undefined;
}

async function readDeviceRecord(db: AppDb): Promise<DeviceRecord> {
  const profile = await db.profile.get('learner');
  if (!profile) return { statements: await readStatements(db), profile, pending: 0, rejected: [], lastSyncedAt: undefined };
  const actorKey = profileActorKey(profile);
  const { pending, rejected } = await outboxCounts(db, actorKey);
  return {
    statements: await readStatements(db, actorKey),
    profile,
    pending,
    rejected: rejected.sort((a, b) => a.recordedAt - b.recordedAt),
    lastSyncedAt: profile.account ? await readMeta<number>(db, lastSyncKey(profile.account.name)) : undefined,
  };
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}

type ServerState = { kind: 'loading' } | { kind: 'offline' } | ServerReport;

/**
 * Asks the server for the report when the page opens, when the browser comes online and after every sync this
 * device finishes (its time is kept in the device's meta), keeping the last answer on screen while the next loads.
 */
function useServerReport(online: boolean, syncedAt: number | undefined): { server: ServerState; busy: boolean; retry: () => void } {
  const [server, setServer] = useState<ServerState>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!online) {
      setServer({ kind: 'offline' });
      return undefined;
    }
    const controller = new AbortController();
    setBusy(true);
    fetchMyReport(controller.signal).then((answer) => {
      if (controller.signal.aborted) return;
      setServer(answer);
      setBusy(false);
    });
    return () => controller.abort();
  }, [online, syncedAt, attempt]);
  const retry = useCallback(() => {
    setServer({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  return { server, busy, retry };
}

function ReportPage({ context, text }: { context: CourseContext; text: Translate }) {
  const [db, setDb] = useState<AppDb>();
  const [failure, setFailure] = useState<Error>();
  useEffect(() => {
    deviceDb().then(setDb, setFailure);
  }, []);
  if (failure) throw failure;
  const device = useLiveQuery(async () => (db ? readDeviceRecord(db) : undefined), [db]);
  const online = useOnline();
  const { server, busy, retry } = useServerReport(online, device?.lastSyncedAt);

  if (!device || server.kind === 'loading') {
    return <p role="status">{text(device ? 'report.loadingServer' : 'report.loading')}</p>;
  }
  const body = server.kind === 'ready' ? server.body : undefined;
  const report = body?.report ?? reduceProgress(context.model, device.statements);
  const account = device.profile?.account;
  // The server's word on who is signed in wins; offline or unanswered, the profile says whom the device syncs for.
  const showSync = server.kind === 'ready' || (server.kind !== 'signed-out' && account !== undefined);
  const empty = report.statementCount === 0 && device.statements.length === 0;
  const syncPanel = showSync && <SyncPanel device={device} body={body} online={online} text={text} />;

  return (
    <div data-report data-report-source={body ? 'server' : 'device'} aria-busy={busy}>
      <SourceNote server={server} device={device} text={text} onRetry={retry} />
      {empty ? (
        <>
          <div className="card">
            <p>{text('report.empty')}</p>
            <a className="button" href={`/courses/${context.courseId}/${context.model.lessons[0]!.id}/`}>
              {text('report.startLearning')}
            </a>
          </div>
          {syncPanel}
        </>
      ) : (
        <Figures report={report} context={context} text={text}>
          {syncPanel}
        </Figures>
      )}
      {device.statements.length > 0 && (
        <section aria-labelledby="download-heading" className="card">
          <h2 id="download-heading" className="visually-hidden">
            {text('report.download')}
          </h2>
          <button type="button" className="button" onClick={() => downloadStatements(device.statements)}>
            {text('report.download')}
          </button>
          <p className="meta">{text('report.downloadHint', { n: device.statements.length })}</p>
        </section>
      )}
    </div>
  );
}

/** Says where the figures come from: the server (as HR sees them) or this device only, and why. */
function SourceNote({
  server,
  device,
  text,
  onRetry,
}: {
  server: Exclude<ServerState, { kind: 'loading' }>;
  device: DeviceRecord;
  text: Translate;
  onRetry: () => void;
}) {
  if (server.kind === 'ready') {
    return (
      <p className="report-source" data-report-note>
        {text('report.source.server', { time: formatDate(server.body.asOf) })}
        {device.pending > 0 && ` ${text('report.source.serverPending', { n: device.pending })}`}
      </p>
    );
  }
  if (server.kind === 'offline' && device.profile?.account) {
    return (
      <p className="report-source" data-report-note>
        {text('report.source.offline')}
      </p>
    );
  }
  if (server.kind === 'failed') {
    const reason = server.status === undefined ? text('report.failed.network') : text('report.failed.status', { status: server.status });
    return (
      <p className="report-source" role="alert" data-report-note>
        {text('report.source.failed', { reason })}{' '}
        <button type="button" className="report-retry" onClick={onRetry}>
          {text('report.retry')}
        </button>
      </p>
    );
  }
  return (
    <p className="report-source" data-report-note>
      {text('report.source.device')} <a href={`/signin/?next=${encodeURIComponent('/report/')}`}>{text('report.source.signin')}</a>
    </p>
  );
}

/** The device's sync state: the account, the last sync, what waits to be sent and what the server refused, and why. */
function SyncPanel({ device, body, online, text }: { device: DeviceRecord; body: ServerBody | undefined; online: boolean; text: Translate }) {
  const account = device.profile?.account;
  return (
    <section aria-labelledby="sync-heading" className="card report-sync" data-report-sync>
      <h2 id="sync-heading">{text('report.sync.title')}</h2>
      <dl>
        {account && (
          <div>
            <dt>{text('report.sync.account')}</dt>
            <dd>{account.displayName ?? account.name}</dd>
          </div>
        )}
        <div>
          <dt>{text('report.sync.last')}</dt>
          <dd data-report-last-sync>{device.lastSyncedAt ? formatDate(new Date(device.lastSyncedAt).toISOString()) : text('report.sync.never')}</dd>
        </div>
        <div>
          <dt>{text('report.sync.waiting')}</dt>
          <dd data-report-pending>{device.pending > 0 ? text('report.sync.pending', { n: device.pending }) : text('report.sync.allSynced')}</dd>
        </div>
        {body && (
          <div>
            <dt>{text('report.sync.records')}</dt>
            <dd data-report-counts>{text('report.sync.counts', { server: body.statementsOnServer, device: device.statements.length })}</dd>
          </div>
        )}
      </dl>
      {!online && <p data-report-offline>{text('report.sync.offline')}</p>}
      {device.rejected.length > 0 && <Rejected rows={device.rejected} text={text} />}
    </section>
  );
}

function Rejected({ rows, text }: { rows: StoredStatement[]; text: Translate }) {
  return (
    <>
      <h3>{text('report.rejected.title', { n: rows.length })}</h3>
      <p>{text('report.rejected.intro')}</p>
      <ul data-report-rejected>
        {rows.map((row) => (
          <li key={row.id}>
            <strong>{describeStatement(row.statement)}</strong>
            <span className="meta"> · {text('report.rejected.recordedAt', { time: formatDate(new Date(row.recordedAt).toISOString()) })}</span>
            <br />
            {text(`report.refusal.${refusalOf(row.rejection)}`)}
            {row.rejection?.message && (
              <span className="meta report-sync__server-said">
                {' '}
                {text('report.rejected.serverSaid')} <span lang="en">{row.rejection.message}</span>
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Names what a statement says in the learner's words: its verb's and activity's Chinese display names. */
function describeStatement(statement: Statement): string {
  const verb = statement.verb.display?.['zh-CN'] ?? statement.verb.id.split('/').at(-1) ?? '';
  const object = statement.object as { id: string; definition?: { name?: Record<string, string> } };
  const name = object.definition?.name?.['zh-CN'] ?? decodeURIComponent(object.id.split('/').at(-1) ?? '');
  return `${verb} ${name}`.trim();
}

/** The figures of one report, whichever side computed it; `children` (the sync state) follow the summary. */
function Figures({ report, context, text, children }: { report: ProgressReport; context: CourseContext; text: Translate; children: ReactNode }) {
  const courseHome = `/courses/${context.courseId}/`;
  const lessonHref = (id: string) => `${courseHome}${id}/`;
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  return (
    <>
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
          <dd data-report-status={report.status}>{text(statusKey[report.status])}</dd>
          {report.completedAt && report.certificateExpiresAt && (
            <dd className="meta" data-report-validity>
              {report.status === 'expired'
                ? text('report.expiredOn', { date: formatDay(report.certificateExpiresAt) })
                : text('report.completedOn', { date: formatDay(report.completedAt), expires: formatDay(report.certificateExpiresAt) })}
            </dd>
          )}
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

      {report.status === 'expired' && (
        <section aria-labelledby="recertify-heading" className="card report-recertify" data-report-recertify>
          <h2 id="recertify-heading">{text('report.recertifyTitle')}</h2>
          <p>
            {text('report.recertifyText', {
              completed: formatDay(report.completedAt!),
              months: context.model.certificateValidityMonths,
              expires: formatDay(report.certificateExpiresAt!),
              passMark: Math.round(context.model.finalAssessment.passMark * 100),
            })}
          </p>
          <p>
            <a className="button" href={`/courses/${context.courseId}/assessment/`}>
              {text('report.recertifyLink')}
            </a>
          </p>
        </section>
      )}

      {children}

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
        <p data-report-assessment>
          {report.assessment.attempts === 0
            ? text('report.assessmentNone')
            : `${text('report.assessmentSummary', {
                attempts: report.assessment.attempts,
                best: Math.round((report.assessment.bestScaled ?? 0) * 100),
              })} · ${text(report.assessment.passed ? 'report.passed' : 'report.notPassed')}`}
        </p>
      </section>
    </>
  );
}

const statusKey = {
  'not-started': 'report.statusNotStarted',
  'in-progress': 'report.statusInProgress',
  completed: 'report.statusComplete',
  expired: 'report.statusExpired',
} as const satisfies Record<ProgressReport['status'], UiKey>;

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
  const passMark = Math.round(context.model.finalAssessment.passMark * 100);
  // An expired certificate is renewed by passing the final assessment again; the rest of the course stays done.
  if (report.status === 'expired') {
    return (
      <ul data-report-remaining>
        <li>{text('report.requirement.recertify', { passMark })}</li>
      </ul>
    );
  }
  const remaining = report.requirements.filter((requirement) => !requirement.met);
  if (remaining.length === 0) return <p>{text('report.remainingNone')}</p>;
  const label = (requirement: Requirement) =>
    requirement.kind === 'assessment'
      ? text('report.requirement.assessment', { passMark })
      : text(`report.requirement.${requirement.kind}`, { title: requirement.title });
  const href = (requirement: Requirement) =>
    requirement.kind === 'lesson'
      ? lessonHref(requirement.id)
      : requirement.kind === 'quiz'
        ? lessonHref(context.model.quizzes.find((quiz) => quiz.id === requirement.id)?.lessonId ?? '')
        : requirement.kind === 'scenario'
          ? `/courses/${context.courseId}/scenarios/${requirement.id}/`
          : requirement.kind === 'assessment'
            ? `/courses/${context.courseId}/assessment/`
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

function formatDay(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', { dateStyle: 'long' }).format(new Date(iso));
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
