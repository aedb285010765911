/**
 * A scripted driver for the client tests: it serves NUT's driver socket protocol on
 * `<statepath>/dummy-ups-<name>` so that a real upsd (NUT's or ours) publishes exactly the variables,
 * flags, enumerations, ranges and commands a test needs, including states dummy-ups cannot produce
 * (ENUM, RANGE, stale data, tracked results).
 * @module
 */
import net from "node:net";
import { splitLine } from "../lib/words/split.ts";
import {
  type DriverMessage,
  formatDriverMessage,
  HANDLER_STATUS,
  parseDriverRequest,
} from "../lib/sock/messages.ts";
import { socketPath } from "../lib/sock/path.ts";

/** Options of a fake driver. */
export interface FakeDriverOptions {
  /** Messages sent in answer to DUMPALL (before DUMPDONE). */
  dump: readonly DriverMessage[];
  /** Result code of each instant command / variable set (default HANDLED for known names). */
  results?: Record<string, number>;
}

/** A running fake driver. */
export class FakeDriver implements AsyncDisposable {
  #server: net.Server;
  #sockets = new Set<net.Socket>();
  /** Requests received (instant commands and sets), as lines. */
  readonly requests: string[] = [];

  private constructor(server: net.Server) {
    this.#server = server;
  }

  /**
   * Starts listening on the socket of `dummy-ups-<name>`.
   * @param statePath NUT_STATEPATH
   * @param name the ups.conf section
   * @param options dump and results
   * @returns the driver
   */
  static async start(statePath: string, name: string, options: FakeDriverOptions): Promise<FakeDriver> {
    const path = socketPath(statePath, "dummy-ups", name);
    await Deno.remove(path).catch(() => {});
    const server = net.createServer();
    const driver = new FakeDriver(server);
    server.on("connection", (s) => driver.#serve(s, options));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, () => resolve());
    });
    await Deno.chmod(path, 0o777);
    return driver;
  }

  #serve(s: net.Socket, options: FakeDriverOptions): void {
    this.#sockets.add(s);
    s.on("close", () => this.#sockets.delete(s));
    s.on("error", () => {});
    let buf = "";
    const send = (m: DriverMessage) => s.write(formatDriverMessage(m) + "\n");
    s.on("data", (d) => {
      buf += String(d);
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const words = splitLine(line).words;
        if (words.length === 0) continue;
        let req;
        try {
          req = parseDriverRequest(words);
        } catch {
          continue;
        }
        if (req.kind === "DUMPALL") {
          for (const m of options.dump) send(m);
          send({ kind: "DUMPDONE" });
        } else if (req.kind === "PING") {
          send({ kind: "PONG" });
        } else if (req.kind === "INSTCMD" || req.kind === "SET") {
          this.requests.push(line);
          const status = options.results?.[req.name] ?? HANDLER_STATUS.HANDLED;
          if (req.kind === "SET" && status === HANDLER_STATUS.HANDLED) {
            send({ kind: "SETINFO", name: req.name, value: req.value });
          }
          if (req.tracking) send({ kind: "TRACKING", id: req.tracking, status });
        }
      }
    });
  }

  /** @inheritdoc */
  async [Symbol.asyncDispose](): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise((r) => this.#server.close(r));
  }
}
