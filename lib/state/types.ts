/**
 * Types of the device state model: what a driver knows about its device and a server mirrors.
 * @module
 */

/** Flags a variable may carry (NUT's ST_FLAG_*). */
export type VarFlag = "RW" | "STRING" | "NUMBER";

/** All flags, in the order NUT writes them on the socket. */
export const VAR_FLAGS: readonly VarFlag[] = ["RW", "STRING", "NUMBER"];

/** A numeric range a writable variable accepts (ADDRANGE). */
export interface VarRange {
  /** Lowest accepted value. */
  min: number;
  /** Highest accepted value. */
  max: number;
}

/** One variable of the state tree. */
export interface VarEntry {
  /** Name as first set, e.g. `battery.charge`. */
  readonly name: string;
  /** Current value (raw, unescaped). */
  value: string;
  /** Flags; empty for a plain read-only value. */
  flags: VarFlag[];
  /** Auxiliary number; for RW STRING variables, the maximum length. 0 when unset. */
  aux: number;
  /** Accepted values of an ENUM variable, in the order they were added. */
  enums: string[];
  /** Accepted ranges of a RANGE variable, in the order they were added. */
  ranges: VarRange[];
}

/**
 * One change to a state tree, named after the driver socket protocol word that carries it.
 * Drivers send these to servers; a server applies them to its mirror.
 */
export type StateChange =
  | { kind: "SETINFO"; name: string; value: string }
  | { kind: "DELINFO"; name: string }
  | { kind: "SETFLAGS"; name: string; flags: VarFlag[] }
  | { kind: "SETAUX"; name: string; aux: number }
  | { kind: "ADDENUM"; name: string; value: string }
  | { kind: "DELENUM"; name: string; value: string }
  | { kind: "ADDRANGE"; name: string; min: number; max: number }
  | { kind: "DELRANGE"; name: string; min: number; max: number }
  | { kind: "ADDCMD"; name: string }
  | { kind: "DELCMD"; name: string }
  | { kind: "DATAOK" }
  | { kind: "DATASTALE" };

/** A listener of state changes. */
export type StateListener = (change: StateChange) => void;

/** The status words NUT defines for `ups.status` (docs/nut-names.txt). */
export type StatusWord =
  | "OL"
  | "OB"
  | "LB"
  | "HB"
  | "RB"
  | "CHRG"
  | "DISCHRG"
  | "BYPASS"
  | "CAL"
  | "OFF"
  | "OVER"
  | "TRIM"
  | "BOOST"
  | "FSD"
  | "ALARM"
  | "ECO"
  | "TEST";
