/**
 * The NUT network protocol client: connection, replies, addresses, errors, and the reader of this
 * server's status push (push_reader.ts). Used by upsc, upscmd, upsrw, `nut client`, the dummy-ups
 * repeater and the monitor.
 *
 * ```ts ignore
 * import { NutClient, splitName } from "./mod.ts";
 * const { ups, host, port } = splitName("su700@localhost");
 * await using c = await NutClient.connect(host, port, { timeoutMs: 5000, tls: "try" });
 * for (const v of await c.listVar(ups)) console.log(v.name, v.value);
 * ```
 * @module
 */
export * from "./client.ts";
export * from "./errors.ts";
export * from "./reply.ts";
export * from "./address.ts";
export * from "./tls_options.ts";
export * from "./line_splitter.ts";
export * from "./push_reader.ts";
export { LineTransport, type TlsHandshakeOptions, type TransportOptions } from "./transport.ts";
export { NutError } from "../protocol/errors.ts";
