/**
 * What upsdrvctl does for a command, decided from ups.conf alone (pure): which UPS sections, in which
 * order, with which start limits. `start` and `stop` follow the file order; `shutdown` goes by `sdorder`
 * (0 first, then 1, 2, ...; -1 never, unless that UPS is named explicitly).
 * @module
 */
import { findSection, type UpsConf, type UpsSection } from "../../config/ups_conf.ts";

/** upsdrvctl's commands. */
export type DrvctlCommand = "start" | "stop" | "shutdown";

/** One driver to act on, with its effective settings (section value, else global, else NUT's default). */
export interface PlannedDriver {
  /** The ups.conf section. */
  section: UpsSection;
  /** UPS name. */
  ups: string;
  /** Driver program name. */
  driver: string;
  /** Start attempts. */
  maxretry: number;
  /** Seconds between attempts. */
  retrydelay: number;
  /** Seconds to wait for a start. */
  maxstartdelay: number;
}

/** A UPS named on the command line is not in ups.conf (NUT: "UPS <x> not found in ups.conf", exit 1). */
export class UnknownUpsError extends Error {
  /** @param ups the name */
  constructor(readonly ups: string) {
    super(`UPS ${ups} not found in ups.conf`);
    this.name = "UnknownUpsError";
  }
}

/**
 * Plans a command.
 * @param conf ups.conf
 * @param command start, stop or shutdown
 * @param target one UPS name, or undefined for all
 * @returns the drivers in the order to act on them
 * @throws {UnknownUpsError} when `target` is not a section
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { parseUpsConf } from "../../config/ups_conf.ts";
 * const c = parseUpsConf("[a]\ndriver=d\nport=p\nsdorder=2\n[b]\ndriver=d\nport=p\nsdorder=1\n[c]\ndriver=d\nport=p\nsdorder=-1\n", "ups.conf");
 * assertEquals(planDrivers(c, "shutdown").map((d) => d.ups), ["b", "a"]);
 * assertEquals(planDrivers(c, "start").map((d) => d.ups), ["a", "b", "c"]);
 * ```
 */
export function planDrivers(conf: UpsConf, command: DrvctlCommand, target?: string): PlannedDriver[] {
  let sections: UpsSection[];
  if (target !== undefined) {
    const s = findSection(conf, target);
    if (!s) throw new UnknownUpsError(target);
    sections = [s];
  } else if (command === "shutdown") {
    sections = conf.sections
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.sdorder >= 0)
      .sort((x, y) => x.s.sdorder - y.s.sdorder || x.i - y.i)
      .map(({ s }) => s);
  } else {
    sections = conf.sections;
  }
  return sections.map((section) => ({
    section,
    ups: section.name,
    driver: section.driver,
    maxretry: Math.max(1, section.maxretry ?? conf.global.maxretry),
    retrydelay: Math.max(0, section.retrydelay ?? conf.global.retrydelay),
    maxstartdelay: Math.max(1, section.maxstartdelay ?? conf.global.maxstartdelay),
  }));
}
