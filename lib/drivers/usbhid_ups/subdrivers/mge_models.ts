/**
 * The model names of usbhid-ups's MGE subdriver: the data of `mge_model_names[]` of NUT's
 * drivers/mge-hid.c (networkupstools/nut 6c63f7745ab5), in its order (its commented-out Pulsar rows
 * aside), and the rule of its `get_model_name()`, written anew: the device's iProduct string and its
 * iModel string (else its nominal apparent power) pick a row, which gives the model's family (what some
 * rows of the MGE tables depend on) and its name, else the name is "<iProduct> <iModel>".
 * @module
 */

/**
 * The families NUT tells the models apart by (`models_type_t`): OFFLINE, PEGASUS (Protection Station,
 * Ellipse ECO) and 3S are the offline models; DEFAULT the line-interactive and online ones NUT knows
 * nothing more of; EVOLUTION, EVOLUTION_650, PULSAR_M, 5P (5P, 5PX, 5SC, 5S) and 9E (9E, 9SX, 9PX).
 */
export type MgeFamily =
  | "OFFLINE"
  | "PEGASUS"
  | "3S"
  | "DEFAULT"
  | "EVOLUTION"
  | "EVOLUTION_650"
  | "PULSAR_M"
  | "5P"
  | "9E";

/** A row: iProduct, iModel, the family, and the name (none: "<iProduct> <iModel>"). */
type ModelRow = readonly [iProduct: string, iModel: string, family: MgeFamily, name?: string];

