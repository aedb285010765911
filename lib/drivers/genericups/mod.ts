/**
 * genericups: contact-closure UPSes, which say "on battery", "low battery" (and on some cables "replace
 * battery", "bypass") by closing contacts on the modem input lines of a serial port, are powered by the
 * computer's DTR/RTS, and shut down on a line change or a break. The cable is `upstype` (cables.ts, NUT's
 * table 0-23); ups.conf may override any part of it (signals.ts). As NUT's genericups: the port keeps its
 * lines when closed (no HUPCL), so a shutdown signal outlives the driver; the status words come in NUT's
 * order (LB, OL/OB, RB, BYPASS). Better than NUT 2.8.0: a port that fails (a USB-serial adapter pulled
 * out) is opened again and its cable powered again, instead of staying stale until a restart.
 * @module
 */
import type {
  Driver,
  DriverContext,
  DriverParams,
  DriverProgram,
  DriverVarSpec,
} from "../../driver/types.ts";
import { sleep } from "../../os/clock.ts";
import { TransportError } from "../../transport/error.ts";
import type { SerialBus, SerialPort } from "../../transport/serial.ts";
import { CABLE_TYPES, type CableType, type InputLine, type ShutdownSignal, signalHolds } from "./cables.ts";
import { parseInputOverride, parseOutputOverride, sameSignal, shutdownOf } from "./signals.ts";

/** The line settings the port is opened with: only its modem lines matter. */
const SETTINGS = { baud: 9600, hupcl: false } as const;

/** NUT's tcsendbreak(fd, 4901): glibc asks the kernel for 50 tenths of a second. */
export const SHUTDOWN_BREAK_MS = 5000;

/** The longest `sdtime` accepted, in seconds. */
export const MAX_SDTIME = 3600;

const VARS: readonly DriverVarSpec[] = [
  { kind: "VALUE", name: "upstype", description: "Set UPS type (required)" },
  { kind: "VALUE", name: "mfr", description: "Override manufacturer name" },
  { kind: "VALUE", name: "model", description: "Override model name" },
  { kind: "VALUE", name: "serial", description: "Specify the serial number" },
  { kind: "VALUE", name: "CP", description: "Override cable power setting" },
  { kind: "VALUE", name: "OL", description: "Override on line signal" },
  { kind: "VALUE", name: "LB", description: "Override low battery signal" },
  { kind: "VALUE", name: "RB", description: "Override replace battery signal" },
  { kind: "VALUE", name: "BYPASS", description: "Override battery bypass signal" },
  { kind: "VALUE", name: "SD", description: "Override shutdown setting" },
  { kind: "VALUE", name: "sdtime", description: "Hold time for shutdown value (seconds)" },
];

/**
 * NUT's list of the types, as `-h` and a wrong `upstype` print it.
 * @returns "Valid UPS types:\n\n0: UPSONIC LAN Saver 600\n..."
 */
export function typeList(): string {
  return ["Valid UPS types:", "", ...CABLE_TYPES.map((c, i) => `${i}: ${c.description}`)].join("\n");
}

/**
 * The cable type an `upstype` names.
 * @param value the option's value
 * @returns its number
 * @throws {Error} NUT's words: none given, or not a type (with the list)
 */
export function parseUpsType(value: string | undefined): number {
  if (value === undefined) throw new Error("No upstype set - see help text / man page!");
  const n = Number(value.trim());
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n >= CABLE_TYPES.length) {
    throw new Error(`${typeList()}\n\nFatal error: unknown UPS type number (upstype = "${value}")`);
  }
  return n;
}

/**
 * The hold time of a shutdown signal.
 * @param params the options
 * @returns seconds (0: none)
 * @throws {Error} when `sdtime` is not a number of seconds in range
 */
export function parseSdtime(params: DriverParams): number {
  const v = params.get("sdtime");
  if (v === undefined) return 0;
  const n = Number(v.trim());
  if (v.trim() === "" || !Number.isInteger(n) || n > MAX_SDTIME) {
    throw new Error(`Invalid value for sdtime: "${v}" (whole seconds, at most ${MAX_SDTIME})`);
  }
  return Math.max(0, n);
}

/** The cable of an instance: its type with the ups.conf overrides applied. */
export interface Cable extends CableType {
  /** The upstype number. */
  readonly type: number;
}

/**
 * The cable an instance uses: the table's type, then the overrides (errors for lines on the wrong side).
 * @param params the options
 * @param notice where remarks go (typos, overrides that change nothing)
 * @returns the cable
 */
