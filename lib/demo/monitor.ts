/**
 * The demo's monitor: our upsmon, in a rehearsal (dry run), watching the demo UPS as a primary with
 * NUT's defaults (POLLFREQ 5) and status push. It reports what upsmon would notify, that it would set FSD,
 * write POWERDOWNFLAG and run SHUTDOWNCMD, and does none of it. A rehearsal ends with the shutdown it
 * would do; the next one starts when the power is back.
 * @module
 */
import { parseUpsmonConf, type UpsmonConf } from "../../config/upsmon_conf.ts";
import { Logger } from "../log.ts";
import {
  DRY_RUN_PREFIX,
  DryRunNotifier,
  DryRunShutdown,
  Monitor,
  PollingSource,
  PushSource,
  UpsSession,
} from "../monitor/mod.ts";

/** Options of a {@linkcode DemoMonitor}. */
export interface DemoMonitorOptions {
  /** The UPS as on a MONITOR line (`demo@127.0.0.1:3493`). */
  system: string;
  /** The upsd.users account (an `upsmon primary`). */
  user: { name: string; password: string };
  /** Where the rehearsal's lines go (without the dry-run prefix), and upsmon's log above debug. */
  report: (line: string) => void;
}

/**
 * The demo's upsmon.conf: a primary with NUT's defaults and the usual commands.
 * @param o the UPS and the account
 * @returns the configuration
 */
export function demoUpsmonConf(o: Pick<DemoMonitorOptions, "system" | "user">): UpsmonConf {
  return parseUpsmonConf(
    `MONITOR ${o.system} 1 ${o.user.name} ${o.user.password} primary\n` +
      `SHUTDOWNCMD "/sbin/shutdown -h +0"\nPOWERDOWNFLAG /etc/killpower\nFINALDELAY 0\n`,
    "upsmon.conf (demo)",
  );
}

/** Rehearsals of upsmon on the demo UPS, one at a time. */
export class DemoMonitor {
  #opts: DemoMonitorOptions;
  #conf: UpsmonConf;
  #current: Monitor | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  /** @param options the UPS, the account, where lines go */
  constructor(options: DemoMonitorOptions) {
    this.#opts = options;
    this.#conf = demoUpsmonConf(options);
  }

  /** Starts a rehearsal unless one is running. */
  start(): void {
    if (this.#stopped || this.#current) return;
    const report = (line: string) => {
      if (line.startsWith(`${DRY_RUN_PREFIX} would wall`)) return; // the notify line says WALL already
      this.#opts.report(
        line.startsWith(DRY_RUN_PREFIX) ? line.slice(DRY_RUN_PREFIX.length).trimStart() : line,
      );
    };
    const conf = this.#conf;
    const log = new Logger({ sink: (severity, message) => severity !== "debug" && report(message) });
    const monitor = new Monitor({
      conf,
      log,
      notifier: new DryRunNotifier(report, conf.notifyCmd),
      shutdown: new DryRunShutdown(report, conf),
      openSession: (entry) => new UpsSession({ entry, login: false, log }),
      sources: [new PollingSource(), new PushSource()],
      ownLogins: 0,
      dryRunReport: report,
    });
    this.#current = monitor;
    monitor.start();
    this.#running = monitor.exited.then(() => {
      if (this.#current === monitor) this.#current = undefined;
    });
  }

  /** Ends the rehearsal that runs, if any; no new one starts. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#current?.stop();
    await this.#running;
  }
}
