/**
 * The data server (upsd): sessions answering the network protocol, driver links mirroring the drivers'
 * state, the TCP frontend, configuration and the server that ties them together.
 * @module
 */
export * from "./acl.ts";
export * from "./config.ts";
export * from "./context.ts";
export * from "./driver_link.ts";
export * from "./driver_mirror.ts";
export * from "./session.ts";
export * from "./session_state.ts";
export * from "./tcp.ts";
export * from "./tls_config.ts";
export * from "./tracking.ts";
export * from "./ups.ts";
export * from "./ups_table.ts";
export * from "./upsd.ts";
export { HELP_TEXT, SERVER_INFO } from "./net_misc.ts";
export { syslogSink } from "./syslog_sink.ts";
