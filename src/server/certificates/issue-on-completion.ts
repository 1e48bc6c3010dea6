import type { AfterInsert } from '../xapi/statement-store.ts';
import type { CertificateService, CertifiedCourse } from './certificate-service.ts';

/**
 * Wraps the hook that folds a batch into progress rows so the actors it touched are known once the batch is committed:
 * certificates are issued after the commit, so a failure to issue can never refuse statements that are already stored.
 */
export function watchFoldedActors(afterInsert: AfterInsert): { afterInsert: AfterInsert; actors: Set<string> } {
  const actors = new Set<string>();
  return {
    actors,
    afterInsert: async (trx, stored) => {
      await afterInsert(trx, stored);
      for (const record of stored) actors.add(record.actorKey);
    },
  };
}

/** Issues the certificates a committed batch made due. A failure is logged and left for the next batch or visit to retry. */
export async function issueAfterCommit(certificates: CertificateService, course: CertifiedCourse, actors: Iterable<string>): Promise<void> {
  try {
    await certificates.issueDue(course, actors);
  } catch (error) {
    console.error('证书签发失败（学习记录已保存，下次提交或查看证书时会重试）：', error);
  }
}
