import { assertEquals, assertRejects } from "../testing/asserts.ts";
import { TransportError } from "./error.ts";
import { AnswerReader, type ByteReader } from "./read_until.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** A source that gives its chunks one per read, then times out (advancing the fake time by the wait). */
function chunks(list: string[], clock = { t: 0 }): ByteReader & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    read(max: number, timeoutMs: number) {
      asked.push(max);
      const next = list.shift();
      if (next === undefined) {
        clock.t += timeoutMs;
        return Promise.resolve(new Uint8Array());
      }
      const bytes = enc(next);
      if (bytes.length > max) list.unshift(next.slice(max));
      return Promise.resolve(bytes.subarray(0, max));
    },
  };
}

Deno.test("AnswerReader: answers split anywhere, several in one chunk, the rest kept for the next", async () => {
  const r = new AnswerReader(chunks(["(22", "9.0 22", "9.0\r#OK\r", "(1"]));
  assertEquals(dec(await r.readUntil(0x0d, 200, 1000)), "(229.0 229.0\r");
  assertEquals(r.pending, 4);
  assertEquals(dec(await r.readUntil(0x0d, 200, 1000)), "#OK\r");
  const clock = { t: 0 };
  const r2 = new AnswerReader(chunks(["(1"], clock), () => clock.t);
  const e = await assertRejects(() => r2.readUntil(0x0d, 200, 300), TransportError);
  assertEquals([e.kind, e.message], ["TIMEOUT", 'no end of answer within 300 ms after "(1"']);
});

Deno.test("AnswerReader: silence is TIMEOUT, a flood without terminator is PROTOCOL at the bound", async () => {
  const clock = { t: 0 };
  const quiet = new AnswerReader(chunks([], clock), () => clock.t);
  const e = await assertRejects(() => quiet.readUntil(0x0d, 200, 250), TransportError);
  assertEquals([e.kind, e.message, clock.t], ["TIMEOUT", "no answer within 250 ms", 250]);
  const src = chunks(["x".repeat(60), "x".repeat(60)]);
  const flood = new AnswerReader(src);
  const f = await assertRejects(() => flood.readUntil(0x0d, 100, 1000), TransportError);
  assertEquals([f.kind, src.asked], ["PROTOCOL", [100, 40]]);
});

Deno.test("AnswerReader: readExactly takes a length, keeps the rest; drop() forgets it", async () => {
  const r = new AnswerReader(chunks(["\x00\x05he", "llo\x00\x02"]));
  assertEquals(dec(await r.readExactly(2, 1000)), "\x00\x05");
  assertEquals(dec(await r.readExactly(5, 1000)), "hello");
  assertEquals(dec(await r.readExactly(2, 1000)), "\x00\x02");
  const d = new AnswerReader(chunks(["OK\rjunk"]));
  assertEquals(dec(await d.readUntil(0x0d, 100, 1000)), "OK\r");
  assertEquals(d.pending, 4);
  d.drop();
  const e = await assertRejects(() => d.readExactly(2, 10), TransportError);
  assertEquals([e.kind, e.message], ["TIMEOUT", "0 of 2 bytes within 10 ms"]);
});