/** NUT's mge_model_names. */
const MODELS: readonly ModelRow[] = [
  ["ELLIPSE", "300", "OFFLINE", "ellipse 300"],
  ["ELLIPSE", "500", "OFFLINE", "ellipse 500"],
  ["ELLIPSE", "650", "OFFLINE", "ellipse 650"],
  ["ELLIPSE", "800", "OFFLINE", "ellipse 800"],
  ["ELLIPSE", "1200", "OFFLINE", "ellipse 1200"],
  ["ellipse", "PR500", "OFFLINE", "ellipse premium 500"],
  ["ellipse", "PR650", "OFFLINE", "ellipse premium 650"],
  ["ellipse", "PR800", "OFFLINE", "ellipse premium 800"],
  ["ellipse", "PR1200", "OFFLINE", "ellipse premium 1200"],
  ["ELLIPSE", "600", "OFFLINE", "Ellipse 600"],
  ["ELLIPSE", "750", "OFFLINE", "Ellipse 750"],
  ["ELLIPSE", "1000", "OFFLINE", "Ellipse 1000"],
  ["ELLIPSE", "1500", "OFFLINE", "Ellipse 1500"],
  ["Ellipse MAX", "600", "OFFLINE"],
  ["Ellipse MAX", "850", "OFFLINE"],
  ["Ellipse MAX", "1100", "OFFLINE"],
  ["Ellipse MAX", "1500", "OFFLINE"],
  ["PROTECTIONCENTER", "420", "OFFLINE", "Protection Center 420"],
  ["PROTECTIONCENTER", "500", "OFFLINE", "Protection Center 500"],
  ["PROTECTIONCENTER", "675", "OFFLINE", "Protection Center 675"],
  ["Protection Station", "500", "PEGASUS"],
  ["Protection Station", "650", "PEGASUS"],
  ["Protection Station", "800", "PEGASUS"],
  ["Ellipse ECO", "650", "PEGASUS"],
  ["Ellipse ECO", "800", "PEGASUS"],
  ["Ellipse ECO", "1200", "PEGASUS"],
  ["Ellipse ECO", "1600", "PEGASUS"],
  ["3S", "450", "OFFLINE"],
  ["3S", "550", "OFFLINE"],
  ["3S", "700", "3S"],
  ["3S", "750", "3S"],
  ["Evolution", "500", "DEFAULT", "Pulsar Evolution 500"],
  ["Evolution", "800", "DEFAULT", "Pulsar Evolution 800"],
  ["Evolution", "1100", "DEFAULT", "Pulsar Evolution 1100"],
  ["Evolution", "1500", "DEFAULT", "Pulsar Evolution 1500"],
  ["Evolution", "2200", "DEFAULT", "Pulsar Evolution 2200"],
  ["Evolution", "3000", "DEFAULT", "Pulsar Evolution 3000"],
  ["Evolution", "3000XL", "DEFAULT", "Pulsar Evolution 3000 XL"],
  ["Evolution", "650", "EVOLUTION_650"],
  ["Evolution", "850", "EVOLUTION"],
  ["Evolution", "1150", "EVOLUTION"],
  ["Evolution", "S 1250", "EVOLUTION"],
  ["Evolution", "1550", "EVOLUTION"],
  ["Evolution", "S 1750", "EVOLUTION"],
  ["Evolution", "2000", "EVOLUTION"],
  ["Evolution", "S 2500", "EVOLUTION"],
  ["Evolution", "S 3000", "EVOLUTION"],
  ["Eaton 5P", "650", "5P", "5P 650"],
  ["Eaton 5P", "850", "5P", "5P 850"],
  ["Eaton 5P", "1150", "5P", "5P 1150"],
  ["Eaton 5P", "1550", "5P", "5P 1550"],
  ["Eaton 5PX", "1500", "5P"],
  ["Eaton 5PX", "2200", "5P"],
  ["Eaton 5PX", "3000", "5P"],
  ["Eaton 5SC", "500", "5P"],
  ["Eaton 5SC", "750", "5P"],
  ["Eaton 5SC", "1000", "5P"],
  ["Eaton 5SC", "1500", "5P"],
  ["Eaton 5SC", "2200", "5P"],
  ["Eaton 5SC", "3000", "5P"],
  ["Ellipse PRO", "1200 ", "5P", "Eaton 5S1200"],
  ["Ellipse PRO", "1500 ", "5P", "Eaton 5S1500"],
  ["Ellipse PRO", "1600 ", "5P", "Eaton 5S1600"],
  ["Eaton 9E", "1000", "9E", "9E1000"],
  ["Eaton 9E", "1000i", "9E", "9E1000i"],
  ["Eaton 9E", "1000iau", "9E", "9E1000iau"],
  ["Eaton 9E", "1000ir", "9E", "9E1000ir"],
  ["Eaton 9E", "2000", "9E", "9E2000"],
  ["Eaton 9E", "2000i", "9E", "9E2000i"],
  ["Eaton 9E", "2000iau", "9E", "9E2000iau"],
  ["Eaton 9E", "2000ir", "9E", "9E2000ir"],
  ["Eaton 9E", "3000", "9E", "9E3000"],
  ["Eaton 9E", "3000i", "9E", "9E3000i"],
  ["Eaton 9E", "3000iau", "9E", "9E3000iau"],
  ["Eaton 9E", "3000ir", "9E", "9E3000ir"],
  ["Eaton 9E", "3000ixl", "9E", "9E3000ixl"],
  ["Eaton 9E", "3000ixlau", "9E", "9E3000ixlau"],
  ["unknown", "1000", "9E", "9E1000i (presumed)"],
  ["unknown", "2000", "9E", "9E2000i (presumed)"],
  ["unknown", "3000", "9E", "9E3000i (presumed)"],
  ["Eaton 9SX", "700i", "9E", "9SX700i"],
  ["Eaton 9SX", "1000i", "9E", "9SX1000i"],
  ["Eaton 9SX", "1000im", "9E", "9SX1000im"],
  ["Eaton 9SX", "1500i", "9E", "9SX1500i"],
  ["Eaton 9SX", "2000i", "9E", "9SX2000i"],
  ["Eaton 9SX", "3000i", "9E", "9SX3000i"],
  ["Eaton 9SX", "3000im", "9E", "9SX3000im"],
  ["Eaton 9SX", "1000ir", "9E", "9SX1000ir"],
  ["Eaton 9SX", "1500ir", "9E", "9SX1500ir"],
  ["Eaton 9SX", "2000ir", "9E", "9SX2000ir"],
  ["Eaton 9SX", "3000ir", "9E", "9SX3000ir"],
  ["Eaton 9PX", "1000irt2u", "9E", "9px1000irt2u"],
  ["Eaton 9PX", "1500irt2u", "9E", "9px1500irt2u"],
  ["Eaton 9PX", "1500irtm", "9E", "9px1500irtm"],
  ["Eaton 9PX", "2200irt2u", "9E", "9px2200irt2u"],
  ["Eaton 9PX", "2200irt3u", "9E", "9px2200irt3u"],
  ["Eaton 9PX", "3000irt2u", "9E", "9px3000irt2u"],
  ["Eaton 9PX", "3000irt3u", "9E", "9px3000irt3u"],
  ["Eaton 9PX", "3000irtm", "9E", "9px3000irtm"],
  ["PULSAR M", "2200", "PULSAR_M"],
  ["PULSAR M", "3000", "PULSAR_M"],
  ["PULSAR M", "3000 XL", "PULSAR_M"],
  ["EX", "2200", "PULSAR_M"],
  ["EX", "3000", "PULSAR_M"],
  ["EX", "3000 XL", "PULSAR_M"],
  ["PULSAR", "MX4000", "DEFAULT", "Pulsar MX 4000 RT"],
  ["PULSAR", "MX5000", "DEFAULT", "Pulsar MX 5000 RT"],
  ["NOVA AVR", "500", "DEFAULT", "Nova 500 AVR"],
  ["NOVA AVR", "600", "DEFAULT", "Nova 600 AVR"],
  ["NOVA AVR", "625", "DEFAULT", "Nova 625 AVR"],
  ["NOVA AVR", "1100", "DEFAULT", "Nova 1100 AVR"],
  ["NOVA AVR", "1250", "DEFAULT", "Nova 1250 AVR"],
  ["EXtreme", "700C", "DEFAULT", "Pulsar EXtreme 700C"],
  ["EXtreme", "1000C", "DEFAULT", "Pulsar EXtreme 1000C"],
  ["EXtreme", "1500C", "DEFAULT", "Pulsar EXtreme 1500C"],
  ["EXtreme", "1500CCLA", "DEFAULT", "Pulsar EXtreme 1500C CLA"],
  ["EXtreme", "2200C", "DEFAULT", "Pulsar EXtreme 2200C"],
  ["EXtreme", "3200C", "DEFAULT", "Pulsar EXtreme 3200C"],
  ["EX", "700RT", "DEFAULT", "Pulsar EX 700 RT"],
  ["EX", "1000RT", "DEFAULT", "Pulsar EX 1000 RT"],
  ["EX", "1500RT", "DEFAULT", "Pulsar EX 1500 RT"],
  ["EX", "2200RT", "DEFAULT", "Pulsar EX 2200 RT"],
  ["EX", "3200RT", "DEFAULT", "Pulsar EX 3200 RT"],
  ["EX", "5RT31", "DEFAULT", "EX 5 RT 3:1"],
  ["EX", "7RT31", "DEFAULT", "EX 7 RT 3:1"],
  ["EX", "11RT31", "DEFAULT", "EX 11 RT 3:1"],
  ["EX", "5RT", "DEFAULT", "EX 5 RT"],
  ["EX", "7RT", "DEFAULT", "EX 7 RT"],
  ["EX", "11RT", "DEFAULT", "EX 11 RT"],
  ["GALAXY", "3000_10", "DEFAULT", "Galaxy 3000 10 kVA"],
  ["GALAXY", "3000_15", "DEFAULT", "Galaxy 3000 15 kVA"],
  ["GALAXY", "3000_20", "DEFAULT", "Galaxy 3000 20 kVA"],
  ["GALAXY", "3000_30", "DEFAULT", "Galaxy 3000 30 kVA"],
];

