/**
 * Where upslog's values come from: one connection per monitored system, opened again whenever it was
 * lost (as NUT reconnects before each poll), closed after each poll when the interval is longer than 30 s
 * (NUT does not keep a connection it will not use soon). A value the server does not give is undefined
 * (`NA` in the line).
 * @module
 */
import type { ConnectOptions, NutClient } from "../client/client.ts";
import type { DeviceAddress } from "../client/address.ts";

/** Opens a connection (NutClient.connect, or a wrapper in tests). */
export type Connector = (host: string, port: number, options: ConnectOptions) => Promise<NutClient>;

/** One monitored device's connection. */
export class DeviceConnection {
  #address: DeviceAddress;
  #connect: Connector;
  #options: ConnectOptions;
  #client?: NutClient;

  /**
   * @param address the device and its server
   * @param connect how to connect
   * @param options timeouts, TLS
   */
  constructor(address: DeviceAddress, connect: Connector, options: ConnectOptions) {
    this.#address = address;
    this.#connect = connect;
    this.#options = options;
  }

  /** The device. */
  get address(): DeviceAddress {
    return this.#address;
  }

  /** Whether a connection is open. */
  get connected(): boolean {
    return this.#client !== undefined && !this.#client.closed;
  }

  /**
   * Connects when not connected.
   * @throws {Error} the reason a new connection failed
   */
  async ensure(): Promise<void> {
    if (this.connected) return;
    this.#client?.close();
    this.#client = undefined;
    this.#client = await this.#connect(this.#address.host, this.#address.port, this.#options);
  }

  /**
   * Reads variables, one GET VAR each; failures give undefined.
   * @param names the variables
   * @returns the values
   */
  async values(names: readonly string[]): Promise<Map<string, string | undefined>> {
    const out = new Map<string, string | undefined>();
    try {
      await this.ensure();
    } catch {
      // Not reachable now: every value is NA; the next poll tries again.
    }
    for (const name of names) {
      if (!this.connected) {
        out.set(name, undefined);
        continue;
      }
      try {
        out.set(name, await this.#client!.getVar(this.#address.ups, name));
      } catch {
        out.set(name, undefined);
      }
    }
    return out;
  }

  /** Closes the connection (the next poll opens a new one). */
  close(): void {
    this.#client?.close();
    this.#client = undefined;
  }
}
