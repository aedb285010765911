// The push reader against a scripted server on 127.0.0.1: subscription and pushes, no login, keep-alive,
// a silent server left, reconnection with backoff, a server without the extension, refusals asked again,
// abort.
import { assert, assertEquals } from "../testing/asserts.ts";
import { type FakeServer, fakeServer } from "../testing/fake_server.ts";
import { type PushEvent, PushReader } from "./push_reader.ts";

/**
 * A scripted server: each request line gets the text `answer` returns (nothing when undefined, the
 * connection closed on "<close>"); it can also push lines to every connection.
 */
function scripted(answer: (line: string) => string | undefined | "<close>"): Promise<FakeServer> {
  return fakeServer((line) => {
    const a = answer(line);
    if (a === undefined) return "<silence>";
    if (a === "<close>") return a;
    return a.replace(/\n$/, "").split("\n");
  });
}

/** Our server's answers. */
function ours(status = "OL") {
  return (line: string) => {
    const m = /^X-PUSH STATUS (\S+)$/.exec(line);
    if (m && m[1] === "nosuch") return "ERR UNKNOWN-UPS\n";
    if (m) return `OK X-PUSH STATUS ${m[1]}\nX-PUSH STATUS ${m[1]} "${status}"\n`;
    if (line === "NETVER") return "1.3\n";
    return "ERR UNKNOWN-COMMAND\n";
  };
}

