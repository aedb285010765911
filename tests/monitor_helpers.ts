/**
 * Helpers of the monitor tests: a power source (our dummy-ups or NUT's, in dummy-once mode on a .dev
 * file; a scenario starts by copying a .seq fixture over it, so it starts when the test says), a data
 * server (ours or NUT's) on a free port, and monitors (ours or NUT's upsmon) each with its own
 * configuration directory, PID directory and recording NOTIFYCMD / SHUTDOWNCMD scripts. A fake `wall`
 * first in PATH records what would have been broadcast. Nothing here ever shuts anything down.
 * @module
 */
import { join } from "node:path";
import {
  copyNutProgram,
  type NutSetup,
  nutSetup,
  type RunningServer,
  startNutDummy,
  startNutUpsd,
  startOurDummy,
  startOurUpsd,
  waitServing,
} from "./server_harness.ts";
import { NUT_SBIN, Proc, ROOT, spawnNut, waitFor } from "./helpers.ts";

/** The fixtures of the monitor tests. */
export const FIXTURES: string = join(ROOT, "tests", "fixtures", "monitor");

/** Where NUT 2.8.0's upsmon (Debian build) writes its PID files (named after the program). */
export const NUT_PIDPATH = "/run/nut";

/** upsd.users of the monitor tests. */
export const MONITOR_USERS = `
[mon]
  password = pw
  upsmon primary
[sec]
  password = pw
  upsmon secondary
[admin]
  password = secret
  actions = SET FSD
  instcmds = ALL
`;

/** Which implementation runs a part. */
export type Impl = "ours" | "nut";

/** A monitor's files and process. */
export interface RunningMonitor extends AsyncDisposable {
  /** Name (subdirectory). */
  name: string;
  /** Its configuration directory (NUT_CONFPATH). */
  confPath: string;
  /** Its PID directory (NUT_PIDPATH). */
  pidPath: string;
  /** Its environment. */
  env: Record<string, string>;
  /** The process. */
  proc: Proc;
  /**
   * Notifications so far, "TYPE UPSNAME" (NOTIFYCMD's record), sorted: NOTIFYCMD runs in the background,
   * so the order of the records is not the order of the events (the log lines are).
   */
  events(): Promise<string[]>;
  /** Full notification records: "TYPE|UPSNAME|message|user". */
  records(): Promise<string[]>;
  /** SHUTDOWNCMD runs so far ("SHUTDOWN <user>"). */
  shutdowns(): Promise<string[]>;
  /** When SHUTDOWNCMD ran, each time (epoch ms, to the microsecond, as `date +%s%N` saw it). */
  shutdownTimes(): Promise<number[]>;
  /** Waits until a notification has been recorded. */
  waitEvent(event: string, timeoutMs?: number): Promise<void>;
}

/** Options of a monitor. */
export interface MonitorOptions {
  /** upsmon.conf lines after MONITOR (SHUTDOWNCMD, NOTIFYCMD, NOTIFYFLAG for every event are added). */
  extra?: string;
  /** Arguments (default: -D, foreground with debug 1). */
  args?: string[];
  /** Output that tells the monitor is watching (default: /Logged into UPS/). */
  ready?: RegExp;
  /** Which upsmon. */
  impl?: Impl;
  /** Extra environment. */
  env?: Record<string, string>;
}

/** A whole test bed. */
export class MonitorBed implements AsyncDisposable {
  readonly setup: NutSetup;
  readonly binPath: string;
  readonly devFile: string;
  port = 0;
  #server: RunningServer | undefined;
  #drivers = new Map<string, Proc>();
  #monitors: RunningMonitor[] = [];
  #mtime = Date.now();
  readonly driverImpl: Impl;

  private constructor(setup: NutSetup, driverImpl: Impl) {
    this.setup = setup;
    this.driverImpl = driverImpl;
    this.binPath = join(setup.dir.path, "fakebin");
    this.devFile = join(setup.confPath, "ups1.dev");
  }

