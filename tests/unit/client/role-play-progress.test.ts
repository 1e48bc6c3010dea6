import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createActor } from 'xstate';
import { createAppDb, type AppDb } from '../../../src/client/app-db.ts';
import { readStatements, recordStatementsWith } from '../../../src/client/learning-record.ts';
import { keepRolePlay, recordRolePlayCompletion, resumeRolePlay, type SavedRolePlay } from '../../../src/client/role-play-progress.ts';
import { choiceEvent, createScenarioMachine } from '../../../src/core/scenario/scenario-machine.ts';
import { indexScenario } from '../../../src/core/scenario/scenario-view.ts';
import type { Statement } from '../../../src/core/statements/xapi.ts';
import { tinyScenario } from '../../support/scenario-fixture.ts';
import { testStatementFactory } from '../../support/statements.ts';

const scenario = tinyScenario();
const index = indexScenario(scenario);
const factory = testStatementFactory();
let db: AppDb;
let session: { db: AppDb; recordWith: (statements: Statement[], change: () => Promise<void>) => Promise<boolean> };

beforeEach(async () => {
  db = createAppDb('role-play', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  session = {
    db,
    recordWith: async (statements, change) => {
      await recordStatementsWith(db, statements, change);
      return true;
    },
  };
});
afterEach(() => db.close());

/** Plays the tiny scenario to its best ending and returns the attempt as the player keeps it on reaching the ending. */
function finishedAttempt(): SavedRolePlay & { completion: Statement } {
  const actor = createActor(createScenarioMachine(scenario), { input: { seed: 7 } }).start();
  actor.send(choiceEvent('start.polite'));
  actor.send(choiceEvent('middle.praise'));
  expect(actor.getSnapshot().status).toBe('done');
  return {
    revision: 'r1',
    snapshot: actor.getPersistedSnapshot(),
    activeMs: 5000,
    completionRecorded: false,
    completion: factory.scenarioCompleted(
      { id: scenario.id, title: scenario.title },
      { endingId: 'best-end', rating: 'best', principleScores: actor.getSnapshot().context.meters, path: [], scaled: 1, activeMs: 5000 },
    ),
  };
}

const completions = async () => (await readStatements(db)).filter((statement) => statement.verb.id.endsWith('/completed'));

describe('a finished role-play', () => {
  test('is recorded once with the id made at its ending, however often it is resumed before being marked recorded', async () => {
    const attempt = finishedAttempt();
    // The tab closed after the ending was kept but before its statement was written.
    await keepRolePlay(db, scenario.id, attempt);

    const first = await resumeRolePlay(db, index, 'r1');
    if (first.kind !== 'resume') throw new Error(`expected a resumable attempt, got ${first.kind}`);
    expect(first.saved).toMatchObject({ completionRecorded: false, completion: { id: attempt.completion.id } });
    // Two tabs resumed the same attempt before either marked it recorded: both write the statement made at the ending.
    await Promise.all([
      recordRolePlayCompletion(session, scenario.id, { ...first.saved, completion: first.saved.completion! }),
      recordRolePlayCompletion(session, scenario.id, { ...first.saved, completion: first.saved.completion! }),
    ]);
    expect((await completions()).map((statement) => statement.id)).toEqual([attempt.completion.id]);

    const again = await resumeRolePlay(db, index, 'r1');
    expect(again).toMatchObject({ kind: 'resume', saved: { completionRecorded: true } });
  });

  test('keeps its statement and its "recorded" flag together: a failed write leaves neither', async () => {
    const attempt = finishedAttempt();
    await keepRolePlay(db, scenario.id, attempt);
    const put = db.scenarioSnapshots.put.bind(db.scenarioSnapshots);
    db.scenarioSnapshots.put = (() => Promise.reject(new Error('write failed'))) as never;
    await expect(recordRolePlayCompletion(session, scenario.id, attempt)).rejects.toThrow('write failed');
    db.scenarioSnapshots.put = put;
    expect(await completions()).toEqual([]);
    expect(await resumeRolePlay(db, index, 'r1')).toMatchObject({ kind: 'resume', saved: { completionRecorded: false } });

    await recordRolePlayCompletion(session, scenario.id, attempt);
    expect((await completions()).map((statement) => statement.id)).toEqual([attempt.completion.id]);
  });
});
