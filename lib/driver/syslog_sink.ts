/**
 * Logging of a daemon that left its terminal: lines go to syslog (facility daemon, with the PID), as
 * NUT's drivers log once backgrounded.
 * @module
 */
import { Libc } from "../../ffi/libc.ts";
import type { LogSink, Severity } from "../log.ts";

const PRIORITY: Readonly<Record<Severity, number>> = { error: 3, warning: 4, notice: 5, info: 6, debug: 7 };

/**
 * Opens syslog under a program name and returns a sink writing to it.
 * @param ident the name shown in the log, e.g. `dummy-ups`
 * @param libc libc facade (injectable)
 * @returns the sink
 */
export function syslogSink(ident: string, libc: Libc = new Libc()): LogSink {
  libc.openlog(ident);
  return (severity, message) => {
    try {
      libc.syslog(PRIORITY[severity], message);
    } catch {
      // syslog unavailable: nothing else to tell
    }
  };
}
