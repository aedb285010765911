/**
 * The server's mirror of one driver, fed the driver's socket lines (docs/sock-protocol.txt), without I/O:
 * state changes go to the UPS's DeviceState; DUMPDONE, DATAOK/DATASTALE and the time of the last valid
 * line decide staleness as NUT's upsd does (stale when the driver says so after its dump, or when it has
 * said nothing valid for MAXAGE seconds).
 * @module
 */
import { readDriverMessage } from "../sock/messages.ts";
import type { Ups } from "./ups.ts";

/** Something the link must act on after a line. */
export type MirrorEvent =
  | { kind: "TRACKING"; id: string; status: number }
  | { kind: "BAD_LINE"; message: string };

/**
 * Mirror of one driver's state.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { Ups } from "./ups.ts";
 * const ups = new Ups({ name: "ups1", driver: "dummy-ups", socketPath: "/x" });
 * const m = new DriverMirror(ups);
 * m.connected(0);
 * assertEquals(ups.state.getValue("ups.status"), "WAIT");
 * for (const l of [["SETINFO", "ups.status", "OL"], ["DATAOK"], ["DUMPDONE"]]) m.apply(l, 1000);
 * assertEquals([ups.state.getValue("ups.status"), m.stale(2000, 15000), m.stale(17000, 15000)], ["OL", false, true]);
 * ```
 */
export class DriverMirror {
  #ups: Ups;
  #dumpDone = false;
  #lastHeard = 0;

  /**
   * Creates the mirror of a UPS's driver.
   * @param ups the UPS whose state this mirror fills
   */
  constructor(ups: Ups) {
    this.#ups = ups;
  }

  /** Whether the driver has finished its answer to DUMPALL. */
  get dumpDone(): boolean {
    return this.#dumpDone;
  }

  /** Time (ms) of the last valid line from the driver. */
  get lastHeard(): number {
    return this.#lastHeard;
  }

  /**
   * A new connection to the driver (DUMPALL is being sent): state starts over, `ups.status` reads WAIT
   * until the dump says otherwise, as in NUT.
   * @param now clock in ms
   */
  connected(now: number): void {
    this.#ups.resetState();
    this.#ups.state.setInfo("ups.status", "WAIT");
    this.#dumpDone = false;
    this.#lastHeard = now;
  }

  /** The connection is gone: the data is forgotten. */
  disconnected(): void {
    this.#ups.resetState();
    this.#dumpDone = false;
  }

  /**
   * Whether the data must not be served.
   * @param now clock in ms
   * @param maxAgeMs MAXAGE in ms
   * @returns true when stale
   */
  stale(now: number, maxAgeMs: number): boolean {
    if (this.#dumpDone && this.#ups.state.stale) return true;
    return now - this.#lastHeard > maxAgeMs;
  }

  /**
   * Applies one line from the driver.
   * @param words the line's words
   * @param now clock in ms
   * @returns an event for the link (a TRACKING result, a line that made no sense), or undefined
   */
  apply(words: readonly string[], now: number): MirrorEvent | undefined {
    const m = readDriverMessage(words);
    if (m.kind === "SYNTAX") return { kind: "BAD_LINE", message: m.message };
    const state = this.#ups.state;
    switch (m.kind) {
      case "PONG":
        break;
      case "DUMPDONE":
        this.#dumpDone = true;
        this.#lastHeard = now;
        // The end of the dump decides staleness (a driver that never said DATAOK is stale from now on).
        this.#ups.changed();
        return undefined;
      case "PID":
      case "OK":
        return undefined; // answers to requests the server does not send; not a sign of life in NUT
      case "TRACKING":
        this.#lastHeard = now;
        return { kind: "TRACKING", id: m.id, status: m.status };
      case "SETFLAGS":
        // NUT ignores SETFLAGS without flags (a driver never sends it: it omits SETFLAGS instead).
        if (m.flags.length === 0 && words.length < 3) return undefined;
        state.apply(m);
        break;
      case "ADDRANGE":
        if (m.min > m.max) {
          return { kind: "BAD_LINE", message: `ADDRANGE ${m.name}: min ${m.min} is above max ${m.max}` };
        }
        state.apply(m);
        break;
      default:
        state.apply(m);
    }
    this.#lastHeard = now;
    return undefined;
  }
}
