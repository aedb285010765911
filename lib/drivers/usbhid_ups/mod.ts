/**
 * usbhid-ups: UPSes of the USB HID Power Device class (APC, CyberPower, Eaton/MGE, Tripp Lite, Belkin,
 * Liebert, PowerCOM, ...), through the framework's USB HID transport. The interrupt pipe (unless
 * `pollonly`) is read all the time: a report asks the framework for a quick pass at once, so a power
 * cut reaches upsd in milliseconds. Every `pollinterval` a quick pass (the status and the quick values);
 * every `pollfreq` seconds a full pass of every value. Values, status facts and commands are the subdriver's tables
 * (subdrivers/*.ts); the status is composed by status.ts. A device that is gone is closed and found
 * again (the same serial, else the same port) as soon as it is back, after `waitbeforereconnect`.
 * @module
 */
import type {
  Driver,
  DriverContext,
  DriverParams,
  DriverProgram,
  DriverVarSpec,
} from "../../driver/types.ts";
import {
  collectFacts,
  type ConversionContext,
  declareRows,
  publishVariables,
  runCommand,
  setVariable,
  type SourceReader,
} from "../../driver/mapping.ts";
import { HANDLER_STATUS, type HandlerStatus } from "../../sock/messages.ts";
import { formatPathLine } from "../../hid/mod.ts";
import { isTransportError, TransportError } from "../../transport/error.ts";
import type { UsbDeviceInfo, UsbHidBus } from "../../transport/usb.ts";
import { USB_MATCH_VARS, UsbMatcher } from "../usb_match.ts";
import { isStringIndex } from "./conversions.ts";
import { HidUps } from "./device.ts";
import { type HidFact, HidStatusComposer } from "./status.ts";
import { SUBDRIVER_VARS, SUBDRIVERS } from "./subdrivers/mod.ts";
import type { HidDeviceView, HidSource, HidSubdriver } from "./types.ts";

/** NUT's defaults (drivers/usbhid-ups.c). */
const DEFAULTS = { lowbatt: 30, offdelay: 20, ondelay: 30, pollfreq: 30 } as const;

/** How long one read of the interrupt pipe waits (the reader reads again at once; close waits for it). */
const INTERRUPT_WAIT_MS = 1000;

/**
 * Failures in a row of a device that is there but does not answer (transfers time out or fail, on a pass
 * or while it is opened again) after which it is reset (a USB port reset) before it is opened again.
 */
export const RESET_AFTER_FAILURES = 2;

