/**
 * Status push as a source of observations, beside polling: one push connection per data server (its own,
 * never logged in, see lib/client/push_reader.ts) subscribes to the UPSes of the MONITOR lines naming that
 * server, and each pushed status or failure is delivered to the monitor the moment it arrives. Push is an
 * accelerator only: polling keeps running at POLLFREQ as the safety net (a server that does not know the
 * extension, NUT's upsd, answers `ERR UNKNOWN-COMMAND`, and the monitor simply goes on polling), and a
 * broken push connection is not a failure of the UPS (the polls say whether the server is reachable).
 * @module
 */
import type { MonitorEntry } from "../../config/upsmon_conf.ts";
import { type PushEvent, PushReader, type TlsMode, type TlsOptions } from "../client/mod.ts";
import { NutError } from "../protocol/errors.ts";
import type { StatusSource, StatusSourceContext } from "./source.ts";
import type { Observation } from "./types.ts";

/** How to reach a MONITOR line's server (as its session does). */
export interface PushConnection {
  /** STARTTLS settings (default: none). */
  tls?: TlsOptions | TlsMode | boolean;
  /** Only IPv4 (4) or IPv6 (6). */
  family?: 4 | 6;
  /** Limit of connecting, in ms. */
  connectTimeoutMs?: number;
}

/** One server's push connection, as the source asks for it. */
export interface PushTarget extends PushConnection {
  /** The server's host. */
  host: string;
  /** Its port. */
  port: number;
  /** The UPS names to subscribe to. */
  ups: readonly string[];
  /** Aborted when the connection is no longer wanted. */
  signal: AbortSignal;
}

/** Options of a {@linkcode PushSource}. */
export interface PushSourceOptions {
  /** The connection settings of a MONITOR line (TLS as its session uses them); default plain TCP. */
  connection?: (entry: MonitorEntry) => PushConnection;
  /** Opens the event stream of one server (default: a {@linkcode PushReader}; tests script one). */
  openReader?: (target: PushTarget) => AsyncIterable<PushEvent>;
}

/** One server's push connection and the MONITOR lines it serves. */
interface Group {
  /** Server, settings and UPS list: a change of any of them means a new connection. */
  key: string;
  /** The server's host (as on the MONITOR lines). */
  host: string;
  /** The server as "host:port" (logs). */
  server: string;
  /** MONITOR systems by lower-case UPS name. */
  systems: Map<string, string[]>;
  controller: AbortController;
  task: Promise<void>;
  /** Whether the server's lack of push was logged already. */
  unsupportedLogged: boolean;
}

/** Status push, as a status source. */
export class PushSource implements StatusSource {
  readonly name = "push";
  #opts: PushSourceOptions;
  #ctx: StatusSourceContext | undefined;
  #groups = new Map<string, Group>();
  #stopped = false;

  /** @param options connection settings per MONITOR line, reader factory */
  constructor(options: PushSourceOptions = {}) {
    this.#opts = options;
  }

  /** @inheritdoc */
  start(ctx: StatusSourceContext): void {
    this.#ctx = ctx;
    ctx.signal.addEventListener("abort", () => void this.stop());
    this.#sync();
  }

  /** Follows the MONITOR lines after a reload (push has nothing to ask: it is told). */
  refresh(): Promise<void> {
    this.#sync();
    return Promise.resolve();
  }

