/**
 * Revokes certificates from the registry page through the certificates API, `POST /api/certificates/<id>/revoke` with
 * `{ reason }` (200 when done, `{ error, message }` otherwise), then reloads so the row shows 已撤销 and the reason.
 */
export function revokeCertificates(): void {
  const strings = document.getElementById('revoke-strings')?.dataset ?? {};
  const status = document.getElementById('revoke-status');
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-revoke]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const id = form.dataset.revoke!;
      const reason = (new FormData(form).get('reason') ?? '').toString().trim();
      if (!reason || !window.confirm(form.dataset.confirm ?? '')) return;
      const button = form.querySelector('button')!;
      const label = button.textContent;
      button.disabled = true;
      button.textContent = strings.revoking ?? label;
      const fail = (message: string) => {
        if (status) {
          status.textContent = (strings.failed ?? '{message}').replace('{message}', message);
          status.hidden = false;
          status.focus();
        }
        button.disabled = false;
        button.textContent = label;
      };
      try {
        const response = await fetch(`/api/certificates/${encodeURIComponent(id)}/revoke`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ reason }),
        });
        if (response.ok) {
          window.location.reload();
          return;
        }
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        fail(body.message ?? `HTTP ${response.status}`);
      } catch {
        fail(strings.network ?? '');
      }
    });
  }
}
