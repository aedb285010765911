/**
 * Process helpers of the benchmarks: memory of a process tree, starting stacks in temp directories.
 * @module
 */
import { rssKb } from "../tests/helpers.ts";

export { rssKb };

/**
 * PIDs of every process whose environment holds `entry` (e.g. `NUT_CONFPATH=/tmp/x`): a whole stack,
 * drivers and server, whatever their command lines.
 * @param entry `NAME=value` to look for in /proc/<pid>/environ
 * @returns the PIDs
 */
export function pidsWithEnv(entry: string): number[] {
  const out: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name) || Number(e.name) === Deno.pid) continue;
    try {
      const env = Deno.readTextFileSync(`/proc/${e.name}/environ`).split("\0");
      if (env.includes(entry)) out.push(Number(e.name));
    } catch { /* gone */ }
  }
  return out;
}

/**
 * Total resident memory of processes, in MB.
 * @param pids the processes
 * @returns MB
 */
export function totalRssMb(pids: readonly number[]): number {
  return pids.reduce((sum, p) => sum + rssKb(p), 0) / 1024;
}

/**
 * A field of /proc/<pid>/smaps_rollup in kB ("Pss": the process's fair share of the pages it shares with
 * others; "Anonymous": its private memory), 0 when unreadable.
 * @param pid the process
 * @param field the field name before the colon
 * @returns kB
 */
export function smapsKb(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(
      Deno.readTextFileSync(`/proc/${pid}/smaps_rollup`),
    );
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Total of a /proc/<pid>/smaps_rollup field over processes, in MB.
 * @param pids the processes
 * @param field "Pss" or "Anonymous" (smaps_rollup)
 * @returns MB
 */
export function totalSmapsMb(pids: readonly number[], field: string): number {
  return pids.reduce((sum, p) => sum + smapsKb(p, field), 0) / 1024;
}
