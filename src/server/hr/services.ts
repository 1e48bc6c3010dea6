import type { Runtime } from '../runtime.ts';
import { HrReports } from '../learning/hr-reports.ts';
import { AuditLog } from './audit-log.ts';
import { CertificateRegistry } from './certificate-registry.ts';
import { RosterImports } from './roster-import.ts';

/** The HR console's services over the runtime's database; they keep no state of their own, so any instance serves any job. */
export function hrServices(rt: Runtime) {
  const { db } = rt.database;
  return {
    reports: new HrReports(db),
    roster: new RosterImports(db, rt.accounts, rt.settings.publicOrigin),
    certificates: new CertificateRegistry(db),
    audit: new AuditLog(db),
  };
}
