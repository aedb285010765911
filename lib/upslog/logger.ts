/**
 * upslog's loop: a line for every system at once, then one every interval. As in NUT, SIGUSR1 wakes the
 * sleep and logs at once, SIGHUP reopens the log files (and, waking the sleep, logs too), and a stop
 * signal that interrupts the sleep still logs that last line before leaving.
 * @module
 */
import type { Logger } from "../log.ts";
import { type FormatItem, formatLogLine, formatVariables } from "./format.ts";
import type { LogTarget } from "./targets.ts";

/** What supplies one system's values. */
export interface ValueReader {
  /** Reads variables (undefined = no value). */
  values(names: readonly string[]): Promise<Map<string, string | undefined>>;
  /** Drops the connection (reopened on the next read). */
  close(): void;
}

/** One monitored system. */
export interface LoggedSystem {
  /** As written (`%UPSHOST%`). */
  monhost: string;
  /** Where its lines go. */
  target: LogTarget;
  /** Its values. */
  source: ValueReader;
}

/** Options of an {@linkcode UpsLogger}. */
export interface UpsLoggerOptions {
  /** The systems, logged in this order. */
  systems: LoggedSystem[];
  /** The compiled format. */
  items: FormatItem[];
  /** Seconds between polls. */
  interval: number;
  /** Stop after this many polls (0 = never). */
  maxLoops?: number;
  /** %HOST%. */
  hostname: string;
  /** %PID%. */
  pid: number;
  /** Reopens the log files. */
  reopen: () => Promise<void>;
  /** Messages. */
  log: Logger;
  /** Clock, ms (injectable). */
  now?: () => number;
}

/** The logging loop. */
export class UpsLogger {
  #o: UpsLoggerOptions;
  #now: () => number;
  #exit = 0;
  #reopen = 0;
  #wake?: () => void;

  /** @param options systems, format, interval, ... */
  constructor(options: UpsLoggerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** Ends the current sleep (SIGUSR1): a line is logged now. */
  wake(): void {
    this.#wake?.();
  }

  /**
   * Asks for the log files to be reopened before the next line (SIGHUP).
   * @param signal the signal number, for the message
   */
  requestReopen(signal = 1): void {
    this.#reopen = signal;
    this.wake();
  }

  /**
   * Asks the loop to end (SIGINT, SIGQUIT, SIGTERM).
   * @param signal the signal number, for the message
   */
  requestExit(signal: number): void {
    if (this.#exit === 0) this.#exit = signal;
    this.wake();
  }

  /**
   * Logs one line for every system.
   */
  async logOnce(): Promise<void> {
    const names = formatVariables(this.#o.items);
    for (const system of this.#o.systems) {
      const values = names.length > 0 ? await system.source.values(names) : new Map();
      system.target.write(formatLogLine(this.#o.items, {
        now: new Date(this.#now()),
        hostname: this.#o.hostname,
        pid: this.#o.pid,
        upsHost: system.monhost,
        values,
      }));
      if (this.#o.interval > 30) system.source.close();
    }
  }

  /**
   * Runs until a stop signal or the loop count.
   * @returns the number of the signal that ended it (1 after -d's count, as NUT)
   */
  async run(): Promise<number> {
    const intervalMs = this.#o.interval * 1000;
    let nextPoll = 0;
    let loops = 0;
    while (this.#exit === 0) {
      const now = this.#now();
      if (nextPoll > now) {
        await this.#sleep(nextPoll - now);
        nextPoll += intervalMs;
      } else {
        nextPoll = now + intervalMs;
      }
      if (this.#reopen !== 0) {
        this.#o.log.info(`Signal ${this.#reopen}: reopening log file`);
        this.#reopen = 0;
        await this.#o.reopen();
      }
      await this.logOnce();
      if (this.#o.maxLoops && ++loops >= this.#o.maxLoops) {
        this.#o.log.info(`${this.#o.maxLoops} loops have elapsed`);
        if (this.#exit === 0) this.#exit = 1;
      }
    }
    this.#o.log.info(`Signal ${this.#exit}: exiting`);
    for (const s of this.#o.systems) s.source.close();
    return this.#exit;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}
