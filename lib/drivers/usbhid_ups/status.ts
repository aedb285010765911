/**
 * `ups.status`, `ups.alarm` and `input.transfer.reason` from the status facts a HID UPS reports (NUT's
 * usbhid-ups collects facts, "online", "dischrg", "lowbatt"..., then interprets them in one place; so
 * does this): OB when off line (or discharging with no power state), OL otherwise, with NUT's options for
 * OL+DISCHRG (`onlinedischarge_battery`, `onlinedischarge_calibration`, else a throttled warning),
 * CHRG only while not fully charged, LB and RB held back for `lbrb_log_delay_sec` while calibrating on
 * line, and NUT's alarm sentences. Time comes from the caller (the driver's clock).
 * @module
 */
import type { StatusBuilder } from "../../state/status.ts";

/** The facts of a HID UPS's status (NUT's internal status bits). */
export type HidFact =
  | "ONLINE"
  | "OFFLINE"
  | "DISCHRG"
  | "CHRG"
  | "LOWBATT"
  | "OVERLOAD"
  | "REPLACEBATT"
  | "SHUTDOWNIMM"
  | "TRIM"
  | "BOOST"
  | "BYPASSAUTO"
  | "BYPASSMAN"
  | "ECOMODE"
  | "ESSMODE"
  | "OFF"
  | "CAL"
  | "OVERHEAT"
  | "COMMFAULT"
  | "DEPLETED"
  | "TIMELIMITEXP"
  | "FULLYCHARGED"
  | "NOTFULLYCHARGED"
  | "AWAITINGPOWER"
  | "FANFAIL"
  | "NOBATTERY"
  | "BATTVOLTLO"
  | "BATTVOLTHI"
  | "CHARGERFAIL"
  | "VRANGE"
  | "FRANGE";

/** The options of usbhid-ups that change how facts become status words. */
export interface StatusOptions {
  /** `onlinedischarge_battery` (or its old name `onlinedischarge`): OL+DISCHRG means on battery. */
  readonly onlineDischargeBattery?: boolean;
  /** `onlinedischarge_calibration`: OL+DISCHRG means calibrating. */
  readonly onlineDischargeCalibration?: boolean;
  /** `onlinedischarge_log_throttle_sec` (default: 30 s when battery.charge is unknown; negative: once). */
  readonly onlineDischargeLogThrottleSec?: number;
  /** `onlinedischarge_log_throttle_hovercharge` (default 100). */
  readonly onlineDischargeHoverCharge?: number;
  /** `lbrb_log_delay_sec`: LB and RB wait this long while calibrating on line (0: never). */
  readonly lbrbLogDelaySec?: number;
  /** `lbrb_log_delay_without_calibrating`: the delay applies even when not calibrating. */
  readonly lbrbLogDelayWithoutCalibrating?: boolean;
}

/** What the composer needs of the moment. */
export interface StatusInput {
  /** The facts that hold. */
  readonly facts: ReadonlySet<HidFact>;
  /** battery.charge as published (undefined: none). */
  readonly charge?: number;
  /** Now, epoch ms. */
  readonly now: number;
}

/** What the driver does beside the status words. */
export interface StatusOutcome {
  /** `input.transfer.reason` (undefined: remove it). */
  readonly transferReason?: string;
  /** A warning to log (OL+DISCHRG not explained by an option), already throttled. */
  readonly warning?: string;
}

const ALARMS: [HidFact, string][] = [
  ["REPLACEBATT", "Replace battery!"],
  ["SHUTDOWNIMM", "Shutdown imminent!"],
  ["FANFAIL", "Fan failure!"],
  ["NOBATTERY", "No battery installed!"],
  ["BATTVOLTLO", "Battery voltage too low!"],
  ["BATTVOLTHI", "Battery voltage too high!"],
  ["CHARGERFAIL", "Battery charger fail!"],
  ["OVERHEAT", "Temperature too high!"],
  ["COMMFAULT", "Internal UPS fault!"],
  ["AWAITINGPOWER", "Awaiting power!"],
  ["BYPASSAUTO", "Automatic bypass mode!"],
  ["BYPASSMAN", "Manual bypass mode!"],
];

/** Turns facts into status words, remembering what NUT remembers between polls (delays, throttles). */
export class HidStatusComposer {
  #o: StatusOptions;
  #lbSince: number | undefined;
  #rbSince: number | undefined;
  #warnedAt = 0;
  #warnedCharge = -1;

  /** @param options the driver's options */
  constructor(options: StatusOptions = {}) {
    this.#o = options;
  }

