/**
 * Change signals between Baton processes sharing one PostgreSQL database, over
 * PostgreSQL's LISTEN/NOTIFY (PostgreSQL 15 manual, "NOTIFY"): each process LISTENs on
 * one channel on a dedicated connection; the signals it publishes are collected for one
 * tick and sent as one NOTIFY whose payload is a JSON array of compact signals (each
 * under PostgreSQL's 8,000-byte payload limit). A process ignores its own signals (it
 * emitted them locally already) and emits the others' on its own bus, so a browser
 * connected to any process sees every run live: the stream replays the new records
 * from `run_events`.
 *
 * Signals are hints, the database is the truth: a NOTIFY lost while the listening
 * connection is down costs latency only. The relay reconnects with backoff (0.25–5 s)
 * and, once listening again, calls `onResync` so streams can re-read what they missed.
 */
import 'server-only';
import type { EventEmitter } from 'node:events';
import pg from 'pg';
import { emitSignal, type BusSignal } from './bus';

/** The LISTEN/NOTIFY channel. */
export const RELAY_CHANNEL = 'baton_signals';
/** Largest NOTIFY payload sent, bytes (PostgreSQL's limit is 8,000). */
const MAX_PAYLOAD_BYTES = 7_500;

/** A signal on the wire: [origin, runId, seq|null, status|null, tasks 0|1]. */
type Wire = [string, string, number | null, string | null, 0 | 1];

/** Options of {@link PgRelay}. */
export interface PgRelayOptions {
  /** `postgres://…` of the shared database. */
  url: string;
  /** This process's id; its own signals are not re-emitted. */
  origin: string;
  /** Where received signals are emitted (the process's bus). */
  target: EventEmitter;
  /** Sends NOTIFYs (default: a small pool of its own on `url`). */
  pool?: pg.Pool;
  /** Called when listening resumed after a lost connection. */
  onResync?: () => void;
  /** Called after each batch of signals from other processes was emitted (e.g. to wake this process's runner: another process committed work). */
  onReceive?: () => void;
  /** Connection problems (default: a warning on stderr). */
  onError?: (err: Error) => void;
}

/** Forwards bus signals to the other processes and emits theirs here. */
export class PgRelay {
  private listener: pg.Client | null = null;
  private readonly pool: pg.Pool;
  private readonly ownPool: boolean;
  private queue: Wire[] = [];
  private flushing = false;
  private stopped = false;
  private retryMs = 250;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** Signals received from other processes (for health output and tests). */
  received = 0;

  constructor(private readonly opts: PgRelayOptions) {
    this.ownPool = !opts.pool;
    this.pool = opts.pool ?? new pg.Pool({ connectionString: opts.url, max: 2, application_name: 'baton-relay' });
    if (this.ownPool) this.pool.on('error', (e) => this.report(e));
  }

  /** Connects and LISTENs. @throws the connection error of the first attempt. */
  async start(): Promise<void> {
    await this.listen();
  }

  /** Queues `s` for the other processes; sent with the others of this tick in one NOTIFY. */
  publish(s: BusSignal): void {
    if (this.stopped) return;
    this.queue.push([this.opts.origin, s.runId, s.seq, s.status, s.tasks ? 1 : 0]);
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => void this.flush());
    }
  }

  /** Stops listening and sending. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => undefined);
    if (this.ownPool) await this.pool.end().catch(() => undefined);
  }

  private report(err: Error): void {
    (this.opts.onError ?? ((e: Error) => console.warn(`[baton] signal relay: ${e.message}`)))(err);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.url, application_name: 'baton-relay-listen' });
    client.on('notification', (m) => {
      if (m.channel === RELAY_CHANNEL && m.payload) this.receive(m.payload);
    });
    client.on('error', (e) => {
      this.report(e);
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${RELAY_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => undefined); // e.g. connected while PostgreSQL was shutting down
      throw e;
    }
    this.listener = client;
    this.retryMs = 250;
  }

  private reconnect(client: pg.Client): void {
    if (this.stopped || this.listener !== client) return;
    this.listener = null;
    void client.end().catch(() => undefined);
    const attempt = () => {
      this.reconnectTimer = null;
      if (this.stopped) return;
      this.listen().then(
        () => this.opts.onResync?.(),
        (e: Error) => {
          this.report(e);
          this.retryMs = Math.min(5_000, this.retryMs * 2);
          this.reconnectTimer = setTimeout(attempt, this.retryMs);
        },
      );
    };
    this.reconnectTimer = setTimeout(attempt, this.retryMs);
  }

  private receive(payload: string): void {
    let wires: Wire[];
    try {
      wires = JSON.parse(payload) as Wire[];
    } catch {
      return; // not ours
    }
    let any = false;
    for (const w of wires) {
      if (!Array.isArray(w) || w[0] === this.opts.origin) continue;
      this.received++;
      any = true;
      emitSignal(this.opts.target, { runId: w[1], seq: w[2], status: w[3], tasks: w[4] === 1 });
    }
    if (any) this.opts.onReceive?.();
  }

  private async flush(): Promise<void> {
    const wires = this.queue;
    this.queue = [];
    this.flushing = false;
    const chunks: string[] = [];
    let chunk: Wire[] = [];
    let bytes = 2;
    for (const w of wires) {
      const size = Buffer.byteLength(JSON.stringify(w)) + 1;
      if (chunk.length && bytes + size > MAX_PAYLOAD_BYTES) {
        chunks.push(JSON.stringify(chunk));
        chunk = [];
        bytes = 2;
      }
      chunk.push(w);
      bytes += size;
    }
    if (chunk.length) chunks.push(JSON.stringify(chunk));
    if (this.stopped || !chunks.length) return; // stopped meanwhile: its pool may be closed
    try {
      // All of this tick's payloads in one statement (one round trip), delivered in order.
      await this.pool.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS u(p, n) ORDER BY n', [RELAY_CHANNEL, chunks]);
    } catch (e) {
      this.report(e as Error); // a lost hint: the streams still catch up from the log
    }
  }
}
