import { assert, assertEquals, assertRejects } from "../testing/asserts.ts";
import { TransportError } from "./error.ts";
import { parseRecords, PlaybackMismatchError } from "./playback.ts";
import { AnswerReader } from "./read_until.ts";
import { playbackStream, recordStream } from "./socket_playback.ts";
import type { StreamNetwork } from "./stream.ts";
import { SystemStreamNetwork } from "./stream_system.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** A loopback server: answers "ping\n" with "pong\n" after `delayMs`, closes on "bye\n". */
function server(delayMs: number): { port: number; listener: Deno.Listener; done: Promise<void> } {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const done = (async () => {
    for await (const conn of listener) {
      (async () => {
        const buf = new Uint8Array(64);
        for (;;) {
          const n = await conn.read(buf).catch(() => null);
          if (n === null) break;
          const line = dec(buf.subarray(0, n));
          if (line === "bye\n") break;
          await new Promise((r) => setTimeout(r, delayMs));
          await conn.write(enc("po")).catch(() => {});
          await conn.write(enc("ng\n")).catch(() => {});
        }
        try {
          conn.close();
        } catch { /* closed */ }
      })();
    }
  })();
  return { port: (listener.addr as Deno.NetAddr).port, listener, done };
}

async function session(net: StreamNetwork, port: number): Promise<unknown[]> {
  const out: unknown[] = [];
  const c = await net.connect({ host: "127.0.0.1", port }, 1000);
  const answers = new AnswerReader(c);
  await c.write(enc("ping\n"), 1000);
  out.push(dec(await answers.readUntil(0x0a, 64, 2000)));
  await c.write(enc("bye\n"), 1000);
  out.push((await assertRejects(() => answers.readUntil(0x0a, 64, 2000), TransportError)).kind);
  await c.close();
  return out;
}

Deno.test("stream: a read that times out loses nothing; the peer closing is DISCONNECTED", async () => {
  const s = server(150);
  try {
    const net = new SystemStreamNetwork();
    await using c = await net.connect({ host: "127.0.0.1", port: s.port }, 1000);
    assertEquals(c.remote, `127.0.0.1:${s.port}`);
    await c.write(enc("ping\n"), 1000);
    assertEquals((await c.read(64, 20)).length, 0);
    const answers = new AnswerReader(c);
    assertEquals(dec(await answers.readUntil(0x0a, 64, 2000)), "pong\n");
    await c.write(enc("bye\n"), 1000);
    const e = await assertRejects(() => c.read(64, 2000), TransportError);
    assertEquals(e.kind, "DISCONNECTED");
  } finally {
    s.listener.close();
    await s.done;
  }
});

Deno.test("stream: refused is NOT_FOUND, a missing Unix socket is NOT_FOUND", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  const net = new SystemStreamNetwork();
  const e = await assertRejects(() => net.connect({ host: "127.0.0.1", port }, 1000), TransportError);
  assertEquals(e.kind, "NOT_FOUND");
  assert(e.message.startsWith(`connect to 127.0.0.1:${port}: `), e.message);
  const dir = await Deno.makeTempDir();
  try {
    const u = await assertRejects(() => net.connect({ path: `${dir}/none.sock` }, 1000), TransportError);
    assertEquals(u.kind, "NOT_FOUND");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stream: a session on loopback recorded, then played back without a server", async () => {
  const s = server(0);
  let live: unknown[];
  let lines: string;
  try {
    const { network, recording } = recordStream(new SystemStreamNetwork());
    live = await session(network, s.port);
    lines = recording.toJsonLines();
  } finally {
    s.listener.close();
    await s.done;
  }
  assertEquals(live, ["pong\n", "DISCONNECTED"]);
  const { network, playback } = playbackStream(parseRecords(lines));
  assertEquals(await session(network, s.port), live);
  playback.close();
  const again = playbackStream(parseRecords(lines));
  await assertRejects(
    () => again.network.connect({ host: "127.0.0.1", port: 1 }, 100),
    PlaybackMismatchError,
  );
});
