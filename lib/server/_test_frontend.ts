/**
 * The frontends' test bed (folder-private): a frontend of either kind on a free port of 127.0.0.1 with a
 * minimal server context, its log lines collected, and plain client connections to it.
 * @module
 */
import net from "node:net";
import { assertEquals } from "../testing/asserts.ts";
import { Logger } from "../log.ts";
import { Session } from "./session.ts";
import type { ServerContext } from "./context.ts";
import { EpollFrontend } from "./epoll_frontend.ts";
import type { Frontend, FrontendOptions, TlsSettings } from "./frontend.ts";
import type { PushHub } from "./push_hub.ts";
import { TcpFrontend } from "./tcp.ts";
import { TrackingTable } from "./tracking.ts";
import { UpsTable } from "./ups_table.ts";

/** The two frontends. */
export const KINDS = ["epoll", "node"] as const;

/** A frontend kind. */
export type Kind = typeof KINDS[number];

/** What a test asks of the bed. */
export interface FrontendCase {
  /** A UPS table whose lookups throw (a bug inside a request). */
  broken?: boolean;
  /** MAXCONN (0: none). */
  maxClients?: number;
  /** Bytes queued for a client before it is dropped. */
  maxBacklog?: number;
  /** Unsent bytes beyond which a client is not answered. */
  highWater?: number;
  /** Ms without progress of a client's unsent bytes before the sweep drops it. */
  stallMs?: number;
  /** Ms a client waits for its next turn after one with noise. */
  noisePauseMs?: number;
  /** STARTTLS settings. */
  tls?: TlsSettings;
  /** The address to listen on (default 127.0.0.1). */
  host?: string;
  /** The UPSes served (default: none). */
  table?: UpsTable;
  /** Makes the status push hub, given the bed's logger. */
  push?: (log: Logger) => PushHub;
}

/**
 * Starts a frontend.
 * @param kind which one
 * @param options the case
 * @returns the frontend, its log lines and its port
 */
export async function startFrontend(
  kind: Kind,
  options: FrontendCase = {},
): Promise<{ front: Frontend; lines: string[]; port: number }> {
  const lines: string[] = [];
  const log = new Logger({ sink: (_s, m) => lines.push(m), timestamps: false });
  const table = options.table ?? new UpsTable();
  const ctx: ServerContext = {
    ups: options.broken
      ? {
        find: () => {
          throw new Error("boom");
        },
        list: () => [],
      }
      : table,
    tracking: new TrackingTable({ delaySeconds: 60 }),
    log,
    users: () => ({ file: "", users: new Map(), warnings: [] }),
    tlsConfigured: () => options.tls !== undefined,
    clients: () => front.clients(),
    newTrackingId: () => "ID",
    now: () => Date.now(),
    push: options.push?.(log),
  };
  const opts: FrontendOptions = {
    log,
    newSession: (a) => new Session(ctx, a),
    maxClients: () => options.maxClients ?? 0,
    tls: () => options.tls,
    maxBacklog: options.maxBacklog,
    highWater: options.highWater,
    stallMs: options.stallMs,
    noisePauseMs: options.noisePauseMs,
  };
  const front: Frontend = kind === "epoll" ? new EpollFrontend(opts) : new TcpFrontend(opts);
  assertEquals(await front.listen([{ host: options.host ?? "127.0.0.1", port: 0 }]), []);
  return { front, lines, port: front.addresses[0].port };
}

/**
 * Connects to a frontend.
 * @param port its port
 * @param host its address
 * @returns the connected socket
 */
export function connect(port: number, host = "127.0.0.1"): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const c = net.createConnection({ port, host });
    c.once("connect", () => resolve(c));
    c.once("error", reject);
  });
}