/** The driver's own options, as NUT's usbhid-ups lists them (the subdrivers' own go in the middle). */
function driverVars(subdriverVars: readonly DriverVarSpec[]): DriverVarSpec[] {
  return [
    {
      kind: "VALUE",
      name: "lowbatt",
      description: `Set low battery level, in % (default=${DEFAULTS.lowbatt})`,
    },
    {
      kind: "VALUE",
      name: "offdelay",
      description: `Set shutdown delay, in seconds (default=${DEFAULTS.offdelay}, or 60 for CPS devices)`,
    },
    {
      kind: "VALUE",
      name: "ondelay",
      description: `Set startup delay, in seconds (default=${DEFAULTS.ondelay}, or 120 for CPS devices)`,
    },
    {
      kind: "VALUE",
      name: "pollfreq",
      description:
        `Set polling frequency, in seconds, to reduce data flow (default=${DEFAULTS.pollfreq}, or 12 for CPS devices)`,
    },
    {
      kind: "FLAG",
      name: "pollonly",
      description: "Don't use interrupt pipe, only use polling (recommended for CPS devices)",
    },
    {
      kind: "VALUE",
      name: "interrupt_pipe_no_events_tolerance",
      description: 'How many times in a row do we tolerate "Got 0 HID objects" from USB interrupts?',
    },
    {
      kind: "FLAG",
      name: "onlinedischarge",
      description:
        "Set to treat discharging while online as being offline/on-battery (DEPRECATED, use onlinedischarge_onbattery)",
    },
    {
      kind: "FLAG",
      name: "onlinedischarge_onbattery",
      description: "Set to treat discharging while online as being offline/on-battery",
    },
    {
      kind: "FLAG",
      name: "onlinedischarge_battery",
      description:
        "Set to treat discharging while online as being offline/on-battery (as the man page names it)",
    },
    {
      kind: "FLAG",
      name: "onlinedischarge_calibration",
      description: "Set to treat discharging while online as doing calibration",
    },
    {
      kind: "VALUE",
      name: "onlinedischarge_log_throttle_sec",
      description: "Set to throttle log messages about discharging while online (only so often)",
    },
    {
      kind: "VALUE",
      name: "onlinedischarge_log_throttle_hovercharge",
      description:
        "Set to throttle log messages about discharging while online (only if battery.charge is under this value)",
    },
    {
      kind: "VALUE",
      name: "lbrb_log_delay_sec",
      description: "Set to delay status-setting (and log messages) about device in LB or LB+RB state",
    },
    {
      kind: "FLAG",
      name: "lbrb_log_delay_without_calibrating",
      description: "Set to apply lbrb_log_delay_sec even if device is not calibrating",
    },
    {
      kind: "FLAG",
      name: "disable_fix_report_desc",
      description:
        "Set to disable fix-ups for broken USB encoding, etc. which we apply by default on certain vendors/products",
    },
    ...subdriverVars,
    { kind: "VALUE", name: "subdriver", description: "Explicit USB HID subdriver selection" },
    ...USB_MATCH_VARS,
    { kind: "FLAG", name: "explore", description: "Diagnostic matching of unsupported UPS" },
    { kind: "FLAG", name: "maxreport", description: "Activate tweak for buggy APC Back-UPS firmware" },
    { kind: "FLAG", name: "interruptonly", description: "Don't use polling, only use interrupt pipe" },
    { kind: "VALUE", name: "interruptsize", description: "Number of bytes to read from interrupt pipe" },
    { kind: "VALUE", name: "waitbeforereconnect", description: "Seconds to wait before trying to reconnect" },
  ];
}

function intParam(params: DriverParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === undefined) return undefined;
  const n = Number(v.trim());
  if (!Number.isInteger(n)) throw new Error(`Invalid value for ${name}: "${v}" (a whole number is expected)`);
  return n;
}

/** NUT keeps a string descriptor of a table row in a 20-byte buffer: 19 characters at most. */
const STRING_ROW_LENGTH = 19;

/** One usbhid-ups instance. */
class UsbhidUps implements Driver {
  #ctx: DriverContext;
  #bus: UsbHidBus;
  #matcher: UsbMatcher;
  #subdrivers: readonly HidSubdriver[];
  #ups: HidUps | undefined;
  /** The tables for the device connected (the subdriver's, or what it made for this device). */
  #tables: HidSubdriver | undefined;
  #last: UsbDeviceInfo | undefined;
  #composer: HidStatusComposer;
  #lastFull = -Infinity;
  #noEvents = 0;
  #stringValues = new Map<string, string | undefined>();
  #memo = new Map<string, unknown>();
  #pollOnly = false;
  /** Interrupt reports came since the last pass. */
  #events = 0;
  /** Failures in a row of a device that does not answer (see RESET_AFTER_FAILURES). */
  #stuck = 0;
  /** The next opening resets the device first. */
  #resetNext = false;

  constructor(ctx: DriverContext, subdrivers: readonly HidSubdriver[]) {
    this.#ctx = ctx;
    this.#subdrivers = subdrivers;
    const bus = ctx.transports.usbHid;
    if (!bus) throw new Error("usbhid-ups needs the USB HID transport");
    this.#bus = bus;
    this.#matcher = new UsbMatcher(ctx.params);
    this.#composer = this.#makeComposer(undefined);
  }

