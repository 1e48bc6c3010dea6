import pg from 'pg';
import { NOTIFY_CHANNEL, type ClassroomStore, type StoredEvent } from './classroom-store.ts';

/** Someone listening to a session's events in this process: an open stream. */
export interface LiveListener {
  deliver(events: readonly StoredEvent[]): void;
}

interface Channel {
  /** The newest event this process has handed out; known once `ready` settles. */
  cursor: number;
  ready: Promise<void>;
  listeners: Set<LiveListener>;
  pumping: boolean;
  again: boolean;
}

/** How many events one read takes; a stream that fell further behind gets the rest on the next read. */
const PAGE = 500;

/**
 * Hands each session's new events to the streams open in this process. Whatever wrote them (this process, or another
 * instance that PostgreSQL's NOTIFY speaks for) only says "session X has new events": the hub reads them from the log
 * once per session, after the last one it handed out, and gives them to every stream of that session.
 */
export class LiveHub {
  private readonly channels = new Map<string, Channel>();

  constructor(private readonly store: ClassroomStore) {}

  /**
   * Adds a listener to a session; resolves once the hub knows where the log stands, so that anything the caller then
   * reads from the log overlaps with what the hub will deliver (listeners skip what they have seen). Returns the
   * function that removes the listener.
   */
  async listen(code: string, listener: LiveListener): Promise<() => void> {
    let channel = this.channels.get(code);
    if (!channel) {
      const created: Channel = { cursor: 0, ready: Promise.resolve(), listeners: new Set(), pumping: false, again: false };
      created.ready = this.store.lastSeq(code).then((seq) => {
        created.cursor = seq;
      });
      channel = created;
      this.channels.set(code, channel);
    }
    channel.listeners.add(listener);
    await channel.ready;
    const own = channel;
    return () => {
      own.listeners.delete(listener);
      if (own.listeners.size === 0 && this.channels.get(code) === own) this.channels.delete(code);
    };
  }

  /** Says that a session has new events: the hub reads and delivers them if anyone here listens. */
  notify(code: string): void {
    const channel = this.channels.get(code);
    if (channel) void this.pump(code, channel);
  }

  /** Re-reads every session listened to here, after notifications may have been missed (a lost LISTEN connection). */
  notifyAll(): void {
    for (const code of this.channels.keys()) this.notify(code);
  }

  /** How many streams are open in this process. */
  listenerCount(): number {
    let count = 0;
    for (const channel of this.channels.values()) count += channel.listeners.size;
    return count;
  }

  private async pump(code: string, channel: Channel): Promise<void> {
    if (channel.pumping) {
      channel.again = true;
      return;
    }
    channel.pumping = true;
    try {
      await channel.ready;
      do {
        channel.again = false;
        const events = await this.store.eventsAfter(code, channel.cursor, PAGE);
        if (events.length === 0) continue;
        channel.cursor = events.at(-1)!.seq;
        for (const listener of channel.listeners) listener.deliver(events);
        if (events.length === PAGE) channel.again = true;
      } while (channel.again);
    } catch (error) {
      console.error(`读取课堂 ${code} 的实时事件失败：`, error);
    } finally {
      channel.pumping = false;
    }
  }
}

/**
 * Listens for PostgreSQL's notifications of new session events on a connection of its own (LISTEN needs one that is
 * never returned to a pool), and reconnects after losing it, re-reading every session since notifications may have
 * been lost meanwhile.
 */
export class PostgresNotifications {
  private client: pg.Client | undefined;
  private retryMs = 500;

  constructor(
    private readonly databaseUrl: string,
    private readonly hub: LiveHub,
  ) {}

  /** Starts listening; a database that cannot be reached now is tried again in the background. */
  async open(): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      console.error('无法监听 PostgreSQL 的课堂事件通知，稍后重试：', error);
      setTimeout(() => void this.reconnect(), this.retryMs).unref();
    }
  }

  private async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => {
      if (message.channel === NOTIFY_CHANNEL && message.payload) this.hub.notify(message.payload);
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      void client.end().catch(() => {});
      setTimeout(() => void this.reconnect(), this.retryMs).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    this.retryMs = 500;
  }

  private async reconnect(): Promise<void> {
    try {
      await this.start();
      this.hub.notifyAll();
    } catch {
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
      setTimeout(() => void this.reconnect(), this.retryMs).unref();
    }
  }
}
