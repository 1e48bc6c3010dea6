import { runtime } from '../runtime.ts';
import { classroomContent } from './classroom-content.ts';
import { ClassroomService } from './classroom-service.ts';
import { ClassroomStore } from './classroom-store.ts';
import { LiveHub, PostgresNotifications } from './live-hub.ts';

export interface Classroom {
  service: ClassroomService;
  store: ClassroomStore;
  hub: LiveHub;
}

let current: Promise<Classroom> | undefined;

/**
 * The live classroom of this process, made on first use. On PostgreSQL it also listens for other instances' events,
 * so a phone connected here follows a session run from another instance; on SQLite one process serves everything.
 */
export function classroom(): Promise<Classroom> {
  current ??= createClassroom();
  return current;
}

async function createClassroom(): Promise<Classroom> {
  const rt = await runtime();
  const store = new ClassroomStore(rt.database.db, rt.database.kind);
  const hub = new LiveHub(store);
  if (rt.database.kind === 'postgres' && rt.settings.databaseUrl) {
    const notifications = new PostgresNotifications(rt.settings.databaseUrl, hub);
    await notifications.open();
  }
  const service = new ClassroomService({
    store,
    hub,
    accounts: rt.accounts,
    statements: rt.statements,
    progress: rt.progress,
    publicOrigin: rt.settings.publicOrigin,
    content: classroomContent,
  });
  return { service, store, hub };
}
