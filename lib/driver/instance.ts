/**
 * One running driver instance: NUT's drivers/main.c lifecycle without its process-global state. Many
 * instances can run in one process (upsdrvctl starting every section); each owns its state, socket,
 * PID file, timers and operation queue, and every failure of one stays inside it.
 * @module
 */
import { join } from "node:path";
import { removePidFile, writePidFile } from "../daemon/pidfile.ts";
import { Logger } from "../log.ts";
import { HANDLER_STATUS, type HandlerStatus, readDriverRequest } from "../sock/messages.ts";
import { socketPath } from "../sock/path.ts";
import { formatDriverMessage } from "../sock/messages.ts";
import { StatusBuilder } from "../state/status.ts";
import type { DeviceState } from "../state/device_state.ts";
import { VERSION } from "../version.ts";
import { DriverState } from "./driver_state.ts";
import { dumpAll, dumpValue } from "./dump.ts";
import type { InstanceConfig } from "./instance_config.ts";
import { OpQueue, withTimeout } from "./op_queue.ts";
import { type SockClient, SockServer } from "./sock_server.ts";
import { takeOver } from "./takeover.ts";
import { requestKillpower, runShutdownCommands } from "./killpower.ts";
import type { DeviceWriter, Driver, DriverContext, DriverProgram } from "./types.ts";
import { type Clock, sleep, systemClock, type TimerHandle } from "../os/clock.ts";
import { needsReopen, type TransportProvider, type Transports, transportsFor } from "../transport/mod.ts";

/** The first retry of a failed poll comes this soon; each further one twice as late, up to pollinterval. */
export const RETRY_FIRST_MS = 500;

/**
 * NUT's `driver.state` words (drivers/main.c of NUT 2.8.1+, docs/nut-names.txt): where an instance is in
 * its lifecycle. NUT also says `updateinfo` during each poll and `quiet` after it; we stay `quiet` in
 * the polling loop (two updates per poll would tell a reader nothing it can act on).
 */
export type DriverLifecycle =
  | "init.starting"
  | "init.device"
  | "init.quiet"
  | "init.info"
  | "init.updateinfo"
  | "quiet"
  | "reconnect.trying"
  | "reconnect.updateinfo"
  | "dumping"
  | "fsd.killpower"
  | "cleanup.upsdrv";

/** Deadlines of driver operations, in ms. */
export interface DriverTimeouts {
  /** initUps and initInfo (default 60 s). */
  initMs: number;
  /** One updateInfo (default 15 s). */
  updateMs: number;
  /** One instant command or SET (default 15 s). */
  commandMs: number;
  /** shutdown (killpower) (default 30 s). */
  shutdownMs: number;
  /** cleanup (default 5 s). */
  cleanupMs: number;
  /** Waiting for another instance to go away (default 20 s). */
  takeoverMs: number;
}

/** The default deadlines. */
export const DEFAULT_TIMEOUTS: DriverTimeouts = {
  initMs: 60_000,
  updateMs: 15_000,
  commandMs: 15_000,
  shutdownMs: 30_000,
  cleanupMs: 5_000,
  takeoverMs: 20_000,
};

/** Options of {@linkcode startDriverInstance}. */
export interface DriverInstanceOptions {
  /** The driver program. */
  program: DriverProgram;
  /** The instance's configuration (see buildInstanceConfig). */
  config: InstanceConfig;
  /** Directory of the socket (NUT_STATEPATH). */
  statePath: string;
  /** NUT's configuration directory (relative ports resolve against it). */
  confPath: string;
  /** Directory of the PID file `<driver>-<ups>.pid`; omitted: no PID file. */
  pidPath?: string;
  /** Logger of this instance (default: stderr, NUT-style). */
  log?: Logger;
  /** Group id given access to the socket (chown); omitted: the socket keeps our group. */
  socketGid?: number;
  /** Stop another instance serving the same device first (default true). */
  takeOver?: boolean;
  /** Operation deadlines. */
  timeouts?: Partial<DriverTimeouts>;
  /** Called once the socket exists and before the device is touched (e.g. to drop privileges). */
  beforeInit?: () => void | Promise<void>;
  /** Re-reads the configuration for `driver.reload` requests on the socket. */
  reloadConfig?: () => Promise<InstanceConfig>;
  /** Time of polls, retries and timers (default: the system clock). */
  clock?: Clock;
  /** Where the transports the program asks for come from (tests: fakes). */
  transports?: TransportProvider;
}

