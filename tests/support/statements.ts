import { createStatementFactory, type StatementSettings } from '../../src/core/statements/builders.ts';
import { serverAuthority } from '../../src/core/statements/server-authority.ts';
import type { Statement } from '../../src/core/statements/xapi.ts';

/** Makes a statement factory for one test learner on the icrm course; pass what a test needs to differ. */
export function testStatementFactory(overrides: Partial<StatementSettings> = {}) {
  return createStatementFactory({
    origin: 'https://learn.example.com',
    actor: { account: { homePage: 'https://learn.example.com', name: 'u-1' } },
    registration: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
    contentVersion: 'v1',
    course: { id: 'icrm', title: '内部客户关系管理培训' },
    ...overrides,
  });
}

/** Returns a clock for `now` that moves forward by `stepMs` on every statement, from `start`. */
export function steppingClock(start: string, stepMs: number): () => Date {
  let time = Date.parse(start);
  return () => new Date((time += stepMs));
}

/** Returns the statement as the server records it on its own authority (final-assessment results, attendance). */
export function asServer(statement: Statement, origin = 'https://learn.example.com'): Statement {
  return { ...statement, authority: serverAuthority(origin) };
}
