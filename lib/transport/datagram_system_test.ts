import { assertEquals, assertRejects } from "../testing/asserts.ts";
import { TransportError } from "./error.ts";
import { DATAGRAM_QUEUE, type DatagramNetwork } from "./datagram.ts";
import { SystemDatagramNetwork } from "./datagram_system.ts";
import { parseRecords, PlaybackMismatchError } from "./playback.ts";
import { playbackDatagram, recordDatagram } from "./socket_playback.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("datagram: send and receive on loopback, none in time is undefined, the queue is bounded", async () => {
  const net = new SystemDatagramNetwork();
  await using a = await net.bind({ host: "127.0.0.1" });
  await using b = await net.bind({ host: "127.0.0.1", queue: 4 });
  assertEquals(await b.receive(20), undefined);
  await a.send(enc("get"), "127.0.0.1", b.local.port);
  const got = await b.receive(1000);
  assertEquals([dec(got!.data), got!.host, got!.port], ["get", "127.0.0.1", a.local.port]);
  for (let i = 0; i < 10; i++) await a.send(enc(String(i)), "127.0.0.1", b.local.port);
  await new Promise((r) => setTimeout(r, 100));
  const kept: string[] = [];
  for (let d = await b.receive(10); d; d = await b.receive(10)) kept.push(dec(d.data));
  assertEquals(kept, ["6", "7", "8", "9"]);
  assertEquals(DATAGRAM_QUEUE, 256);
  const busy = await assertRejects(() => net.bind({ host: "127.0.0.1", port: b.local.port }), TransportError);
  assertEquals(busy.kind, "BUSY");
});

async function session(net: DatagramNetwork, peer: number): Promise<unknown[]> {
  await using s = await net.bind({ host: "127.0.0.1" });
  await s.send(enc("hello"), "127.0.0.1", peer);
  const d = await s.receive(1000);
  return [d && dec(d.data), await s.receive(10)];
}

Deno.test("datagram: a session recorded on loopback plays back without the peer", async () => {
  const real = new SystemDatagramNetwork();
  const echo = await real.bind({ host: "127.0.0.1" });
  const serving = (async () => {
    const d = await echo.receive(2000);
    if (d) await echo.send(d.data, d.host, d.port);
  })();
  const { network, recording } = recordDatagram(real);
  const live = await session(network, echo.local.port);
  await serving;
  await echo.close();
  assertEquals(live, ["hello", undefined]);
  const records = parseRecords(recording.toJsonLines());
  // The port the recording bound is any free one: playback binds what the driver asks for.
  const { network: played, playback } = playbackDatagram(records);
  assertEquals(await session(played, echo.local.port), live);
  playback.close();
  const other = playbackDatagram(records);
  const s = await other.network.bind({ host: "127.0.0.1" });
  await assertRejects(() => s.send(enc("hello"), "127.0.0.1", echo.local.port + 1), PlaybackMismatchError);
});