/** Why an instance stopped. */
export type StopReason = "stop" | "exit-request" | "error";

/** A started instance. */
export interface RunningDriver extends AsyncDisposable {
  /** UPS name. */
  readonly upsName: string;
  /** Driver program name. */
  readonly driverName: string;
  /** Its socket. */
  readonly socketPath: string;
  /** Its PID file, when it has one. */
  readonly pidFile: string | undefined;
  /** Its state (read it; never write it from outside). */
  readonly state: DeviceState;
  /** Resolves when the instance has stopped, with the reason. */
  readonly stopped: Promise<StopReason>;
  /** Stops it: socket closed and removed, PID file removed, device released. */
  stop(): Promise<void>;
  /**
   * Applies a new configuration where possible.
   * @returns the settings that need a restart to change
   */
  reload(config: InstanceConfig): string[];
  /** Runs one poll now (outside the schedule); resolves true when it succeeded. */
  update(): Promise<boolean>;
}

/** A start-up failure (the instance released everything before throwing). */
export class DriverStartError extends Error {
  /**
   * @param message what failed
   * @param cause the underlying error
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DriverStartError";
  }
}

/** The instance. Use {@linkcode startDriverInstance}. */
class DriverInstance implements RunningDriver {
  readonly upsName: string;
  readonly driverName: string;
  readonly socketPath: string;
  readonly pidFile: string | undefined;
  readonly state = new DriverState();
  readonly stopped: Promise<StopReason>;
  #resolveStopped!: (r: StopReason) => void;
  #opts: DriverInstanceOptions;
  #config: InstanceConfig;
  #timeouts: DriverTimeouts;
  #log: Logger;
  #abort = new AbortController();
  #queue: OpQueue;
  #server: SockServer | undefined;
  #driver: Driver | undefined;
  #unsubscribe: (() => void) | undefined;
  #timer: TimerHandle | undefined;
  #clock: Clock;
  #transports: Transports | undefined;
  #nextPoll = 0;
  /** The delay before retrying after the next failed poll (grows while polls keep failing). */
  #retryMs = RETRY_FIRST_MS;
  #wake: number | undefined;
  #polling = false;
  #running = false;
  #failures = 0;
  #stopping: Promise<void> | undefined;
  /** `driver.killpower` is allowed (ups.conf allow_killpower, or SET driver.flag.allow_killpower 1). */
  #allowKillpower: boolean;

