import { createRequire } from 'node:module';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { percentText, statusLabels } from '../../core/hr/completion.ts';
import { formatDateTime, formatDay } from '../../core/hr/dates.ts';
import { CSV_BOM, csvLines, type ExportCell } from '../../core/hr/spreadsheet.ts';
import type { LearnerRow } from '../learning/hr-reports.ts';
import { auditActionLabel, type AuditEntry } from './audit-log.ts';
import { certificateStateLabels, type CertificateEntry } from './certificate-registry.ts';

/** Rows to export and how each becomes cells: mapped a thousand at a time, between turns of the event loop. */
export interface ExportSource<T> {
  /** The file's name before its date, e.g. 学习完成情况, also the sheet's name in an XLSX file; and an ASCII name for clients that cannot take that. */
  name: string;
  asciiName: string;
  header: string[];
  rows: readonly T[];
  cells(row: T): ExportCell[];
}

const day = (ms: number | null) => (ms === null ? '' : formatDay(ms));

/** The learners exactly as the dashboard lists them. */
export function learnerExport(rows: readonly LearnerRow[]): ExportSource<LearnerRow> {
  return {
    name: '学习完成情况',
    asciiName: 'completion',
    header: ['工号', '姓名', '部门', '名册中的部门', '状态', '进度', '完成日期', '证书到期', '最近学习'],
    rows,
    cells: (row) => [
      row.employeeId ?? '',
      row.displayName,
      row.department ?? '',
      row.rosterDepartment ?? '',
      statusLabels[row.status],
      percentText(row.share),
      day(row.completedAt),
      day(row.expiresAt),
      day(row.lastActivityAt),
    ],
  };
}

export function certificateExport(rows: readonly CertificateEntry[]): ExportSource<CertificateEntry> {
  return {
    name: '证书登记',
    asciiName: 'certificates',
    header: ['证书编号', '姓名', '工号', '完成时所在部门', '完成日期', '颁发日期', '有效期至', '状态', '撤销原因'],
    rows,
    cells: (row) => [
      row.id,
      row.learnerName,
      row.employeeId ?? '',
      row.department ?? '',
      day(row.completedAt),
      day(row.issuedAt),
      day(row.expiresAt),
      certificateStateLabels[row.state],
      row.revokeReason ?? '',
    ],
  };
}

export function auditExport(rows: readonly AuditEntry[]): ExportSource<AuditEntry> {
  return {
    name: '操作记录',
    asciiName: 'audit-log',
    header: ['时间', '操作人', '操作人姓名', '操作', '操作代码', '对象'],
    rows,
    cells: (row) => [
      formatDateTime(row.at),
      row.actorUsername ?? row.actorUserId ?? '系统',
      row.actorName ?? '',
      auditActionLabel(row.action),
      row.action,
      row.subject,
    ],
  };
}

const ROWS_PER_CHUNK = 1000;

/** The source's rows as cells, a chunk at a time, yielding to the event loop between chunks. */
async function* cellChunks<T>(source: ExportSource<T>): AsyncGenerator<ExportCell[][]> {
  for (let start = 0; start < source.rows.length; start += ROWS_PER_CHUNK) {
    if (start > 0) await nextTurn();
    yield source.rows.slice(start, start + ROWS_PER_CHUNK).map((row) => source.cells(row));
  }
}

/** `attachment` with the Chinese name for browsers (RFC 6266/5987) and an ASCII one for everything else. */
function headers(contentType: string, source: ExportSource<unknown>, extension: 'csv' | 'xlsx', now: number): Record<string, string> {
  const date = formatDay(now);
  const name = `${source.name}-${date}.${extension}`;
  return {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${source.asciiName}-${date}.${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'Cache-Control': 'no-store',
  };
}

/** Streams the rows as CSV: UTF-8 with a BOM (so Excel reads Chinese), formula-like cells neutralised. */
export function csvResponse<T>(source: ExportSource<T>, now = Date.now()): Response {
  const encoder = new TextEncoder();
  const chunks = cellChunks(source);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvLines([source.header])));
    },
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(csvLines(next.value)));
    },
  });
  return new Response(body, { headers: headers('text/csv; charset=utf-8', source as ExportSource<unknown>, 'csv', now) });
}

// write-excel-file builds a workbook synchronously (seconds for 50,000 rows): a worker thread keeps that off the event
// loop. The worker is evaluated from text and loads the library by its resolved path, so the server bundle needs no
// file of its own for it. Rows travel as JSON text, a chunk per string: cloning strings is a copy, cloning a hundred
// thousand objects would stall the main thread itself.
const requireHere = createRequire(import.meta.url);
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const library = require(workerData.library);
const writeXlsxFile = library.default || library;
const cell = (value) => (value === null || value === '' ? null : { value, type: typeof value === 'number' ? Number : String });
const data = [workerData.header.map((value) => ({ value, fontWeight: 'bold' }))];
for (const chunk of workerData.chunks) for (const row of JSON.parse(chunk)) data.push(row.map(cell));
writeXlsxFile(data, { sheet: workerData.title, columns: workerData.columns, stickyRowsCount: 1 })
  .toBuffer()
  .then((buffer) => parentPort.postMessage(buffer));
`;

/** Builds an XLSX workbook of one sheet off the main thread: a bold header row, then text and number cells (never formulas). */
export async function xlsxBytes<T>(source: ExportSource<T>): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: string[] = [];
  const widths = source.header.map((title) => title.length * 2 + 2);
  for await (const rows of cellChunks(source)) {
    if (chunks.length === 0) {
      for (const row of rows.slice(0, 200)) row.forEach((value, index) => (widths[index] = Math.max(widths[index]!, String(value ?? '').length * 2 + 2)));
    }
    chunks.push(JSON.stringify(rows));
  }
  const columns = widths.map((width) => ({ width: Math.min(width, 48) }));
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { library: requireHere.resolve('write-excel-file/node'), header: source.header, chunks, title: source.name, columns },
    });
    worker.once('message', (buffer: Uint8Array<ArrayBuffer>) => resolve(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the XLSX worker stopped with code ${code}`));
    });
  });
}

export async function xlsxResponse<T>(source: ExportSource<T>, now = Date.now()): Promise<Response> {
  const bytes = await xlsxBytes(source);
  return new Response(bytes, {
    headers: headers('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', source as ExportSource<unknown>, 'xlsx', now),
  });
}
