/**
 * The shared driver process: several of our driver instances in one process (a JS runtime costs tens of
 * MB where a C driver costs 1.5 MB). Each instance keeps its own socket, PID file (holding this
 * process's PID), timers and failures: one that throws or hangs never stops the others. Instances start
 * in parallel, each with NUT's maxretry / retrydelay / maxstartdelay. Privileges are dropped once, after
 * every instance has created its socket and before any device is touched.
 * @module
 */
import { buildInstanceConfig } from "../driver/instance_config.ts";
import { startDriverInstance } from "../driver/instance.ts";
import type { RunningDriver } from "../driver/instance.ts";
import type { DriverProgram } from "../driver/types.ts";
import type { Logger } from "../log.ts";
import type { NutPaths } from "../../config/paths.ts";
import type { UpsConf } from "../../config/ups_conf.ts";
import type { PlannedDriver } from "./plan.ts";
import type { TransportProvider } from "../transport/mod.ts";

/** Options of a {@linkcode DriverHost}. */
export interface DriverHostOptions {
  /** ups.conf. */
  conf: UpsConf;
  /** The drivers to run here (all implemented by this binary). */
  drivers: readonly PlannedDriver[];
  /** Loads a driver program by name. */
  load: (name: string) => Promise<DriverProgram | undefined>;
  /** NUT paths (socket and PID file directories). */
  paths: NutPaths;
  /** Logger of the host; each instance logs through it with its `<driver>-<ups>` prefix. */
  log: Logger;
  /** Drops privileges (once); called after every socket exists, before any device is touched. */
  dropPrivileges?: () => void;
  /** Group id that gets access to the sockets. */
  socketGid?: number;
  /** Sleeps between attempts (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
  /** The transports every instance of this process shares (one libusb context for all). */
  transports?: TransportProvider;
}

/** How one instance's start went. */
export interface HostedStart {
  /** UPS name. */
  ups: string;
  /** Driver name. */
  driver: string;
  /** The running instance, when it started. */
  running?: RunningDriver;
  /** The last error, when it did not start (in time). */
  error?: string;
}

/**
 * Waits for every member to arrive (or leave), then runs `action` once; later arrivals pass straight
 * through.
 */
class Barrier {
  #waiting: number;
  #open = false;
  #release!: () => void;
  readonly #opened = new Promise<void>((r) => this.#release = r);
  #action: () => void;
  #error: unknown;

  constructor(members: number, action: () => void) {
    this.#waiting = members;
    this.#action = action;
    if (members <= 0) this.#fire();
  }

  #fire(): void {
    if (this.#open) return;
    this.#open = true;
    try {
      this.#action();
    } catch (e) {
      this.#error = e;
    }
    this.#release();
  }

  async arrive(): Promise<void> {
    if (!this.#open && --this.#waiting <= 0) this.#fire();
    await this.#opened;
    if (this.#error) throw this.#error;
  }

  leave(): void {
    if (!this.#open && --this.#waiting <= 0) this.#fire();
  }
}

/** Several driver instances in this process. */
export class DriverHost {
  #options: DriverHostOptions;
  #running = new Map<string, RunningDriver>();
  #allStopped: Promise<void>;
  #resolveAllStopped!: () => void;

  private constructor(options: DriverHostOptions) {
    this.#options = options;
    this.#allStopped = new Promise((r) => this.#resolveAllStopped = r);
  }

  /**
   * Starts every driver (in parallel) and resolves once each has started or given up.
   * @param options drivers, paths, logger, privilege drop
   * @returns the host and how each start went
   */
  static async start(options: DriverHostOptions): Promise<{ host: DriverHost; results: HostedStart[] }> {
    const host = new DriverHost(options);
    const barrier = new Barrier(options.drivers.length, () => options.dropPrivileges?.());
    const results = await Promise.all(options.drivers.map((d) => host.#startOne(d, barrier)));
    if (host.#running.size === 0) host.#resolveAllStopped();
    return { host, results };
  }

  /** Instances currently running, by UPS name. */
  get running(): ReadonlyMap<string, RunningDriver> {
    return this.#running;
  }

  /** Resolves when no instance runs any more (each stopped by request or by error). */
  get allStopped(): Promise<void> {
    return this.#allStopped;
  }

  /** Stops every instance. */
  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.#running.values()].map((r) => r.stop()));
  }

  async #startOne(d: PlannedDriver, barrier: Barrier): Promise<HostedStart> {
    const { log, conf, paths } = this.#options;
    const sleep = this.#options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    const result: HostedStart = { ups: d.ups, driver: d.driver };
    let arrived = false;
    const arrive = async () => {
      if (arrived) return;
      arrived = true;
      await barrier.arrive();
    };
    try {
      const program = await this.#options.load(d.driver);
      if (!program) throw new Error(`Driver ${d.driver} is not part of this binary`);
      for (let attempt = 1; attempt <= d.maxretry; attempt++) {
        if (attempt > 1) {
          log.debug(2, `${d.ups}: ${d.maxretry - attempt + 1} remaining attempts, waiting ${d.retrydelay} s`);
          await sleep(d.retrydelay * 1000);
        }
        try {
          const config = buildInstanceConfig({
            program,
            upsName: d.ups,
            global: conf.global,
            section: d.section,
            confFile: conf.file,
          });
          const starting = startDriverInstance({
            program,
            config,
            statePath: paths.statePath,
            confPath: paths.confPath,
            pidPath: paths.altPidPath,
            log,
            socketGid: this.#options.socketGid,
            beforeInit: arrive,
            transports: this.#options.transports,
          });
          const running = await withDeadline(starting, d.maxstartdelay * 1000, () => {
            // NUT leaves a slow driver starting in the background; so do we, tracked when it comes up.
            starting.then((r) => this.#track(d.ups, r)).catch(() => {});
          });
          this.#track(d.ups, running);
          result.running = running;
          delete result.error;
          return result;
        } catch (e) {
          result.error = (e as Error).message;
          log.error(`Driver failed to start for UPS ${d.ups}: ${result.error}`);
        }
      }
      return result;
    } catch (e) {
      result.error = (e as Error).message;
      log.error(`Driver failed to start for UPS ${d.ups}: ${result.error}`);
      return result;
    } finally {
      if (!arrived) barrier.leave();
    }
  }

  #track(ups: string, running: RunningDriver): void {
    if (this.#running.get(ups) === running) return;
    this.#running.set(ups, running);
    running.stopped.then(() => {
      if (this.#running.get(ups) === running) this.#running.delete(ups);
      if (this.#running.size === 0) this.#resolveAllStopped();
    });
  }
}

function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`Startup timer elapsed (maxstartdelay ${ms / 1000} s)`));
    }, ms);
    p.then((v) => {
      clearTimeout(timer);
      resolve(v);
    }, (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
