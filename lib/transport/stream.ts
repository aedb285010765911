/**
 * How a driver reaches a device over a stream socket: TCP (Modbus TCP, apcupsd's NIS, an HTTP card) or a
 * Unix socket. Reads have a deadline and give an empty array when nothing came; the peer closing is
 * DISCONNECTED; every wait has an explicit timeout and fails with a {@linkcode TransportError}. The system
 * implementation is lib/transport/stream_system.ts; record/playback fakes are
 * lib/transport/socket_playback.ts; answers are framed by lib/transport/read_until.ts.
 * @module
 */

/** Where a stream connects to. */
export type StreamAddress = { readonly host: string; readonly port: number } | { readonly path: string };

/** An open connection. Close it (or `await using`) when done. */
export interface StreamConnection extends AsyncDisposable {
  /** The peer, as "host:port" or the socket path. */
  readonly remote: string;
  /**
   * Writes every byte within the limit.
   * @param data the bytes
   * @param timeoutMs limit
   */
  write(data: Uint8Array, timeoutMs: number): Promise<void>;
  /**
   * Reads what is there, waiting up to the limit for the first byte.
   * @param max most bytes
   * @param timeoutMs limit
   * @returns the bytes (at least one), or an empty array when nothing came in time (not an error)
   * @throws {TransportError} DISCONNECTED when the peer has closed and nothing is left to read
   */
  read(max: number, timeoutMs: number): Promise<Uint8Array>;
  /** Closes the connection (idempotent). */
  close(): Promise<void>;
}

/** Where stream connections come from. */
export interface StreamNetwork {
  /**
   * Connects.
   * @param address host and port, or a socket path
   * @param timeoutMs limit for the connection to be made
   * @returns the connection
   */
  connect(address: StreamAddress, timeoutMs: number): Promise<StreamConnection>;
}

/**
 * An address as text.
 * @param address the address
 * @returns "host:port" ("[v6]:port" for IPv6) or the path
 */
export function formatStreamAddress(address: StreamAddress): string {
  if ("path" in address) return address.path;
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
