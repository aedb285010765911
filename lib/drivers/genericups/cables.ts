/**
 * The contact-closure cables genericups knows (`upstype` 0-23), as NUT 2.8.0 has them (the table is the
 * same in current NUT): what the UPS is, which output lines power the cable, which input line says
 * on line / low battery / replace battery / bypass and in which state, and how the UPS is told to shut
 * down. Data only; lib/drivers/genericups/signals.ts reads the ups.conf overrides of the same fields.
 * @module
 */

/** An output line of the computer. */
export type OutputLine = "DTR" | "RTS";

/** An input line of the computer. */
export type InputLine = "CTS" | "DCD" | "RNG" | "DSR";

/**
 * An input condition: true when every named line is in its state (`true`: asserted). No lines: the
 * signal is not wired (on line: always true; the others: never).
 */
export type InputSignal = Readonly<Partial<Record<InputLine, boolean>>>;

/**
 * How the UPS is told to shut down: the output lines to assert (the others dropped), a break on the
 * transmit line, or nothing known (the driver refuses `-k`).
 */
export type ShutdownSignal =
  | { readonly kind: "lines"; readonly lines: readonly OutputLine[] }
  | { readonly kind: "break" }
  | { readonly kind: "none" };

/** One cable type. */
export interface CableType {
  /** ups.mfr. */
  readonly mfr: string;
  /** ups.model. */
  readonly model: string;
  /** What `-h` lists. */
  readonly description: string;
  /** The output lines asserted while running (cable power; the others dropped). */
  readonly power: readonly OutputLine[];
  /** On line. */
  readonly online: InputSignal;
  /** Low battery. */
  readonly lowBattery: InputSignal;
  /** Replace battery. */
  readonly replaceBattery: InputSignal;
  /** Battery bypassed. */
  readonly bypass: InputSignal;
  /** How it shuts down. */
  readonly shutdown: ShutdownSignal;
}

const lines = (...l: OutputLine[]): ShutdownSignal => ({ kind: "lines", lines: l });
const BREAK: ShutdownSignal = { kind: "break" };
const NONE: ShutdownSignal = { kind: "none" };
const NOT_WIRED: InputSignal = {};

function cable(
  mfr: string,
  model: string,
  description: string,
  power: OutputLine[],
  online: InputSignal,
  lowBattery: InputSignal,
  shutdown: ShutdownSignal,
  replaceBattery: InputSignal = NOT_WIRED,
  bypass: InputSignal = NOT_WIRED,
): CableType {
  return { mfr, model, description, power, online, lowBattery, replaceBattery, bypass, shutdown };
}

