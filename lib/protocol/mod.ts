/**
 * The NUT network protocol (RFC 9271, protocol 1.3), pure: error vocabulary, the command table, request
 * parsing and formatting, reply formatting and parsing, the request line reader, the variable and command
 * descriptions (cmdvartab), and this server's status push extension (X-PUSH, push.ts).
 * @module
 */
export * from "./errors.ts";
export * from "./request.ts";
export * from "./commands.ts";
export * from "./reply.ts";
export * from "./reader.ts";
export * from "./cmdvartab.ts";
export * from "./push.ts";