  constructor(opts: DriverInstanceOptions, serve: boolean) {
    this.#opts = opts;
    this.#config = opts.config;
    this.upsName = opts.config.upsName;
    this.driverName = opts.program.name;
    this.socketPath = socketPath(opts.statePath, this.driverName, this.upsName);
    this.pidFile = serve && opts.pidPath
      ? join(opts.pidPath, `${this.driverName}-${this.upsName}.pid`)
      : undefined;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    this.#log = opts.log ?? new Logger();
    this.#clock = opts.clock ?? systemClock;
    this.#queue = new OpQueue(64, this.#abort.signal);
    this.stopped = new Promise((r) => this.#resolveStopped = r);
    this.#allowKillpower = opts.config.allowKillpower;
  }

  #context(): DriverContext {
    const state = this.state;
    const writer: DeviceWriter = {
      setInfo: (n, v) => state.setInfo(n, v),
      delInfo: (n) => state.delInfo(n),
      setFlags: (n, f) => state.setFlags(n, f),
      addFlags: (n, ...f) => state.addFlags(n, ...f),
      setAux: (n, a) => state.setAux(n, a),
      addEnum: (n, v) => state.addEnum(n, v),
      delEnum: (n, v) => state.delEnum(n, v),
      addRange: (n, a, b) => state.addRange(n, a, b),
      delRange: (n, a, b) => state.delRange(n, a, b),
      addCmd: (n) => state.addCmd(n),
      delCmd: (n) => state.delCmd(n),
      getValue: (n) => state.getValue(n),
      get: (n) => state.get(n),
      isImmutable: (n) => state.isImmutable(n),
    };
    return {
      upsName: this.upsName,
      driverName: this.driverName,
      port: this.#config.port,
      params: this.#config.params,
      state: writer,
      log: this.#log,
      confPath: this.#opts.confPath,
      signal: this.#abort.signal,
      clock: this.#clock,
      transports: this.#transports ??= transportsFor(
        this.#opts.program.transports ?? [],
        this.#opts.transports,
      ),
      status: () => new StatusBuilder(state, { ignoreLb: this.#config.ignorelb }),
      wakeAt: (ms) => this.#wakeAt(ms),
    };
  }

  /** Applies the configuration's initial writes (driver.parameter.*, defaults, overrides) and device.type. */
  #prepareState(): void {
    this.#lifecycle("init.starting");
    for (const w of this.#config.initial) {
      if (w.kind === "override") this.state.override(w.name, w.value);
      else this.state.setInfo(w.name, w.value);
    }
    this.state.setInfo("device.type", "ups");
  }

  /** Publishes where the instance is in its lifecycle (`driver.state`), unless the program opts out. */
  #lifecycle(word: DriverLifecycle): void {
    if (this.#opts.program.reportsLifecycle !== false) this.state.setInfo("driver.state", word);
  }

  /** Says `dumping` before a `-d` dump is printed. */
  markDumping(): void {
    this.#lifecycle("dumping");
  }

  async #initUps(driver: Driver): Promise<void> {
    this.#lifecycle("init.device");
    await this.#queue.run("initUps", this.#timeouts.initMs, (s) => driver.initUps(s));
    this.#lifecycle("init.quiet");
  }

