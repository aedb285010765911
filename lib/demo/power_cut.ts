/**
 * A power-cut story for `nut demo`, written as a dummy-ups sequence (.seq): mains present, mains lost
 * (on battery, charge and runtime falling, then low battery), mains back (charging), and again.
 * @module
 */

/** Options of the story. */
export interface PowerCutOptions {
  /** Seconds between steps (TIMER). Default 2. */
  step?: number;
  /** Steps on mains before the cut. Default 5. */
  onlineSteps?: number;
  /** Charge lost per step on battery, in percent. Default 8. */
  drainPerStep?: number;
  /** Charge gained per step while charging. Default 10. */
  chargePerStep?: number;
  /** battery.charge.low: LB below this. Default 20. */
  lowCharge?: number;
  /** Full runtime in seconds at 100 % charge. Default 1575. */
  fullRuntime?: number;
  /** Mains voltage. Default 235.9. */
  mainsVoltage?: number;
}

/**
 * Builds the .seq text: one loop of the story, ending with a TIMER so dummy-loop mode repeats it.
 * @param options the story's numbers
 * @returns the sequence lines (variables and TIMER lines)
 * @example
 * ```ts
 * import { assert } from "../testing/asserts.ts";
 * const seq = powerCutSequence({ onlineSteps: 1 });
 * assert(seq.includes("ups.status: OB DISCHRG LB"));
 * ```
 */
export function powerCutSequence(options: PowerCutOptions = {}): string {
  const step = options.step ?? 2;
  const drain = options.drainPerStep ?? 8;
  const charge = options.chargePerStep ?? 10;
  const low = options.lowCharge ?? 20;
  const full = options.fullRuntime ?? 1575;
  const mains = options.mainsVoltage ?? 235.9;
  const out: string[] = [];
  const state = (status: string, pct: number, volts: number) => {
    out.push(`ups.status: ${status}`);
    out.push(`battery.charge: ${pct}`);
    out.push(`battery.runtime: ${Math.round((full * pct) / 100)}`);
    out.push(`input.voltage: ${volts.toFixed(1)}`);
    out.push(`output.voltage: ${(volts > 0 ? volts : 230).toFixed(1)}`);
    out.push(`TIMER ${step}`);
  };
  for (let i = 0; i < (options.onlineSteps ?? 5); i++) state("OL", 100, mains);
  let pct = 100;
  while (pct > low) {
    pct = Math.max(pct - drain, Math.ceil(low / 2));
    state(pct <= low ? "OB DISCHRG LB" : "OB DISCHRG", pct, 0);
  }
  while (pct < 100) {
    pct = Math.min(100, pct + charge);
    state(pct < 100 ? "OL CHRG" : "OL", pct, mains);
  }
  return out.join("\n") + "\n";
}
