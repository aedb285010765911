/**
 * The driver socket protocol: pure messages, and the socket path naming shared by drivers and servers.
 * @module
 */
export * from "./messages.ts";
export * from "./path.ts";
