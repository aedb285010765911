/**
 * The data server: the UPS table and a driver link per UPS, the client sessions behind the TCP frontend,
 * the tracking table, status push subscriptions, and a one-second tick (driver (re)connects, PINGs,
 * staleness, idle clients).
 * Start with `listen()` (bind; the caller may drop privileges next) then `start()` (drivers), reload with
 * new settings without dropping clients, `stop()` to end.
 * @module
 */
import type { UpsdUsers } from "../../config/upsd_users.ts";
import type { Logger } from "../log.ts";
import type { ClientInfo, ServerContext } from "./context.ts";
import { isLoopback, listenAddresses, type ServerSettings } from "./config.ts";
import { DriverLink } from "./driver_link.ts";
import { Session } from "./session.ts";
import { EpollFrontend } from "./epoll_frontend.ts";
import type { Frontend, FrontendOptions, ListenAddress, TlsSettings } from "./frontend.ts";
import { TcpFrontend } from "./tcp.ts";
import { loadTlsSettings } from "./tls_config.ts";
import { TrackingTable } from "./tracking.ts";
import { PushHub } from "./push_hub.ts";
import type { Ups } from "./ups.ts";
import { UpsTable } from "./ups_table.ts";

/** A start-up failure the program reports and exits on (NUT's fatal errors). */
export class UpsdStartError extends Error {
  /**
   * Creates the error.
   * @param message what went wrong, for the user
   */
  constructor(message: string) {
    super(message);
    this.name = "UpsdStartError";
  }
}

/** Options of an {@linkcode Upsd}. */
export interface UpsdOptions {
  /** The configuration. */
  settings: ServerSettings;
  /** Logger. */
  log: Logger;
  /** Listen on one address family only (-4 / -6). */
  family?: 4 | 6;
  /** Idle limit of clients in ms (default 60 s, as NUT). */
  idleMs?: number;
  /** Period of the housekeeping tick in ms (default 1000). */
  tickMs?: number;
  /** How long start() waits for the drivers' first dumps, in ms (default 2000). */
  startWaitMs?: number;
  /**
   * The client side: "epoll" (libc through FFI, Linux) or "node" (node:net); default epoll where it is
   * supported.
   */
  frontend?: "epoll" | "node";
}

/** The server. */
export class Upsd implements ServerContext {
  /** The UPS table. */
  readonly ups: UpsTable = new UpsTable();
  /** Tracked INSTCMD/SET results. */
  readonly tracking: TrackingTable;
  /** Logger. */
  readonly log: Logger;
  /** Status push subscriptions (X-PUSH). */
  readonly push: PushHub;
  #settings: ServerSettings;
  #links = new Map<Ups, DriverLink>();
  #tcp: Frontend;
  #tls: TlsSettings | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #tickMs: number;
  #startWaitMs: number;
  #family: 4 | 6 | undefined;
  #stopped = false;

  /** Creates the server (nothing is bound or connected yet). */
  constructor(options: UpsdOptions) {
    this.#settings = options.settings;
    this.log = options.log;
    this.#family = options.family;
    this.#tickMs = options.tickMs ?? 1000;
    this.#startWaitMs = options.startWaitMs ?? 2000;
    this.tracking = new TrackingTable({ delaySeconds: options.settings.upsdConf.trackingDelay });
    this.push = new PushHub({ ups: this.ups, now: () => this.now(), log: this.log });
    const frontend: FrontendOptions = {
      log: this.log,
      newSession: (address) => new Session(this, address),
      maxClients: () => this.#maxClients(),
      tls: () => this.#tls,
      idleMs: options.idleMs,
    };
    const kind = options.frontend ?? (EpollFrontend.supported() ? "epoll" : "node");
    this.#tcp = kind === "epoll" ? new EpollFrontend(frontend) : new TcpFrontend(frontend);
  }

  /** The current settings. */
  get settings(): ServerSettings {
    return this.#settings;
  }

  /** Addresses listened on. */
  get addresses(): readonly ListenAddress[] {
    return this.#tcp.addresses;
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.#tcp.clientCount;
  }

  // ServerContext

  /**
   * The current users (replaced on reload).
   * @returns upsd.users
   */
  users(): UpsdUsers {
    return this.#settings.users;
  }

  /**
   * Whether STARTTLS is available.
   * @returns true when a certificate is loaded
   */
  tlsConfigured(): boolean {
    return this.#tls !== undefined;
  }

  /**
   * The connected clients, newest first.
   * @returns the clients
   */
  clients(): Iterable<ClientInfo> {
    return this.#tcp.clients();
  }

  /**
   * A new TRACKING id: an upper-case UUID v4, as NUT makes them.
   * @returns the id
   */
  newTrackingId(): string {
    return crypto.randomUUID().toUpperCase();
  }

