// The TCP frontend in-process: a client that does not read its replies is dropped, a session bug costs
// one reply, MAXCONN refuses, addresses print as NUT prints them.
import { assertEquals, assertStringIncludes } from "../testing/asserts.ts";
import net from "node:net";
import type { Buffer } from "node:buffer";
import { Logger } from "../log.ts";
import { Session } from "./session.ts";
import type { ServerContext } from "./context.ts";
import { TcpFrontend } from "./tcp.ts";
import { TrackingTable } from "./tracking.ts";
import { UpsTable } from "./ups_table.ts";

function context(log: Logger, broken = false): ServerContext {
  const table = new UpsTable();
  return {
    ups: broken
      ? {
        find: () => {
          throw new Error("boom");
        },
        list: () => [],
      }
      : table,
    tracking: new TrackingTable({ delaySeconds: 60 }),
    log,
    users: () => ({ file: "", users: new Map(), warnings: [] }),
    tlsConfigured: () => false,
    clients: () => [],
    newTrackingId: () => "ID",
    now: () => Date.now(),
  };
}

async function frontend(options: { broken?: boolean; maxClients?: number; maxBacklog?: number }) {
  const lines: string[] = [];
  const log = new Logger({ sink: (_s, m) => lines.push(m), timestamps: false });
  const ctx = context(log, options.broken);
  const tcp = new TcpFrontend({
    log,
    newSession: (a) => new Session(ctx, a),
    maxClients: () => options.maxClients ?? 0,
    tls: () => undefined,
    maxBacklog: options.maxBacklog,
  });
  assertEquals(await tcp.listen([{ host: "127.0.0.1", port: 0 }]), []);
  return { tcp, lines, port: tcp.addresses[0].port };
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const c = net.createConnection({ port, host: "127.0.0.1" });
    c.once("connect", () => resolve(c));
    c.once("error", reject);
  });
}

function talk(c: net.Socket, text: string, until: string): Promise<string> {
  return new Promise((resolve) => {
    let buf = "";
    const on = (d: Buffer) => {
      buf += d.toString();
      if (buf.includes(until)) {
        c.off("data", on);
        resolve(buf);
      }
    };
    c.on("data", on);
    c.write(text);
  });
}

Deno.test({
  name: "TcpFrontend drops a client that does not read its replies, and serves the others",
  async fn() {
    const { tcp, lines, port } = await frontend({ maxBacklog: 64 * 1024 });
    const lazy = await connect(port);
    lazy.pause(); // never reads
    const closed = new Promise<void>((r) => lazy.on("close", () => r()));
    lazy.on("error", () => {});
    const requests = "HELP\n".repeat(2000);
    for (let i = 0; i < 20; i++) lazy.write(requests); // ~3.3 MB of replies asked for
    const good = await connect(port);
    assertEquals(await talk(good, "NETVER\n", "\n"), "1.3\n");
    lazy.resume();
    lazy.on("data", () => {});
    await closed;
    assertStringIncludes(lines.join("\n"), "does not read its replies");
    assertEquals(await talk(good, "NETVER\n", "\n"), "1.3\n");
    good.destroy();
    await tcp.close();
  },
});

Deno.test({
  name: "TcpFrontend: an internal error costs one reply and the session goes on",
  async fn() {
    const { tcp, lines, port } = await frontend({ broken: true });
    const c = await connect(port);
    assertEquals(await talk(c, "GET VAR ups1 x\nNETVER\n", "1.3\n"), "ERR UNKNOWN-COMMAND\n1.3\n");
    assertStringIncludes(lines.join("\n"), "Internal error answering 127.0.0.1 (GET)");
    c.destroy();
    await tcp.close();
  },
});

Deno.test({
  name: "TcpFrontend refuses connections beyond the client limit",
  async fn() {
    const { tcp, port } = await frontend({ maxClients: 1 });
    const a = await connect(port);
    assertEquals(await talk(a, "NETVER\n", "\n"), "1.3\n");
    const b = await connect(port);
    const ended = await new Promise<string>((resolve) => {
      let buf = "";
      b.on("data", (d: Buffer) => buf += d.toString());
      b.on("error", () => {});
      b.on("close", () => resolve(buf));
      b.write("NETVER\n");
    });
    assertEquals(ended, "");
    assertEquals(tcp.clientCount, 1);
    a.destroy();
    await tcp.close();
  },
});
