import { assertEquals, assertRejects, assertThrows } from "../testing/asserts.ts";
import { TransportError } from "./error.ts";
import { fromHex, parseRecords, PlaybackMismatchError, toHex } from "./playback.ts";
import type { UsbDeviceInfo, UsbHidBus, UsbHidDevice } from "./usb.ts";
import { playbackUsbHid, recordUsbHid } from "./usb_playback.ts";

const INFO: UsbDeviceInfo = {
  vendorId: 0x051d,
  productId: 0x0002,
  bcdDevice: 0x0106,
  bus: 1,
  address: 3,
  busPort: 1,
  portPath: [1],
  product: "Back-UPS CS 500",
};

/** An in-memory device: report 0x0c holds the charge; report 0x16 fails as a stalled pipe. */
function memoryBus(): UsbHidBus {
  const device: UsbHidDevice = {
    info: INFO,
    reportDescriptor: () => Promise.resolve(new Uint8Array([0x05, 0x84, 0x09, 0x04])),
    getReport: (_t, id) =>
      id === 0x16
        ? Promise.reject(new TransportError("IO", "GET_REPORT 0x16: pipe stalled"))
        : Promise.resolve(new Uint8Array([id, 100])),
    setReport: () => Promise.resolve(),
    readInterrupt: () => Promise.resolve(undefined),
    getString: (i) => Promise.resolve(i === 2 ? "Back-UPS CS 500" : undefined),
    reset: () => Promise.resolve(),
    close: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  return { list: () => Promise.resolve([INFO]), open: () => Promise.resolve(device) };
}

/** What a driver does with a device: the same steps recorded, then played back. */
async function session(bus: UsbHidBus): Promise<unknown[]> {
  const out: unknown[] = [];
  const [info] = await bus.list();
  const dev = await bus.open(info);
  out.push(toHex(await dev.reportDescriptor(1000)));
  out.push(toHex(await dev.getReport("feature", 0x0c, 2, 1000)));
  out.push(await dev.getReport("feature", 0x16, 2, 1000).catch((e) => `${e.name} ${e.kind}`));
  await dev.setReport("feature", 0x11, new Uint8Array([0x11, 0x14]), 1000);
  out.push(await dev.readInterrupt(8, 50) ?? "no interrupt");
  out.push(await dev.getString(2, 1000), await dev.getString(9, 1000));
  await dev.close();
  return out;
}

Deno.test({
  name: "recordUsbHid() keeps a session as JSON lines; playbackUsbHid() replays it, failures included",
  permissions: "none",
  async fn() {
    const { bus, recording } = recordUsbHid(memoryBus());
    const live = await session(bus);
    assertEquals(live, [
      "05840904",
      "0c64",
      "TransportError IO",
      "no interrupt",
      "Back-UPS CS 500",
      undefined,
    ]);
    const records = parseRecords(recording.toJsonLines());
    assertEquals(records.length, 10);
    const { bus: played, playback } = playbackUsbHid(records);
    assertEquals(await session(played), live);
    playback.close();
  },
});

Deno.test({
  name: "playbackUsbHid() fails a call that was not recorded next, and a session that left recorded calls",
  permissions: "none",
  async fn() {
    const { recording, bus } = recordUsbHid(memoryBus());
    await session(bus);
    const records = parseRecords(recording.toJsonLines());
    const a = playbackUsbHid(records);
    const dev = await a.bus.open((await a.bus.list())[0]);
    await assertRejects(
      () => dev.getReport("feature", 0x0c, 2, 1000),
      PlaybackMismatchError,
      "reportDescriptor()",
    );
    const b = playbackUsbHid(records);
    await b.bus.list();
    assertThrows(() => b.playback.close(), PlaybackMismatchError, "8 recorded call(s) not made on control");
    // A SET with other bytes than recorded is not the recorded call.
    const c = playbackUsbHid(records.filter((r) => r.op === "setReport"));
    await assertRejects(
      () => c.bus.open(INFO).then((d) => d.setReport("feature", 0x11, new Uint8Array([0x11, 0x15]), 1000)),
      PlaybackMismatchError,
    );
  },
});

Deno.test({
  name: "hex helpers and parseRecords() name what is wrong",
  permissions: "none",
  fn() {
    assertEquals(toHex(fromHex("0C 64 ff")), "0c64ff");
    assertThrows(() => fromHex("0c6"), SyntaxError, "not hex bytes");
    assertThrows(() => parseRecords('# c\n{"op":"x","args":[]}\n{"op":1}\n'), SyntaxError, "line 3");
    assertThrows(() => parseRecords("{nope"), SyntaxError, "line 1");
  },
});
