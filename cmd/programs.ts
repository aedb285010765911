/**
 * The table of program names: NUT's names (through symlinks) and the native `nut` subcommands.
 * Modules load lazily so that `upsc` never loads the server, libusb or libc.
 * @module
 */

import { catalogEntry, driverNames } from "../lib/drivers/catalog.ts";

/** A command module: `main(args)` resolves to the exit code, or -1 for a daemon that keeps running. */
export interface CommandModule {
  /** Runs the command. */
  main(args: string[]): Promise<number>;
}

/** How to start one program. */
export interface ProgramEntry {
  /** Loads the command module. */
  load: () => Promise<CommandModule>;
  /** Arguments put in front of the user's (e.g. the driver name for `dummy-ups`). */
  prefix: string[];
}

/** NUT program names this binary answers to, and the module that implements each. */
export const NUT_PROGRAMS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  upsc: () => import("./upsc.ts"),
  upscmd: () => import("./upscmd.ts"),
  upsrw: () => import("./upsrw.ts"),
  upsd: () => import("./server.ts"),
  upsdrvctl: () => import("./upsdrvctl.ts"),
  upssched: () => import("./upssched.ts"),
  upslog: () => import("./upslog.ts"),
  upsmon: () => import("./upsmon.ts"),
  "nut-scanner": () => import("./nut_scanner.ts"),
};

/**
 * Every NUT program name this binary answers to: the programs above and the drivers of the catalogue
 * (lib/drivers/catalog.ts; each runs `cmd/driver.ts` with its own name first). `make install` makes one
 * symlink per name (tools/program_names.ts prints them).
 * @returns the names
 */
export function programNames(): string[] {
  return [...Object.keys(NUT_PROGRAMS), ...driverNames()];
}

/**
 * Finds the program for an argv0 (NUT name) or falls back to the native `nut` command.
 * @param argv0 base name the binary was started as
 * @param _args the arguments (unused: the native command reads them itself)
 * @returns the entry
 */
export function programFor(argv0: string, _args: readonly string[]): ProgramEntry {
  const name = argv0.replace(/\.(exe|ts|js)$/, "");
  const nut = NUT_PROGRAMS[name];
  if (nut) return { load: nut, prefix: [] };
  if (catalogEntry(name)) return { load: () => import("./driver.ts"), prefix: [name] };
  return { load: () => import("./nut.ts"), prefix: [] };
}