/** Reads events until `stop` says so (bounded by a time limit). */
async function take(
  it: AsyncIterator<PushEvent>,
  stop: (e: PushEvent, all: PushEvent[]) => boolean,
  ms = 5000,
): Promise<PushEvent[]> {
  const all: PushEvent[] = [];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const r = await Promise.race([
      it.next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no event; so far ${JSON.stringify(all)}`)), 5000);
      }),
    ]).finally(() => clearTimeout(timer));
    if (r.done) break;
    all.push(r.value);
    if (stop(r.value, all)) break;
  }
  return all;
}

Deno.test({
  name: "PushReader subscribes without logging in and yields the current status, then each pushed line",
  async fn() {
    await using srv = await scripted(ours());
    const ac = new AbortController();
    const reader = new PushReader({
      host: "127.0.0.1",
      port: srv.port,
      ups: ["ups1", "ups2"],
      signal: ac.signal,
    });
    const it = reader.events()[Symbol.asyncIterator]();
    const first = await take(it, (_e, all) => all.length === 4);
    assertEquals(first, [
      { kind: "subscribed", ups: "ups1" },
      { kind: "status", ups: "ups1", status: "OL" },
      { kind: "subscribed", ups: "ups2" },
      { kind: "status", ups: "ups2", status: "OL" },
    ]);
    srv.push('X-PUSH STATUS ups1 "OB LB" "Battery bad"\nX-PUSH ERR ups2 DATA-STALE\n');
    assertEquals(await take(it, (_e, all) => all.length === 2), [
      { kind: "status", ups: "ups1", status: "OB LB", alarm: "Battery bad" },
      { kind: "failure", ups: "ups2", code: "DATA-STALE" },
    ]);
    assertEquals(srv.requests, ["X-PUSH STATUS ups1", "X-PUSH STATUS ups2"]);
    ac.abort();
    assertEquals((await it.next()).done, true);
    for (let i = 0; i < 100 && srv.open > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assertEquals(srv.open, 0, "the connection is closed on abort");
  },
});

Deno.test({
  name:
    "PushReader: a server without the extension (ERR UNKNOWN-COMMAND) is reported, then asked again later",
  async fn() {
    await using srv = await scripted(() => "ERR UNKNOWN-COMMAND\n");
    const ac = new AbortController();
    const reader = new PushReader({
      host: "127.0.0.1",
      port: srv.port,
      ups: ["ups1"],
      signal: ac.signal,
      unsupportedRetryMs: 50,
    });
    const it = reader.events()[Symbol.asyncIterator]();
    const events = await take(it, (_e, all) => all.length === 2);
    assertEquals(events.map((e) => e.kind), ["unsupported", "unsupported"]);
    assertEquals(events[0], { kind: "unsupported", answer: "ERR UNKNOWN-COMMAND", retryInMs: 50 });
    assertEquals(srv.connections, 2);
    ac.abort();
    await it.return?.();
  },
});

Deno.test({
  name: "PushReader reconnects after the server closes, with growing delays, and subscribes again",
  async fn() {
    let status = "OL";
    await using srv = await scripted((line) => ours(status)(line));
    const ac = new AbortController();
    const delays: number[] = [];
    const reader = new PushReader({
      host: "127.0.0.1",
      port: srv.port,
      ups: ["ups1"],
      signal: ac.signal,
      backoff: (n) => {
        delays.push(n);
        return 20;
      },
    });
    const it = reader.events()[Symbol.asyncIterator]();
    await take(it, (e) => e.kind === "status");
    status = "OB";
    srv.dropAll();
    const again = await take(it, (e) => e.kind === "status");
    assertEquals(again, [
      { kind: "disconnected", message: "Server disconnected", retryInMs: 20 },
      { kind: "subscribed", ups: "ups1" },
      { kind: "status", ups: "ups1", status: "OB" },
    ]);
    assertEquals(delays, [0], "the count restarts once subscribed");
    ac.abort();
    await it.return?.();
  },
});

Deno.test({
  name: "PushReader: nobody listening: each failed attempt is reported with the next delay",
  async fn() {
    const srv = await scripted(ours());
    const port = srv.port;
    await srv[Symbol.asyncDispose]();
    const ac = new AbortController();
    const reader = new PushReader({
      host: "127.0.0.1",
      port,
      ups: ["ups1"],
      signal: ac.signal,
      backoff: (n) => n,
    });
    const it = reader.events()[Symbol.asyncIterator]();
    const events = await take(it, (_e, all) => all.length === 3);
    assertEquals(events.map((e) => e.kind === "disconnected" ? e.retryInMs : -1), [0, 1, 2]);
    assert(events.every((e) => e.kind === "disconnected" && /Connection refused/.test(e.message)));
    ac.abort();
    await it.return?.();
  },
});

Deno.test({
  name: "PushReader keeps the connection alive with NETVER and leaves a server that stops answering",
  async fn() {
    let answering = true;
    await using srv = await scripted((line) => line === "NETVER" && !answering ? undefined : ours()(line));
    const ac = new AbortController();
    const reader = new PushReader({
      host: "127.0.0.1",
      port: srv.port,
      ups: ["ups1"],
      signal: ac.signal,
      pingMs: 30,
      timeoutMs: 200,
      backoff: () => 10_000,
    });
    const it = reader.events()[Symbol.asyncIterator]();
    // The reader works while it is read: keep reading in the background.
    const reading = take(it, (e) => e.kind === "disconnected");
    for (let i = 0; i < 200 && srv.requests.filter((r) => r === "NETVER").length < 3; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert(srv.requests.filter((r) => r === "NETVER").length >= 3, srv.requests.join(","));
    answering = false;
    const events = await reading;
    assertEquals(events.at(-1), { kind: "disconnected", message: "Server disconnected", retryInMs: 10_000 });
    assertEquals(events.length, 3, JSON.stringify(events));
    ac.abort();
    assertEquals((await it.next()).done, true, "abort ends the wait before the next attempt");
  },
});

Deno.test({
  name: "PushReader: a refused subscription is reported and asked again at the next keep-alive",
  async fn() {
    await using srv = await scripted(ours());
    const ac = new AbortController();
    const reader = new PushReader({
      host: "127.0.0.1",
      port: srv.port,
      ups: ["nosuch", "ups1"],
      signal: ac.signal,
      pingMs: 50,
    });
    const it = reader.events()[Symbol.asyncIterator]();
    const events = await take(it, (_e, all) => all.filter((e) => e.kind === "refused").length === 2);
    assertEquals(events.filter((e) => e.kind !== "refused"), [
      { kind: "subscribed", ups: "ups1" },
      { kind: "status", ups: "ups1", status: "OL" },
    ]);
    assertEquals(events.filter((e) => e.kind === "refused")[0], {
      kind: "refused",
      ups: "nosuch",
      code: "UNKNOWN-UPS",
    });
    assertEquals(srv.requests.filter((r) => r === "X-PUSH STATUS nosuch").length, 2);
    ac.abort();
    await it.return?.();
  },
});

Deno.test({
  name: "PushReader: stopping the iteration closes the connection",
  async fn() {
    await using srv = await scripted(ours());
    const reader = new PushReader({ host: "127.0.0.1", port: srv.port, ups: ["ups1"] });
    for await (const e of reader.events()) if (e.kind === "status") break;
    for (let i = 0; i < 100 && srv.open > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assertEquals(srv.open, 0);
  },
});
