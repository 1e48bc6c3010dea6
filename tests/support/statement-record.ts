import { randomUUID } from 'node:crypto';
import type { StatementRecord } from '../../src/server/xapi/statement-store.ts';

/** A statement as the store receives it: one learner's lesson, with the index rows it names; `overrides` change any part. */
export function statementRecord(overrides: Partial<StatementRecord> = {}): StatementRecord {
  const id = overrides.id ?? randomUUID();
  const body = overrides.body ?? JSON.stringify({ id, n: 1 });
  return {
    id,
    statement: JSON.parse(body) as StatementRecord['statement'],
    body,
    actorKey: 'mbox:mailto:a@example.com',
    verbId: 'http://adlnet.gov/expapi/verbs/experienced',
    activityId: 'https://x.example/xapi/activities/lesson/a',
    targetStatementId: null,
    registration: null,
    timestampMs: 1_700_000_000_000,
    storedMs: 1_700_000_000_000,
    authorityKey: 'account:https://x.example|server',
    isVoiding: false,
    agents: [{ key: 'mbox:mailto:a@example.com', relatedOnly: false }],
    activities: [{ id: 'https://x.example/xapi/activities/lesson/a', relatedOnly: false }],
    ...overrides,
  };
}
