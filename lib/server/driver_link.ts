/**
 * The server's connection to one driver: a Unix socket client (node:net) that asks for DUMPALL, feeds the
 * driver's lines to a {@linkcode DriverMirror}, PINGs a quiet driver at a third of MAXAGE as NUT does,
 * reconnects when the driver goes away or is not up yet, and forwards INSTCMD/SET (with TRACKING ids).
 * A bad line from a driver is logged with the UPS and socket names and ignored.
 * @module
 */
import net from "node:net";
import { basename } from "node:path";
import type { Buffer } from "node:buffer";
import type { Logger } from "../log.ts";
import { type DriverRequest, formatDriverRequest } from "../sock/messages.ts";
import { WordParser } from "../words/parser.ts";
import { DriverMirror } from "./driver_mirror.ts";
import type { TrackingTable } from "./tracking.ts";
import type { DriverChannel, Unavailable, Ups } from "./ups.ts";

/** Seconds between two "Can't connect" complaints about the same driver (NUT's SS_CONNFAIL_INT). */
export const CONNECT_COMPLAINT_INTERVAL = 300;

/** Most bytes queued towards a driver that does not read before the connection is dropped. */
export const MAX_DRIVER_BACKLOG = 1024 * 1024;

/** Longest driver line accepted (parseconf's limits keep words bounded; this bounds a line). */
export const MAX_DRIVER_LINE = 64 * 1024;

/** Bad-line reports per minute per driver before they are summarised. */
const BAD_LINE_REPORTS = 10;

/** Options of a {@linkcode DriverLink}. */
export interface DriverLinkOptions {
  /** The UPS whose driver this is. */
  ups: Ups;
  /** Logger. */
  log: Logger;
  /** Where TRACKING answers go. */
  tracking: TrackingTable;
  /** MAXAGE in seconds (read at each use, so a reload applies). */
  maxAge: () => number;
  /** Clock in ms. */
  now?: () => number;
}

/**
 * A driver connection. Call {@linkcode DriverLink.tick} regularly (the server does, every second): it
 * connects, reconnects, pings and logs staleness changes.
 */
export class DriverLink implements DriverChannel {
  #ups: Ups;
  #log: Logger;
  #tracking: TrackingTable;
  #maxAge: () => number;
  #now: () => number;
  #mirror: DriverMirror;
  #socket: net.Socket | undefined;
  #connecting = false;
  #closed = false;
  #lastPing = 0;
  #lastComplaint = -Infinity;
  #staleLogged = true;
  #badLines = 0;
  #badLinesSince = 0;

  /** Creates the link (not connected until the first tick). */
  constructor(options: DriverLinkOptions) {
    this.#ups = options.ups;
    this.#log = options.log;
    this.#tracking = options.tracking;
    this.#maxAge = options.maxAge;
    this.#now = options.now ?? Date.now;
    this.#mirror = new DriverMirror(this.#ups);
    this.#ups.channel = this;
  }

  /** True while a connection to the driver is up. */
  get connected(): boolean {
    return this.#socket !== undefined;
  }

  /** True while a connection attempt is under way. */
  get connecting(): boolean {
    return this.#connecting;
  }

  /** True while connected and the answer to DUMPALL is not complete. */
  get dumping(): boolean {
    return this.#socket !== undefined && !this.#mirror.dumpDone;
  }