  /**
   * Creates the bed: ups.conf with UPSes `ups1` (and `ups2` when asked) on line power.
   * @param driverImpl whose dummy-ups
   * @param upsCount 1 or 2
   * @param sectionExtra lines added to each ups.conf section
   */
  static async create(driverImpl: Impl = "ours", upsCount = 1, sectionExtra = ""): Promise<MonitorBed> {
    const driver = driverImpl === "ours" ? "dummy-ups" : "refdummy";
    let conf = "";
    for (let i = 1; i <= upsCount; i++) {
      conf +=
        `[ups${i}]\n  driver = ${driver}\n  port = ups${i}.dev\n  mode = dummy-once\n  pollinterval = 1\n` +
        sectionExtra;
    }
    const setup = await nutSetup(conf, MONITOR_USERS);
    const bed = new MonitorBed(setup, driverImpl);
    for (let i = 1; i <= upsCount; i++) await bed.power("online.dev", `ups${i}`);
    await Deno.mkdir(bed.binPath);
    await Deno.chmod(bed.binPath, 0o777);
    const wall = join(bed.binPath, "wall");
    await Deno.writeTextFile(wall, `#!/bin/sh\ncat >> "${join(setup.dir.path, "wall.log")}"\n`);
    await Deno.chmod(wall, 0o755);
    if (driverImpl === "nut") await copyNutProgram(setup, "dummy-ups", "refdummy");
    return bed;
  }

