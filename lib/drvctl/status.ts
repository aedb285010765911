/**
 * `upsdrvctl status`: for each driver, what its PID file and its socket say (newer NUT's report).
 * @module
 */
import { processExists, readPidFile } from "../daemon/pidfile.ts";
import { askDriver } from "../driver/takeover.ts";
import { socketPath } from "../sock/path.ts";
import { splitWords } from "../words/split.ts";
import type { NutPaths } from "../../config/paths.ts";
import { pidFileCandidates } from "./stop.ts";
import type { PlannedDriver } from "./plan.ts";

/** One row of the report. */
export interface DriverStatus {
  /** UPS name. */
  ups: string;
  /** Driver program. */
  driver: string;
  /** RUNNING, STOPPED or N/A. */
  running: "RUNNING" | "STOPPED" | "N/A";
  /** PID from the PID file, or -3 when there is none. */
  pidFilePid: number;
  /** Whether PING got a PONG. */
  responsive: boolean;
  /** PID reported by GETPID, when answered. */
  socketPid?: string;
  /** ups.status from DUMPSTATUS, when answered. */
  status?: string;
}

/**
 * Probes one driver.
 * @param d the driver
 * @param paths NUT paths
 * @returns its row
 */
export async function probeDriver(d: PlannedDriver, paths: NutPaths): Promise<DriverStatus> {
  const sock = socketPath(paths.statePath, d.driver, d.ups);
  const pid = await readPidFile(pidFileCandidates(d, paths)[0]);
  const pong = await askDriver(sock, "PING", (ls) => ls.includes("PONG"), 1000);
  const pidReply = pong
    ? await askDriver(sock, "GETPID", (ls) => ls.some((l) => l.startsWith("PID ")), 1000)
    : undefined;
  const dump = pong ? await askDriver(sock, "DUMPSTATUS", (ls) => ls.includes("DUMPDONE"), 1000) : undefined;
  const socketPid = pidReply?.find((l) => l.startsWith("PID "))?.slice(4);
  const statusLine = dump?.map(splitWords).find((w) => w[0] === "SETINFO" && w[1] === "ups.status");
  const alive = (pid !== undefined && processExists(pid)) ||
    (socketPid !== undefined && /^\d+$/.test(socketPid) && processExists(Number(socketPid)));
  return {
    ups: d.ups,
    driver: d.driver,
    running: alive ? "RUNNING" : pid !== undefined ? "STOPPED" : "N/A",
    pidFilePid: pid ?? -3,
    responsive: pong !== undefined,
    socketPid,
    status: statusLine?.[2],
  };
}

/**
 * Formats the report: a heading, then TAB-separated rows (UPSNAME padded right, UPSDRV padded left).
 * @param rows the rows
 * @returns the text, ending with a newline (empty when no rows)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const t = formatStatus([{ ups: "ups1", driver: "dummy-ups", running: "RUNNING", pidFilePid: 42, responsive: true, socketPid: "42", status: "OL" }]);
 * assertEquals(t.split("\n")[1], 'ups1   \tdummy-ups\tRUNNING\t42\tRESPONSIVE\t42\t"OL"');
 * ```
 */
export function formatStatus(rows: readonly DriverStatus[]): string {
  if (rows.length === 0) return "";
  const w1 = Math.max(7, ...rows.map((r) => r.ups.length));
  const w2 = Math.max(6, ...rows.map((r) => r.driver.length));
  const head = [
    "UPSNAME".padEnd(w1),
    "UPSDRV".padStart(w2),
    "RUNNING",
    "PF_PID",
    "S_RESPONSIVE",
    "S_PID",
    "S_STATUS",
  ];
  const lines = [head.join("\t")];
  for (const r of rows) {
    lines.push([
      r.ups.padEnd(w1),
      r.driver.padStart(w2),
      r.running,
      String(r.pidFilePid),
      r.responsive ? "RESPONSIVE" : "NOT_RESPONSIVE",
      r.socketPid ?? "N/A",
      r.status === undefined ? "" : JSON.stringify(r.status),
    ].join("\t"));
  }
  return lines.join("\n") + "\n";
}
