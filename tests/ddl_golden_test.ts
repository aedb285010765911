/**
 * Conformance without the reference NUT: a few DDL dumps (tests/fixtures/ddl) with the DUMPALL
 * transcripts NUT 2.8.0's dummy-ups produced for them (regenerate with tests/ddl_golden_update.ts), served
 * by our dummy-ups in this process. The sections also cover ups.conf's default.*, override.* (first one
 * wins, immutable), nolock, ignorelb and pollinterval, long values, a line-joining backslash, an
 * unbalanced quote, non-ASCII bytes and the empty-value defect of NUT 2.8.0 (see driver_helpers.ts).
 * @module
 */
import { join } from "node:path";
import { parseUpsConf } from "../config/ups_conf.ts";
import { buildInstanceConfig } from "../lib/driver/instance_config.ts";
import { startDriverInstance } from "../lib/driver/instance.ts";
import { dummyUps } from "../lib/drivers/dummy_ups/mod.ts";
import { silentLogger } from "../lib/log.ts";
import { assertEquals } from "../lib/testing/asserts.ts";
import { compareDumps, dumpAllOf, emptyValueNames } from "./driver_helpers.ts";
import { GOLDEN_DIR } from "./ddl_golden_update.ts";
import { tempDir } from "./helpers.ts";

const confFile = join(GOLDEN_DIR, "ups.conf");
const conf = parseUpsConf(Deno.readTextFileSync(confFile), confFile);

for (const section of conf.sections) {
  Deno.test({
    name: `dummy-ups serves ${section.port} ([${section.name}]) as NUT 2.8.0 does`,
    async fn() {
      const expected = (await Deno.readTextFile(join(GOLDEN_DIR, `${section.name}.dumpall`))).trimEnd().split(
        "\n",
      );
      await using state = await tempDir("nut-golden-");
      const config = buildInstanceConfig({
        program: dummyUps,
        upsName: section.name,
        global: conf.global,
        section,
        confFile,
      });
      await using drv = await startDriverInstance({
        program: dummyUps,
        config,
        statePath: state.path,
        confPath: GOLDEN_DIR,
        log: silentLogger(),
      });
      const ours = await dumpAllOf(drv.socketPath);
      const defects = emptyValueNames(await Deno.readTextFile(join(GOLDEN_DIR, section.port)));
      assertEquals(compareDumps(expected, ours, defects), undefined);
    },
  });
}

Deno.test({
  name: "the golden comparison notices a changed value, flag or order",
  permissions: "none",
  fn() {
    const nut = ['SETINFO a "1"', "SETFLAGS a RW", 'SETINFO b "2"', "DUMPDONE"];
    assertEquals(compareDumps(nut, nut), undefined);
    assertEquals(
      typeof compareDumps(nut, ['SETINFO a "1"', "SETFLAGS a RW STRING", 'SETINFO b "2"', "DUMPDONE"]),
      "string",
    );
    assertEquals(
      typeof compareDumps(nut, ['SETINFO b "2"', 'SETINFO a "1"', "SETFLAGS a RW", "DUMPDONE"]),
      "string",
    );
    assertEquals(typeof compareDumps(nut, nut.slice(1)), "string");
    // The version variables are the only ones ignored; a defect name must be empty on our side.
    assertEquals(
      compareDumps(['SETINFO driver.version "2.8.0"', ...nut], ['SETINFO driver.version "9"', ...nut]),
      undefined,
    );
    assertEquals(compareDumps(['SETINFO a "x"'], ['SETINFO a ""'], new Set(["a"])), undefined);
    assertEquals(typeof compareDumps(['SETINFO a "x"'], ['SETINFO a "x"'], new Set(["a"])), "string");
  },
});
