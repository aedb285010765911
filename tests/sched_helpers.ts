/**
 * Helpers of the upssched tests: where NUT 2.8.0's upssched is, and finding and ending the timer daemons
 * a test started (they detach from the call that started them).
 * @module
 */
import process from "node:process";
import { waitFor } from "./helpers.ts";

/** NUT 2.8.0's upssched (Debian's nut-client). */
export const NUT_UPSSCHED = "/sbin/upssched";

/**
 * Whether NUT's upssched is missing (its tests are then skipped).
 * @returns true when it is not installed
 */
export function nutUpsschedMissing(): boolean {
  try {
    return !Deno.statSync(NUT_UPSSCHED).isFile;
  } catch {
    return true;
  }
}

/**
 * Processes whose initial environment or executable mentions `marker` (the daemons of one test).
 * @param marker a test's temporary directory, or the path of its private copy of a NUT program
 * @returns their PIDs (never this process)
 */
export function processesOf(marker: string): number[] {
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const environ = Deno.readTextFileSync(`/proc/${e.name}/environ`);
      let exe = "";
      try {
        exe = Deno.readLinkSync(`/proc/${e.name}/exe`);
      } catch { /* kernel thread */ }
      if (environ.includes(marker) || exe.includes(marker)) pids.push(Number(e.name));
    } catch { /* gone */ }
  }
  return pids.filter((p) => p !== Deno.pid);
}

/**
 * Ends the timer daemons a test started (found by their environment or executable): SIGTERM, then
 * SIGKILL after 5 s.
 * @param marker as for {@linkcode processesOf}
 */
export async function killDaemons(marker: string): Promise<void> {
  for (const pid of processesOf(marker)) {
    try {
      process.kill(pid, "SIGTERM");
    } catch { /* gone */ }
  }
  await waitFor(() => processesOf(marker).length === 0, "timer daemons to end", 5000).catch(() => {
    for (const pid of processesOf(marker)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch { /* gone */ }
    }
  });
}
