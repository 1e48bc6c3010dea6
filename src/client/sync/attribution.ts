import { randomUuid } from '../../core/statements/uuid';
import type { Agent } from '../../core/statements/xapi';
import { actorKeyOf, pending, profileActorKey, synced, type AppDb, type LearnerProfile } from '../app-db';

/** What `GET /api/me` says about the signed-in learner (the fields sync relies on). */
export interface SignedInLearner {
  id: string;
  displayName: string;
  actor: Agent & { account: { homePage: string; name: string } };
  registrations: Record<string, string>;
}

/**
 * Makes the device's anonymous, not yet synced statements the signed-in learner's, in one transaction:
 * each keeps its id (so a re-send stays harmless) and takes the account's actor and the server's
 * registration for its course; the profile then names the account. Statements of another account
 * signed in before stay theirs, unread and unsent until that account signs in again.
 * Returns how many statements changed hands.
 */
export async function attributeToAccount(db: AppDb, me: SignedInLearner): Promise<number> {
  return db.transaction('rw', db.statements, db.profile, async () => {
    const profile: LearnerProfile = (await db.profile.get('learner')) ?? { key: 'learner', anonymousId: randomUuid(), registrations: {} };
    const anonymousRegistrations = profile.account ? (profile.anonymousRegistrations ?? {}) : profile.registrations;
    const registrationFor = new Map(
      Object.entries(anonymousRegistrations).flatMap(([course, registration]) =>
        me.registrations[course] ? [[registration, me.registrations[course]!] as const] : [],
      ),
    );
    const accountKey = actorKeyOf(me.actor);
    let moved = 0;
    await db.statements
      .where('actorKey')
      .equals(profileActorKey({ anonymousId: profile.anonymousId }))
      .filter((row) => row.synced !== synced)
      .modify((row) => {
        const context = row.statement.context;
        const registration = context?.registration && registrationFor.get(context.registration);
        row.statement = {
          ...row.statement,
          actor: me.actor,
          ...(context && registration ? { context: { ...context, registration } } : {}),
        };
        row.actorKey = accountKey;
        row.synced = pending;
        delete row.rejection;
        moved++;
      });
    await db.profile.put({
      ...profile,
      account: { homePage: me.actor.account.homePage, name: me.actor.account.name, displayName: me.displayName },
      registrations: { ...me.registrations },
      anonymousRegistrations,
    });
    return moved;
  });
}

/**
 * Leaves the device to the next person after sign-out: a fresh anonymous profile, and unless the learner
 * chose to keep this device's copy, none of the account's statements, role-play snapshots or quiz resume points.
 */
export async function forgetAccount(db: AppDb, keepCopy: boolean): Promise<void> {
  await db.transaction('rw', [db.statements, db.profile, db.scenarioSnapshots, db.meta], async () => {
    const profile = await db.profile.get('learner');
    if (!keepCopy && profile?.account) {
      await db.statements.where('actorKey').equals(profileActorKey(profile)).delete();
      await db.scenarioSnapshots.clear();
      await db.meta.clear();
    }
    await db.profile.put({ key: 'learner', anonymousId: randomUuid(), registrations: {} });
  });
}
