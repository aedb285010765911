/**
 * STARTTLS over a connection node:net does not own: node:tls's server TLSSocket runs over a stream.Duplex
 * whose far side is the connection (bytes read from the socket go in with `receive`, bytes TLS wants
 * sent come out through `send`). Decrypted request text comes out through `text`; replies go in with
 * `write`.
 * @module
 */
import { Buffer } from "node:buffer";
import { Duplex } from "node:stream";
import tls from "node:tls";
import type { TlsSettings } from "./frontend.ts";

/** What the bridge tells the connection. */
export interface TlsBridgeEvents {
  /**
   * Bytes to send to the peer, in order.
   * @param bytes the bytes (owned by the callee once given)
   */
  send(bytes: Uint8Array<ArrayBuffer>): void;
  /** TLS is done sending (after `end()`): close once the bytes are out. */
  end(): void;
  /**
   * Decrypted bytes from the peer, one character per byte.
   * @param text the text
   */
  text(text: string): void;
  /**
   * The handshake completed.
   * @param protocol e.g. "TLSv1.3"
   */
  secure(protocol: string | null): void;
  /**
   * TLS failed (handshake, certificate, bad record): the connection should go.
   * @param error why
   */
  error(error: Error): void;
}

/** The TLS side of one connection, after `OK STARTTLS`. */
export class TlsBridge {
  #raw: Duplex;
  #secure: tls.TLSSocket;

  /**
   * Starts the server side of the handshake (it waits for the client's hello).
   * @param settings certificate and client-certificate policy
   * @param events the connection's side
   */
  constructor(settings: TlsSettings, events: TlsBridgeEvents) {
    this.#raw = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, done) {
        events.send(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice());
        done();
      },
      final(done) {
        events.end();
        done();
      },
    });
    const secure = new tls.TLSSocket(this.#raw, {
      isServer: true,
      secureContext: settings.context,
      requestCert: settings.requestCert,
      rejectUnauthorized: settings.rejectUnauthorized,
    });
    this.#secure = secure;
    secure.on("secure", () => events.secure(secure.getProtocol()));
    secure.on("data", (d: Buffer) => events.text(d.toString("latin1")));
    secure.on("error", (e: Error) => events.error(e));
    this.#raw.on("error", (e: Error) => events.error(e));
  }

  /**
   * Feeds bytes read from the peer.
   * @param bytes the bytes (copied)
   */
  receive(bytes: Uint8Array): void {
    this.#raw.push(Buffer.from(bytes));
  }

  /**
   * Sends reply text, encrypted.
   * @param text the text, one byte per character
   */
  write(text: string): void {
    this.#secure.write(text, "latin1");
  }

  /** Reply bytes written and not encrypted yet. */
  get buffered(): number {
    return this.#secure.writableLength;
  }

  /** Ends the TLS session (close_notify), then the connection. */
  end(): void {
    this.#secure.end();
  }

  /** Drops everything at once. */
  destroy(): void {
    this.#secure.destroy();
    this.#raw.destroy();
  }
}
