/** Whether a live stream is connected, connecting for the first time, or reconnecting after a drop. */
export type StreamStatus = 'connecting' | 'open' | 'reconnecting';

export interface LiveStreamOptions {
  url: string;
  /** The stream's event names and what to do with each event's JSON. */
  handlers: Record<string, (data: unknown) => void>;
  onStatus(status: StreamStatus): void;
}

/**
 * Follows a session's Server-Sent Events. The browser's EventSource reconnects by itself after a network drop and
 * sends Last-Event-ID, so the server replays what was missed; when it gives up (the server answered with an error,
 * e.g. while restarting), a new EventSource is opened with the last id in the query, after a growing pause.
 * Returns the function that closes the stream.
 */
export function openLiveStream(options: LiveStreamOptions): () => void {
  let source: EventSource | undefined;
  let lastEventId: string | null = null;
  let closed = false;
  let retryMs = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    const url = lastEventId === null ? options.url : `${options.url}?lastEventId=${encodeURIComponent(lastEventId)}`;
    source = new EventSource(url);
    source.onopen = () => {
      retryMs = 1000;
      options.onStatus('open');
    };
    source.onerror = () => {
      if (closed) return;
      options.onStatus('reconnecting');
      if (source?.readyState === EventSource.CLOSED) {
        source.close();
        timer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 15_000);
      }
    };
    for (const [name, handle] of Object.entries(options.handlers)) {
      source.addEventListener(name, (event) => {
        const message = event as MessageEvent<string>;
        if (message.lastEventId) lastEventId = message.lastEventId;
        handle(JSON.parse(message.data));
      });
    }
  };

  options.onStatus('connecting');
  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}
