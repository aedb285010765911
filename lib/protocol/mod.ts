/**
 * The NUT network protocol (RFC 9271, protocol 1.3): error vocabulary, request and reply formats.
 * @module
 */
export * from "./errors.ts";
