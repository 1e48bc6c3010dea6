import type { HttpSession } from './http-client.ts';

/** One Server-Sent Event as a browser's EventSource would hand it over, its data parsed as JSON. */
export interface SseEvent {
  id?: number;
  event: string;
  data: any;
}

/** Reads a Server-Sent Events stream as one person (their cookies), keeping every event it received. */
export class SseReader {
  readonly events: SseEvent[] = [];
  private readonly abort = new AbortController();
  private ended = false;

  private constructor() {}

  /** Opens a stream; `lastEventId` resumes it as a reconnecting EventSource would. Fails unless the answer is 200. */
  static async open(session: HttpSession, path: string, lastEventId?: number, extraHeaders: Record<string, string> = {}): Promise<SseReader> {
    const reader = new SseReader();
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...extraHeaders };
    if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
    const response = await session.request(path, { headers, signal: reader.abort.signal });
    if (response.status !== 200) throw new Error(`stream ${path} answered ${response.status}: ${await response.text()}`);
    void reader.pump(response.body!);
    return reader;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).replace(/^ /, ''));
          }
          const event = fields.get('event');
          const data = fields.get('data');
          if (!event || data === undefined) continue;
          const id = fields.get('id');
          this.events.push({ event, data: JSON.parse(data), ...(id !== undefined ? { id: Number(id) } : {}) });
        }
      }
    } catch {
      // Closed by close(), or the server went away.
    }
    this.ended = true;
  }

  /** Waits until an event matches (15 s at most, for a busy machine) and returns it. */
  async waitFor(predicate: (event: SseEvent) => boolean, what = 'the expected event'): Promise<SseEvent> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.ended || Date.now() > deadline) {
        throw new Error(`stream ${this.ended ? 'ended' : 'timed out'} without ${what}; it had: ${this.events.map((e) => e.event).join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The id of the last event with one, as EventSource keeps it for Last-Event-ID. */
  lastEventId(): number | undefined {
    return this.events.filter((event) => event.id !== undefined).at(-1)?.id;
  }

  close(): void {
    this.abort.abort();
  }
}
