import { formatDay } from '../../core/hr/dates';
import { toCsv } from '../../core/hr/spreadsheet';

interface Issue {
  line: number;
  field?: string;
  message: string;
}

interface PreviewRow {
  line: number;
  action: 'create' | 'update' | 'unchanged';
  employeeId: string;
  name: string;
  department: string;
  email: string | null;
  roles: string[];
}

interface Job {
  id: string;
  status: 'checking' | 'invalid' | 'ready' | 'applying' | 'done' | 'failed';
  totalRows: number;
  processedRows: number;
  message: string | null;
  preview: {
    rows: number;
    create: number;
    update: number;
    unchanged: number;
    errorCount: number;
    errors: Issue[];
    fileError: string | null;
    sample: PreviewRow[];
  } | null;
}

interface Invite {
  employeeId: string;
  name: string;
  department: string | null;
  email: string | null;
  username: string;
  inviteUrl: string;
}

const POLL_MS = 400;

function element<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** A table row of text cells: names and departments are set as text, so markup in them stays text. */
function row(cells: (string | Node)[], header = 0): HTMLTableRowElement {
  const tr = document.createElement('tr');
  cells.forEach((cell, index) => {
    const td = document.createElement(index < header ? 'th' : 'td');
    if (index < header) td.setAttribute('scope', 'row');
    td.append(cell);
    tr.append(td);
  });
  return tr;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

/** Runs the roster page: upload, a polled check with a progress bar, the preview, the import, then invite links. */
export function startRosterImport(): void {
  const strings = element('roster-strings').dataset as Record<string, string>;
  const actions = JSON.parse(strings.actions!) as Record<string, string>;
  const fields = JSON.parse(strings.fields!) as Record<string, string>;
  const roles = JSON.parse(strings.roles!) as Record<string, string>;
  const form = element<HTMLFormElement>('roster-form');
  const fileInput = element<HTMLInputElement>('roster-file');
  const progress = element('roster-progress');
  const progressLabel = element('roster-progress-label');
  const bar = element<HTMLProgressElement>('roster-progress-bar');
  const progressText = element('roster-progress-text');
  const error = element('roster-error');
  const preview = element('roster-preview');
  const done = element('roster-done');
  const confirm = element<HTMLButtonElement>('roster-confirm');
  let job: Job | undefined;
  let invites: Invite[] = [];

  const show = (section: 'form' | 'progress' | 'preview' | 'done') => {
    form.hidden = section !== 'form' && section !== 'preview';
    progress.hidden = section !== 'progress';
    preview.hidden = section !== 'preview';
    done.hidden = section !== 'done';
  };
  const fail = (message: string) => {
    error.textContent = message;
    error.hidden = false;
    error.focus();
  };

  const request = async (path: string, init: RequestInit = {}): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...(init.headers ?? {}) } });
    } catch {
      throw new Error(strings.network);
    }
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
    return body;
  };

  /** Polls the job until it leaves `checking` or `applying`, moving the progress bar. */
  const follow = async (current: Job): Promise<Job> => {
    let latest = current;
    show('progress');
    while (latest.status === 'checking' || latest.status === 'applying') {
      progressLabel.textContent = latest.status === 'checking' ? strings.checking! : strings.applying!;
      if (latest.status === 'checking') {
        const percent = Math.min(100, Math.round((latest.processedRows / Math.max(latest.totalRows, 1)) * 100));
        bar.value = percent;
        progressText.textContent = `${latest.processedRows} / ${latest.totalRows}（${percent}%）`;
      } else {
        // Applying is one transaction: there is nothing to count, so the bar shows activity without a value.
        bar.removeAttribute('value');
        progressText.textContent = '';
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      latest = (await request(`/api/hr/roster/imports/${latest.id}`)) as Job;
    }
    return latest;
  };

  const renderPreview = (checked: Job) => {
    const result = checked.preview!;
    element('roster-rows').textContent = fill(strings.rows!, { n: result.rows });
    for (const key of ['create', 'update', 'unchanged', 'errorCount'] as const) {
      preview.querySelector(`[data-count="${key}"]`)!.textContent = String(result[key]);
    }
    const issues = result.fileError ? [{ line: 0, message: result.fileError }] : result.errors;
    element('roster-issues').hidden = issues.length === 0;
    element('roster-issue-rows').replaceChildren(
      ...issues.map((issue) => row([issue.line ? String(issue.line) : '—', issue.field ? (fields[issue.field] ?? issue.field) : '—', issue.message], 1)),
    );
    const more = element('roster-more-errors');
    more.hidden = result.errorCount <= result.errors.length;
    more.textContent = fill(strings.moreErrors!, { n: result.errorCount - result.errors.length });
    element('roster-sample').hidden = result.sample.length === 0 || issues.length > 0;
    element('roster-sample-title').textContent = fill(strings.sampleTitle!, { n: result.sample.length });
    element('roster-sample-rows').replaceChildren(
      ...result.sample.map((sample) =>
        row(
          [String(sample.line), actions[sample.action] ?? sample.action, sample.employeeId, sample.name, sample.department, sample.email ?? '—', sample.roles.map((role) => roles[role] ?? role).join('、')],
          1,
        ),
      ),
    );
    confirm.hidden = checked.status !== 'ready';
    show('preview');
    element('roster-preview-heading').focus();
  };

  const renderDone = (applied: Job) => {
    element('roster-done-text').textContent = fill(strings.done!, { created: applied.preview?.create ?? 0, updated: applied.preview?.update ?? 0 });
    element('roster-invite-list').hidden = true;
    element<HTMLButtonElement>('roster-invites').hidden = (applied.preview?.create ?? 0) === 0;
    show('done');
    element('roster-done-heading').focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) return;
    error.hidden = true;
    try {
      const started = (await request(`/api/hr/roster/imports?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv' },
        body: file,
      })) as Job;
      job = await follow(started);
      if (job.status === 'failed') {
        show('form');
        fail(job.message ?? '');
      } else renderPreview(job);
    } catch (caught) {
      show('form');
      fail((caught as Error).message);
    }
  });

  confirm.addEventListener('click', async () => {
    if (!job) return;
    confirm.disabled = true;
    error.hidden = true;
    try {
      job = await follow((await request(`/api/hr/roster/imports/${job.id}/apply`, { method: 'POST' })) as Job);
      if (job.status === 'done') renderDone(job);
      else {
        show('form');
        fail(job.message ?? '');
      }
    } catch (caught) {
      show('preview');
      fail((caught as Error).message);
    } finally {
      confirm.disabled = false;
    }
  });

  const restart = () => {
    job = undefined;
    form.reset();
    error.hidden = true;
    show('form');
    fileInput.focus();
  };
  element('roster-again').addEventListener('click', restart);
  element('roster-restart').addEventListener('click', restart);

  const copyButton = (text: string) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = strings.copy!;
    button.addEventListener('click', async () => {
      await navigator.clipboard.writeText(text);
      button.textContent = strings.copied!;
    });
    return button;
  };

  element('roster-invites').addEventListener('click', async () => {
    if (!job) return;
    const button = element<HTMLButtonElement>('roster-invites');
    button.disabled = true;
    error.hidden = true;
    try {
      invites = ((await request(`/api/hr/roster/imports/${job.id}/invites`, { method: 'POST' })) as { invites: Invite[] }).invites;
      element('roster-invite-status').textContent = invites.length === 0 ? strings.invitesNone! : '';
      element('roster-invite-rows').replaceChildren(
        ...invites.map((invite) => {
          const link = document.createElement('span');
          link.className = 'invite-link';
          link.textContent = invite.inviteUrl;
          const cell = document.createElement('span');
          cell.append(link, ' ', copyButton(invite.inviteUrl));
          return row([invite.employeeId, invite.name, invite.department ?? '—', invite.username, cell]);
        }),
      );
      element('roster-invite-list').hidden = false;
    } catch (caught) {
      fail((caught as Error).message);
    } finally {
      button.disabled = false;
    }
  });

  element('roster-copy-all').addEventListener('click', async () => {
    await navigator.clipboard.writeText(invites.map((invite) => `${invite.name}（${invite.employeeId}）\t${invite.inviteUrl}`).join('\n'));
    element('roster-invite-status').textContent = strings.copied!;
  });

  element('roster-download').addEventListener('click', () => {
    const header = JSON.parse(strings.inviteHeader!) as string[];
    const csv = toCsv(
      header,
      invites.map((invite) => [invite.employeeId, invite.name, invite.department ?? '', invite.email ?? '', invite.username, invite.inviteUrl]),
    );
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `邀请链接-${formatDay(Date.now())}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
}
