/**
 * The `nut` binary: `nut <command> ...`, or a NUT program name (upsd, upsc, upscmd, upsrw, upsdrvctl,
 * dummy-ups, ...) when started through a symlink of that name (or with NUT_ARGV0 set by the launcher).
 * @module
 */
import process from "node:process";
import { basename } from "node:path";
import { programFor } from "./cmd/programs.ts";

/**
 * Runs the program named by argv0, or the native `nut` command line.
 * @param args arguments after the program name
 * @param argv0 the name the binary was started as
 * @returns the exit code
 */
export async function main(args: string[], argv0: string): Promise<number> {
  const { load, prefix } = programFor(argv0, args);
  const mod = await load();
  return await mod.main([...prefix, ...args]);
}

if (import.meta.main) {
  const argv0 = Deno.env.get("NUT_ARGV0") || basename(process.argv0 || "nut");
  const code = await main(Deno.args, argv0);
  // Daemons keep the event loop alive themselves; commands end here.
  if (code !== -1) Deno.exit(code);
}
