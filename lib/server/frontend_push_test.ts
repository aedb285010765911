// Status push (X-PUSH) through both frontends on real sockets: a change reaches the subscriber in the same
// turn, between the answers to its other requests; a subscriber that does not read is dropped as any
// client that does not read its replies; over STARTTLS (epoll frontend) pushed lines are encrypted.
import { hasOpenssl, selfSignedServer } from "./_test_certs.ts";
import { connect, type FrontendCase, type Kind, KINDS, startFrontend } from "./_test_frontend.ts";
import { assertEquals, assertStringIncludes } from "../testing/asserts.ts";
import type net from "node:net";
import tls from "node:tls";
import type { Buffer } from "node:buffer";
import { EpollFrontend } from "./epoll_frontend.ts";
import { PushHub } from "./push_hub.ts";
import { UpsTable } from "./ups_table.ts";

/** A frontend serving `ups1` (OL) with a push hub that follows its changes. */
async function serve(kind: Kind, options: FrontendCase = {}) {
  const table = new UpsTable();
  table.sync([{ name: "ups1", driver: "dummy-ups", socketPath: "/nowhere" }]);
  const ups = table.find("ups1")!;
  ups.channel = { availability: () => undefined, send: () => false };
  ups.state.setInfo("ups.status", "OL");
  let hub!: PushHub;
  const bed = await startFrontend(kind, {
    ...options,
    table,
    push: (log) => hub = new PushHub({ ups: table, now: () => Date.now(), log }),
  });
  ups.watch(() => hub.changed(ups.name));
  return { ...bed, ups, hub };
}

/** Collects what a socket receives; `until(text)` waits for it to appear. */
function collect(c: net.Socket | tls.TLSSocket) {
  let buf = "";
  let wake: (() => void) | undefined;
  c.on("data", (d: Buffer) => {
    buf += d.toString("latin1");
    wake?.();
  });
  c.on("error", () => {});
  return {
    get text() {
      return buf;
    },
    async until(text: string): Promise<string> {
      while (!buf.includes(text)) await new Promise<void>((r) => wake = r);
      return buf;
    },
  };
}

for (const kind of KINDS) {
  Deno.test({
    name: `${kind} frontend pushes a status change to a subscriber, between the answers to its requests`,
    ignore: kind === "epoll" && !EpollFrontend.supported(),
    async fn() {
      const { front, ups, port } = await serve(kind);
      const c = await connect(port);
      const r = collect(c);
      c.write("X-PUSH STATUS ups1\n");
      await r.until('X-PUSH STATUS ups1 "OL"\n');
      ups.state.setInfo("ups.status", "OB LB");
      await r.until('"OB LB"\n');
      c.write("NETVER\n");
      await r.until("1.3\n");
      ups.fsd = true;
      await r.until('"FSD OB LB"\n');
      assertEquals(
        r.text,
        'OK X-PUSH STATUS ups1\nX-PUSH STATUS ups1 "OL"\nX-PUSH STATUS ups1 "OB LB"\n1.3\n' +
          'X-PUSH STATUS ups1 "FSD OB LB"\n',
      );
      c.destroy();
      await front.close();
    },
  });

  Deno.test({
    name: `${kind} frontend drops a subscriber that does not read what is pushed`,
    ignore: kind === "epoll" && !EpollFrontend.supported(),
    async fn() {
      const { front, ups, hub, lines, port } = await serve(kind, { maxBacklog: 64 * 1024 });
      const lazy = await connect(port);
      const closed = new Promise<void>((r) => lazy.on("close", () => r()));
      lazy.on("error", () => {});
      const r = collect(lazy);
      lazy.write("X-PUSH STATUS ups1\n");
      await r.until('"OL"\n');
      lazy.pause(); // reads nothing more
      const big = "OB ".repeat(3000); // ~9 KB a line
      // Up to ~90 MB pushed: far beyond what the kernel's socket buffers hold.
      for (let i = 0; i < 10_000 && hub.size > 0; i++) {
        ups.state.setInfo("ups.status", i % 2 ? big + "LB" : big);
        if (i % 100 === 0) await new Promise((res) => setTimeout(res, 0));
      }
      lazy.resume();
      await closed;
      assertEquals(hub.size, 0, "the subscription ended with the connection");
      assertStringIncludes(lines.join("\n"), "does not read its replies");
      await front.close();
    },
  });
}

Deno.test({
  name: "epoll frontend: after STARTTLS, pushed lines are encrypted like every reply",
  ignore: !EpollFrontend.supported() || !hasOpenssl(),
  async fn() {
    const { cert, settings } = await selfSignedServer();
    const { front, ups, port } = await serve("epoll", { tls: settings });
    const raw = await connect(port);
    const plain = collect(raw);
    raw.write("STARTTLS\n");
    await plain.until("OK STARTTLS\n");
    raw.removeAllListeners("data");
    const secure = tls.connect({ socket: raw, ca: cert, servername: "localhost" });
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", () => resolve());
      secure.once("error", reject);
    });
    const r = collect(secure);
    secure.write("X-PUSH STATUS ups1\n");
    await r.until('"OL"\n');
    ups.state.setInfo("ups.status", "OB");
    await r.until('"OB"\n');
    secure.write("STARTTLS\n");
    await r.until("ERR ALREADY-SSL-MODE\n");
    assertEquals(
      r.text,
      'OK X-PUSH STATUS ups1\nX-PUSH STATUS ups1 "OL"\nX-PUSH STATUS ups1 "OB"\nERR ALREADY-SSL-MODE\n',
    );
    secure.destroy();
    await front.close();
  },
});
