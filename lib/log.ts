/**
 * The logger every program gets injected: NUT's levels (upslogx for notices/warnings/errors, upsdebugx
 * for debug levels 1..n), to stderr in the foreground and to syslog when a daemon runs in the background.
 * @module
 */

/** Severity of a log line (syslog's names). */
export type Severity = "error" | "warning" | "notice" | "info" | "debug";

/** Where lines go. */
export type LogSink = (severity: Severity, message: string) => void;

/** Options of a {@linkcode Logger}. */
export interface LoggerOptions {
  /** Debug verbosity: debug(n, ...) is shown when n <= debugLevel. */
  debugLevel?: number;
  /** Destination; default: stderr. */
  sink?: LogSink;
  /** Prefix debug lines with the seconds since start, as NUT does. */
  timestamps?: boolean;
  /** Clock (ms) for the timestamps, injectable for tests. */
  now?: () => number;
}

const encoder = new TextEncoder();

/** A sink that writes each line to stderr. */
export const stderrSink: LogSink = (_severity, message) => {
  try {
    Deno.stderr.writeSync(encoder.encode(message + "\n"));
  } catch {
    // stderr closed (detached daemon): nothing to do
  }
};

/**
 * A logger. Debug output is cheap to skip: pass a function to build expensive messages lazily.
 *
 * @example
 * ```ts
 * import { assertEquals } from "./testing/asserts.ts";
 * const lines: string[] = [];
 * const log = new Logger({ debugLevel: 1, sink: (_s, m) => lines.push(m), timestamps: false });
 * log.debug(1, "shown");
 * log.debug(2, () => "hidden");
 * log.warn("careful");
 * assertEquals(lines, ["shown", "careful"]);
 * ```
 */
export class Logger {
  #level: number;
  #sink: LogSink;
  #timestamps: boolean;
  #now: () => number;
  #start: number;

  /** Creates a logger. */
  constructor(options: LoggerOptions = {}) {
    this.#level = options.debugLevel ?? 0;
    this.#sink = options.sink ?? stderrSink;
    this.#timestamps = options.timestamps ?? true;
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
  }

  /** Current debug level. */
  get debugLevel(): number {
    return this.#level;
  }

  /** Changes the debug level (on reload). */
  set debugLevel(level: number) {
    this.#level = level;
  }

  /** Replaces the destination (e.g. stderr → syslog when detaching). */
  set sink(sink: LogSink) {
    this.#sink = sink;
  }

  /**
   * Logs a debug message at a verbosity level.
   * @param level 1 = basic, higher = noisier
   * @param message text or a function producing it
   */
  debug(level: number, message: string | (() => string)): void {
    if (level > this.#level) return;
    const text = typeof message === "function" ? message() : message;
    if (!this.#timestamps) return this.#sink("debug", text);
    const t = ((this.#now() - this.#start) / 1000).toFixed(6).padStart(11);
    this.#sink("debug", `${t}\t${text}`);
  }

  /** Logs an informational message. */
  info(message: string): void {
    this.#sink("info", message);
  }

  /** Logs a notice (normal but significant). */
  notice(message: string): void {
    this.#sink("notice", message);
  }

  /** Logs a warning. */
  warn(message: string): void {
    this.#sink("warning", message);
  }

  /** Logs an error. */
  error(message: string): void {
    this.#sink("error", message);
  }
}

/** A logger that discards everything (tests, quiet tools). */
export function silentLogger(): Logger {
  return new Logger({ sink: () => {} });
}
