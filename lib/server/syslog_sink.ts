/**
 * Logging to syslog (facility daemon) for a server running in the background, through libc.
 * @module
 */
import { Libc } from "../../ffi/libc.ts";
import type { LogSink, Severity } from "../log.ts";

const PRIORITY: Record<Severity, number> = { error: 3, warning: 4, notice: 5, info: 6, debug: 7 };

/**
 * Opens syslog and returns a sink writing to it.
 * @param ident the program name shown in the log (e.g. "upsd")
 * @param libc libc facade (injectable)
 * @returns the sink
 */
export function syslogSink(ident: string, libc: Libc = new Libc()): LogSink {
  libc.openlog(ident, 3);
  return (severity, message) => {
    try {
      libc.syslog(PRIORITY[severity], message);
    } catch { /* nowhere else to report */ }
  };
}
