import { assertEquals, assertRejects, assertThrows } from "../testing/asserts.ts";
import { TransportError } from "./error.ts";
import { parseRecords, PlaybackMismatchError } from "./playback.ts";
import { AnswerReader } from "./read_until.ts";
import type { ModemInputs, SerialBus, SerialPort, SerialSettings } from "./serial.ts";
import { formatSerialSettings, playbackSerial, recordSerial } from "./serial_playback.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** An in-memory Megatec UPS: answers Q1 in two chunks, I once, and nothing to anything else. */
function memoryBus(): SerialBus {
  let out: Uint8Array[] = [];
  let lines: ModemInputs = { cts: true, dsr: false, dcd: false, ri: false };
  const port: SerialPort = {
    path: "/dev/ttyS0",
    configure: () => Promise.resolve(),
    write(data) {
      const cmd = dec(data);
      if (cmd === "Q1\r") out = [enc("(229.0 140.0 229.0 006 50.0 13.6 25.0 "), enc("00001001\r")];
      else if (cmd === "I\r") out = [enc("#MEGATEC   UPS-1000  V1.0   \r")];
      return Promise.resolve();
    },
    read: (max) => Promise.resolve(out.shift()?.subarray(0, max) ?? new Uint8Array()),
    flush: () => Promise.resolve(),
    sendBreak: () => Promise.resolve(),
    setModemLines(l) {
      if (l.dtr === false) lines = { ...lines, cts: false };
      return Promise.resolve();
    },
    modemLines: () => Promise.resolve(lines),
    close: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  return {
    open: (path) =>
      path === port.path ? Promise.resolve(port) : Promise.reject(new TransportError("NOT_FOUND", path)),
    list: () => Promise.resolve([port.path]),
  };
}

/** What a serial driver does: open, flush, ask, read answers, modem lines, close. */
async function session(bus: SerialBus, readSize: number): Promise<unknown[]> {
  const out: unknown[] = [];
  out.push(await bus.list());
  await assertRejects(() => bus.open("/dev/ttyS9", { baud: 2400 }), TransportError);
  const port = await bus.open("/dev/ttyS0", { baud: 2400 });
  const answers = new AnswerReader({ read: (_max, t) => port.read(readSize, t) });
  await port.flush("input");
  await port.write(enc("Q1\r"), 1000);
  out.push(dec(await answers.readUntil(0x0d, 200, 1000)));
  await port.write(enc("I\r"), 1000);
  out.push(dec(await answers.readUntil(0x0d, 200, 1000)));
  await port.write(enc("F\r"), 1000);
  out.push((await assertRejects(() => answers.readUntil(0x0d, 200, 50), TransportError)).kind);
  await port.setModemLines({ dtr: false, rts: true });
  out.push(await port.modemLines());
  await port.configure({ baud: 9600, parity: "even", dataBits: 7 });
  await port.sendBreak(250);
  await port.close();
  return out;
}

Deno.test("serial: a recorded session plays back the same, whatever the driver's read sizes", async () => {
  const { bus, recording } = recordSerial(memoryBus());
  const live = await session(bus, 256);
  const { bus: played, playback } = playbackSerial(parseRecords(recording.toJsonLines()));
  assertEquals(await session(played, 7), live);
  playback.close();
  assertEquals(live.slice(1, 4), [
    "(229.0 140.0 229.0 006 50.0 13.6 25.0 00001001\r",
    "#MEGATEC   UPS-1000  V1.0   \r",
    "TIMEOUT",
  ]);
});

Deno.test("serial playback: an unexpected write, calls not made and bytes not read fail the test", async () => {
  const records = parseRecords([
    '{"op":"open","args":["/dev/ttyS0","2400 8N1"]}',
    '{"op":"write","args":["51 31 0d"]}',
    '{"op":"read","args":[],"result":{"hex":"28 32 0d 28"}}',
    '{"op":"close","args":[]}',
  ].join("\n"));
  const a = playbackSerial(records);
  const port = await a.bus.open("/dev/ttyS0", { baud: 2400 });
  await assertRejects(
    () => port.write(enc("Q\r"), 100),
    PlaybackMismatchError,
    "unexpected write(510d) on control: the recording has write(51310d)",
  );
  const b = playbackSerial(records);
  const p2 = await b.bus.open("/dev/ttyS0", { baud: 2400 });
  await p2.write(enc("Q1\r"), 100);
  assertEquals(dec(await p2.read(3, 100)), "(2\r");
  await p2.close();
  assertThrows(() => b.playback.close(), PlaybackMismatchError, "1 recorded byte(s) not read: 28");
  const c = playbackSerial(records);
  await assertRejects(() => c.bus.open("/dev/ttyS0", { baud: 9600 }), PlaybackMismatchError);
});

Deno.test("formatSerialSettings names speed, framing and flow control", () => {
  const cases: [SerialSettings, string][] = [
    [{ baud: 2400 }, "2400 8N1"],
    [{ baud: 9600, dataBits: 7, parity: "even", stopBits: 2, flow: "rtscts" }, "9600 7E2 rtscts"],
    [{ baud: 1200, parity: "odd", flow: "none" }, "1200 8O1"],
    [{ baud: 9600, hupcl: false }, "9600 8N1 -hupcl"],
  ];
  for (const [s, word] of cases) assertEquals(formatSerialSettings(s), word);
});
