/**
 * The system's datagram sockets for drivers and scans, on node:dgram (Deno's own UDP API is unstable):
 * received datagrams wait in a bounded queue (the oldest go when nobody reads), a receive waits with a
 * deadline, and node's error codes are mapped to TransportError kinds here, once.
 * @module
 */
import dgram from "node:dgram";
import { isIP } from "node:net";
import { TransportError, type TransportErrorKind } from "./error.ts";
import { raceTimer, TIMED_OUT } from "./race.ts";
import {
  type Datagram,
  DATAGRAM_MAX,
  DATAGRAM_QUEUE,
  type DatagramBindOptions,
  type DatagramNetwork,
  type DatagramSocket,
} from "./datagram.ts";

/**
 * The kind of a node socket error.
 * @param e what was thrown or emitted
 * @returns its kind
 */
export function datagramErrorKind(e: unknown): TransportErrorKind {
  const code = (e as { code?: string })?.code;
  if (code === "EADDRINUSE") return "BUSY";
  if (code === "EACCES" || code === "EPERM" || e instanceof Deno.errors.NotCapable) return "ACCESS_DENIED";
  if (code === "EADDRNOTAVAIL" || code === "ENETUNREACH" || code === "EHOSTUNREACH") return "NOT_FOUND";
  if (code === "ECONNREFUSED" || code === "ENOTFOUND") return "NOT_FOUND";
  if (code === "ERR_SOCKET_DGRAM_NOT_RUNNING") return "DISCONNECTED";
  return "IO";
}

function fail(what: string, e: unknown): TransportError {
  return new TransportError(datagramErrorKind(e), `${what}: ${(e as Error)?.message ?? e}`, { cause: e });
}

class NodeDatagramSocket implements DatagramSocket {
  readonly local: { host: string; port: number };
  #sock: dgram.Socket;
  #queue: Datagram[] = [];
  #waiter: ((d: Datagram | undefined) => void) | undefined;
  #closed = false;

  constructor(sock: dgram.Socket, readonly queueMax: number) {
    this.#sock = sock;
    const a = sock.address();
    this.local = { host: a.address, port: a.port };
    sock.on("message", (msg: Uint8Array, rinfo: dgram.RemoteInfo) => {
      const d = { data: new Uint8Array(msg), host: rinfo.address, port: rinfo.port };
      const w = this.#waiter;
      if (w) {
        this.#waiter = undefined;
        w(d);
        return;
      }
      if (this.#queue.length >= this.queueMax) this.#queue.shift();
      this.#queue.push(d);
    });
    // An ICMP error of an earlier send, reported later: the socket stays usable.
    sock.on("error", () => {});
  }

  send(data: Uint8Array, host: string, port: number): Promise<void> {
    if (this.#closed) return Promise.reject(new TransportError("DISCONNECTED", "the socket is closed"));
    if (data.length > DATAGRAM_MAX) {
      return Promise.reject(new TransportError("PROTOCOL", `a datagram of ${data.length} bytes is too long`));
    }
    return new Promise((resolve, reject) => {
      this.#sock.send(
        data,
        port,
        host,
        (err) => err ? reject(fail(`send to ${host}:${port}`, err)) : resolve(),
      );
    });
  }

  async receive(timeoutMs: number): Promise<Datagram | undefined> {
    const queued = this.#queue.shift();
    if (queued) return queued;
    if (this.#closed) throw new TransportError("DISCONNECTED", "the socket is closed");
    if (this.#waiter) throw new TransportError("IO", "a receive is already waiting on this socket");
    const next = new Promise<Datagram | undefined>((resolve) => this.#waiter = resolve);
    const got = await raceTimer(next, timeoutMs);
    if (got === TIMED_OUT) {
      this.#waiter = undefined;
      return undefined;
    }
    return got;
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#waiter?.(undefined);
    this.#waiter = undefined;
    return new Promise((resolve) => this.#sock.close(() => resolve()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Datagram sockets of this system. */
export class SystemDatagramNetwork implements DatagramNetwork {
  /**
   * Binds a UDP socket (IPv6 when the host is an IPv6 address).
   * @param options where
   * @returns the socket
   * @throws {TransportError} BUSY (port in use), ACCESS_DENIED, NOT_FOUND (no such local address), IO
   */
  bind(options: DatagramBindOptions = {}): Promise<DatagramSocket> {
    const host = options.host ?? "0.0.0.0";
    const sock = dgram.createSocket({ type: isIP(host) === 6 ? "udp6" : "udp4" });
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => {
        sock.close();
        reject(fail(`bind ${host}:${options.port ?? 0}`, err));
      };
      sock.once("error", onError);
      sock.bind({ address: host, port: options.port ?? 0 }, () => {
        sock.off("error", onError);
        try {
          if (options.broadcast) sock.setBroadcast(true);
        } catch (e) {
          sock.close();
          reject(fail(`broadcast on ${host}`, e));
          return;
        }
        resolve(new NodeDatagramSocket(sock, Math.max(1, options.queue ?? DATAGRAM_QUEUE)));
      });
    });
  }
}
