/**
 * Many driver instances in one process (what upsdrvctl does with 50 sections): each serves its own
 * device on its own socket, a bad section fails alone, and stopping one leaves the others serving.
 * Timing is measured elsewhere (no timing assertions here).
 * @module
 */
import { join } from "node:path";
import { buildInstanceConfig } from "../lib/driver/instance_config.ts";
import { DriverStartError, type RunningDriver, startDriverInstance } from "../lib/driver/instance.ts";
import { dummyUps } from "../lib/drivers/dummy_ups/mod.ts";
import { silentLogger } from "../lib/log.ts";
import { assertEquals, assertRejects } from "../lib/testing/asserts.ts";
import { dumpAllOf } from "./driver_helpers.ts";
import { ROOT, tempDir } from "./helpers.ts";

const FIXTURES = join(ROOT, "tests", "fixtures", "ddl");
const COUNT = 50;

function start(statePath: string, ups: string, port: string): Promise<RunningDriver> {
  return startDriverInstance({
    program: dummyUps,
    config: buildInstanceConfig({
      program: dummyUps,
      upsName: ups,
      extra: [{ key: "port", value: port, origin: "-x" }, {
        key: "override.ups.id",
        value: ups,
        origin: "-x",
      }],
    }),
    statePath,
    confPath: FIXTURES,
    pidPath: statePath,
    log: silentLogger(),
  });
}

Deno.test("50 dummy-ups instances run in one process, each on its own socket and PID file", async () => {
  await using dir = await tempDir("nut-many-");
  const files = [...Deno.readDirSync(FIXTURES)].map((e) => e.name).filter((n) => n.endsWith(".dev")).sort();
  const running = await Promise.all(
    Array.from({ length: COUNT }, (_, i) => start(dir.path, `ups${i}`, files[i % files.length])),
  );
  try {
    const dumps = await Promise.all(running.map((r) => dumpAllOf(r.socketPath)));
    for (let i = 0; i < COUNT; i++) {
      assertEquals(dumps[i].includes(`SETINFO ups.id "ups${i}"`), true, `ups${i}`);
      assertEquals(dumps[i].includes(`SETINFO driver.parameter.port "${files[i % files.length]}"`), true);
      assertEquals(dumps[i].at(-2), "DATAOK");
      assertEquals(
        (await Deno.readTextFile(join(dir.path, `dummy-ups-ups${i}.pid`))).trim(),
        String(Deno.pid),
      );
    }
    // A section whose file is missing fails alone.
    await assertRejects(
      () => start(dir.path, "broken", "no-such-file.dev"),
      DriverStartError,
      "no-such-file.dev",
    );
    // Stopping one leaves the others serving.
    await running[0].stop();
    await assertRejects(() => Deno.stat(running[0].socketPath), Deno.errors.NotFound);
    await assertRejects(() => Deno.stat(join(dir.path, "dummy-ups-ups0.pid")), Deno.errors.NotFound);
    assertEquals((await dumpAllOf(running[1].socketPath)).at(-1), "DUMPDONE");
  } finally {
    await Promise.all(running.map((r) => r.stop()));
  }
  const left = [...Deno.readDirSync(dir.path)];
  assertEquals(left, []);
});