  /**
   * The clock.
   * @returns milliseconds since the epoch
   */
  now(): number {
    return Date.now();
  }

  /**
   * Loads the TLS certificate and binds the listeners. Fails when no address can be bound, or when a
   * non-loopback one cannot and ALLOW_NOT_ALL_LISTENERS is off, or when CERTFILE is unusable.
   * @throws {UpsdStartError} with NUT's wording where NUT has one
   */
  async listen(): Promise<void> {
    try {
      this.#tls = await loadTlsSettings(this.#settings.upsdConf);
    } catch (e) {
      throw new UpsdStartError((e as Error).message);
    }
    const addresses = listenAddresses(this.#settings.upsdConf, this.#family);
    const failures = await this.#tcp.listen(addresses);
    if (this.#tcp.addresses.length === 0) {
      await this.#tcp.close();
      throw new UpsdStartError("no listening interface available");
    }
    const fatal = failures.filter((f) => !isLoopback(f.address.host));
    if (fatal.length && !this.#settings.allowNotAllListeners) {
      await this.#tcp.close();
      const list = fatal.map((f) => `${f.address.host} port ${f.address.port}`).join(", ");
      throw new UpsdStartError(
        `not listening on ${list} (set ALLOW_NOT_ALL_LISTENERS in upsd.conf to start anyway)`,
      );
    }
  }

  /**
   * Connects to the drivers and starts the housekeeping tick; waits (bounded) for the first dumps so
   * that clients arriving right after see data rather than "WAIT".
   */
  async start(): Promise<void> {
    for (const w of this.#settings.warnings) this.log.warn(w);
    this.#sync();
    this.#tick();
    this.#timer = setInterval(() => this.#tick(), this.#tickMs);
    const deadline = Date.now() + this.#startWaitMs;
    while (Date.now() < deadline && [...this.#links.values()].some((l) => l.connecting || l.dumping)) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * Applies new settings (SIGHUP / -c reload): UPSes appear, go or move to another socket; users, MAXAGE,
   * MAXCONN, TRACKINGDELAY and the certificate change; LISTEN changes need a restart, as in NUT. Clients
   * stay connected, except those logged into a removed UPS (NUT disconnects them).
   * @param next the new settings
   */
  async reload(next: ServerSettings): Promise<void> {
    for (const w of next.warnings) this.log.warn(w);
    try {
      const tls = await loadTlsSettings(next.upsdConf);
      this.#tls = tls;
    } catch (e) {
      this.log.error(`Reload: ${(e as Error).message}; keeping the previous certificate`);
    }
    this.#settings = next;
    this.tracking.delaySeconds = next.upsdConf.trackingDelay;
    this.#sync();
    if (this.ups.size === 0) this.log.warn("Warning: no UPSes currently defined!");
    this.#tick();
  }

  /** Stops: closes listeners, clients and driver links. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#tcp.close();
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
  }

  #maxClients(): number {
    const max = this.#settings.upsdConf.maxConn;
    if (max <= 0) return 0;
    return Math.max(1, max - this.ups.size - this.#tcp.addresses.length);
  }

  #sync(): void {
    const changes = this.ups.sync(this.#settings.ups);
    for (const ups of changes.removed) {
      this.log.notice(`Deleting UPS [${ups.name}]`);
      const key = ups.name.toLowerCase();
      const kicked = this.#tcp.disconnect((s) => s.loginUps?.toLowerCase() === key);
      if (kicked) this.log.info(`Kicked ${kicked} client(s) logged into UPS [${ups.name}]`);
      this.#links.get(ups)?.close();
      this.#links.delete(ups);
    }
    for (const ups of changes.moved) {
      this.log.notice(`Redefined UPS [${ups.name}]`);
      this.#links.get(ups)?.close();
      ups.resetState();
      this.#links.set(ups, this.#newLink(ups));
    }
    for (const ups of changes.added) {
      // Pushed in the same turn as the driver's line that changed the status.
      ups.watch(() => this.push.changed(ups.name));
      this.#links.set(ups, this.#newLink(ups));
    }
    // Subscribers of a removed UPS (or of one back in ups.conf) hear of it now.
    this.push.checkAll();
  }

  #newLink(ups: Ups): DriverLink {
    return new DriverLink({
      ups,
      log: this.log,
      tracking: this.tracking,
      maxAge: () => this.#settings.upsdConf.maxAge,
    });
  }

  #tick(): void {
    if (this.#stopped) return;
    const now = Date.now();
    for (const [ups, link] of this.#links) {
      try {
        link.tick(now);
      } catch (e) {
        this.log.error(`UPS [${ups.name}]: driver link: ${(e as Error).message}`);
      }
    }
    this.#tcp.sweep(now);
    this.tracking.prune();
    // Staleness by MAXAGE has no event of its own: subscribers hear of it within a tick.
    this.push.checkAll();
  }
}
