/**
 * The monitor's runtime: feeds observations from the status sources and the passing of time to the
 * pure core ({@linkcode evaluate}), one event at a time, and carries out its actions through injected
 * executors (notifier, shutdown) and the sessions (FSD, NUMLOGINS). Nothing here decides anything.
 *
 * ```ts ignore
 * const monitor = new Monitor({ conf, log, notifier, shutdown });
 * monitor.start();
 * const code = await monitor.exited;
 * ```
 * @module
 */
import { type MonitorEntry, type UpsmonConf } from "../../config/upsmon_conf.ts";
import type { Logger } from "../log.ts";
import { type Clock, systemClock, type TimerHandle } from "../os/clock.ts";
import { evaluate, nextWake, pollSeconds } from "./evaluate.ts";
import type { Notifier } from "./notifier.ts";
import { reconfigure } from "./reconfigure.ts";
import type { MonitorSession } from "./session.ts";
import type { ShutdownExecutor } from "./shutdown.ts";
import { PollingSource, type StatusSource, type StatusSourceContext } from "./source.ts";
import { initialState, type MonitorState } from "./state.ts";
import type { LogAction, MonitorAction, MonitorEvent, Observation } from "./types.ts";

/** Options of a {@linkcode Monitor}. */
export interface MonitorOptions {
  /** upsmon.conf. */
  conf: UpsmonConf;
  /** Logger. */
  log: Logger;
  /** Delivers notifications. */
  notifier: Notifier;
  /** Shuts the host down. */
  shutdown: ShutdownExecutor;
  /** Opens the session of a MONITOR line. */
  openSession: (entry: MonitorEntry) => MonitorSession;
  /** Status sources (default: polling only). */
  sources?: StatusSource[];
  /** Clock (default: the system's). */
  clock?: Clock;
  /** Logins of this monitor on each UPS (1; 0 in a dry run). */
  ownLogins?: number;
  /** Dry run: FSD is reported here instead of being sent. */
  dryRunReport?: (line: string) => void;
  /** A privileged parent holds SHUTDOWNCMD and POWERDOWNFLAG (reload warns when they change). */
  splitProcess?: boolean;
}

/** The running monitor. */
export class Monitor {
  #opts: MonitorOptions;
  #conf: UpsmonConf;
  #state: MonitorState;
  #clock: Clock;
  #sessions: MonitorSession[];
  #sources: StatusSource[];
  #abort = new AbortController();
  #chain: Promise<void> = Promise.resolve();
  #wake: TimerHandle | undefined;
  #parentGone = false;
  #finished = false;
  /** Per UPS, the `asOf` of the newest observation delivered. */
  #newest = new Map<string, number>();
  #resolveExit!: (code: number) => void;
  /** Resolves with the exit code when the monitor is done (after SHUTDOWNCMD and SHUTDOWNEXIT, or stop()). */
  readonly exited: Promise<number>;

