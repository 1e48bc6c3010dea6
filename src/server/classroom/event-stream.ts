import type { StoredEvent } from './classroom-store.ts';
import type { LiveHub } from './live-hub.ts';

/** One message of a Server-Sent Events stream; data is JSON text (one line). */
export interface StreamMessage {
  id?: number;
  event: string;
  data: string;
}

/** How a stream begins: what it sends first, and from which event number on it follows the log. */
export interface StreamStart {
  messages: StreamMessage[];
  cursor: number;
}

export interface EventStreamOptions {
  hub: LiveHub;
  code: string;
  /** Which of the log's events this stream may carry. */
  audiences: ReadonlySet<string>;
  /** Reads what the stream begins with, after it listens (so nothing falls between the two). */
  start(): Promise<StreamStart>;
  signal: AbortSignal;
  /** The browser's wait before reconnecting after a drop. */
  retryMs?: number;
  heartbeatMs?: number;
}

const encoder = new TextEncoder();

function format(message: StreamMessage): string {
  return `${message.id !== undefined ? `id: ${message.id}\n` : ''}event: ${message.event}\ndata: ${message.data}\n\n`;
}

/**
 * Opens a Server-Sent Events response that follows one session's log. It listens first, then sends what `start`
 * reads (a snapshot, or the events after Last-Event-ID), then every later event of its audiences exactly once, in
 * order. A comment line every `heartbeatMs` keeps proxies and phones from closing an idle connection.
 */
export async function openEventStream(options: EventStreamOptions): Promise<Response> {
  const { hub, code, audiences, signal } = options;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cursor = Number.POSITIVE_INFINITY;
  let buffered: StoredEvent[] | null = [];
  let closed = false;
  let stopListening: () => void = () => {};
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const write = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };
  const send = (events: readonly StoredEvent[]) => {
    for (const event of events) {
      if (event.seq <= cursor) continue;
      cursor = event.seq;
      if (audiences.has(event.audience)) write(format({ id: event.seq, event: event.type, data: event.body }));
    }
  };
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    stopListening();
    try {
      controller.close();
    } catch {
      // Already closed by the client going away.
    }
  };

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      close();
    },
  });
  signal.addEventListener('abort', close, { once: true });

  stopListening = await hub.listen(code, {
    deliver(events) {
      if (buffered) buffered.push(...events);
      else send(events);
    },
  });
  try {
    const begin = await options.start();
    write(`retry: ${options.retryMs ?? 2000}\n\n`);
    for (const message of begin.messages) write(format(message));
    cursor = begin.cursor;
    const pending = buffered;
    buffered = null;
    send(pending);
  } catch (error) {
    close();
    throw error;
  }
  heartbeat = setInterval(() => write(': keep-alive\n\n'), options.heartbeatMs ?? 20_000);
  if (signal.aborted) close();
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // Tells a reverse proxy (nginx) not to hold the stream back in its buffer.
      'X-Accel-Buffering': 'no',
    },
  });
}

/** Reads the Last-Event-ID a reconnecting EventSource sends (or `lastEventId` in the query, for a fresh EventSource). */
export function lastEventIdOf(request: Request): number | null {
  const raw = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  if (raw === null || !/^\d{1,12}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}
