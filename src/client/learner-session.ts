import { createStatementFactory, type StatementFactory } from '../core/statements/builders';
import type { Statement } from '../core/statements/xapi';
import type { AppDb } from './app-db';
import type { CourseContext } from '../core/course/course-context';
import { readCourseContext } from './course-context';
import { deviceNoticeEvent, storageErrorEvent } from './events';
import { actorOf, ensureLearnerProfile, recordStatements, recordStatementsWith, StorageFullError } from './learning-record';
import { DeviceRecordUnreadableError, openAppDb } from './open-app-db';
import type { UiKey, UiValues } from '../i18n/ui';

export interface LearnerSession {
  db: AppDb;
  context: CourseContext;
  origin: string;
  factory: StatementFactory;
  /** Records statements at once; returns false (and tells the learner) if the device could not store them. */
  record(...statements: Statement[]): Promise<boolean>;
  /** Records statements and the change of state they cause in one transaction (see `recordStatementsWith`); false as `record`. */
  recordWith(statements: Statement[], change: () => Promise<void>): Promise<boolean>;
}

let opening: Promise<AppDb> | undefined;

/** What the page tells the learner about the device database: a dictionary string and its values. */
export interface DeviceNotice {
  key: UiKey;
  values?: UiValues;
}

const notify = (notice: DeviceNotice) => window.dispatchEvent(new CustomEvent<DeviceNotice>(deviceNoticeEvent, { detail: notice }));

/** Opens the device database once per page, telling the learner when it had to be repaired or cannot be read. */
export function deviceDb(): Promise<AppDb> {
  opening ??= openAppDb().then(
    ({ db, rebuiltWith, unsynced, setAside }) => {
      if (rebuiltWith !== null) notify({ key: 'status.repaired', values: { kept: rebuiltWith, unsynced } });
      if (setAside > 0) notify({ key: 'status.setAside', values: { n: setAside } });
      return db;
    },
    (error: unknown) => {
      if (error instanceof DeviceRecordUnreadableError) notify({ key: 'status.unreadable' });
      throw error;
    },
  );
  return opening;
}

let persistenceRequested = false;

/** Starts a learner session for the course of the current page: database, profile and statement builders. */
export async function startLearnerSession(context = readCourseContext()): Promise<LearnerSession> {
  if (!context) throw new Error('This page embeds no course context');
  const db = await deviceDb();
  const profile = await ensureLearnerProfile(db, context.courseId);
  const origin = context.origin ?? location.origin;
  const factory = createStatementFactory({
    origin,
    actor: actorOf(profile, origin),
    registration: profile.registrations[context.courseId]!,
    contentVersion: context.contentVersion,
    course: { id: context.courseId, title: context.courseTitle },
  });
  const stored = async (write: () => Promise<void>): Promise<boolean> => {
    if (!persistenceRequested) {
      persistenceRequested = true;
      // Asks the browser not to evict the learning record under storage pressure; a refusal changes nothing else.
      void navigator.storage?.persist?.().catch(() => false);
    }
    try {
      await write();
      return true;
    } catch (error) {
      if (!(error instanceof StorageFullError)) throw error;
      window.dispatchEvent(new Event(storageErrorEvent));
      return false;
    }
  };
  return {
    db,
    context,
    origin,
    factory,
    record: (...statements) => stored(() => recordStatements(db, statements)),
    recordWith: (statements, change) => stored(() => recordStatementsWith(db, statements, change)),
  };
}