export function cableOf(params: DriverParams, notice: (msg: string) => void): Cable {
  const type = parseUpsType(params.get("upstype"));
  const base = CABLE_TYPES[type];
  let power = base.power;
  let shutdown: ShutdownSignal = base.shutdown;
  const cp = params.get("CP");
  if (cp !== undefined) {
    const o = parseOutputOverride("CP", cp);
    o.warnings.forEach(notice);
    if (o.sendBreak) notice(`CP=${cp}: ST (a break) cannot power a cable: ignored`);
    if (same(o.lines, power)) notice(noDifference("output", "CP"));
    power = o.lines;
  }
  const sd = params.get("SD");
  if (sd !== undefined) {
    const o = parseOutputOverride("SD", sd);
    o.warnings.forEach(notice);
    const next = shutdownOf(o);
    if (JSON.stringify(next) === JSON.stringify(shutdown)) notice(noDifference("output", "SD"));
    shutdown = next;
  }
  const inputs = { online: "OL", lowBattery: "LB", replaceBattery: "RB", bypass: "BYPASS" } as const;
  const signals = {
    online: base.online,
    lowBattery: base.lowBattery,
    replaceBattery: base.replaceBattery,
    bypass: base.bypass,
  };
  for (const [field, option] of Object.entries(inputs) as [keyof typeof inputs, string][]) {
    const v = params.get(option);
    if (v === undefined) continue;
    const o = parseInputOverride(option, v);
    o.warnings.forEach(notice);
    if (sameSignal(o.signal, signals[field])) notice(noDifference("input", option));
    signals[field] = o.signal;
  }
  return { ...base, ...signals, type, power, shutdown };
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function noDifference(kind: "input" | "output", option: string): string {
  return `${option}: ${kind} overrides specified, but no effective difference - check for typos?`;
}

/** The status words for the lines read, in NUT's order. */
export function statusWords(cable: CableType, asserted: Readonly<Record<InputLine, boolean>>): string[] {
  // An on-line signal that is not wired: always on line.
  const online = Object.keys(cable.online).length === 0 || signalHolds(cable.online, asserted);
  return [
    ...(signalHolds(cable.lowBattery, asserted) ? ["LB"] : []),
    online ? "OL" : "OB",
    ...(signalHolds(cable.replaceBattery, asserted) ? ["RB"] : []),
    ...(signalHolds(cable.bypass, asserted) ? ["BYPASS"] : []),
  ];
}

/** One genericups instance. */
class GenericUps implements Driver {
  #ctx: DriverContext;
  #bus: SerialBus;
  #cable: Cable | undefined;
  #port: SerialPort | undefined;

  constructor(ctx: DriverContext) {
    this.#ctx = ctx;
    const bus = ctx.transports.serial;
    if (!bus) throw new Error("genericups needs the serial transport");
    this.#bus = bus;
  }

  get #live(): SerialPort {
    if (!this.#port) throw new TransportError("DISCONNECTED", `${this.#ctx.port} is not open`);
    return this.#port;
  }

  async initUps(): Promise<void> {
    const log = this.#ctx.log;
    const cable = cableOf(this.#ctx.params, (m) => log.notice(m));
    parseSdtime(this.#ctx.params);
    this.#cable = cable;
    log.info(`UPS type: ${cable.description}`);
    await this.#open();
  }

  /** Opens the port for this process alone and powers the cable (exactly its lines asserted). */
  async #open(): Promise<void> {
    const cable = this.#cable!;
    const port = await this.#bus.open(this.#ctx.port, SETTINGS, { exclusive: true });
    try {
      await port.setModemLines({ dtr: cable.power.includes("DTR"), rts: cable.power.includes("RTS") });
    } catch (e) {
      await port.close().catch(() => {});
      throw e;
    }
    this.#port = port;
  }

  initInfo(): void {
    const { state, params } = this.#ctx;
    const cable = this.#cable!;
    state.setInfo("ups.mfr", params.get("mfr") ?? cable.mfr);
    state.setInfo("ups.model", params.get("model") ?? cable.model);
    const serial = params.get("serial");
    if (serial !== undefined) state.setInfo("ups.serial", serial);
  }

  async updateInfo(): Promise<void> {
    const port = this.#live;
    const lines = await port.modemLines();
    const asserted = { CTS: lines.cts, DCD: lines.dcd, RNG: lines.ri, DSR: lines.dsr };
    const status = this.#ctx.status();
    for (const w of statusWords(this.#cable!, asserted)) status.set(w);
    status.commit();
  }

  async shutdown(signal: AbortSignal): Promise<void> {
    const cable = this.#cable!;
    const port = this.#live;
    const sd = cable.shutdown;
    if (sd.kind === "none") throw new Error("No shutdown command defined for this model!");
    if (sd.kind === "break") {
      await port.sendBreak(SHUTDOWN_BREAK_MS);
      return;
    }
    await port.setModemLines({ dtr: sd.lines.includes("DTR"), rts: sd.lines.includes("RTS") });
    if (this.#ctx.params.get("sdtime") === undefined) return;
    const hold = parseSdtime(this.#ctx.params);
    this.#ctx.log.info(`Holding shutdown signal for ${hold} seconds...`);
    if (hold > 0) await sleep(this.#ctx.clock, hold * 1000, signal);
  }

  async reconnect(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    await port?.close().catch(() => {});
    await this.#open();
    this.#ctx.log.info(`${this.#ctx.upsName}: ${this.#ctx.port} opened again, cable powered`);
  }

  async cleanup(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    await port?.close();
  }
}

/** The genericups program. */
export const genericUps: DriverProgram = {
  name: "genericups",
  description: "Generic contact-closure UPS driver",
  version: "1.38",
  vars: VARS,
  transports: ["serial"],
  help: typeList(),
  shutdownHoldMs: (params) => {
    try {
      return parseSdtime(params) * 1000;
    } catch {
      return 0;
    }
  },
  create: (ctx) => new GenericUps(ctx),
};
