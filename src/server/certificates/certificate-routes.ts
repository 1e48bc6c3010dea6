import { z } from 'zod';
import type { Account } from '../accounts/accounts.ts';
import { hasRole } from '../accounts/roles.ts';
import { loadCourses } from '../course-content.ts';
import { HttpError, readJsonBody } from '../http.ts';
import { requireAccount, type Identity } from '../identity.ts';
import { actorOf } from '../me.ts';
import type { Runtime } from '../runtime.ts';
import { agentIdentityKey } from '../xapi/statement-records.ts';
import type { XapiAgent } from '../../core/xapi/types.ts';
import type { CertificateView } from './certificate-service.ts';
import { issueAfterCommit } from './issue-on-completion.ts';

const CertificateIdSchema = z.string().uuid();

/** Whether an account may see a certificate in full: its owner, HR and admins. */
export function maySee(account: Account, certificate: Pick<CertificateView, 'userId'>): boolean {
  return certificate.userId === account.id || hasRole(account.roles, 'hr');
}

/** A certificate by the id in the address, or a 404 (an id that is not a UUID cannot name one). */
export async function certificateById(rt: Runtime, id: string | undefined): Promise<CertificateView> {
  const found = CertificateIdSchema.safeParse(id).success ? await rt.certificates.find(id!) : undefined;
  if (!found) throw new HttpError(404, 'not_found', '找不到这份证书。');
  return found;
}

/** The certificate for a signed-in owner, HR or admin: 401 signed out, 404 unknown, 403 someone else's. */
export async function visibleCertificate(rt: Runtime, identity: Identity, id: string | undefined): Promise<{ account: Account; certificate: CertificateView }> {
  const account = requireAccount(identity);
  const certificate = await certificateById(rt, id);
  if (!maySee(account, certificate)) throw new HttpError(403, 'forbidden', '只有证书持有人、人力资源和管理员可以查看这份证书。');
  return { account, certificate };
}

/**
 * The signed-in learner's certificates. A completion whose certificate was not issued when it happened (the issuing
 * failed after the statements were stored) is issued now.
 */
export async function ownCertificates(rt: Runtime, account: Account): Promise<CertificateView[]> {
  const actorKey = agentIdentityKey(actorOf(account, rt.settings.publicOrigin) as XapiAgent);
  for (const { course, contentVersion } of await loadCourses()) {
    await issueAfterCommit(rt.certificates, { id: course.id, title: course.title, contentVersion }, [actorKey]);
  }
  return rt.certificates.forUser(account.id);
}

const RevokeSchema = z.object({ reason: z.string().trim().min(1, '请写明撤销原因').max(200, '撤销原因最多 200 个字') }).strict();

/** Reads the reason of a revocation. */
export async function readRevocation(request: Request): Promise<string> {
  return (await readJsonBody(request, RevokeSchema, 4 * 1024)).reason;
}

/** A certificate as the API answers with it: times as ISO 8601 instants. */
export function certificateJson(certificate: CertificateView) {
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  return {
    ...certificate,
    completedAt: iso(certificate.completedAt),
    issuedAt: iso(certificate.issuedAt),
    expiresAt: iso(certificate.expiresAt),
    revokedAt: iso(certificate.revokedAt),
  };
}
