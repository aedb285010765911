// Our upsd serving our own dummy-ups (lib/drivers/dummy_ups): the data of a device dump, SET VAR and
// INSTCMD with TRACKING through to the driver; with NUT installed, NUT's upsd on the same driver answers
// the same.
import { assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { join } from "node:path";
import { FIXTURE_DDL, nutPeerMissing, spawnNut, waitFor } from "./helpers.ts";
import {
  AS_ROOT,
  nutSetup,
  type RunningServer,
  runScript,
  startNutUpsd,
  startOurUpsd,
  waitServing,
} from "./server_harness.ts";

const DEV_FILE = join(FIXTURE_DDL, "APC__Back-UPS_ES_525__usbhid-ups__2.6.0__01.dev");
const UPS_CONF = '[dev]\n driver = dummy-ups\n port = dev.dev\n desc = "our dummy-ups"\n';

Deno.test({
  name: "our upsd serves our dummy-ups: data, SET VAR and INSTCMD with TRACKING, like NUT's upsd does",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await using setup = await nutSetup(UPS_CONF);
    await Deno.copyFile(DEV_FILE, join(setup.confPath, "dev.dev"));
    await Deno.chmod(join(setup.confPath, "dev.dev"), 0o644);
    await using driver = spawnNut("dummy-ups", ["-a", "dev", ...AS_ROOT, "-F"], { env: setup.env() });
    await waitFor(
      async () => {
        try {
          return (await Deno.stat(join(setup.statePath, "dummy-ups-dev"))).isSocket;
        } catch {
          return false;
        }
      },
      "our dummy-ups socket",
      20_000,
    ).catch((e) => {
      throw new Error(`${e.message}\n${driver.stderr}`);
    });
    await using ours = await startOurUpsd(setup);
    await waitServing(ours.port, "dev");

    await t.step("the device dump is served", async () => {
      const r = await runScript(ours.port, [
        "GET VAR dev ups.model",
        "GET VAR dev battery.charge",
        "GET UPSDESC dev",
        "GET VAR dev driver.name",
      ]);
      assertEquals(r, [
        ">> GET VAR dev ups.model",
        'VAR dev ups.model "Back-UPS ES 525"',
        ">> GET VAR dev battery.charge",
        'VAR dev battery.charge "100"',
        ">> GET UPSDESC dev",
        'UPSDESC dev "our dummy-ups"',
        ">> GET VAR dev driver.name",
        'VAR dev driver.name "dummy-ups"',
      ]);
    });

    await t.step(
      "SET VAR reaches the driver and comes back as a new value, with a TRACKING result",
      async () => {
        const r = await runScript(ours.port, [
          "USERNAME admin",
          "PASSWORD secret",
          "SET TRACKING ON",
          "SET VAR dev battery.charge 42",
          "?GET TRACKING $1",
        ]);
        assertEquals(r.slice(-4), [
          ">> SET VAR dev battery.charge 42",
          "OK TRACKING <ID1>",
          ">> ?GET TRACKING $1",
          "SUCCESS",
        ]);
        await waitFor(
          async () =>
            (await runScript(ours.port, ["GET VAR dev battery.charge"]))[1] === 'VAR dev battery.charge "42"',
          "the driver's new value",
        );
      },
    );

    await t.step("INSTCMD reaches the driver and its answer comes back through TRACKING", async () => {
      const cmds = await runScript(ours.port, ["LIST CMD dev"]);
      const r = await runScript(ours.port, [
        "USERNAME admin",
        "PASSWORD secret",
        "SET TRACKING ON",
        "INSTCMD dev no.such.command",
        "INSTCMD dev load.off",
        "?GET TRACKING $1",
      ]);
      assertStringIncludes(cmds.join("\n"), "CMD dev load.off");
      // dummy-ups performs no real command: like NUT's, it answers "unknown" (STAT_INSTCMD_UNKNOWN).
      assertEquals(r.slice(-5), [
        "ERR CMD-NOT-SUPPORTED",
        ">> INSTCMD dev load.off",
        "OK TRACKING <ID1>",
        ">> ?GET TRACKING $1",
        "ERR UNKNOWN",
      ]);
    });

    await t.step({
      name: "NUT 2.8.0's upsd on the same driver lists the same variables",
      ignore: nutPeerMissing() !== undefined,
      async fn() {
        const nut: RunningServer = await startNutUpsd(setup);
        try {
          await waitServing(nut.port, "dev");
          const script = ["LIST VAR dev", "LIST RW dev", "LIST CMD dev", "GET TYPE dev ups.status"];
          assertEquals(await runScript(ours.port, script), await runScript(nut.port, script));
        } finally {
          await nut.proc.stop();
        }
      },
    });
  },
});
