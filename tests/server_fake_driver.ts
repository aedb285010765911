/**
 * A fake NUT driver for server tests: serves a Unix socket speaking the driver socket protocol
 * (docs/sock-protocol.txt) from a DeviceState, with what dummy-ups .dev files cannot give (ENUM, RANGE,
 * STRING aux, read-only variables), and hooks to misbehave (go mute, send garbage, vanish). Several
 * servers (NUT's upsd and ours) may connect at once; each connection's requests are recorded.
 * @module
 */
import net from "node:net";
import type { Buffer } from "node:buffer";
import { DeviceState } from "../lib/state/device_state.ts";
import { type DriverMessage, formatDriverMessage } from "../lib/sock/messages.ts";
import { WordParser } from "../lib/words/parser.ts";

/** One connection from a server. */
export interface FakeDriverConnection {
  /** Request lines received (words), PINGs excluded. */
  requests: string[][];
  /** The socket. */
  socket: net.Socket;
}

/** A running fake driver. */
export class FakeDriver implements AsyncDisposable {
  /** The device state served; changes are broadcast to connected servers. */
  readonly state: DeviceState;
  /** Connections, in the order they came. */
  readonly connections: FakeDriverConnection[] = [];
  /** When true, PING is not answered (the driver looks stuck). */
  mute = false;
  /** Status sent back in `TRACKING <id> <status>` for requests carrying a TRACKING id. */
  trackingStatus = 0;
  #server: net.Server;
  #path: string;
  #unsubscribe: () => void;

  private constructor(path: string, state: DeviceState, server: net.Server) {
    this.#path = path;
    this.state = state;
    this.#server = server;
    this.#unsubscribe = state.subscribe((change) => this.broadcast(formatDriverMessage(change)));
  }

  /**
   * Starts serving on a socket path.
   * @param path the socket path (`<statepath>/<driver>-<ups>`)
   * @param state the state to serve
   * @returns the driver
   */
  static async start(path: string, state: DeviceState = new DeviceState()): Promise<FakeDriver> {
    await Deno.remove(path).catch(() => {});
    // deno-lint-ignore prefer-const
    let driver: FakeDriver;
    const server = net.createServer((sock) => driver.#accept(sock));
    driver = new FakeDriver(path, state, server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, () => resolve());
    });
    await Deno.chmod(path, 0o777);
    return driver;
  }

  /** The socket path. */
  get path(): string {
    return this.#path;
  }

  /** Connections still open. */
  get openConnections(): number {
    return this.connections.filter((c) => !c.socket.destroyed).length;
  }

  #accept(sock: net.Socket): void {
    const conn: FakeDriverConnection = { requests: [], socket: sock };
    this.connections.push(conn);
    const parser = new WordParser();
    sock.on("error", () => {});
    sock.on("data", (chunk: Buffer) => {
      for (const line of parser.push(chunk.toString("latin1"))) {
        const w = line.words;
        const cmd = (w[0] ?? "").toUpperCase();
        if (cmd === "PING") {
          if (!this.mute) sock.write("PONG\n");
          continue;
        }
        conn.requests.push(w);
        if (cmd === "DUMPALL") {
          const lines = this.state.dump().map((c) => formatDriverMessage(c));
          sock.write(lines.map((l) => l + "\n").join("") + "DUMPDONE\n");
        } else if (
          (cmd === "INSTCMD" || cmd === "SET") && w.length >= 4 && w.at(-2)?.toUpperCase() === "TRACKING"
        ) {
          sock.write(`TRACKING ${w.at(-1)} ${this.trackingStatus}\n`);
        }
      }
    });
  }

  /**
   * Sends a raw line to every connected server (for malformed input).
   * @param line the line, without newline
   */
  broadcast(line: string): void {
    for (const c of this.connections) if (!c.socket.destroyed) c.socket.write(line + "\n");
  }

  /**
   * Sends a message to every connected server without changing the state.
   * @param m the message
   */
  send(m: DriverMessage): void {
    this.broadcast(formatDriverMessage(m));
  }

  /** Stops serving and drops every connection (the driver "dies"). */
  async close(): Promise<void> {
    this.#unsubscribe();
    // Unlink first: a server reconnecting at once must not reach the listener while it closes.
    await Deno.remove(this.#path).catch(() => {});
    const closed = new Promise<void>((r) => this.#server.close(() => r()));
    for (const c of this.connections) c.socket.destroy();
    await closed;
  }

  /** @inheritdoc */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * A device state with the features the differential tests need: ENUM, RANGE, RW STRING with a length,
 * read-only values, quotes and backslashes in values, instant commands.
 * @returns the state (data OK)
 */
export function sampleState(): DeviceState {
  const s = new DeviceState();
  const set = (name: string, value: string, flags: string[] = [], aux = 0) => {
    s.setInfo(name, value);
    if (flags.length) s.setFlags(name, flags);
    if (aux) s.setAux(name, aux);
  };
  set("battery.charge", "87");
  set("battery.runtime", "1260");
  set("device.mfr", "Fake Corp");
  set("device.model", 'Model "Quoted" \\ 1000 #1');
  set("driver.name", "fake");
  set("input.transfer.low", "100", ["RW"]);
  s.addEnum("input.transfer.low", "103");
  s.addEnum("input.transfer.low", "100");
  s.addEnum("input.transfer.low", "97");
  set("input.sensitivity", "medium", ["RW", "STRING"], 10);
  s.addEnum("input.sensitivity", "low");
  s.addEnum("input.sensitivity", "medium");
  s.addEnum("input.sensitivity", "high");
  set("ups.delay.shutdown", "20", ["RW", "NUMBER"]);
  s.addRange("ups.delay.shutdown", 0, 60);
  s.addRange("ups.delay.shutdown", 90, 120);
  set("ups.id", "Rack 1", ["RW", "STRING"], 12);
  set("ups.contact", "", ["RW", "STRING"], 0);
  set("ups.mfr", "Fake Corp");
  set("ups.status", "OL CHRG");
  set("ups.load", "23");
  s.addCmd("load.off");
  s.addCmd("load.on");
  s.addCmd("test.battery.start");
  s.addCmd("beeper.toggle");
  s.dataOk();
  return s;
}
