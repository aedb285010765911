/**
 * A scripted NUT server for unit tests: answers request lines from a function, or closes,
 * or stays silent.
 * @module
 */
import net from "node:net";

/** What the fake server does with one request line: reply lines, close the connection, or stay silent. */
export type Answer = string | string[] | "<close>" | "<silence>";

/** A running scripted server. */
export interface FakeServer extends AsyncDisposable {
  /** Its port on 127.0.0.1. */
  port: number;
  /** Every request line received, in order. */
  requests: string[];
  /** Connections accepted so far. */
  readonly connections: number;
  /** Connections open now. */
  readonly open: number;
  /** Sends text (unasked) to every open connection. */
  push(text: string): void;
  /** Drops every open connection at once. */
  dropAll(): void;
}

/**
 * Starts a scripted server on 127.0.0.1.
 * @param answer what to do with each request line
 * @returns the server; dispose to stop it
 */
export async function fakeServer(answer: (line: string) => Answer): Promise<FakeServer> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((s) => {
    connections++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    let buf = "";
    s.on("data", (d) => {
      buf += String(d);
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        requests.push(line);
        const a = answer(line);
        if (a === "<silence>") continue;
        const lines = Array.isArray(a) ? a : [a];
        const close = lines.at(-1) === "<close>";
        const text = lines.filter((l) => l !== "<close>").map((l) => l + "\n").join("");
        if (close) s.end(text);
        else s.write(text);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    get connections() {
      return connections;
    },
    get open() {
      return sockets.size;
    },
    push(text: string) {
      for (const s of sockets) s.write(text);
    },
    dropAll() {
      for (const s of sockets) s.destroy();
    },
    async [Symbol.asyncDispose]() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
