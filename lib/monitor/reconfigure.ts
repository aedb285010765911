/**
 * A configuration reload (SIGHUP, `upsmon -c reload`), pure: UPSes still listed keep what is known of
 * them, new ones start fresh, removed ones are forgotten; changes NUT reports are logged. A new
 * configuration whose power values cannot reach MINSUPPLIES is refused (NUT exits instead).
 * @module
 */
import { totalPowerValue, type UpsmonConf } from "../../config/upsmon_conf.ts";
import { type MonitorState, newTrack } from "./state.ts";
import type { LogAction } from "./types.ts";

/** The result of {@linkcode reconfigure}. */
export interface Reconfiguration {
  /** The next state (the old one when refused). */
  state: MonitorState;
  /** What to log. */
  logs: LogAction[];
  /** Why the new configuration was refused, if it was. */
  refused?: string;
  /** MONITOR lines whose connection must be opened again (user, password or role changed, or new). */
  reconnect: string[];
}

/**
 * Applies a new configuration to the state.
 * @param state the current state
 * @param oldConf the configuration in use
 * @param newConf the new one
 * @param splitProcess true when a privileged parent holds SHUTDOWNCMD and POWERDOWNFLAG (they then need
 *   a restart to change)
 * @returns the new state, log lines, and the connections to renew
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { parseUpsmonConf } from "../../config/upsmon_conf.ts";
 * import { initialState } from "./state.ts";
 * const a = parseUpsmonConf("MONITOR x@h 1 u p primary\n", "upsmon.conf");
 * const b = parseUpsmonConf("MONITOR x@h 1 u p primary\nMONITOR y@h 1 u p secondary\nMINSUPPLIES 2\n", "upsmon.conf");
 * const r = reconfigure(initialState(a), a, b, false);
 * assertEquals([r.state.ups.map((t) => t.system), r.reconnect], [["x@h", "y@h"], ["y@h"]]);
 * ```
 */
export function reconfigure(
  state: MonitorState,
  oldConf: Readonly<UpsmonConf>,
  newConf: Readonly<UpsmonConf>,
  splitProcess: boolean,
): Reconfiguration {
  const logs: LogAction[] = [];
  const log = (severity: LogAction["severity"], message: string) =>
    logs.push({ kind: "log", severity, message });
  const total = totalPowerValue(newConf);
  if (total < newConf.minSupplies) {
    const why = `total power value (${total}) less than MINSUPPLIES (${newConf.minSupplies})`;
    log("error", `Reload refused, keeping the previous configuration: ${why}`);
    return { state, logs, refused: why, reconnect: [] };
  }
  if (splitProcess) {
    const same = (a?: string[], b?: string[]) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    if (!same(oldConf.shutdownCmd, newConf.shutdownCmd)) {
      log("warning", "Warning: SHUTDOWNCMD redefined in split-process mode!");
      log("warning", "You must restart upsmon for this change to work");
    }
    if (oldConf.powerDownFlag !== newConf.powerDownFlag) {
      log("warning", "Warning: POWERDOWNFLAG redefined in split-process mode!");
      log("warning", "You must restart upsmon for this change to work");
    }
  }
  const next = structuredClone(state);
  const reconnect: string[] = [];
  next.ups = newConf.monitors.map((entry) => {
    const track = next.ups.find((t) => t.system === entry.system);
    const old = oldConf.monitors.find((m) => m.system === entry.system);
    if (!track || !old) {
      log(
        "info",
        entry.powerValue
          ? `UPS: ${entry.system} (${entry.role}) (power value ${entry.powerValue})`
          : `UPS: ${entry.system} (monitoring only)`,
      );
      reconnect.push(entry.system);
      return newTrack(entry);
    }
    if (old.powerValue !== entry.powerValue) {
      log("info", `UPS [${entry.system}]: redefined power value to ${entry.powerValue}`);
      track.powerValue = entry.powerValue;
    }
    let renew = false;
    if (old.username !== entry.username) {
      log("info", `UPS [${entry.system}]: redefined username`);
      renew = true;
    }
    if (old.password !== entry.password) {
      log("info", `UPS [${entry.system}]: redefined password`);
      renew = true;
    }
    if (old.role !== entry.role) {
      log("info", `UPS [${entry.system}]: redefined as a ${entry.role}`);
      track.primary = entry.role === "primary";
      renew = true;
    }
    if (renew) reconnect.push(entry.system);
    return track;
  });
  for (const old of oldConf.monitors) {
    if (!newConf.monitors.some((m) => m.system === old.system)) {
      log("notice", `No longer monitoring UPS [${old.system}]`);
    }
  }
  return { state: next, logs, reconnect };
}