  async #init(): Promise<void> {
    const t = this.#timeouts;
    const driver = this.#opts.program.create(this.#context());
    this.#driver = driver;
    await this.#initUps(driver);
    this.state.setInfo("driver.version", VERSION);
    this.state.setInfo("driver.version.internal", this.#opts.program.version);
    this.state.setInfo("driver.name", this.driverName);
    this.#lifecycle("init.info");
    await this.#queue.run("initInfo", t.initMs, (s) => driver.initInfo(s));
    this.#lifecycle("init.updateinfo");
    await this.#update();
    this.#lifecycle("init.quiet");
    if (this.#config.ignorelb) this.#checkIgnoreLb();
    this.state.setInfo("driver.parameter.pollinterval", String(this.#config.pollInterval));
    this.state.setInfo("driver.parameter.synchronous", this.#config.synchronous);
    for (const k of ["mfr", "model", "serial"]) {
      const v = this.state.getValue(`ups.${k}`);
      if (v !== undefined) this.state.setInfo(`device.${k}`, v);
    }
    if (this.#config.allowKillpower) this.state.addCmd("driver.killpower");
  }

  #checkIgnoreLb(): void {
    const has = (n: string) => this.state.getValue(n) !== undefined;
    let methods = 0;
    if (has("battery.charge") && has("battery.charge.low")) {
      this.#log.info("using 'battery.charge' to set battery low state");
      methods++;
    }
    if (has("battery.runtime") && has("battery.runtime.low")) {
      this.#log.info("using 'battery.runtime' to set battery low state");
      methods++;
    }
    if (!methods) {
      throw new Error(
        "The 'ignorelb' flag is set, but there is no way to determine the\nbattery state of charge.\n\n" +
          "Only set this flag if both 'battery.charge' and 'battery.charge.low'\n" +
          "and/or 'battery.runtime' and 'battery.runtime.low' are available.",
      );
    }
  }

  /** Start-up for serving: takeover, PID file, socket, init, then answer. */
  async start(): Promise<void> {
    const log = this.#log;
    for (const w of this.#config.warnings) log.warn(w);
    this.#prepareState();
    try {
      if (this.#opts.takeOver !== false) {
        await takeOver({
          socketPath: this.socketPath,
          pidFile: this.pidFile,
          upsName: this.upsName,
          log,
          timeoutMs: this.#timeouts.takeoverMs,
        });
      }
      if (this.pidFile) await writePidFile(this.pidFile);
      const server = new SockServer({
        path: this.socketPath,
        log,
        onLine: (client, words) => this.#onLine(client, words),
      });
      this.#server = server;
      await server.listen();
      if (this.#opts.socketGid !== undefined) {
        await server.chownGroup(this.#opts.socketGid).catch((e) =>
          log.warn(`Could not give group ${this.#opts.socketGid} access to ${this.socketPath}: ${e.message}`)
        );
      }
      this.#unsubscribe = this.state.subscribe((c) => server.broadcast(formatDriverMessage(c) + "\n"));
      await this.#opts.beforeInit?.();
      await this.#init();
    } catch (e) {
      await this.#release("error");
      throw e instanceof DriverStartError ? e : new DriverStartError((e as Error).message, { cause: e });
    }
    this.#running = true;
    this.#lifecycle("quiet");
    this.#server!.start();
    this.#nextPoll = this.#clock.now() + this.#config.pollInterval * 1000;
    this.#schedule();
  }

  /** Start-up without socket or PID file, for `-d` (dump) and `-k` (killpower). */
  async startDetached(init: "full" | "port"): Promise<void> {
    this.#prepareState();
    try {
      if (init === "full") await this.#init();
      else {
        const driver = this.#opts.program.create(this.#context());
        this.#driver = driver;
        await this.#initUps(driver);
      }
    } catch (e) {
      await this.#release("error");
      throw new DriverStartError((e as Error).message, { cause: e });
    }
  }

  /** The deadline of a shutdown: the framework's, and what the program holds with these options. */
  #shutdownMs(): number {
    return this.#timeouts.shutdownMs + (this.#opts.program.shutdownHoldMs?.(this.#config.params) ?? 0);
  }

  /** Powers the UPS off (killpower): the `sdcommands` in order, by default the driver's shutdown. */
  async killPower(): Promise<void> {
    const driver = this.#driver;
    if (!driver) throw new Error("driver not started");
    this.#log.notice("Initiating UPS shutdown");
    this.#lifecycle("fsd.killpower");
    await this.#queue.run(
      "shutdown",
      this.#shutdownMs(),
      (s) => runShutdownCommands(driver, this.#config.sdCommands, s, this.#log),
    );
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer?.cancel();
    const at = Math.min(this.#nextPoll, this.#wake ?? Infinity);
    this.#timer = this.#clock.setTimer(() => this.#tick(), Math.max(0, at - this.#clock.now()));
  }

  #wakeAt(ms: number): void {
    if (this.#running && ms >= this.#nextPoll) return;
    if (this.#wake !== undefined && ms >= this.#wake) return;
    this.#wake = ms;
    if (this.#running && !this.#polling) this.#schedule();
  }

  async #tick(): Promise<void> {
    if (!this.#running) return;
    this.#polling = true;
    this.#wake = undefined;
    const interval = this.#config.pollInterval * 1000;
    this.#nextPoll = this.#clock.now() + interval;
    try {
      if (await this.#update()) this.#retryMs = RETRY_FIRST_MS;
      else {
        // A failed poll is retried sooner than the next one (a replugged device is back in a second),
        // later and later while it keeps failing.
        this.#nextPoll = this.#clock.now() + Math.min(this.#retryMs, interval);
        this.#retryMs = Math.min(this.#retryMs * 2, interval);
      }
    } finally {
      this.#polling = false;
      this.#schedule();
    }
  }

  /**
   * One poll with the framework's staleness policy: a failed poll makes the data stale (at once for a
   * device that is gone, else after the program's count) and the link is reopened; when it reopens, the
   * poll is tried again at once (a replugged device is fresh without waiting for the next poll).
   */
  async #update(retry = true): Promise<boolean> {
    const driver = this.#driver;
    if (!driver) return false;
    try {
      await this.#queue.run("updateInfo", this.#timeouts.updateMs, (s) => driver.updateInfo(s));
    } catch (e) {
      if (this.#abort.signal.aborted) return false;
      this.#failures++;
      // A device that is gone is stale at once; other failures after the driver's count.
      const limit = needsReopen(e) ? 1 : this.#opts.program.staleAfterFailures ?? 1;
      const msg = `${this.driverName}-${this.upsName}: poll failed: ${(e as Error).message}`;
      if (this.#failures === limit) this.#log.warn(msg);
      else this.#log.debug(1, msg);
      if (this.#failures >= limit) this.state.dataStale();
      if (driver.reconnect) {
        this.#lifecycle("reconnect.trying");
        const reopened = await this.#queue.run(
          "reconnect",
          this.#timeouts.updateMs,
          (s) => driver.reconnect!(s),
        )
          .then(() => true, (r) => {
            this.#log.debug(1, `reconnect failed: ${(r as Error).message}`);
            return false;
          });
        if (reopened && retry && !this.#abort.signal.aborted) {
          this.#lifecycle("reconnect.updateinfo");
          return await this.#update(false);
        }
      }
      return false;
    }
    if (this.#failures > 0 && this.state.stale) {
      this.#log.notice(`${this.driverName}-${this.upsName}: communication restored`);
    }
    this.#failures = 0;
    if (this.#opts.program.reportsLifecycle !== false) {
      this.state.setInfo("driver.lastupdate", String(Math.floor(this.#clock.now() / 1000)));
      if (this.#running) this.#lifecycle("quiet");
    }
    this.state.dataOk();
    return true;
  }

  update(): Promise<boolean> {
    return this.#update();
  }

  #onLine(client: SockClient, words: string[]): void {
    const req = readDriverRequest(words);
    if (req.kind === "SYNTAX") {
      this.#log.info(`Unknown command on socket: ${words.join(" ")}`);
      return;
    }
    switch (req.kind) {
      case "PING":
        client.send("PONG\n");
        return;
      case "DUMPALL":
        client.send(dumpAll(this.state));
        return;
      case "DUMPVALUE":
        client.send(dumpValue(this.state, req.name));
        return;
      case "DUMPSTATUS":
        client.send(dumpValue(this.state, "ups.status"));
        return;
      case "GETPID":
        client.send(`PID ${Deno.pid}\n`);
        return;
      case "LOGOUT":
        client.send("OK Goodbye\n");
        client.close();
        return;
      case "NOBROADCAST":
        client.broadcast = false;
        return;
      case "BROADCAST":
        client.broadcast = req.enabled;
        return;
      case "INSTCMD": {
        const { tracking, name } = req;
        this.#instCmd(name, req.param).then((status) => {
          if (tracking) client.send(`TRACKING ${tracking} ${status}\n`);
          if (name === "driver.exit" && status === HANDLER_STATUS.HANDLED) {
            setTimeout(() => this.#stop("exit-request"), 0);
          }
        });
        return;
      }
      case "SET": {
        const { tracking } = req;
        this.#setVar(req.name, req.value).then((status) => {
          if (tracking) client.send(`TRACKING ${tracking} ${status}\n`);
        });
        return;
      }
    }
  }

  /** Runs an instant command; never rejects. */
  async #instCmd(name: string, param: string | undefined): Promise<HandlerStatus> {
    const driver = this.#driver;
    const t = this.#timeouts;
    try {
      if (name === "driver.exit") {
        this.#log.notice(`${this.driverName}-${this.upsName}: exit requested on the socket`);
        return HANDLER_STATUS.HANDLED;
      }
      if (name === "driver.reload" && this.#opts.reloadConfig) {
        const cfg = await withTimeout("reload", t.commandMs, () => this.#opts.reloadConfig!());
        const pending = this.reload(cfg);
        return pending.length ? HANDLER_STATUS.INVALID : HANDLER_STATUS.HANDLED;
      }
      if (name === "driver.killpower" && this.#allowKillpower && driver) {
        this.#log.warn(`${this.driverName}-${this.upsName}: killpower requested on the socket`);
        await this.#queue.run(
          "shutdown",
          this.#shutdownMs(),
          (s) => runShutdownCommands(driver, this.#config.sdCommands, s, this.#log),
        );
        return HANDLER_STATUS.HANDLED;
      }
      if (name === "shutdown.default" && driver) {
        await this.#queue.run("shutdown", this.#shutdownMs(), (s) => driver.shutdown(s));
        return HANDLER_STATUS.HANDLED;
      }
      if (!driver?.instCmd) {
        this.#log.notice(`instcmd: unknown command [${name}] [${param ?? "(null)"}]`);
        return HANDLER_STATUS.UNKNOWN;
      }
      return await this.#queue.run(`instcmd ${name}`, t.commandMs, (s) => driver.instCmd!(name, param, s));
    } catch (e) {
      this.#log.warn(`instcmd ${name} failed: ${(e as Error).message}`);
      return HANDLER_STATUS.FAILED;
    }
  }

  /** Runs a SET; never rejects. */
  async #setVar(name: string, value: string): Promise<HandlerStatus> {
    const driver = this.#driver;
    if (name === "driver.flag.allow_killpower") {
      // The framework's own switch (NUT 2.8.1+): `-k` sets it before asking for driver.killpower.
      if (!/^[01]$/.test(value.trim())) return HANDLER_STATUS.INVALID;
      this.#allowKillpower = value.trim() === "1";
      this.state.setInfo("driver.flag.allow_killpower", value.trim());
      if (this.#allowKillpower) this.state.addCmd("driver.killpower");
      return HANDLER_STATUS.HANDLED;
    }
    try {
      if (!driver?.setVar) {
        this.#log.notice(`setvar: unknown variable [${name}]`);
        return HANDLER_STATUS.UNKNOWN;
      }
      return await this.#queue.run(
        `setvar ${name}`,
        this.#timeouts.commandMs,
        (s) => driver.setVar!(name, value, s),
      );
    } catch (e) {
      this.#log.warn(`setvar ${name} failed: ${(e as Error).message}`);
      return HANDLER_STATUS.FAILED;
    }
  }

  reload(config: InstanceConfig): string[] {
    const old = this.#config;
    const pending: string[] = [];
    if (config.port !== old.port && !this.#driver?.reload) pending.push("port");
    for (const key of ["user", "group", "chroot", "nolock", "ignorelb", "allowKillpower"] as const) {
      if (config[key] !== old[key]) pending.push(key);
    }
    if (pending.length) {
      for (const p of pending) {
        this.#log.warn(`reload: setting ${p} was changed and requires a driver restart`);
      }
      return pending;
    }
    const driverPending = this.#driver?.reload?.(config.params, config.port) ?? [];
    if (driverPending.length) {
      for (const p of driverPending) {
        this.#log.warn(`reload: setting ${p} was changed and requires a driver restart`);
      }
      return driverPending;
    }
    this.#config = config;
    for (const w of config.initial) {
      if (w.kind === "override") this.state.override(w.name, w.value);
      else if (w.name.startsWith("driver.")) this.state.setInfo(w.name, w.value);
    }
    this.state.setInfo("driver.parameter.pollinterval", String(config.pollInterval));
    this.state.setInfo("driver.parameter.synchronous", config.synchronous);
    if (config.pollInterval !== old.pollInterval && this.#running) {
      this.#nextPoll = Math.min(this.#nextPoll, this.#clock.now() + config.pollInterval * 1000);
      if (!this.#polling) this.#schedule();
    }
    this.#log.info(`${this.driverName}-${this.upsName}: configuration reloaded`);
    return [];
  }

  async #release(reason: StopReason): Promise<void> {
    // upsd still hears it: the socket closes after it (NUT's later `cleanup.exit` reaches no one).
    if (this.#running) this.#lifecycle("cleanup.upsdrv");
    this.#running = false;
    this.#abort.abort(new Error("driver stopping"));
    this.#timer?.cancel();
    this.#unsubscribe?.();
    if (this.pidFile) await removePidFile(this.pidFile).catch(() => {});
    await this.#server?.close().catch(() => {});
    const driver = this.#driver;
    if (driver?.cleanup) {
      await withTimeout("cleanup", this.#timeouts.cleanupMs, () => driver.cleanup!()).catch((e) =>
        this.#log.debug(1, `cleanup failed: ${(e as Error).message}`)
      );
    }
    this.#resolveStopped(reason);
  }

  #stop(reason: StopReason): Promise<void> {
    this.#stopping ??= this.#release(reason);
    return this.#stopping;
  }

  stop(): Promise<void> {
    return this.#stop("stop");
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}

/**
 * Starts a driver instance in this process: takes over from another instance of the same device, writes
 * the PID file, binds `<statepath>/<driver>-<ups>`, runs initUps, initInfo and a first updateInfo, then
 * answers the socket and polls every `pollinterval` seconds.
 * @param options program, configuration, paths, logger, deadlines
 * @returns the running instance
 * @throws {DriverStartError} when start-up fails (everything it opened is released)
 */
export async function startDriverInstance(options: DriverInstanceOptions): Promise<RunningDriver> {
  const inst = new DriverInstance(options, true);
  await inst.start();
  return inst;
}

/**
 * Runs a driver without socket or PID file: init and a first poll, then `updates + 1` more polls (the
 * last `updates` of them `pollinterval` apart, as NUT's loop), and returns its state (`-d <count>`).
 * @param options program, configuration, paths, logger
 * @param updates polls after the first one
 * @returns the final state
 */
export async function runDriverDump(options: DriverInstanceOptions, updates: number): Promise<DriverState> {
  const inst = new DriverInstance(options, false);
  await inst.startDetached("full");
  try {
    // NUT's loop: an immediate poll, then one more per count, pollinterval apart.
    for (let i = 0; i <= updates; i++) {
      if (i > 0) await sleep(options.clock ?? systemClock, options.config.pollInterval * 1000);
      await inst.update();
    }
    inst.markDumping();
    return inst.state;
  } finally {
    await inst.stop();
  }
}

/**
 * Tells the device to cut the load (`-k`, `upsdrvctl shutdown`): through the instance already running for
 * that UPS when one answers on its socket (it owns the device), else by opening the port here (no socket,
 * no PID file).
 * @param options program, configuration, paths, logger
 * @throws {Error} when the driver cannot shut the device down
 */
export async function killPower(options: DriverInstanceOptions): Promise<void> {
  const log = options.log ?? new Logger();
  const socket = socketPath(options.statePath, options.program.name, options.config.upsName);
  log.info("Checking if an already running driver instance can handle the shutdown command for us");
  const asked = await requestKillpower(
    socket,
    (options.timeouts?.shutdownMs ?? DEFAULT_TIMEOUTS.shutdownMs) +
      (options.program.shutdownHoldMs?.(options.config.params) ?? 0) + 1000,
  );
  if (asked === "handled") {
    log.info("Request to killpower via running driver instance succeeded");
    return;
  }
  if (asked === "failed") throw new Error(`UPS [${options.config.upsName}]: shutdown request(s) failed`);
  const inst = new DriverInstance(options, false);
  await inst.startDetached("port");
  try {
    await inst.killPower();
  } finally {
    await inst.stop();
  }
}
