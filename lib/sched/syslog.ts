/**
 * Log sinks of upssched: NUT's upssched logs to syslog and, while it has a terminal, to stderr. Syslog is
 * opened on the first message only, so a call that has nothing to say never loads libc.
 * @module
 */
import type { LogSink } from "../log.ts";
import { syslogSink } from "../server/syslog_sink.ts";

/**
 * A sink that opens syslog on first use.
 * @param ident program name in the log
 * @returns the sink (silent when syslog cannot be opened)
 */
export function lazySyslogSink(ident: string): LogSink {
  let sink: LogSink | undefined;
  return (severity, message) => {
    if (!sink) {
      try {
        sink = syslogSink(ident);
      } catch {
        sink = () => {};
      }
    }
    sink(severity, message);
  };
}

/**
 * A sink writing to several sinks.
 * @param sinks the destinations
 * @returns the sink
 */
export function teeSink(...sinks: LogSink[]): LogSink {
  return (severity, message) => {
    for (const s of sinks) s(severity, message);
  };
}
