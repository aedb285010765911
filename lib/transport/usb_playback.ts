/**
 * The USB HID transport recorded and played back (lib/transport/playback.ts): `recordUsbHid()` wraps a
 * real bus and keeps every call; `playbackUsbHid()` is a bus that answers from a recording, fails the
 * test on a call that was not recorded next, and fails `close()` when recorded calls were not made. The
 * interrupt pipe is a channel of its own.
 * @module
 */
import {
  fromHex,
  Playback,
  played,
  playedClose,
  type RecordedValue,
  Recording,
  toHex,
  type TransportRecord,
} from "./playback.ts";
import { TransportError } from "./error.ts";
import type { HidReportType, UsbDeviceInfo, UsbHidBus, UsbHidDevice } from "./usb.ts";

const INTERRUPT = "interrupt";

function idOf(info: UsbDeviceInfo): (string | number)[] {
  return [info.vendorId, info.productId, info.bus, info.address];
}

const bytes = (v: Uint8Array): RecordedValue => ({ hex: toHex(v) });
const none = (): RecordedValue => null;

function asBytes(v: RecordedValue, what: string): Uint8Array {
  if (v && "hex" in v) return fromHex(v.hex);
  throw new TransportError("PROTOCOL", `${what}: the recording holds no bytes`);
}

/**
 * A bus that records every call made through it.
 * @param real the real bus
 * @returns the recording bus, and the recording
 */
export function recordUsbHid(real: UsbHidBus): { bus: UsbHidBus; recording: Recording } {
  const rec = new Recording();
  const bus: UsbHidBus = {
    list: () => rec.record("list", [], () => real.list(), (l) => ({ text: JSON.stringify(l) })),
    async open(info) {
      const dev = await rec.record("open", idOf(info), () => real.open(info), none);
      return recordedDevice(dev, rec);
    },
  };
  return { bus, recording: rec };
}

function recordedDevice(dev: UsbHidDevice, rec: Recording): UsbHidDevice {
  return {
    info: dev.info,
    reportDescriptor: (t) => rec.record("reportDescriptor", [], () => dev.reportDescriptor(t), bytes),
    getReport: (type, id, length, t) =>
      rec.record("getReport", [type, id, length], () => dev.getReport(type, id, length, t), bytes),
    setReport: (type, id, data, t) =>
      rec.record("setReport", [type, id, toHex(data)], () => dev.setReport(type, id, data, t), none),
    readInterrupt: (length, t) =>
      rec.record(
        "readInterrupt",
        [length],
        () => dev.readInterrupt(length, t),
        (v) => v ? bytes(v) : null,
        INTERRUPT,
      ),
    getString: (index, t) =>
      rec.record(
        "getString",
        [index],
        () => dev.getString(index, t),
        (v) => v === undefined ? null : { text: v },
      ),
    reset: () => rec.record("reset", [], () => dev.reset(), none),
    close: () => rec.record("close", [], () => dev.close(), none),
    [Symbol.asyncDispose]: () => rec.record("close", [], () => dev.close(), none),
  };
}

/**
 * A bus that plays a recording back.
 * @param records the session
 * @returns the bus and its playback (call `playback.close()` at the end of the test)
 */
export function playbackUsbHid(records: readonly TransportRecord[]): { bus: UsbHidBus; playback: Playback } {
  const p = new Playback(records);
  const bus: UsbHidBus = {
    list() {
      const v = p.call("list", []);
      return Promise.resolve(v && "text" in v ? JSON.parse(v.text) as UsbDeviceInfo[] : []);
    },
    open: (info) =>
      played(() => {
        p.call("open", idOf(info));
        return playedDevice(info, p);
      }),
  };
  return { bus, playback: p };
}

function playedDevice(info: UsbDeviceInfo, p: Playback): UsbHidDevice {
  const close = playedClose(p);
  return {
    info,
    reportDescriptor: () => played(() => asBytes(p.call("reportDescriptor", []), "report descriptor")),
    getReport: (type: HidReportType, id, length) =>
      played(() => asBytes(p.call("getReport", [type, id, length]), `GET_REPORT ${type} ${id}`)),
    setReport: (type: HidReportType, id, data) =>
      played(() => void p.call("setReport", [type, id, toHex(data)])),
    readInterrupt: (length) =>
      played(() => {
        const v = p.call("readInterrupt", [length], INTERRUPT);
        return v === null ? undefined : asBytes(v, "interrupt");
      }),
    getString: (index) =>
      played(() => {
        const v = p.call("getString", [index]);
        return v && "text" in v ? v.text : undefined;
      }),
    reset: () => played(() => void p.call("reset", [])),
    close,
    [Symbol.asyncDispose]: close,
  };
}
