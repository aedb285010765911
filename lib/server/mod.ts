/**
 * The data server (upsd): sessions answering the network protocol, driver links mirroring the drivers'
 * state, the client frontend (epoll over libc on Linux, node:net elsewhere), configuration and the server
 * that ties them together.
 *
 * Replies follow NUT 2.8.0's upsd line for line (tests/server_diff_test.ts compares them live). Where we
 * differ, it is on purpose:
 * - a request line over 16 KiB is answered `ERR TOO-LONG` (NUT has no limit and keeps cutting words;
 *   words are still cut at 512 characters and lines at 32 words, as NUT does);
 * - after a `#` inside quotes the rest of that line is skipped (NUT resumes mid-line and loses the rest
 *   of whatever it had read, which depends on packet boundaries);
 * - reply lines are never cut (NUT cuts any reply line at 512 bytes, newline included);
 * - LOGOUT closes the connection once the lines already received are answered (NUT keeps it open when
 *   another line came in the same read);
 * - connections beyond MAXCONN (minus one per UPS and per listener) are refused at once (NUT 2.8.0
 *   accepts them and never serves them);
 * - the state path is NUT_STATEPATH, else ups.conf's `statepath`, else upsd.conf's STATEPATH (newer NUT;
 *   2.8.0 lets upsd.conf win over the environment and ignores ups.conf); ALLOW_NOT_ALL_LISTENERS and the
 *   refusal of an unusable CERTFILE are also newer NUT's;
 * - descriptions are newest NUT's cmdvartab (a superset of 2.8.0's; three entries differ in case), and a
 *   driver's CONVERSION_FAILED reads `ERR INVALID-ARGUMENT` in GET TRACKING, as in newer NUT;
 * - after a reload, UPSes are listed in ups.conf order (NUT 2.8.0 lists the ones a reload added first);
 * - a driver's SETINFO that changes only the case of a value is applied, ranges are duplicates only when
 *   equal, an INSTCMD parameter with spaces reaches the driver quoted (NUT: ignored, either bound equal,
 *   unquoted);
 * - the configuration is read before dropping privileges; STARTTLS takes a PEM CERTFILE (OpenSSL's form)
 *   whatever NUT's TLS library; IPv4 clients of a dual-stack listener show as plain IPv4;
 * - IPv6 listeners take IPv6 only (IPV6_V6ONLY, as NUT >= 2.8.1 sets it; 2.8.0 leaves the system's
 *   default), so `LISTEN ::` no longer takes IPv4 clients: `LISTEN *` or an IPv4 LISTEN does;
 * - one command NUT does not have: `X-PUSH STATUS <ups>`, status push (lib/protocol/push.ts describes the
 *   wire form; push_hub.ts keeps the subscriptions). NUT's upsd answers it `ERR UNKNOWN-COMMAND`, and
 *   NUT's clients never send it.
 * @module
 */
export * from "./acl.ts";
export * from "./config.ts";
export * from "./context.ts";
export * from "./driver_link.ts";
export * from "./driver_mirror.ts";
export * from "./epoll_frontend.ts";
export * from "./frontend.ts";
export * from "./push_hub.ts";
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
