import type { AstroCookies } from 'astro';
import { z } from 'zod';
import type { Account } from '../accounts/accounts.ts';
import { HttpError } from '../http.ts';
import { requireRole, type Identity } from '../identity.ts';
import { runtime } from '../runtime.ts';
import type { ParticipantRow, SessionRow } from './classroom-store.ts';
import { classroom, type Classroom } from './classroom-runtime.ts';
import type { FacilitatorCommand } from './classroom-service.ts';

const id = z.string().trim().min(1).max(200);

/** A facilitator's command as the run page sends it. */
export const CommandSchema: z.ZodType<FacilitatorCommand> = z
  .discriminatedUnion('type', [
    z.object({ type: z.enum(['session.open', 'session.start', 'session.close', 'question.reveal', 'decision.push', 'activity.clear']) }),
    z.object({ type: z.literal('question.push'), questionId: id }),
    z.object({ type: z.literal('roleplay.start'), scenarioId: id }),
    z.object({ type: z.literal('decision.resolve'), tieBreak: id.optional() }),
  ])
  .and(z.object({ version: z.number().int().min(0).optional(), commandId: z.string().uuid().optional() }));

/** A check in or out by hand, or someone added to the list. */
export const AttendanceSchema = z.union([
  z.object({ participantId: z.string().uuid(), present: z.boolean() }).strict(),
  z.object({ name: z.string().trim().min(1, '请填写姓名或用户名').max(40) }).strict(),
]);

export const JoinSchema = z
  .object({
    code: z.string().trim().min(1, '请填写加入码').max(20),
    name: z.string().trim().max(40).optional(),
    employeeId: z.string().trim().max(40).optional(),
  })
  .strict();

export const AnswerSchema = z.object({ selected: z.array(id).min(1).max(10) }).strict();

/** What every facilitator route needs: the signed-in facilitator (or admin, 401/403 otherwise) and the live classroom. */
export async function facilitatorContext(identity: Identity): Promise<{ account: Account; room: Classroom }> {
  const account = requireRole(identity, 'facilitator');
  return { account, room: await classroom() };
}

/** The cookie that keeps a guest's place in one session. */
export function guestCookieName(code: string): string {
  return `icrm_class_${code}`;
}

/** The account a learner's request comes with, if they are signed in. */
export function accountOf(identity: Identity): Account | undefined {
  return identity.kind === 'account' ? identity.account : undefined;
}

/** Keeps a guest's token in a cookie for two days: long enough for any session, and not a tracking cookie. */
export async function setGuestCookie(cookies: AstroCookies, code: string, token: string): Promise<void> {
  const rt = await runtime();
  cookies.set(guestCookieName(code), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: rt.settings.publicOrigin.startsWith('https:'),
    path: '/',
    maxAge: 2 * 24 * 60 * 60,
  });
}

/** The participant a learner's request speaks for, or 403 when they have not joined the session. */
export async function requireParticipant(
  room: Classroom,
  identity: Identity,
  cookies: AstroCookies,
  code: string,
): Promise<{ participant: ParticipantRow; row: SessionRow }> {
  const { row } = await room.service.session(code);
  const participant = await room.service.participantOf(accountOf(identity), row.code, cookies.get(guestCookieName(row.code))?.value);
  if (!participant) throw new HttpError(403, 'not_joined', '你还没有加入这个课堂：请先在“加入课堂”页输入加入码。');
  return { participant, row };
}
