/**
 * The serial transport recorded and played back (lib/transport/playback.ts): `recordSerial()` wraps a
 * real bus and keeps every call; `playbackSerial()` is a bus that answers from a recording, fails the
 * test on a write or call that was not recorded next, and fails `close()` when recorded calls were not
 * made or recorded bytes not read. Reads are matched by their bytes, not their sizes (PlayedBytes).
 * @module
 */
import {
  fromHex,
  Playback,
  played,
  PlayedBytes,
  playedClose,
  type RecordedValue,
  Recording,
  toHex,
} from "./playback.ts";
import type { TransportRecord } from "./playback.ts";
import type {
  ModemInputs,
  ModemOutputs,
  SerialBus,
  SerialOpenOptions,
  SerialPort,
  SerialQueue,
  SerialSettings,
} from "./serial.ts";

/**
 * Line settings as one word, e.g. "2400 8N1", "9600 7E2 rtscts" or "9600 8N1 -hupcl".
 * @param s the settings
 * @returns the word
 */
export function formatSerialSettings(s: SerialSettings): string {
  const parity = { none: "N", even: "E", odd: "O" }[s.parity ?? "none"];
  const flow = s.flow && s.flow !== "none" ? ` ${s.flow}` : "";
  const hupcl = s.hupcl === false ? " -hupcl" : "";
  return `${s.baud} ${s.dataBits ?? 8}${parity}${s.stopBits ?? 1}${flow}${hupcl}`;
}

function linesArg(l: ModemOutputs): string {
  const part = (name: string, v: boolean | undefined) => v === undefined ? "" : `${name}=${v ? 1 : 0}`;
  return [part("dtr", l.dtr), part("rts", l.rts)].filter(Boolean).join(" ");
}

const none = (): RecordedValue => null;

/**
 * A bus that records every call made through it.
 * @param real the real bus
 * @returns the recording bus, and the recording
 */
export function recordSerial(real: SerialBus): { bus: SerialBus; recording: Recording } {
  const rec = new Recording();
  const bus: SerialBus = {
    list: () => rec.record("list", [], () => real.list(), (l) => ({ text: JSON.stringify(l) })),
    async open(path: string, settings: SerialSettings, options?: SerialOpenOptions) {
      const port = await rec.record(
        "open",
        [path, formatSerialSettings(settings)],
        () => real.open(path, settings, options),
        none,
      );
      return recordedPort(port, rec);
    },
  };
  return { bus, recording: rec };
}

function recordedPort(port: SerialPort, rec: Recording): SerialPort {
  const close = () => rec.record("close", [], () => port.close(), none);
  return {
    path: port.path,
    configure: (s) => rec.record("configure", [formatSerialSettings(s)], () => port.configure(s), none),
    write: (data, t) => rec.record("write", [toHex(data)], () => port.write(data, t), none),
    read: (max, t) => rec.record("read", [], () => port.read(max, t), (v) => ({ hex: toHex(v) })),
    flush: (q) => rec.record("flush", [q], () => port.flush(q), none),
    sendBreak: (ms) => rec.record("sendBreak", [], () => port.sendBreak(ms), none),
    setModemLines: (l) => rec.record("setModemLines", [linesArg(l)], () => port.setModemLines(l), none),
    modemLines: () =>
      rec.record("modemLines", [], () => port.modemLines(), (v) => ({ text: JSON.stringify(v) })),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * A bus that plays a recording back.
 * @example
 * ```ts
 * import { assertEquals, assertRejects } from "../testing/asserts.ts";
 * import { PlaybackMismatchError } from "./playback.ts";
 * const { bus, playback } = playbackSerial([
 *   { op: "open", args: ["/dev/ttyS0", "2400 8N1"] },
 *   { op: "write", args: ["5131 0d"] },
 *   { op: "read", args: [], result: { hex: "28 32 33 0d" } },
 *   { op: "close", args: [] },
 * ]);
 * const port = await bus.open("/dev/ttyS0", { baud: 2400 });
 * await assertRejects(() => port.write(new Uint8Array([0x51]), 100), PlaybackMismatchError);
 * ```
 * @param records the session (a write's bytes may be spaced hex)
 * @returns the bus and its playback (call `playback.close()` at the end of the test)
 */
export function playbackSerial(records: readonly TransportRecord[]): { bus: SerialBus; playback: Playback } {
  const normal = records.map((r) =>
    r.op === "write" ? { ...r, args: [toHex(fromHex(String(r.args[0])))] } : r
  );
  const p = new Playback(normal);
  const bus: SerialBus = {
    list: () =>
      played(() => {
        const v = p.call("list", []);
        return v && "text" in v ? JSON.parse(v.text) as string[] : [];
      }),
    open: (path: string, settings: SerialSettings) =>
      played(() => {
        p.call("open", [path, formatSerialSettings(settings)]);
        return playedPort(path, p, new PlayedBytes(p, "control", path));
      }),
  };
  return { bus, playback: p };
}

function playedPort(path: string, p: Playback, bytes: PlayedBytes): SerialPort {
  const close = playedClose(p);
  return {
    path,
    configure: (s: SerialSettings) => played(() => void p.call("configure", [formatSerialSettings(s)])),
    write: (data: Uint8Array) => played(() => void p.call("write", [toHex(data)])),
    read: (max: number) => played(() => bytes.read(max)),
    flush: (q: SerialQueue) => played(() => void p.call("flush", [q])),
    sendBreak: () => played(() => void p.call("sendBreak", [])),
    setModemLines: (l: ModemOutputs) => played(() => void p.call("setModemLines", [linesArg(l)])),
    modemLines: () =>
      played(() => {
        const v = p.call("modemLines", []);
        if (!v || !("text" in v)) throw new Error(`${path}: a recorded modemLines holds no lines`);
        return JSON.parse(v.text) as ModemInputs;
      }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
