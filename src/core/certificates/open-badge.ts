/*
 * A certificate is an Open Badges 3.0 `OpenBadgeCredential` secured as a JWT (VC-JWT, OB 3.0 §8.2): the claims set is
 * the credential itself plus `iss`, `sub`, `jti`, `nbf` and `exp`. It is kept small on purpose: the whole signed
 * credential travels in the QR code printed on the certificate, and every byte makes the code denser.
 */

export const OB3_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;

/** What a certificate states, as the server knows it when issuing. Times are milliseconds since the epoch. */
export interface CertificateFacts {
  /** The certificate id (a UUID), also the credential's `urn:uuid:` id and `jti`. */
  id: string;
  issuer: { origin: string; name: string };
  /** The learner as at completion: the account id (a UUID), name and employee id. */
  learner: { id: string; name: string; employeeId: string | null };
  course: { id: string; title: string; version: string };
  completedAt: number;
  issuedAt: number;
  expiresAt: number | null;
}

export interface IdentityObject {
  type: 'IdentityObject';
  identityType: 'name' | 'identifier';
  hashed: false;
  identityHash: string;
}

export interface OpenBadgeCredential {
  '@context': readonly string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  issuer: { id: string; type: ['Profile']; name: string };
  validFrom: string;
  validUntil?: string;
  name: string;
  credentialSubject: {
    id: string;
    type: ['AchievementSubject'];
    identifier: IdentityObject[];
    activityEndDate: string;
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: 'Certificate';
      name: string;
      version: string;
      criteria: { id: string };
    };
  };
}

/** The JWT claims OB 3.0 adds to the credential (times in seconds since the epoch). */
export interface CredentialClaims {
  iss: string;
  sub: string;
  jti: string;
  nbf: number;
  exp?: number;
}

export type CertificatePayload = OpenBadgeCredential & CredentialClaims;

/** What a person reads off a certificate: the facts recovered from a credential. Times as ISO 8601 instants. */
export interface CertificateSummary {
  id: string;
  issuer: string;
  issuerName: string;
  learnerName: string;
  employeeId: string | null;
  courseId: string;
  courseTitle: string;
  courseVersion: string;
  completedAt: string;
  issuedAt: string;
  expiresAt: string | null;
}

const iso = (at: number) => new Date(at).toISOString();
const seconds = (at: number) => Math.floor(at / 1000);

/** The page that describes a course and its completion rules: the achievement's id and criteria. */
export function courseUrl(origin: string, courseId: string): string {
  return `${origin}/courses/${courseId}/`;
}

/** Builds the claims set of a certificate: the OpenBadgeCredential with the OB 3.0 JWT claims. */
export function buildCertificatePayload(facts: CertificateFacts): CertificatePayload {
  const id = `urn:uuid:${facts.id}`;
  const subject = `urn:uuid:${facts.learner.id}`;
  const course = courseUrl(facts.issuer.origin, facts.course.id);
  const identifier: IdentityObject[] = [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: facts.learner.name }];
  if (facts.learner.employeeId) {
    identifier.push({ type: 'IdentityObject', identityType: 'identifier', hashed: false, identityHash: facts.learner.employeeId });
  }
  return {
    '@context': OB3_CONTEXT,
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: facts.issuer.origin, type: ['Profile'], name: facts.issuer.name },
    validFrom: iso(facts.issuedAt),
    ...(facts.expiresAt !== null ? { validUntil: iso(facts.expiresAt) } : {}),
    name: `${facts.course.title} 结业证书`,
    credentialSubject: {
      id: subject,
      type: ['AchievementSubject'],
      identifier,
      activityEndDate: iso(facts.completedAt),
      achievement: {
        id: course,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: facts.course.title,
        version: facts.course.version,
        criteria: { id: course },
      },
    },
    iss: facts.issuer.origin,
    sub: subject,
    jti: id,
    nbf: seconds(facts.issuedAt),
    ...(facts.expiresAt !== null ? { exp: seconds(facts.expiresAt) } : {}),
  };
}

/**
 * Reads the facts back from a claims set, or returns null when it is not a certificate of this shape: its types, its
 * claims agreeing with the credential (OB 3.0 requires `iss`, `sub`, `jti` to repeat it), and every date a time.
 */
export function readCertificatePayload(payload: unknown): CertificateSummary | null {
  if (!isRecord(payload)) return null;
  const { issuer, credentialSubject: subject } = payload;
  if (!isRecord(issuer) || !isRecord(subject) || !isRecord(subject.achievement)) return null;
  const achievement = subject.achievement;
  const types = payload.type;
  if (!Array.isArray(types) || !types.includes('OpenBadgeCredential')) return null;
  const id = text(payload.id);
  if (!id?.startsWith('urn:uuid:') || payload.jti !== id || payload.iss !== issuer.id || payload.sub !== subject.id) return null;
  const identifiers = Array.isArray(subject.identifier) ? subject.identifier.filter(isRecord) : [];
  const identity = (kind: IdentityObject['identityType']) => text(identifiers.find((entry) => entry.identityType === kind)?.identityHash);
  const issuedAt = instant(payload.validFrom);
  const completedAt = instant(subject.activityEndDate);
  const expiresAt = payload.validUntil === undefined ? null : instant(payload.validUntil);
  const courseId = /\/courses\/([^/]+)\/$/.exec(text(achievement.id) ?? '')?.[1];
  const learnerName = identity('name');
  const [issuerId, issuerName, courseTitle, courseVersion] = [text(issuer.id), text(issuer.name), text(achievement.name), text(achievement.version)];
  if (!issuerId || !issuerName || !learnerName || !courseId || !courseTitle || !courseVersion || !issuedAt || !completedAt || expiresAt === undefined) {
    return null;
  }
  return {
    id: id.slice('urn:uuid:'.length),
    issuer: issuerId,
    issuerName,
    learnerName,
    employeeId: identity('identifier') ?? null,
    courseId,
    courseTitle,
    courseVersion,
    completedAt,
    issuedAt,
    expiresAt,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An ISO 8601 instant as written by `toISOString`, or undefined. */
function instant(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) return undefined;
  return Number.isNaN(Date.parse(value)) ? undefined : value;
}

/** The address the QR code carries: the verification page with the whole signed credential in its fragment. */
export function verifyUrl(origin: string, credential: string): string {
  return `${origin}/verify/#${credential}`;
}

/** Formats a certificate date the way it is printed: in China's time zone, e.g. 2026年11月30日. */
export function certificateDate(at: string | number): string {
  return new Intl.DateTimeFormat('zh-CN', { dateStyle: 'long', timeZone: 'Asia/Shanghai' }).format(new Date(at));
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads what a person typed or pasted into the verification form: a certificate id (looked up online), a credential,
 * or a whole verification link (the credential after its `#`). Spaces a copy may add are dropped; null otherwise.
 */
export function parseVerifyInput(text: string): { kind: 'id'; id: string } | { kind: 'credential'; credential: string } | null {
  const compact = text.replace(/\s+/g, '');
  if (uuidShape.test(compact)) return { kind: 'id', id: compact.toLowerCase() };
  const credential = compact.includes('#') ? compact.slice(compact.indexOf('#') + 1) : compact;
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential) ? { kind: 'credential', credential } : null;
}
