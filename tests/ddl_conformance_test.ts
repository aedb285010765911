/**
 * Conformance with NUT 2.8.0's dummy-ups on every device dump of the shared DDL (NUT's Devices Dumps
 * Library): for each `*.dev` file, NUT's /lib/nut/dummy-ups and our dummy-ups serve the same file, and
 * their DUMPALL transcripts must be identical: same variables, values, flags, aux, enums, ranges,
 * commands, order and staleness.
 *
 * Documented exceptions (keep this list minimal):
 * - `driver.version` and `driver.version.internal` carry each implementation's own versions;
 * - NUT 2.8.0 defect: a line with a name and no value (`device.mfr:`) repeats the previous line's value
 *   (an uncleared buffer in drivers/dummy-ups.c); we serve the empty value, and NUT's start-up copy of
 *   ups.mfr/model/serial into device.* carries the defect there too. See emptyValueNames().
 *
 * NUT runs one process per device (a bounded pool); ours run in this process, in batches. Both run with
 * `synchronous = yes`, which NUT needs to send big dumps reliably (see below).
 * @module
 */
import { join } from "node:path";
import { parseUpsConf } from "../config/ups_conf.ts";
import { buildInstanceConfig } from "../lib/driver/instance_config.ts";
import { type RunningDriver, startDriverInstance } from "../lib/driver/instance.ts";
import { dummyUps } from "../lib/drivers/dummy_ups/mod.ts";
import { KNOWN_VARS } from "../lib/drivers/dummy_ups/known_vars.ts";
import { silentLogger } from "../lib/log.ts";
import { socketPath } from "../lib/sock/path.ts";
import { assertEquals } from "../lib/testing/asserts.ts";
import { compareDumps, devFiles, dumpAllOf, emptyValueNames, pool, spawnNutDummy } from "./driver_helpers.ts";
import { nutPeerMissing, SHARED_DATA, tempDir } from "./helpers.ts";

const DDL = join(SHARED_DATA, "ddl");

function ddlMissing(): string | undefined {
  try {
    Deno.statSync(DDL);
    return undefined;
  } catch {
    return `${DDL} missing`;
  }
}

/** NUT processes at once. */
const NUT_POOL = 48;
/** Our instances at once. */
const OUR_BATCH = 60;

Deno.test({
  name: "dummy-ups serves every DDL device dump exactly as NUT 2.8.0's dummy-ups does",
  ignore: nutPeerMissing() !== undefined || ddlMissing() !== undefined,
  async fn() {
    const files = await devFiles(DDL);
    await using dir = await tempDir("nut-ddl-");
    const nutState = join(dir.path, "nut");
    const ourState = join(dir.path, "ours");
    for (const d of [nutState, ourState]) {
      await Deno.mkdir(d);
      await Deno.chmod(d, 0o777);
    }
    // synchronous = yes: NUT's asynchronous socket writes drop a client that reads a big dump a bit slowly
    // ("write ... failed (ret=-1), disconnecting: Resource temporarily unavailable").
    const sections = files.map((f, i) => `[f${i}]\n\tdriver = dummy-ups\n\tport = "${f}"\n`).join("");
    const confText = `synchronous = yes\n${sections}`;
    const confFile = await dir.write("ups.conf", confText);
    const conf = parseUpsConf(confText, confFile);

    const nutDumps = await pool(files, NUT_POOL, async (_f, i) => {
      const proc = spawnNutDummy(`f${i}`, dir.path, nutState);
      try {
        return await dumpAllOf(socketPath(nutState, "dummy-ups", `f${i}`), 30_000);
      } catch (e) {
        throw new Error(`NUT dummy-ups on ${files[i]}: ${(e as Error).message}\n${proc.stderr}`);
      } finally {
        await proc.stop();
      }
    });

    const ourDumps: string[][] = [];
    for (let start = 0; start < files.length; start += OUR_BATCH) {
      const batch = files.slice(start, start + OUR_BATCH).map((_f, j) => start + j);
      const running: RunningDriver[] = [];
      try {
        for (const i of batch) {
          const config = buildInstanceConfig({
            program: dummyUps,
            upsName: `f${i}`,
            global: conf.global,
            section: conf.sections[i],
            confFile,
          });
          running.push(
            await startDriverInstance({
              program: dummyUps,
              config,
              statePath: ourState,
              confPath: dir.path,
              log: silentLogger(),
            }),
          );
        }
        const dumps = await Promise.all(running.map((r) => dumpAllOf(r.socketPath)));
        ourDumps.push(...dumps);
      } finally {
        await Promise.all(running.map((r) => r.stop()));
      }
    }

    const failures: string[] = [];
    const defective: string[] = [];
    for (let i = 0; i < files.length; i++) {
      const defects = emptyValueNames(await Deno.readTextFile(files[i]));
      if (defects.size) defective.push(files[i].slice(DDL.length + 1));
      const diff = compareDumps(nutDumps[i], ourDumps[i], defects);
      if (diff) failures.push(`${files[i].slice(DDL.length + 1)}: ${diff}`);
    }
    assertEquals(failures, [], `${failures.length} of ${files.length} dumps differ`);
    // The defect exception must stay an exception: a handful of files, not a way to hide differences.
    assertEquals(
      defective.length < files.length / 4,
      true,
      `too many defect exceptions: ${defective.length}`,
    );
  },
});

Deno.test({
  name: "dummy-ups types every variable of its table (and others) exactly as NUT 2.8.0's dummy-ups does",
  ignore: nutPeerMissing() !== undefined,
  async fn() {
    // Every known variable (one in upper case: NUT looks names up ignoring case), values with spaces,
    // and variables dummy-ups does not know.
    const names = [...KNOWN_VARS.keys()].filter((n) => n !== "ups.status" && n !== "ups.id");
    const dev = [
      ...names.map((n, i) => `${n}: ${i} x`),
      "UPS.ID: upper case",
      "outlet.1.desc: not in the table",
      "ups.status: OB DISCHRG",
    ].join("\n") + "\n";
    await using dir = await tempDir("nut-table-");
    await dir.write("table.dev", dev);
    await dir.write("ups.conf", "synchronous = yes\n[t]\n driver = dummy-ups\n port = table.dev\n");
    const nutState = join(dir.path, "nut");
    await Deno.mkdir(nutState);
    await Deno.chmod(nutState, 0o777);
    const proc = spawnNutDummy("t", dir.path, nutState);
    let nut: string[];
    try {
      nut = await dumpAllOf(socketPath(nutState, "dummy-ups", "t"), 30_000);
    } finally {
      await proc.stop();
    }
    const conf = parseUpsConf(await Deno.readTextFile(join(dir.path, "ups.conf")), "ups.conf");
    await using drv = await startDriverInstance({
      program: dummyUps,
      config: buildInstanceConfig({
        program: dummyUps,
        upsName: "t",
        global: conf.global,
        section: conf.sections[0],
      }),
      statePath: dir.path,
      confPath: dir.path,
      log: silentLogger(),
    });
    const ours = await dumpAllOf(drv.socketPath);
    assertEquals(compareDumps(nut, ours), undefined);
    assertEquals(ours.includes("SETAUX UPS.ID 16"), true);
  },
});