/** What NUT makes of a model. */
export interface MgeModel {
  /** ups.model. */
  readonly name: string;
  /** The family (DEFAULT when no row matches). */
  readonly family: MgeFamily;
}

/**
 * ups.model and the family of a device (NUT's get_model_name: both strings compared exactly).
 * @param iProduct the USB product string ("unknown" when the device has none)
 * @param iModel the iModel string, or the nominal apparent power as an integer
 * @returns the model
 * @example
 * ```ts
 * import { assertEquals } from "../../../testing/asserts.ts";
 * assertEquals(mgeModel("Eaton 5P", "650"), { name: "5P 650", family: "5P" });
 * assertEquals(mgeModel("Eaton 3S", "850 "), { name: "Eaton 3S 850 ", family: "DEFAULT" });
 * ```
 */
export function mgeModel(iProduct: string, iModel: string): MgeModel {
  const row = MODELS.find(([product, model]) => product === iProduct && model === iModel);
  return { name: row?.[3] ?? `${iProduct} ${iModel}`, family: row?.[2] ?? "DEFAULT" };
}

/**
 * Whether a family is one of the offline models (NUT: a type below MGE_DEFAULT).
 * @param family the family
 * @returns true for OFFLINE, PEGASUS and 3S
 */
export function isOffline(family: MgeFamily): boolean {
  return family === "OFFLINE" || family === "PEGASUS" || family === "3S";
}
