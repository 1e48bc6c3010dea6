import type { JSONWebKeySet } from 'jose';
import { judgeCertificate, readSignedCertificate, type RevocationAnswer, type Verification } from '../core/certificates/credential';
import { certificateDate, parseVerifyInput } from '../core/certificates/open-badge';
import type { UiKey } from '../i18n/ui';
import { addPageStrings, setUiText } from './ui-text';

/*
 * /verify/: checks a certificate's signature here, in the browser, with the keys the site publishes (the service worker
 * keeps a copy, so it works offline), then asks the server whether it was revoked and says when it could not.
 */

const root = document.querySelector<HTMLElement>('[data-verify]')!;
addPageStrings(JSON.parse(root.dataset.verifyStrings ?? '{}'));
const form = root.querySelector<HTMLFormElement>('[data-verify-form]')!;
const input = form.querySelector<HTMLInputElement>('input')!;
const submit = form.querySelector<HTMLButtonElement>('button')!;
const result = root.querySelector<HTMLElement>('[data-verify-result]')!;
const heading = result.querySelector<HTMLElement>('h2')!;
const statusWord = heading.querySelector<HTMLElement>('[data-verify-status]')!;
const reason = result.querySelector<HTMLElement>('[data-verify-reason]')!;
const facts = result.querySelector<HTMLElement>('dl')!;
const revocationNote = result.querySelector<HTMLElement>('[data-verify-revocation]')!;

type RevocationCheck = 'checked' | 'offline' | 'unknown';

async function fetchJson(url: string): Promise<{ status: number; body?: unknown }> {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  return { status: response.status, body: response.ok ? await response.json() : undefined };
}

async function publishedKeys(): Promise<JSONWebKeySet | undefined> {
  try {
    const { body } = await fetchJson('/.well-known/jwks.json');
    return body as JSONWebKeySet | undefined;
  } catch {
    return undefined;
  }
}

async function revocationOf(id: string): Promise<{ check: RevocationCheck; answer?: RevocationAnswer }> {
  try {
    const { status, body } = await fetchJson(`/api/certificates/${encodeURIComponent(id)}/status`);
    if (status === 404) return { check: 'unknown' };
    if (!body) return { check: 'offline' };
    const answer = body as { revoked: boolean; revokedAt?: string; reason?: string };
    return { check: 'checked', answer: answer.revoked ? { revoked: true, revokedAt: answer.revokedAt ?? '', reason: answer.reason ?? '' } : { revoked: false } };
  } catch {
    return { check: 'offline' };
  }
}

function showMessage(key: UiKey, values?: Record<string, string>): void {
  result.hidden = false;
  result.dataset.status = 'unchecked';
  setUiText(statusWord, 'verify.status.unchecked');
  setUiText(reason, key, values);
  facts.replaceChildren();
  revocationNote.hidden = true;
  heading.focus();
}

function showVerification(verification: Verification, check?: RevocationCheck): void {
  const { status, certificate } = verification;
  result.hidden = false;
  result.dataset.status = status;
  setUiText(statusWord, `verify.status.${status}`);
  const date = status === 'revoked' ? verification.revokedAt : certificate?.expiresAt;
  setUiText(reason, `verify.reason.${verification.reason}`, {
    date: date ? certificateDate(date) : '',
    reason: verification.revokeReason ?? '',
  });
  facts.replaceChildren();
  if (certificate && status !== 'invalid') {
    const rows: [UiKey, string][] = [
      ['verify.holder', certificate.employeeId ? `${certificate.learnerName}（${certificate.employeeId}）` : certificate.learnerName],
      ['verify.course', certificate.courseTitle],
      ['certificate.completedAt', certificateDate(certificate.completedAt)],
      ['certificate.expiresAt', certificate.expiresAt ? certificateDate(certificate.expiresAt) : '—'],
      ['verify.issuedAt', certificateDate(certificate.issuedAt)],
      ['verify.issuer', certificate.issuerName],
      ['certificate.id', certificate.id],
    ];
    for (const [key, value] of rows) {
      const term = document.createElement('dt');
      setUiText(term, key);
      const detail = document.createElement('dd');
      detail.textContent = value;
      facts.append(term, detail);
    }
  }
  revocationNote.hidden = !check || status === 'revoked' || status === 'invalid';
  if (check) setUiText(revocationNote, check === 'checked' ? 'verify.revocationChecked' : check === 'offline' ? 'verify.revocationOffline' : 'verify.revocationUnknown');
  heading.focus();
}

async function verifyCredential(credential: string): Promise<void> {
  const keys = await publishedKeys();
  if (!keys) return showMessage('verify.noKeys');
  const certificate = await readSignedCertificate(credential, keys);
  if (!certificate) return showVerification(judgeCertificate(null, new Date()));
  const { check, answer } = await revocationOf(certificate.id);
  showVerification(judgeCertificate(certificate, new Date(), answer), check);
}

async function verifyId(id: string): Promise<void> {
  let found: { status: number; body?: unknown };
  try {
    found = await fetchJson(`/api/certificates/${id}/credential`);
  } catch {
    return showMessage('verify.lookupOffline');
  }
  if (found.status === 404) return showMessage('verify.notFound', { id });
  if (!found.body) return showMessage('verify.lookupOffline');
  await verifyCredential((found.body as { credential: string }).credential);
}

/** Runs one check with the form busy, so a second click waits for the first. */
async function run(check: () => Promise<void>): Promise<void> {
  submit.disabled = true;
  result.setAttribute('aria-busy', 'true');
  try {
    await check();
  } finally {
    submit.disabled = false;
    result.removeAttribute('aria-busy');
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const parsed = parseVerifyInput(input.value);
  if (!parsed) return void showMessage('verify.badInput');
  void run(() => (parsed.kind === 'id' ? verifyId(parsed.id) : verifyCredential(parsed.credential)));
});

/** The QR code's address carries the credential in its fragment, which never reaches any server. */
function verifyFragment(): void {
  const credential = decodeURIComponent(location.hash.slice(1));
  if (credential) void run(() => verifyCredential(credential));
}
window.addEventListener('hashchange', verifyFragment);
verifyFragment();
