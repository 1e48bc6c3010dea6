import { randomUUID } from 'node:crypto';
import { base64url } from 'jose';
import type { Kysely } from 'kysely';
import { signCertificate } from '../../core/certificates/credential.ts';
import { readCertificatePayload, verifyUrl, type CertificateSummary } from '../../core/certificates/open-badge.ts';
import type { Account } from '../accounts/accounts.ts';
import type { CertificateTable, Database } from '../db/schema.ts';
import { HttpError } from '../http.ts';
import type { SigningKeys } from './signing-keys.ts';

/** What a certificate names of its course; the content version is the one the server holds when it issues. */
export interface CertifiedCourse {
  id: string;
  title: string;
  contentVersion: string;
}

export type CertificateStatus = 'valid' | 'expired' | 'revoked';

/** A certificate as its owner, HR and admins see it. Times are milliseconds since the epoch. */
export interface CertificateView {
  id: string;
  userId: string;
  courseId: string;
  courseTitle: string;
  learnerName: string;
  employeeId: string | null;
  department: string | null;
  completedAt: number;
  issuedAt: number;
  expiresAt: number | null;
  status: CertificateStatus;
  revokedAt: number | null;
  revokeReason: string | null;
  credential: string;
  /** The address the QR code carries. */
  verifyUrl: string;
}

/** What anyone may learn of a certificate by its id: whether it stands, never who holds it. */
export interface PublicCertificateStatus {
  id: string;
  status: CertificateStatus;
  revoked: boolean;
  revokedAt?: string;
  reason?: string;
}

/** Issues certificates when the progress rows say a course is complete, finds them, and revokes them. */
export class CertificateService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keys: SigningKeys,
    private readonly publicOrigin: string,
    private readonly issuerName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Issues a certificate to each of these learners whose progress row says the course is complete and still within its
   * validity, unless one already covers that completion: one per learner, course and certification period, so calling
   * it again (a re-sent batch, two requests at once, a reload) issues nothing more. A learner who recertifies after
   * the last certificate expired has a later completion, which no certificate covers, and gets a new one.
   */
  async issueDue(course: CertifiedCourse, actorKeys: Iterable<string>): Promise<CertificateView[]> {
    const keys = [...new Set(actorKeys)];
    if (keys.length === 0) return [];
    const now = this.now();
    const due = await this.db
      .selectFrom('progress')
      .innerJoin('users', 'users.id', 'progress.user_id')
      .select(['progress.actor_key', 'progress.user_id', 'progress.completed_at', 'progress.expires_at', 'users.display_name', 'users.employee_id', 'users.department'])
      .where('progress.course_id', '=', course.id)
      .where('progress.actor_key', 'in', keys)
      .where('progress.completed_at', 'is not', null)
      .where((eb) => eb.or([eb('progress.expires_at', 'is', null), eb('progress.expires_at', '>', now)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('certificates')
              .select('certificates.id')
              .whereRef('certificates.user_id', '=', 'progress.user_id')
              .where('certificates.course_id', '=', course.id)
              .where((eb) => eb.or([eb('certificates.expires_at', 'is', null), eb('certificates.expires_at', '>', eb.ref('progress.completed_at'))])),
          ),
        ),
      )
      .execute();
    const issued: CertificateView[] = [];
    if (due.length === 0) return issued;
    const key = await this.keys.current();
    for (const row of due) {
      const id = randomUUID();
      const facts = {
        id,
        issuer: { origin: this.publicOrigin, name: this.issuerName },
        learner: { id: row.user_id!, name: row.display_name, employeeId: row.employee_id },
        course: { id: course.id, title: course.title, version: course.contentVersion },
        completedAt: row.completed_at!,
        issuedAt: now,
        expiresAt: row.expires_at,
      };
      const values: CertificateTable = {
        id,
        user_id: row.user_id!,
        actor_key: row.actor_key,
        course_id: course.id,
        content_version: course.contentVersion,
        learner_name: row.display_name,
        employee_id: row.employee_id,
        department: row.department,
        completed_at: row.completed_at!,
        issued_at: now,
        expires_at: row.expires_at,
        kid: key.kid,
        credential: await signCertificate(facts, key.privateKey, key.kid),
        revoked_at: null,
        revoked_by: null,
        revoke_reason: null,
      };
      // Two requests issuing the same completion at once: the unique period index keeps one, the other inserts nothing.
      const inserted = await this.db
        .insertInto('certificates')
        .values(values)
        .onConflict((oc) => oc.columns(['user_id', 'course_id', 'completed_at']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) issued.push(this.view(values, now));
    }
    return issued;
  }

  /** The learner's certificates, newest first. */
  async forUser(userId: string): Promise<CertificateView[]> {
    const rows = await this.db.selectFrom('certificates').selectAll().where('user_id', '=', userId).orderBy('issued_at', 'desc').execute();
    const now = this.now();
    return rows.map((row) => this.view(row, now));
  }

  /** A certificate by id, or undefined. */
  async find(id: string): Promise<CertificateView | undefined> {
    const row = await this.db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.view(row, this.now());
  }

  /** What the verification page asks the server: the status, and a revocation's time and reason. */
  async publicStatus(id: string): Promise<PublicCertificateStatus | undefined> {
    const found = await this.find(id);
    if (!found) return undefined;
    return {
      id: found.id,
      status: found.status,
      revoked: found.revokedAt !== null,
      ...(found.revokedAt !== null ? { revokedAt: new Date(found.revokedAt).toISOString(), reason: found.revokeReason ?? '' } : {}),
    };
  }

  /** Revokes a certificate with a reason and records who did it in the audit log; a second revocation is refused. */
  async revoke(id: string, by: Account, reason: string): Promise<CertificateView> {
    const now = this.now();
    const result = await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('certificates')
        .set({ revoked_at: now, revoked_by: by.id, revoke_reason: reason })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 1) {
        await trx.insertInto('audit_log').values({ at: now, actor_user_id: by.id, action: 'certificate.revoke', subject: id }).execute();
      }
      return Number(updated.numUpdatedRows);
    });
    const found = await this.find(id);
    if (!found) throw new HttpError(404, 'not_found', '找不到这份证书。');
    if (result === 0) throw new HttpError(409, 'already_revoked', '这份证书已经撤销过了。');
    return found;
  }

  private view(row: CertificateTable, now: number): CertificateView {
    const summary = summaryOf(row.credential);
    return {
      id: row.id,
      userId: row.user_id,
      courseId: row.course_id,
      courseTitle: summary?.courseTitle ?? row.course_id,
      learnerName: row.learner_name,
      employeeId: row.employee_id,
      department: row.department,
      completedAt: row.completed_at,
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      status: row.revoked_at !== null ? 'revoked' : row.expires_at !== null && now >= row.expires_at ? 'expired' : 'valid',
      revokedAt: row.revoked_at,
      revokeReason: row.revoke_reason,
      credential: row.credential,
      verifyUrl: verifyUrl(this.publicOrigin, row.credential),
    };
  }
}

/** Reads the facts of a credential this server stored (its signature was made here, so it is not checked again). */
function summaryOf(credential: string): CertificateSummary | null {
  try {
    return readCertificatePayload(JSON.parse(new TextDecoder().decode(base64url.decode(credential.split('.')[1]!))));
  } catch {
    return null;
  }
}
