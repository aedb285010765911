/**
 * What the words of `ups.status` mean, in words a person reads (docs/nut-names.txt), for the programs
 * that explain a status (`nut check`, `nut demo`).
 * @module
 */

/** The meaning of each `ups.status` word. */
export const STATUS_TEXT: Readonly<Record<string, string>> = {
  OL: "on line power",
  OB: "on battery",
  LB: "low battery",
  HB: "high battery",
  RB: "battery needs replacement",
  CHRG: "charging",
  DISCHRG: "discharging",
  BYPASS: "on bypass",
  CAL: "calibrating",
  OFF: "output off",
  OVER: "overloaded",
  TRIM: "trimming voltage",
  BOOST: "boosting voltage",
  FSD: "forced shutdown",
  ALARM: "alarm",
  ECO: "ECO mode",
};
