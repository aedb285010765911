/**
 * How a driver or a scan reaches devices over datagrams (UDP): a bound socket that sends to an address
 * and receives with a deadline. Received datagrams wait in a bounded queue (the oldest are dropped when
 * nobody reads). The system implementation is lib/transport/datagram_system.ts; record/playback fakes are
 * lib/transport/socket_playback.ts.
 * @module
 */

/** One datagram and where it came from. */
export interface Datagram {
  /** Its bytes. */
  readonly data: Uint8Array;
  /** The sender's address. */
  readonly host: string;
  /** The sender's port. */
  readonly port: number;
}

/** The most datagrams a socket keeps unread. */
export const DATAGRAM_QUEUE = 256;

/** The largest datagram sent or kept. */
export const DATAGRAM_MAX = 65_507;

/** A bound datagram socket. Close it (or `await using`) when done. */
export interface DatagramSocket extends AsyncDisposable {
  /** The local address and port it is bound to. */
  readonly local: { readonly host: string; readonly port: number };
  /**
   * Sends one datagram.
   * @param data its bytes (at most {@linkcode DATAGRAM_MAX})
   * @param host the address
   * @param port the port
   */
  send(data: Uint8Array, host: string, port: number): Promise<void>;
  /**
   * The next datagram received, waiting up to the limit.
   * @param timeoutMs limit
   * @returns the datagram, or undefined when none came in time (not an error)
   */
  receive(timeoutMs: number): Promise<Datagram | undefined>;
  /** Closes the socket (idempotent). */
  close(): Promise<void>;
}

/** How a socket is bound. */
export interface DatagramBindOptions {
  /** The local address (default 0.0.0.0; "::" for IPv6). */
  readonly host?: string;
  /** The local port (default: any free one). */
  readonly port?: number;
  /** Whether it may send to broadcast addresses (a scan of a subnet). */
  readonly broadcast?: boolean;
  /** The most datagrams kept unread (default {@linkcode DATAGRAM_QUEUE}). */
  readonly queue?: number;
}

/** Where datagram sockets come from. */
export interface DatagramNetwork {
  /**
   * Binds a socket.
   * @param options where
   * @returns the socket
   */
  bind(options?: DatagramBindOptions): Promise<DatagramSocket>;
}
