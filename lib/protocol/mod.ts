/**
 * The NUT network protocol (RFC 9271, protocol 1.3), pure: error vocabulary, the command table, request
 * parsing and formatting, reply formatting and parsing, the request line reader, and the variable and
 * command descriptions (cmdvartab).
 * @module
 */
export * from "./errors.ts";
export * from "./request.ts";
export * from "./commands.ts";
export * from "./reply.ts";
export * from "./reader.ts";
export * from "./cmdvartab.ts";
