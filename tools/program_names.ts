/**
 * Prints every NUT program name this binary answers to, one per line (cmd/programs.ts: the programs and
 * the drivers of lib/drivers/catalog.ts): `make install` makes one symlink per name.
 *
 *   deno run --cached-only tools/program_names.ts
 * @module
 */
import { stdio } from "../lib/cli/io.ts";
import { programNames } from "../cmd/programs.ts";

stdio.out(programNames().join("\n") + "\n");