/** Every cable type, by upstype number. */
export const CABLE_TYPES: readonly CableType[] = Object.freeze([
  /* 0 */ cable("UPSONIC", "LAN Saver 600", "UPSONIC LAN Saver 600", ["DTR", "RTS"], { CTS: false }, {
    DCD: true,
  }, lines("RTS")),
  /* 1 */ cable(
    "APC",
    "Back-UPS",
    "APC Back-UPS (940-0095A/C cable)",
    ["DTR"],
    { RNG: false },
    { DCD: true },
    lines("RTS"),
  ),
  /* 2 */ cable(
    "APC",
    "Back-UPS",
    "APC Back-UPS (940-0020B/C cable)",
    ["RTS"],
    { CTS: false },
    { DCD: true },
    lines("DTR", "RTS"),
  ),
  /* 3 */ cable(
    "PowerTech",
    "Comp1000",
    "PowerTech Comp1000 with DTR as cable power",
    ["DTR"],
    { CTS: false },
    { DCD: true },
    lines("DTR", "RTS"),
  ),
  /* 4 */ cable(
    "Generic",
    "Generic RUPS model",
    "Generic RUPS model",
    ["RTS"],
    { CTS: true },
    { DCD: false },
    lines(),
  ),
  /* 5 */ cable(
    "TrippLite",
    "Internet Office Series",
    "Tripp Lite UPS with Lan2.2 interface (black 73-0844 cable)",
    ["DTR"],
    { CTS: true },
    { DCD: false },
    lines("DTR", "RTS"),
  ),
  /* 6 */ cable(
    "Best",
    "Patriot",
    "Best Patriot (INT51 cable)",
    ["DTR"],
    { CTS: true },
    { DCD: false },
    lines("RTS"),
  ),
  /* 7 */ cable(
    "CyberPower",
    "Power99",
    "CyberPower Power99",
    ["RTS"],
    { CTS: true },
    { DCD: false },
    lines("DTR"),
  ),
  /* 8 */ cable("Nitram", "Elite UPS", "Nitram Elite 500", ["DTR"], { CTS: true }, { DCD: false }, NONE),
  /* 9 */ cable(
    "APC",
    "Back-UPS",
    "APC Back-UPS (940-0023A cable)",
    [],
    { DCD: false },
    { CTS: true },
    lines("RTS"),
  ),
  /* 10 */ cable(
    "Victron",
    "Lite",
    "Victron Lite (crack cable)",
    ["RTS"],
    { CTS: true },
    { DCD: false },
    lines("DTR"),
  ),
  /* 11 */ cable("Powerware", "3115", "Powerware 3115", ["DTR"], { CTS: false }, { DCD: false }, BREAK),
  /* 12 */ cable("APC", "Back-UPS Office", "APC Back-UPS Office (940-0119A cable)", ["RTS"], { CTS: false }, {
    DCD: true,
  }, lines("DTR")),
  /* 13 */ cable("RPT", "Repoteck", "Repoteck RPT-800A, RPT-162A", ["DTR", "RTS"], { DCD: true }, {
    CTS: false,
  }, BREAK),
  /* 14 */ cable("Online", "P250, P500, P750, P1250", "Online P-series", ["DTR"], { DCD: true }, {
    CTS: false,
  }, lines("RTS")),
  /* 15 */ cable("Powerware", "5119", "Powerware 5119", ["DTR"], { CTS: true }, { DCD: false }, BREAK),
  /* 16 */ cable(
    "Nitram",
    "Elite UPS",
    "Nitram Elite 2002",
    ["DTR", "RTS"],
    { CTS: true },
    { DCD: false },
    NONE,
  ),
  /* 17 */ cable("PowerKinetics", "9001", "PowerKinetics 9001", ["DTR"], { CTS: true }, { DCD: false }, NONE),
  /* 18 */ cable("TrippLite", "Omni 450LAN", "TrippLite UPS with Martin's cabling", ["DTR"], { CTS: true }, {
    DCD: true,
  }, NONE),
  /* 19 */ cable("Fideltronik", "Ares Series", "Fideltronik Ares Series", ["DTR"], { CTS: true }, {
    DCD: false,
  }, lines("RTS")),
  /* 20 */ cable("Powerware", "5119 RM", "Powerware 5119 RM", ["DTR"], { CTS: false }, { DCD: true }, BREAK),
  /* 21 */ cable(
    "Generic",
    "Generic RUPS 2000",
    "Generic RUPS 2000 (Megatec M2501 cable)",
    ["RTS"],
    { CTS: true },
    { DCD: false },
    lines("DTR", "RTS"),
  ),
  /* 22 */ cable(
    "Gamatronic Electronic Industries",
    "Generic Alarm UPS",
    "Gamatronic UPSs with alarm interface",
    ["RTS"],
    { CTS: true },
    { DCD: false },
    lines("DTR"),
  ),
  /* 23 */ cable(
    "Generic",
    "Generic FTTx Battery Backup",
    "FTTx (Fiber to the x) battery backup with 4-wire telemetry interface",
    ["RTS"],
    { CTS: true },
    { DCD: false },
    lines(),
    { RNG: false },
    { DSR: false },
  ),
]);

/**
 * Whether an input condition holds for the lines read.
 * @param signal the condition
 * @param asserted the input lines asserted now
 * @returns true when every line of the condition is in its state (false for an unwired condition)
 */
export function signalHolds(signal: InputSignal, asserted: Readonly<Record<InputLine, boolean>>): boolean {
  const wired = Object.entries(signal) as [InputLine, boolean][];
  return wired.length > 0 && wired.every(([line, state]) => asserted[line] === state);
}
