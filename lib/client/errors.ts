/**
 * Errors of the client library that are not a server's `ERR <word>` answer (those are
 * {@linkcode NutError}): name resolution, connection, transport, timeouts, malformed replies.
 * Messages are the texts NUT's client library prints (`Server disconnected`, `Connection failure:
 * Connection refused`, ...), so the NUT-compatible programs can print `Error: <message>` verbatim.
 * @module
 */

/** What went wrong, one word per cause. */
export type ClientErrorKind =
  | "NO-SUCH-HOST"
  | "CONNECT"
  | "DISCONNECTED"
  | "TIMEOUT"
  | "READ"
  | "WRITE"
  | "INVALID-RESPONSE"
  | "PROTOCOL"
  | "TOO-LONG"
  | "SSL"
  | "SSL-UNAVAILABLE"
  | "CLOSED";

/** A client-side failure; `kind` classifies it, `message` is NUT's text for it. */
export class ClientError extends Error {
  /**
   * @param kind the cause
   * @param message the text (NUT's wording where NUT has one)
   * @param options the underlying error, if any
   */
  constructor(readonly kind: ClientErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ClientError";
  }
}

/** glibc's strerror() texts for the socket errors node:net reports by code. */
const STRERROR: Readonly<Record<string, string>> = {
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by peer",
  ECONNABORTED: "Software caused connection abort",
  ETIMEDOUT: "Connection timed out",
  EHOSTUNREACH: "No route to host",
  EHOSTDOWN: "Host is down",
  ENETUNREACH: "Network is unreachable",
  ENETDOWN: "Network is down",
  EADDRNOTAVAIL: "Cannot assign requested address",
  EADDRINUSE: "Address already in use",
  EAFNOSUPPORT: "Address family not supported by protocol",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  EPIPE: "Broken pipe",
  EINVAL: "Invalid argument",
  ENOTCONN: "Transport endpoint is not connected",
  EAI_AGAIN: "Temporary failure in name resolution",
};

/**
 * The strerror()-style text of a system error raised by node:net / node:dns.
 * @param error the error (with a `code` such as `ECONNREFUSED`)
 * @returns the text NUT would print, e.g. "Connection refused"
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(systemErrorText(Object.assign(new Error("x"), { code: "ECONNREFUSED" })), "Connection refused");
 * ```
 */
export function systemErrorText(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && STRERROR[code]) return STRERROR[code];
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

/**
 * The error for a connection that ended while a reply was awaited.
 * @returns a ClientError "Server disconnected"
 */
export function serverDisconnected(): ClientError {
  return new ClientError("DISCONNECTED", "Server disconnected");
}

/**
 * The error for a reply that does not have the expected form.
 * @param detail what was wrong (kept in `cause` for debugging, not in the message)
 * @returns a ClientError "Invalid response from server"
 */
export function invalidResponse(detail: string): ClientError {
  return new ClientError("INVALID-RESPONSE", "Invalid response from server", { cause: new Error(detail) });
}

/**
 * The error for a reply that does not echo the query (NUT's UPSCLI_ERR_PROTOCOL).
 * @param detail what was received
 * @returns a ClientError "Protocol error"
 */
export function protocolError(detail: string): ClientError {
  return new ClientError("PROTOCOL", "Protocol error", { cause: new Error(detail) });
}