  /**
   * Whether the driver's data may be served: not while disconnected or stale.
   * @param now clock in ms
   * @returns undefined, DRIVER-NOT-CONNECTED or DATA-STALE
   */
  availability(now: number): Unavailable | undefined {
    if (!this.#socket) return "DRIVER-NOT-CONNECTED";
    return this.#mirror.stale(now, this.#maxAge() * 1000) ? "DATA-STALE" : undefined;
  }

  /**
   * Sends a request to the driver (dropping a driver that stopped reading).
   * @param request the request
   * @returns false when not connected
   */
  send(request: DriverRequest): boolean {
    const s = this.#socket;
    if (!s || s.destroyed) return false;
    if (s.writableLength > MAX_DRIVER_BACKLOG) {
      this.#log.notice(`Send to UPS [${this.#ups.name}] failed: the driver does not read its socket`);
      s.destroy();
      return false;
    }
    s.write(formatDriverRequest(request) + "\n", "latin1");
    return true;
  }

  /**
   * Does the periodic work: connect when not connected, PING a quiet driver, log staleness changes.
   * @param now clock in ms
   */
  tick(now: number = this.#now()): void {
    if (this.#closed) return;
    if (!this.#socket) {
      if (!this.#connecting) this.#connect();
    } else {
      const third = (this.#maxAge() * 1000) / 3;
      if (now - this.#mirror.lastHeard > third && now - this.#lastPing > third) {
        this.#log.debug(3, `Pinging UPS [${this.#ups.name}]`);
        this.send({ kind: "PING" });
        this.#lastPing = now;
      }
    }
    const dead = this.availability(now) !== undefined;
    if (dead && !this.#staleLogged) {
      this.#staleLogged = true;
      this.#log.notice(`Data for UPS [${this.#ups.name}] is stale - check driver`);
    } else if (!dead && this.#staleLogged) {
      this.#staleLogged = false;
      this.#log.notice(`UPS [${this.#ups.name}] data is no longer stale`);
    }
  }

  /** Disconnects for good (UPS removed, server stopping). */
  close(): void {
    this.#closed = true;
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  #connect(): void {
    const ups = this.#ups;
    const path = ups.socketPath;
    this.#connecting = true;
    const sock = net.createConnection({ path });
    let up = false;
    const parser = new WordParser({ maxLineLength: MAX_DRIVER_LINE });
    sock.setTimeout(5000);
    sock.on("timeout", () => {
      if (!up) sock.destroy(new Error("connection timed out"));
    });
    sock.on("connect", () => {
      this.#connecting = false;
      if (this.#closed) {
        sock.destroy();
        return;
      }
      up = true;
      sock.setTimeout(0);
      this.#socket = sock;
      this.#lastPing = 0;
      this.#mirror.connected(this.#now());
      this.#staleLogged = false;
      sock.write("DUMPALL\n");
      this.#log.info(`Connected to UPS [${ups.name}]: ${basename(path)}`);
    });
    sock.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      const now = this.#now();
      for (const line of parser.push(text)) {
        if (line.error) {
          this.#badLine(`Parse error on sock: ${line.error}`);
          continue;
        }
        let event;
        try {
          event = this.#mirror.apply(line.words, now);
        } catch (e) {
          this.#badLine(`cannot apply "${line.words.join(" ")}": ${(e as Error).message}`);
          continue;
        }
        if (!event) continue;
        if (event.kind === "TRACKING") {
          this.#tracking.set(event.id, event.status);
          this.#log.debug(1, `TRACKING: ID ${event.id} status ${event.status}`);
          this.#log.info(`tracking ID: ${event.id}\tresult: ${this.#tracking.result(event.id)}`);
        } else this.#badLine(event.message);
      }
    });
    sock.on("error", (e: Error) => {
      if (up) {
        this.#log.notice(`Read from UPS [${ups.name}] failed: ${e.message}`);
        return;
      }
      const now = this.#now();
      if (now - this.#lastComplaint >= CONNECT_COMPLAINT_INTERVAL * 1000) {
        this.#lastComplaint = now;
        this.#log.error(`Can't connect to UPS [${ups.name}] (${basename(path)}): ${describe(e)}`);
      }
    });
    sock.on("close", () => {
      this.#connecting = false;
      if (!up) return;
      if (this.#socket === sock) {
        this.#socket = undefined;
        this.#mirror.disconnected();
        if (!this.#closed) this.#log.notice(`Lost connection to the driver of UPS [${ups.name}]`);
      }
    });
  }

  #badLine(message: string): void {
    const now = this.#now();
    if (now - this.#badLinesSince > 60_000) {
      if (this.#badLines > BAD_LINE_REPORTS) {
        this.#log.warn(
          `UPS [${this.#ups.name}]: ${this.#badLines - BAD_LINE_REPORTS} more bad lines ignored`,
        );
      }
      this.#badLines = 0;
      this.#badLinesSince = now;
    }
    if (++this.#badLines <= BAD_LINE_REPORTS) {
      this.#log.warn(
        `UPS [${this.#ups.name}]: ignoring a bad line from driver ${
          basename(this.#ups.socketPath)
        }: ${message}`,
      );
    }
  }
}

function describe(e: Error): string {
  const code = (e as { code?: string }).code;
  if (code === "ENOENT") return "No such file or directory";
  if (code === "ECONNREFUSED") return "Connection refused";
  if (code === "EACCES") return "Permission denied";
  return e.message;
}