  /** @inheritdoc */
  async stop(): Promise<void> {
    this.#stopped = true;
    const groups = [...this.#groups.values()];
    this.#groups.clear();
    for (const g of groups) g.controller.abort();
    await Promise.all(groups.map((g) => g.task));
  }

  /** Opens, keeps or closes server connections to match the sessions. */
  #sync(): void {
    const ctx = this.#ctx;
    if (!ctx || this.#stopped) return;
    const wanted = new Map<string, { target: Omit<PushTarget, "signal">; systems: Map<string, string[]> }>();
    for (const s of ctx.sessions) {
      const entry = s.entry;
      const conn = this.#opts.connection?.(entry) ?? {};
      const base = `${entry.host}\0${entry.port}\0${JSON.stringify(conn)}`;
      let w = wanted.get(base);
      if (!w) {
        w = { target: { ...conn, host: entry.host, port: entry.port, ups: [] }, systems: new Map() };
        wanted.set(base, w);
      }
      const lower = entry.ups.toLowerCase();
      const systems = w.systems.get(lower);
      if (systems) systems.push(entry.system);
      else {
        w.systems.set(lower, [entry.system]);
        (w.target.ups as string[]).push(entry.ups);
      }
    }
    const keys = new Set<string>();
    for (const [base, w] of wanted) {
      const key = `${base}\0${JSON.stringify([...w.systems])}`;
      keys.add(key);
      if (this.#groups.has(key)) continue;
      const controller = new AbortController();
      const group: Group = {
        key,
        host: w.target.host,
        server: `${w.target.host}:${w.target.port}`,
        systems: w.systems,
        controller,
        task: Promise.resolve(),
        unsupportedLogged: false,
      };
      group.task = this.#run(group, { ...w.target, signal: controller.signal });
      this.#groups.set(key, group);
    }
    for (const [key, g] of this.#groups) {
      if (keys.has(key)) continue;
      this.#groups.delete(key);
      g.controller.abort();
    }
  }

  async #run(group: Group, target: PushTarget): Promise<void> {
    const ctx = this.#ctx!;
    const events = this.#opts.openReader?.(target) ?? new PushReader({ ...target }).events();
    try {
      for await (const e of events) {
        if (target.signal.aborted) break;
        this.#handle(group, e);
      }
    } catch (e) {
      if (!target.signal.aborted) ctx.log.error(`Status push from ${group.server}: ${(e as Error).message}`);
    }
  }

  #handle(group: Group, e: PushEvent): void {
    const ctx = this.#ctx!;
    const log = ctx.log;
    switch (e.kind) {
      case "subscribed":
        for (const system of this.#systems(group, e.ups)) log.debug(1, `Status push on for UPS [${system}]`);
        return;
      case "status":
      case "failure": {
        const asOf = ctx.clock.now();
        const out: Observation[] = this.#systems(group, e.ups).map((system) =>
          e.kind === "status" ? statusObservation(system, e.status, e.alarm, asOf) : {
            kind: "failure",
            system,
            code: e.code,
            message: failureMessage(system, e.ups, group.host, e.code),
            disconnected: false,
            asOf,
          }
        );
        if (out.length > 0) ctx.deliver(out);
        return;
      }
      case "refused":
        for (const system of this.#systems(group, e.ups)) {
          log.debug(1, `Status push refused for UPS [${system}]: ${e.code}`);
        }
        return;
      case "unsupported":
        if (!group.unsupportedLogged) {
          group.unsupportedLogged = true;
          log.info(`Server ${group.server} does not offer status push (${e.answer}): polling only`);
        } else log.debug(1, `Server ${group.server} still offers no status push`);
        return;
      case "disconnected":
        log.debug(
          1,
          `Status push from ${group.server}: ${e.message}; trying again in ${e.retryInMs / 1000} s`,
        );
        return;
    }
  }

  #systems(group: Group, ups: string): string[] {
    return group.systems.get(ups.toLowerCase()) ?? [];
  }
}

/**
 * A status observation as a poll makes it: `ups.alarm` only when the status carries ALARM.
 * @param system the MONITOR system
 * @param status ups.status
 * @param alarm ups.alarm, when pushed
 * @param asOf when it arrived
 * @returns the observation
 */
function statusObservation(
  system: string,
  status: string,
  alarm: string | undefined,
  asOf: number,
): Observation {
  return alarm !== undefined && /(^|\s)ALARM(\s|$)/i.test(status)
    ? { kind: "status", system, status, alarm, asOf }
    : { kind: "status", system, status, asOf };
}

/** The log line of a pushed failure, worded as a failed poll's. */
function failureMessage(system: string, ups: string, host: string, code: string): string {
  if (code === "UNKNOWN-UPS") {
    return `Poll UPS [${system}] failed - [${ups}] does not exist on server ${host}`;
  }
  return `Poll UPS [${system}] failed - ${new NutError(code).message}`;
}