  /** @param options configuration, executors, sessions, sources, clock */
  constructor(options: MonitorOptions) {
    this.#opts = options;
    this.#conf = options.conf;
    this.#state = initialState(options.conf);
    this.#clock = options.clock ?? systemClock;
    this.#sessions = options.conf.monitors.map((m) => options.openSession(m));
    this.#sources = options.sources ?? [new PollingSource()];
    this.exited = new Promise((r) => this.#resolveExit = r);
  }

  /** The current state (a snapshot: do not modify). */
  get state(): Readonly<MonitorState> {
    return this.#state;
  }

  /** The configuration in use. */
  get conf(): Readonly<UpsmonConf> {
    return this.#conf;
  }

  /** The sessions, one per MONITOR line. */
  get sessions(): readonly MonitorSession[] {
    return this.#sessions;
  }

  /** Starts the sources (the first poll round runs at once). */
  start(): void {
    const sessions = () => this.#sessions;
    const ctx: StatusSourceContext = {
      get sessions() {
        return sessions();
      },
      deliver: (observations) => this.#deliver(observations),
      pollSeconds: () => pollSeconds(this.#state, this.#conf),
      clock: this.#clock,
      log: this.#opts.log,
      signal: this.#abort.signal,
    };
    for (const s of this.#sources) {
      try {
        s.start(ctx);
      } catch (e) {
        this.#opts.log.error(`status source ${s.name} failed to start: ${(e as Error).message}`);
      }
    }
  }

  /** `upsmon -c fsd` (SIGUSR1): shut down as if the power were critical. */
  requestFsd(): Promise<void> {
    return this.#dispatch({ kind: "fsd-request", at: this.#clock.now() });
  }

  /** The privileged parent is gone: NOPARENT now and every 2 minutes. */
  parentGone(): void {
    if (this.#parentGone) return;
    this.#parentGone = true;
    void this.#dispatch({ kind: "parent-gone", at: this.#clock.now() });
  }

  /**
   * Applies a new configuration (SIGHUP): UPSes still listed keep their state; connections whose user,
   * password or role changed are opened again; a configuration that cannot reach MINSUPPLIES is refused.
   * @param conf the new configuration
   * @returns undefined when applied, else why it was refused
   */
  reload(conf: UpsmonConf): Promise<string | undefined> {
    let refused: string | undefined;
    const done = this.#enqueue(async () => {
      const r = reconfigure(this.#state, this.#conf, conf, this.#opts.splitProcess ?? false);
      this.#logAll(r.logs);
      if (r.refused) {
        refused = r.refused;
        return;
      }
      const old = this.#sessions;
      const next: MonitorSession[] = [];
      for (const entry of conf.monitors) {
        const keep = old.find((s) => s.system === entry.system);
        if (keep && !r.reconnect.includes(entry.system)) next.push(keep);
        else next.push(this.#opts.openSession(entry));
      }
      for (const s of old) if (!next.includes(s)) await s.close().catch(() => {});
      this.#sessions = next;
      this.#conf = conf;
      this.#state = r.state;
      this.#reschedule();
    });
    return done.then(async () => {
      if (refused === undefined) await Promise.all(this.#sources.map((s) => s.refresh?.()));
      return refused;
    });
  }

  /**
   * Stops: sources stopped, connections closed (LOGOUT), `exited` resolved.
   * @param code the exit code
   */
  async stop(code = 0): Promise<void> {
    await this.#finish(code);
  }

  #deliver(observations: readonly Observation[]): void {
    if (this.#finished) return;
    const fresh = observations.filter((o) => this.#isFresh(o));
    if (fresh.length === 0) return;
    void this.#dispatch({ kind: "observe", at: this.#clock.now(), observations: fresh });
    if (this.#parentGone) void this.#dispatch({ kind: "parent-gone", at: this.#clock.now() });
  }

  /** False for an observation older than one already delivered for the same UPS (then forgotten). */
  #isFresh(o: Observation): boolean {
    if (o.asOf === undefined) return true;
    const newest = this.#newest.get(o.system);
    if (newest !== undefined && o.asOf < newest) {
      this.#opts.log.debug(3, `UPS [${o.system}]: dropping an answer older than the last one`);
      return false;
    }
    this.#newest.set(o.system, o.asOf);
    return true;
  }

  #enqueue(fn: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(fn).catch((e) => {
      this.#opts.log.error(`Internal error in the monitor: ${(e as Error)?.stack ?? e}`);
    });
    this.#chain = run;
    return run;
  }

  #dispatch(event: MonitorEvent): Promise<void> {
    return this.#enqueue(() => this.#process(event));
  }

  /** Evaluates one event and carries out its actions; follow-up events (answers) are processed inline. */
  async #process(event: MonitorEvent): Promise<void> {
    if (this.#finished) return;
    const { state, actions } = evaluate(this.#state, event, this.#conf, { ownLogins: this.#opts.ownLogins });
    this.#state = state;
    for (const action of actions) {
      await this.#execute(action);
      if (this.#finished) return;
    }
    this.#reschedule();
  }

  async #execute(action: MonitorAction): Promise<void> {
    const { log, notifier } = this.#opts;
    switch (action.kind) {
      case "log":
        this.#logAll([action]);
        return;
      case "notify":
        try {
          notifier.notify(action);
        } catch (e) {
          log.error(`notify ${action.type} failed: ${(e as Error).message}`);
        }
        return;
      case "wall":
        try {
          notifier.wall(action.message);
        } catch (e) {
          log.error(`wall failed: ${(e as Error).message}`);
        }
        return;
      case "set-fsd": {
        const session = this.#sessions.find((s) => s.system === action.system);
        let result: { ok: boolean; message?: string };
        if (this.#opts.dryRunReport) {
          this.#opts.dryRunReport(`[dry-run] would set FSD on UPS ${action.system}`);
          result = { ok: true };
        } else result = session ? await session.setFsd() : { ok: false, message: "no such UPS" };
        await this.#process({ kind: "fsd-result", at: this.#clock.now(), system: action.system, ...result });
        return;
      }
      case "count-logins": {
        const counts = await Promise.all(
          action.systems.map((system) => this.#sessions.find((s) => s.system === system)?.numLogins()),
        );
        await this.#process({ kind: "logins", at: this.#clock.now(), counts });
        return;
      }
      case "shutdown":
        await this.#opts.shutdown.shutdown();
        return;
      case "exit":
        await this.#finish(action.code);
        return;
    }
  }

  #logAll(actions: readonly LogAction[]): void {
    const log = this.#opts.log;
    for (const a of actions) {
      switch (a.severity) {
        case "debug":
          log.debug(a.level ?? 1, a.message);
          break;
        case "info":
          log.info(a.message);
          break;
        case "notice":
          log.notice(a.message);
          break;
        case "warning":
          log.warn(a.message);
          break;
        case "error":
          log.error(a.message);
          break;
      }
    }
  }

  /** Sets the timer of the next moment the core must be told the time. */
  #reschedule(): void {
    this.#wake?.cancel();
    this.#wake = undefined;
    if (this.#finished) return;
    const now = this.#clock.now();
    const at = nextWake(this.#state, this.#conf, now);
    if (at === undefined) return;
    this.#wake = this.#clock.setTimer(() => {
      this.#wake = undefined;
      void this.#dispatch({ kind: "tick", at: this.#clock.now() });
    }, at - now);
  }

  async #finish(code: number): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    this.#wake?.cancel();
    this.#abort.abort();
    await Promise.all(this.#sources.map((s) => s.stop().catch(() => {})));
    await Promise.all(this.#sessions.map((s) => s.close().catch(() => {})));
    this.#resolveExit(code);
  }
}