  /**
   * Plays a fixture on a UPS (copies it over the UPS's .dev file; dummy-once re-reads a changed file).
   * @param fixture file name in tests/fixtures/monitor
   * @param ups the UPS
   */
  async power(fixture: string, ups = "ups1"): Promise<void> {
    const target = join(this.setup.confPath, `${ups}.dev`);
    const text = await Deno.readTextFile(join(FIXTURES, fixture));
    const tmp = `${target}.tmp`;
    await Deno.writeTextFile(tmp, text);
    await Deno.chmod(tmp, 0o644);
    await Deno.rename(tmp, target);
    // A new mtime, whole seconds apart (NUT's dummy-ups compares seconds).
    this.#mtime += 5000;
    const t = new Date(this.#mtime);
    await Deno.utime(target, t, t);
  }

  /** Starts the driver of a UPS and waits for its socket. */
  async startDriver(ups = "ups1"): Promise<void> {
    const proc = this.driverImpl === "ours"
      ? await startOurDummy(this.setup, ups)
      : await startNutDummy(this.setup, ups);
    this.#drivers.set(ups, proc);
  }

  /** Stops the driver of a UPS. */
  async stopDriver(ups = "ups1"): Promise<void> {
    await this.#drivers.get(ups)?.stop();
    this.#drivers.delete(ups);
  }

  /**
   * Starts a data server (ours or NUT's) on a free port.
   * @param impl whose upsd
   * @param upsdConf extra upsd.conf lines
   */
  async startServer(impl: Impl = "ours", upsdConf = ""): Promise<void> {
    const server = impl === "ours"
      ? await startOurUpsd(this.setup, upsdConf)
      : await startNutUpsd(this.setup, upsdConf);
    this.#server = server;
    this.port = server.port;
  }

  /** Stops the data server. */
  async stopServer(): Promise<void> {
    await this.#server?.[Symbol.asyncDispose]();
    this.#server = undefined;
  }

  /** The server process. */
  get server(): Proc | undefined {
    return this.#server?.proc;
  }

  /** `ups@127.0.0.1:port`. */
  ups(name = "ups1"): string {
    return `${name}@127.0.0.1:${this.port}`;
  }

  /**
   * Writes a monitor's directory (upsmon.conf, recording scripts) and starts it; waits until it logged in.
   * @param name subdirectory name
   * @param monitorLines the MONITOR lines
   * @param options extra lines, arguments, implementation
   */
  async startMonitor(
    name: string,
    monitorLines: string,
    options: MonitorOptions = {},
  ): Promise<RunningMonitor> {
    const dir = join(this.setup.dir.path, name);
    await Deno.mkdir(dir, { recursive: true });
    await Deno.chmod(dir, 0o777);
    const notifyLog = join(dir, "notify.log");
    const shutdownLog = join(dir, "shutdown.log");
    const notify = join(dir, "notify.sh");
    await Deno.writeTextFile(
      notify,
      `#!/bin/sh\necho "$NOTIFYTYPE|$UPSNAME|$1|$(id -un)" >> "${notifyLog}"\n` +
        // The monitor's internal variables must not reach its programs.
        `env | grep -E '^NUT_(ARGV0|UPSMON_CHILD|UPSMON_BACKGROUND|DETACHED_CHILD)=' >> "${
          join(dir, "leaks.log")
        }"\n`,
    );
    const shutdown = join(dir, "shutdown.sh");
    const shutdownTimes = join(dir, "shutdown.ns");
    await Deno.writeTextFile(
      shutdown,
      `#!/bin/sh\nt=$(date +%s%N)\necho "SHUTDOWN $(id -un)" >> "${shutdownLog}"\necho "$t" >> "${shutdownTimes}"\n`,
    );
    for (const f of [notify, shutdown]) await Deno.chmod(f, 0o755);
    const flags = [
      "ONLINE",
      "ONBATT",
      "LOWBATT",
      "FSD",
      "COMMOK",
      "COMMBAD",
      "SHUTDOWN",
      "REPLBATT",
      "NOCOMM",
      "NOPARENT",
      "SHUTDOWN_HOSTSYNC",
    ].map((t) => `NOTIFYFLAG ${t} SYSLOG+WALL+EXEC\n`).join("");
    const conf = `${monitorLines}\nSHUTDOWNCMD "${shutdown}"\nNOTIFYCMD "${notify}"\n` +
      `POWERDOWNFLAG "${join(dir, "killpower")}"\nPOLLFREQ 1\nPOLLFREQALERT 1\nDEADTIME 3\nHOSTSYNC 3\n` +
      `FINALDELAY 0\nNOCOMMWARNTIME 2\n${flags}${options.extra ?? ""}\n`;
    await Deno.writeTextFile(join(dir, "upsmon.conf"), conf);
    await Deno.chmod(join(dir, "upsmon.conf"), 0o644);
    const env = {
      NUT_CONFPATH: dir,
      NUT_STATEPATH: this.setup.statePath,
      NUT_PIDPATH: dir,
      NUT_ALTPIDPATH: dir,
      PATH: `${this.binPath}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
      ...options.env,
    };
    const args = options.args ?? ["-D"];
    let proc: Proc;
    // NUT 2.8.0 keeps its PID file in the build's PIDPATH, whatever the environment says.
    const pidFile = (options.impl ?? "ours") === "ours"
      ? join(dir, "upsmon.pid")
      : join(NUT_PIDPATH, `refupsmon-${name}.pid`);
    if ((options.impl ?? "ours") === "ours") proc = spawnNut("upsmon", args, { env });
    else {
      const bin = join(this.setup.binPath, `refupsmon-${name}`);
      await Deno.copyFile(join(NUT_SBIN, "upsmon"), bin);
      await Deno.chmod(bin, 0o755);
      // -P 1: NUT 2.8.0 keeps its PID file in the build's PIDPATH (/run/nut); skip that check.
      proc = new Proc(bin, [...args, "-P", "1", "-u", "root"], { env });
    }
    const read = async (file: string) => {
      try {
        return (await Deno.readTextFile(file)).split("\n").filter((l) => l.length > 0);
      } catch {
        return [];
      }
    };
    const records = () => read(notifyLog);
    const events = async () => (await records()).map((r) => r.split("|").slice(0, 2).join(" ").trim()).sort();
    const monitor: RunningMonitor = {
      name,
      confPath: dir,
      pidPath: dir,
      env,
      proc,
      records,
      events,
      shutdowns: () => read(shutdownLog),
      shutdownTimes: async () => (await read(shutdownTimes)).map((ns) => Number(BigInt(ns) / 1000n) / 1000),
      waitEvent: async (event, timeoutMs = 20_000) => {
        await waitFor(
          async () => (await events()).some((e) => e === event || e.startsWith(`${event} `)),
          event,
          timeoutMs,
        )
          .catch(async (e) => {
            throw new Error(
              `${(e as Error).message}\nrecorded: ${
                (await records()).join("; ")
              }\n--- ${name} stderr:\n${proc.stderr}`,
            );
          });
      },
      [Symbol.asyncDispose]: () => stopMonitor(proc, pidFile),
    };
    this.#monitors.push(monitor);
    await proc.waitForOutput(options.ready ?? /Logged into UPS/, 30_000);
    return monitor;
  }

  /** Stops everything and removes the directory. */
  async [Symbol.asyncDispose](): Promise<void> {
    for (const m of this.#monitors) await Promise.resolve(m[Symbol.asyncDispose]()).catch(() => {});
    await this.stopServer();
    for (const ups of [...this.#drivers.keys()]) await this.stopDriver(ups);
    await this.setup[Symbol.asyncDispose]();
  }
}

/**
 * Stops a monitor: its process, and the monitoring child its PID file names if that one outlived it (a
 * killed parent leaves the child running, as in NUT).
 * @param proc the process started
 * @param pidFile its PID file
 */
async function stopMonitor(proc: Proc, pidFile: string): Promise<void> {
  let child: number | undefined;
  try {
    child = Number((await Deno.readTextFile(pidFile)).trim()) || undefined;
  } catch { /* none */ }
  const alive = (pid: number) => {
    try {
      Deno.kill(pid, "SIGCONT");
      return true;
    } catch {
      return false;
    }
  };
  const stopping = proc.stop();
  if (child !== undefined && child !== proc.pid) {
    // The test started it (through its parent): end it too, so its inherited output pipe closes.
    await new Promise((r) => setTimeout(r, 500));
    if (alive(child)) {
      Deno.kill(child, "SIGTERM");
      await new Promise((r) => setTimeout(r, 1000));
      if (alive(child)) Deno.kill(child, "SIGKILL");
    }
  }
  await stopping;
  // NUT's upsmon leaves its PID file behind (outside the test's directory): remove it once stale.
  if (pidFile.startsWith(`${NUT_PIDPATH}/`) && child !== undefined && !alive(child)) {
    await Deno.remove(pidFile).catch(() => {});
  }
}

/**
 * Starts a bed with the driver(s) and the server running.
 * @param server whose upsd
 * @param driver whose dummy-ups
 * @param upsCount UPSes
 * @param sectionExtra lines added to each ups.conf section
 * @param upsdConf extra upsd.conf lines
 * @returns the bed
 */
export async function startBed(
  server: Impl = "ours",
  driver: Impl = server,
  upsCount = 1,
  sectionExtra = "",
  upsdConf = "",
): Promise<MonitorBed> {
  const bed = await MonitorBed.create(driver, upsCount, sectionExtra);
  try {
    for (let i = 1; i <= upsCount; i++) await bed.startDriver(`ups${i}`);
    await bed.startServer(server, upsdConf);
    for (let i = 1; i <= upsCount; i++) await waitServing(bed.port, `ups${i}`);
  } catch (e) {
    await bed[Symbol.asyncDispose]();
    throw e;
  }
  return bed;
}

/**
 * Waits for a monitor's process to end (killed after the limit).
 * @param m the monitor
 * @param timeoutMs limit
 * @returns its exit code
 */
export async function waitExit(m: RunningMonitor, timeoutMs = 20_000): Promise<number> {
  const timer = setTimeout(() => m.proc.kill("SIGKILL"), timeoutMs);
  try {
    return (await m.proc.status).code;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits for a monitor that shuts the host down: its exit, then its SHUTDOWN notification (NOTIFYCMD runs
 * in the background and may finish after the monitor exited, as in NUT).
 * @param m the monitor
 * @returns its exit code
 */
export async function waitShutdown(m: RunningMonitor): Promise<number> {
  const code = await waitExit(m);
  if (code === 0) await m.waitEvent("SHUTDOWN", 10_000);
  return code;
}

/**
 * Waits a little and returns: used to give a wrong behaviour (a shutdown that must not happen) its
 * chance to show, a few poll rounds long.
 * @param ms how long
 */
export function settle(ms = 2500): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