  #makeComposer(lbrbDefault: number | undefined): HidStatusComposer {
    const p = this.#ctx.params;
    return new HidStatusComposer({
      onlineDischargeBattery: p.has("onlinedischarge") || p.has("onlinedischarge_onbattery") ||
        p.has("onlinedischarge_battery"),
      onlineDischargeCalibration: p.has("onlinedischarge_calibration"),
      onlineDischargeLogThrottleSec: intParam(p, "onlinedischarge_log_throttle_sec"),
      onlineDischargeHoverCharge: intParam(p, "onlinedischarge_log_throttle_hovercharge"),
      lbrbLogDelaySec: intParam(p, "lbrb_log_delay_sec") ?? lbrbDefault,
      lbrbLogDelayWithoutCalibrating: p.has("lbrb_log_delay_without_calibrating"),
    });
  }

  get #device(): HidUps {
    if (!this.#ups) throw new TransportError("DISCONNECTED", "the UPS is not connected");
    return this.#ups;
  }

  get #sub(): HidSubdriver {
    return this.#tables ?? this.#device.subdriver;
  }

  async initUps(): Promise<void> {
    await this.#open();
  }

  async #open(): Promise<void> {
    const reset = this.#resetNext;
    this.#resetNext = false;
    try {
      await this.#find(reset);
    } catch (e) {
      this.#countStuck(e);
      throw e;
    }
  }

  /** Counts a failure of a device that is there but does not answer. */
  #countStuck(e: unknown): void {
    if (isTransportError(e, "TIMEOUT", "IO")) this.#stuck++;
  }

  async #find(reset: boolean): Promise<void> {
    const p = this.#ctx.params;
    const ups = await HidUps.find({
      bus: this.#bus,
      matcher: this.#matcher,
      subdrivers: this.#subdrivers,
      subdriver: p.get("subdriver"),
      explore: p.has("explore"),
      noFixups: p.has("disable_fix_report_desc"),
      maxReport: p.has("maxreport"),
      productIdGiven: p.get("productid") !== undefined,
      log: this.#ctx.log,
      previous: this.#last,
      reset,
    });
    this.#ups = ups;
    this.#last = ups.info;
    this.#stringValues.clear();
    this.#memo = new Map();
    const sub = ups.subdriver;
    const tweaks = sub.tweaks?.(ups.identity) ?? {};
    this.#pollOnly = p.has("pollonly") || sub.defaults?.pollonly === true || tweaks.pollOnly === true;
    if (tweaks.lbrbLogDelaySec !== undefined) this.#composer = this.#makeComposer(tweaks.lbrbLogDelaySec);
    // The first reading decides the tables of this device (MGE's family, openUPS's scales...).
    await ups.fetch([...allSources(sub), ...(sub.stringPaths ?? []).map((path) => ({ path }))]);
    this.#tables = sub.forDevice ? sub.forDevice(this.#view(ups), p) : sub;
    this.#ctx.log.info(`Using subdriver: ${sub.name} ${sub.version}`);
  }

  /** The device as tables made for it see it. */
  #view(ups: HidUps): HidDeviceView {
    return { identity: ups.identity, read: (s) => ups.read(s), has: (s) => ups.has(s) };
  }

  /** What conversions may consult: the device, the values published, this connection's memo. */
  #context(): ConversionContext {
    const state = this.#ctx.state;
    return { device: this.#device.identity, get: (n) => state.getValue(n), memo: this.#memo };
  }

  /** Reads a row's value: a string descriptor row gives its string (read before the pass). */
  #reader(): SourceReader<HidSource> {
    return (source, row) =>
      row && isStringIndex(row.convert) ? this.#stringValues.get(source.path) : this.#device.read(source);
  }

  async initInfo(): Promise<void> {
    const ups = this.#device;
    const sub = this.#sub;
    const { state } = this.#ctx;
    const p = this.#ctx.params;
    if (p.has("explore")) await this.#explore();
    await ups.fetch([...allSources(sub), ...(sub.stringPaths ?? []).map((path) => ({ path }))]);
    await this.#readStrings();
    // As NUT: the USB strings first, the tables may say better.
    const id = ups.identity;
    const named = new Map<string, string | undefined>();
    for (const path of sub.stringPaths ?? []) {
      const index = ups.read({ path });
      named.set(path, index === undefined ? undefined : await ups.string(Number(index)));
    }
    const strings = (path: string) => named.get(path) ?? this.#stringValues.get(path);
    const trim = (s: string | undefined) => s?.replace(/^[ \t\n]+|[ \t\n]+$/g, "");
    const mfr = sub.formatMfr ? sub.formatMfr(id, strings) : trim(id.manufacturer);
    const model = sub.formatModel ? sub.formatModel(id, strings) : trim(id.product);
    const serial = sub.formatSerial ? sub.formatSerial(id, strings) : trim(id.serial);
    if (mfr) state.setInfo("ups.mfr", mfr);
    if (model) state.setInfo("ups.model", model);
    if (serial) state.setInfo("ups.serial", serial);
    for (const [name, value] of Object.entries(sub.usbValues?.(id) ?? {})) state.setInfo(name, value);
    this.#publish("init");
    const delays: Record<string, string> = {
      $offdelay: String(intParam(p, "offdelay") ?? sub.defaults?.offdelay ?? DEFAULTS.offdelay),
      $ondelay: String(intParam(p, "ondelay") ?? sub.defaults?.ondelay ?? DEFAULTS.ondelay),
    };
    for (const f of sub.fixed ?? []) {
      if (f.source && !ups.has(f.source)) continue;
      state.setInfo(f.name, delays[f.value] ?? f.value);
      if (f.flags?.includes("RW")) {
        state.addFlags(f.name, "RW", ...(f.flags.includes("STRING") ? ["STRING" as const] : []));
        if (f.maxLength) state.setAux(f.name, f.maxLength);
      }
    }
    state.setInfo("ups.vendorid", hex(ups.info.vendorId));
    state.setInfo("ups.productid", hex(ups.info.productId));
    state.setInfo("driver.version.data", `${sub.name} ${sub.version}`);
    const lowbatt = intParam(p, "lowbatt");
    if (lowbatt !== undefined) state.setInfo("battery.charge.low", String(lowbatt));
    declareRows(sub, (s) => ups.has(s), state);
    this.#lastFull = this.#ctx.clock.now();
    this.#compose();
    this.#listen(ups);
  }

  /**
   * Reads the interrupt pipe until the device is closed: each report's values are kept and a quick pass
   * asked for at once; a device that fails the read gets a pass at once too (which fails and reopens it).
   */
  #listen(ups: HidUps): void {
    if (this.#pollOnly || !ups.hasInterrupt) return;
    const size = intParam(this.#ctx.params, "interruptsize");
    const clock = this.#ctx.clock;
    void (async () => {
      while (this.#ups === ups && !this.#ctx.signal.aborted) {
        let got: string[];
        try {
          got = await ups.interrupt(INTERRUPT_WAIT_MS, size);
        } catch (e) {
          if (this.#ups === ups) {
            this.#ctx.log.debug(1, `interrupt pipe: ${(e as Error).message}`);
            this.#ctx.wakeAt(clock.now());
          }
          return;
        }
        if (got.length && this.#ups === ups) {
          this.#events++;
          this.#ctx.wakeAt(clock.now());
        }
      }
    })();
  }

  /** NUT's explore output: every path of the device with its value, at debug level 1. */
  async #explore(): Promise<void> {
    const ups = this.#device;
    const log = this.#ctx.log;
    const all = ups.descriptor.fields.map((f) => ({ path: f.path, type: f.type as HidSource["type"] }));
    await ups.fetch(all.filter((s) => s.type === "Feature"));
    for (const f of ups.descriptor.fields) {
      const v = ups.read({ path: f.path, type: f.type as HidSource["type"] });
      log.debug(1, formatPathLine(f, v === undefined ? undefined : Number(v)));
    }
  }

  /** Resolves the string descriptor rows (their values are indexes) once per connection. */
  async #readStrings(): Promise<void> {
    const ups = this.#device;
    for (const row of this.#sub.variables) {
      if (!isStringIndex(row.convert) || this.#stringValues.has(row.source.path)) continue;
      const index = ups.read(row.source);
      const text = index === undefined ? undefined : await ups.string(Number(index));
      this.#stringValues.set(row.source.path, text?.slice(0, STRING_ROW_LENGTH));
    }
  }

  #publish(pass: "init" | "poll" | "quick"): void {
    publishVariables(this.#sub.variables, this.#reader(), this.#ctx.state, pass, this.#context());
  }

  #compose(): void {
    const { state } = this.#ctx;
    const sub = this.#sub;
    const read = (s: HidSource) => this.#device.read(s);
    const facts = collectFacts(sub.status, read) as Set<HidFact>;
    const charge = Number(state.getValue("battery.charge"));
    const status = this.#ctx.status();
    const out = this.#composer.compose(
      { facts, charge: Number.isFinite(charge) ? charge : undefined, now: this.#ctx.clock.now() },
      status,
    );
    for (const a of sub.alarms ?? []) {
      const raw = read(a.source);
      if (raw !== undefined && a.when(raw)) status.alarm(a.alarm);
    }
    status.commit();
    if (out.transferReason) state.setInfo("input.transfer.reason", out.transferReason);
    else state.delInfo("input.transfer.reason");
    if (out.warning) this.#ctx.log.warn(`${this.#ctx.upsName}: ${out.warning}`);
  }

  async updateInfo(): Promise<void> {
    try {
      await this.#update();
      this.#stuck = 0;
    } catch (e) {
      this.#countStuck(e);
      throw e;
    }
  }

  async #update(): Promise<void> {
    const ups = this.#device;
    const p = this.#ctx.params;
    const sub = this.#sub;
    if (!this.#pollOnly && ups.hasInterrupt) {
      this.#noEvents = this.#events ? 0 : this.#noEvents + 1;
      this.#events = 0;
      const tolerance = intParam(p, "interrupt_pipe_no_events_tolerance") ?? -1;
      if (tolerance >= 0 && this.#noEvents > tolerance) {
        this.#noEvents = 0;
        throw new TransportError(
          "DISCONNECTED",
          `no interrupt report ${tolerance + 1} times in a row: reconnecting`,
        );
      }
    }
    const now = this.#ctx.clock.now();
    const pollfreq = (intParam(p, "pollfreq") ?? sub.defaults?.pollfreq ?? DEFAULTS.pollfreq) * 1000;
    const full = now - this.#lastFull >= pollfreq;
    if (!p.has("interruptonly")) await ups.fetch(full ? allSources(sub) : quickSources(sub));
    if (full) {
      this.#lastFull = now;
      await this.#readStrings();
    }
    this.#publish(full ? "poll" : "quick");
    this.#compose();
  }

  async instCmd(name: string, param: string | undefined): Promise<HandlerStatus> {
    const ups = this.#device;
    // The rows the device has: a name may have several rows, for devices with different paths.
    const cmds = this.#sub.commands.filter((c) => ups.has(c.source));
    const has = (n: string) => cmds.some((c) => c.name === n);
    const { state } = this.#ctx;
    if (name === "beeper.off") return await this.instCmd("beeper.disable", undefined);
    if (name === "beeper.on") return await this.instCmd("beeper.enable", undefined);
    if (!has(name)) {
      // NUT's compositions, for devices without a row of that name.
      if (name === "load.on") return await this.instCmd("load.on.delay", "0");
      if (name === "load.off") return await this.instCmd("load.off.delay", "0");
      if (name === "shutdown.return" || name === "shutdown.stayoff") {
        if (state.getValue("ups.start.auto") !== undefined) {
          await this.setVar("ups.start.auto", name === "shutdown.return" ? "yes" : "no");
        }
        const on = await this.instCmd(
          "load.on.delay",
          name === "shutdown.return" ? state.getValue("ups.delay.start") : "-1",
        );
        if (on !== HANDLER_STATUS.HANDLED) return on;
        // Some UPSes refuse commands that come too quickly (NUT waits as long).
        await new Promise((r) => this.#ctx.clock.setTimer(() => r(undefined), 125));
        return await this.instCmd("load.off.delay", state.getValue("ups.delay.shutdown"));
      }
      return HANDLER_STATUS.INVALID;
    }
    const given = param ??
      (name === "load.off.delay" ? state.getValue("ups.delay.shutdown") : undefined) ??
      (name === "load.on.delay" ? state.getValue("ups.delay.start") : undefined);
    const status = await runCommand(cmds, name, given, (s, raw) => ups.write(s, raw));
    if (status === HANDLER_STATUS.HANDLED) this.#lastFull = -Infinity; // data changed: full pass next
    return status;
  }

  async setVar(name: string, value: string): Promise<HandlerStatus> {
    const { state } = this.#ctx;
    const fixed = this.#tables?.fixed?.find((f) => f.name === name && f.flags?.includes("RW"));
    if (fixed) {
      if (fixed.maxLength !== undefined && value.length > fixed.maxLength) return HANDLER_STATUS.INVALID;
      state.setInfo(name, value);
      return HANDLER_STATUS.HANDLED;
    }
    const ups = this.#device;
    const rows = this.#sub.variables.filter((r) => ups.has(r.source));
    const row = rows.find((r) => r.name === name && r.flags?.includes("RW"));
    // A HID field takes numbers: a text the row cannot convert is refused as NUT does.
    if (row?.flags?.includes("STRING") && !row.convert.fromNut && !Number.isFinite(Number(value))) {
      return HANDLER_STATUS.CONVERSION_FAILED;
    }
    const status = await setVariable(rows, name, value, (s, raw) => ups.write(s, raw));
    if (status === HANDLER_STATUS.HANDLED) {
      // The value as the device now has it (a STATIC row too), and a full pass next.
      const same = rows.filter((r) => r.name === name);
      await ups.fetch(same.map((r) => r.source));
      publishVariables(same, this.#reader(), state, "init", this.#context());
      this.#lastFull = -Infinity;
    }
    return status;
  }

  async shutdown(): Promise<void> {
    // NUT's upsdrv_shutdown: shutdown.return, else shutdown.stayoff.
    for (const cmd of ["shutdown.return", "shutdown.stayoff"]) {
      if (await this.instCmd(cmd, undefined) === HANDLER_STATUS.HANDLED) return;
    }
    throw new Error("Shutdown failed: the UPS accepted neither shutdown.return nor shutdown.stayoff");
  }

  async reconnect(signal: AbortSignal): Promise<void> {
    const ups = this.#ups;
    this.#ups = undefined;
    await ups?.close().catch(() => {});
    if (this.#stuck >= RESET_AFTER_FAILURES) {
      // It is there but does not answer: a port reset restarts most hung USB firmware.
      this.#ctx.log.warn(
        `${this.#ctx.upsName}: the UPS did not answer ${this.#stuck} times in a row: resetting its USB port`,
      );
      this.#stuck = 0;
      this.#resetNext = true;
    }
    const wait = (intParam(this.#ctx.params, "waitbeforereconnect") ?? 0) * 1000;
    if (wait > 0) {
      await new Promise<void>((resolve) => {
        const t = this.#ctx.clock.setTimer(resolve, wait);
        signal.addEventListener("abort", () => (t.cancel(), resolve()), { once: true });
      });
    }
    await this.#open();
    // The same UPS again: its variables and commands stand; read everything now, listen again.
    this.#lastFull = -Infinity;
    this.#listen(this.#device);
  }

  async cleanup(): Promise<void> {
    const ups = this.#ups;
    this.#ups = undefined;
    await ups?.close();
  }
}

/** Every source of a subdriver's rows. */
function allSources(sub: HidSubdriver): HidSource[] {
  return [...sub.variables.map((r) => r.source), ...sub.status.map((r) => r.source)];
}

/** The sources of a quick pass: the status and the QUICK rows. */
function quickSources(sub: HidSubdriver): HidSource[] {
  return [
    ...sub.variables.filter((r) => r.flags?.includes("QUICK")).map((r) => r.source),
    ...sub.status.map((r) => r.source),
  ];
}

function hex(n: number): string {
  return n.toString(16).padStart(4, "0");
}

/**
 * A usbhid-ups program over a set of subdrivers (tests give their own).
 * @param subdrivers the subdrivers, in the order they are tried
 * @param subdriverVars options of theirs
 * @returns the program
 */
export function usbhidProgram(
  subdrivers: readonly HidSubdriver[],
  subdriverVars: readonly DriverVarSpec[] = [],
): DriverProgram {
  return {
    name: "usbhid-ups",
    description: "Generic HID driver",
    version: "0.73",
    vars: driverVars(subdriverVars),
    transports: ["usb-hid"],
    help: "The port is ignored: the UPS is chosen by the matching options (vendorid, productid, serial...).",
    create: (ctx) => new UsbhidUps(ctx, subdrivers),
  };
}

/** The usbhid-ups program, with NUT's subdrivers. */
export const usbhidUps: DriverProgram = usbhidProgram(SUBDRIVERS, SUBDRIVER_VARS);
