/**
 * Stream and datagram sockets recorded and played back (lib/transport/playback.ts), as the USB and
 * serial transports are: `recordStream()`/`recordDatagram()` wrap a real network and keep every call;
 * `playbackStream()`/`playbackDatagram()` answer from a recording, fail the test on a write, a send or a
 * connection that was not recorded next, and fail `close()` when recorded calls were not made or
 * recorded bytes not read. Stream reads are matched by their bytes, not their sizes (PlayedBytes).
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
import { formatStreamAddress, type StreamConnection, type StreamNetwork } from "./stream.ts";
import type { Datagram, DatagramBindOptions, DatagramNetwork, DatagramSocket } from "./datagram.ts";

const none = (): RecordedValue => null;

function normalWrites(records: readonly TransportRecord[], op: string): TransportRecord[] {
  return records.map((r) =>
    r.op === op ? { ...r, args: [toHex(fromHex(String(r.args[0]))), ...r.args.slice(1)] } : r
  );
}

/**
 * A stream network that records every call made through it.
 * @param real the real network
 * @returns the recording network, and the recording
 */
export function recordStream(real: StreamNetwork): { network: StreamNetwork; recording: Recording } {
  const rec = new Recording();
  const network: StreamNetwork = {
    async connect(address, timeoutMs) {
      const c = await rec.record(
        "connect",
        [formatStreamAddress(address)],
        () => real.connect(address, timeoutMs),
        none,
      );
      const close = () => rec.record("close", [], () => c.close(), none);
      return {
        remote: c.remote,
        write: (data, t) => rec.record("write", [toHex(data)], () => c.write(data, t), none),
        read: (max, t) => rec.record("read", [], () => c.read(max, t), (v) => ({ hex: toHex(v) })),
        close,
        [Symbol.asyncDispose]: close,
      };
    },
  };
  return { network, recording: rec };
}

/**
 * A stream network that plays a recording back (connections one after another, in the recorded order).
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const { network, playback } = playbackStream([
 *   { op: "connect", args: ["127.0.0.1:3551"] },
 *   { op: "write", args: ["0006 737461747573"] },
 *   { op: "read", args: [], result: { hex: "0000" } },
 *   { op: "close", args: [] },
 * ]);
 * const c = await network.connect({ host: "127.0.0.1", port: 3551 }, 1000);
 * await c.write(new TextEncoder().encode("\x00\x06status"), 1000);
 * assertEquals(await c.read(1, 1000), new Uint8Array([0]));
 * assertEquals(await c.read(8, 1000), new Uint8Array([0]));
 * await c.close();
 * playback.close();
 * ```
 * @param records the session (a write's bytes may be spaced hex)
 * @returns the network and its playback (call `playback.close()` at the end of the test)
 */
export function playbackStream(
  records: readonly TransportRecord[],
): { network: StreamNetwork; playback: Playback } {
  const p = new Playback(normalWrites(records, "write"));
  const network: StreamNetwork = {
    connect: (address) =>
      played((): StreamConnection => {
        const remote = formatStreamAddress(address);
        p.call("connect", [remote]);
        const bytes = new PlayedBytes(p, "control", remote);
        const close = playedClose(p);
        return {
          remote,
          write: (data: Uint8Array) => played(() => void p.call("write", [toHex(data)])),
          read: (max: number) => played(() => bytes.read(max)),
          close,
          [Symbol.asyncDispose]: close,
        };
      }),
  };
  return { network, playback: p };
}

function bindArgs(o: DatagramBindOptions | undefined): string[] {
  return [o?.host ?? "0.0.0.0", String(o?.port ?? 0)];
}

/**
 * A datagram network that records every call made through it.
 * @param real the real network
 * @returns the recording network, and the recording
 */
export function recordDatagram(real: DatagramNetwork): { network: DatagramNetwork; recording: Recording } {
  const rec = new Recording();
  const network: DatagramNetwork = {
    async bind(options) {
      const s = await rec.record("bind", bindArgs(options), () => real.bind(options), none);
      const close = () => rec.record("close", [], () => s.close(), none);
      return {
        local: s.local,
        send: (data, host, port) =>
          rec.record("send", [toHex(data), host, port], () => s.send(data, host, port), none),
        receive: (t) =>
          rec.record(
            "receive",
            [],
            () => s.receive(t),
            (d) => d ? { text: JSON.stringify({ hex: toHex(d.data), host: d.host, port: d.port }) } : null,
          ),
        close,
        [Symbol.asyncDispose]: close,
      };
    },
  };
  return { network, recording: rec };
}

/**
 * A datagram network that plays a recording back; a recorded receive holds
 * `{"text": "{\"hex\": ..., \"host\": ..., \"port\": ...}"}`, or null for none in time.
 * @param records the session (a send's bytes may be spaced hex)
 * @returns the network and its playback (call `playback.close()` at the end of the test)
 */
export function playbackDatagram(
  records: readonly TransportRecord[],
): { network: DatagramNetwork; playback: Playback } {
  const p = new Playback(normalWrites(records, "send"));
  const network: DatagramNetwork = {
    bind: (options) =>
      played((): DatagramSocket => {
        const [host, port] = bindArgs(options);
        p.call("bind", [host, port]);
        const close = playedClose(p);
        return {
          local: { host, port: Number(port) },
          send: (data: Uint8Array, to: string, toPort: number) =>
            played(() => void p.call("send", [toHex(data), to, toPort])),
          receive: () =>
            played((): Datagram | undefined => {
              const v = p.call("receive", []);
              if (v === null) return undefined;
              const d = "text" in v ? JSON.parse(v.text) : undefined;
              if (typeof d?.hex !== "string") throw new Error("a recorded receive holds no datagram");
              return { data: fromHex(d.hex), host: String(d.host), port: Number(d.port) };
            }),
          close,
          [Symbol.asyncDispose]: close,
        };
      }),
  };
  return { network, playback: p };
}