  /**
   * Sets the words and alarms of one status transaction.
   * @param input the facts and the moment
   * @param status the transaction (the caller commits it)
   * @returns the transfer reason and a warning to log, if any
   */
  compose(input: StatusInput, status: StatusBuilder): StatusOutcome {
    const f = input.facts;
    const o = this.#o;
    let warning: string | undefined;
    const transferReason = f.has("VRANGE")
      ? "input voltage out of range"
      : f.has("FRANGE")
      ? "input frequency out of range"
      : undefined;
    // Calibration first: it looks like OB or OFF on many devices, and must not alarm anyone.
    if (f.has("CAL")) status.set("CAL");
    if (!f.has("DISCHRG")) {
      this.#warnedAt = 0;
      this.#warnedCharge = -1;
    }
    if (f.has("OFFLINE")) status.set("OB");
    if (!f.has("ONLINE")) {
      // No power state but discharging: on battery.
      if (!f.has("OFFLINE") && f.has("DISCHRG")) status.set("OB");
    } else if (f.has("DISCHRG")) {
      if (o.onlineDischargeCalibration) status.set("CAL");
      if (o.onlineDischargeBattery) status.set("OB");
      if (!o.onlineDischargeBattery && !o.onlineDischargeCalibration) {
        status.set("OL");
        if (!f.has("CAL")) warning = this.#onlineDischargeWarning(input);
      }
    } else status.set("OL");
    const calibrating = status.has("CAL");
    if (f.has("DISCHRG") && !f.has("DEPLETED")) status.set("DISCHRG");
    if (f.has("CHRG")) {
      if (f.has("NOTFULLYCHARGED")) status.set("CHRG");
      else if (
        !f.has("FULLYCHARGED") && input.charge !== undefined && input.charge > 0 && input.charge < 100
      ) {
        status.set("CHRG");
      }
    }
    const delay = (o.lbrbLogDelaySec ?? 0) * 1000;
    const hold = delay > 0 && (calibrating || o.lbrbLogDelayWithoutCalibrating === true) && f.has("ONLINE");
    if (f.has("LOWBATT") || f.has("TIMELIMITEXP") || f.has("SHUTDOWNIMM")) {
      if (!hold) status.set("LB");
      else if (this.#lbSince === undefined) this.#lbSince = input.now;
      else if (input.now - this.#lbSince > delay) status.set("LB");
    } else this.#lbSince = undefined;
    if (f.has("REPLACEBATT") || f.has("NOBATTERY")) {
      // Held back only while LB is (NUT: the delay is about LB+RB flapping during calibration).
      if (!hold || this.#lbSince === undefined) status.set("RB");
      else if (this.#rbSince === undefined) this.#rbSince = input.now;
      else if (input.now - this.#rbSince > delay) status.set("RB");
    } else this.#rbSince = undefined;
    if (f.has("OVERLOAD")) status.set("OVER");
    if (f.has("TRIM")) status.set("TRIM");
    if (f.has("BOOST")) status.set("BOOST");
    if (f.has("BYPASSAUTO") || f.has("BYPASSMAN")) status.set("BYPASS");
    if (f.has("OFF")) status.set("OFF");
    for (const [fact, text] of ALARMS) if (f.has(fact)) status.alarm(text);
    return { transferReason, warning };
  }

  /** NUT's warning for OL+DISCHRG that no option explains, logged when the charge moves or time passes. */
  #onlineDischargeWarning(input: StatusInput): string | undefined {
    const o = this.#o;
    let log = false;
    let throttle = o.onlineDischargeLogThrottleSec;
    const charge = input.charge;
    if (charge !== undefined) {
      if (charge > 0 && charge !== this.#warnedCharge && charge < (o.onlineDischargeHoverCharge ?? 100)) {
        log = true;
      }
    } else throttle ??= 30;
    if (
      this.#warnedAt > 0 && throttle !== undefined && throttle >= 0 &&
      input.now - this.#warnedAt >= throttle * 1000
    ) {
      log = true;
    }
    if (this.#warnedAt === 0 && charge === undefined) log = true;
    if (!log) return undefined;
    this.#warnedAt = input.now;
    let about = "";
    if (charge !== undefined && charge > 0 && charge !== this.#warnedCharge) {
      about = this.#warnedCharge < 0
        ? `Battery charge is currently ${charge}. `
        : `Battery charge changed from ${this.#warnedCharge} to ${charge} since last such report (${
          charge > this.#warnedCharge ? "charging" : "draining"
        }). `;
      this.#warnedCharge = charge;
    }
    return `seems that the UPS is in OL+DISCHRG state now. ${about}Is it calibrating (perhaps you want to set ` +
      `'onlinedischarge_calibration' option)? Note that some UPS models (e.g. CyberPower UT series) emit ` +
      `OL+DISCHRG when in fact offline/on-battery (perhaps you want to set 'onlinedischarge_battery' option).`;
  }
}
