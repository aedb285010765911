/**
 * Regenerates the golden DUMPALL transcripts of tests/fixtures/ddl from NUT 2.8.0's dummy-ups:
 * `deno run -A tests/ddl_golden_update.ts` (needs /lib/nut/dummy-ups). Not a test: its output is checked
 * in and compared by tests/ddl_golden_test.ts where NUT is not installed.
 * @module
 */
import { join } from "node:path";
import { parseUpsConf } from "../config/ups_conf.ts";
import { socketPath } from "../lib/sock/path.ts";
import { stdio } from "../lib/cli/io.ts";
import { dumpAllOf, spawnNutDummy } from "./driver_helpers.ts";
import { ROOT, tempDir } from "./helpers.ts";

/** Where the fixtures live. */
export const GOLDEN_DIR: string = join(ROOT, "tests", "fixtures", "ddl");

if (import.meta.main) {
  const confFile = join(GOLDEN_DIR, "ups.conf");
  const conf = parseUpsConf(await Deno.readTextFile(confFile), confFile);
  await using state = await tempDir("nut-golden-");
  for (const s of conf.sections) {
    const proc = spawnNutDummy(s.name, GOLDEN_DIR, state.path);
    try {
      const lines = await dumpAllOf(socketPath(state.path, "dummy-ups", s.name), 20_000);
      await Deno.writeTextFile(join(GOLDEN_DIR, `${s.name}.dumpall`), lines.join("\n") + "\n");
      stdio.out(`${s.name}: ${lines.length} lines\n`);
    } finally {
      await proc.stop();
    }
  }
}
