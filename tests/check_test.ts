// `nut check` as cron or Nagios runs it, against our upsd serving our dummy-ups (and NUT 2.8.0's upsd when
// installed): exit codes 0/1/2/3, the line with performance data, --json, every UPS of a server, a UPS
// whose driver is not running, a change of state seen by the next check.
import { assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { join } from "node:path";
import { freePort, nutPeerMissing, runNut } from "./helpers.ts";
import { nutSetup, startNutDummy, startNutUpsd, waitServing } from "./server_harness.ts";
import { ONLINE_DEV, startStack } from "./upslog_stack.ts";

const LOW_DEV = ONLINE_DEV.replace("ups.status: OL", "ups.status: OB DISCHRG LB")
  .replace("battery.charge: 100", "battery.charge: 8")
  .replace("battery.runtime: 1575", "battery.runtime: 95");

const DEAD = "[dead]\n driver = dummy-ups\n port = dead.dev\n";

Deno.test({
  name: "nut check: exit codes, line and perfdata, --json, every UPS of a server, live changes",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await using stack = await startStack({ ups1: ONLINE_DEV, ups2: LOW_DEV }, DEAD);
    const host = `127.0.0.1:${stack.port}`;

    await t.step("a UPS on line power is OK (exit 0)", async () => {
      const r = await runNut("nut", [
        "check",
        stack.ups("ups1"),
        "--warn-charge",
        "50",
        "--crit-charge",
        "20",
      ]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(
        r.stdout,
        `NUT OK - ups1@${host}: OL, charge 100%, runtime 1575s, load 23% | ` +
          "charge=100%;50:;20:;0;100 runtime=1575s;;;0 load=23%;;;0\n",
      );
    });

    await t.step("on battery with a low battery is CRITICAL (exit 2), thresholds named", async () => {
      const r = await runNut("nut", [
        "check",
        stack.ups("ups2"),
        "--warn-runtime",
        "600",
        "--crit-runtime",
        "300",
        "--warn-load",
        "80",
      ]);
      assertEquals(r.code, 2);
      assertEquals(
        r.stdout,
        `NUT CRITICAL - ups2@${host}: OB DISCHRG LB, charge 8%, runtime 95s, load 23% ` +
          "[on battery (OB), low battery (LB), runtime 95s < 300s] | " +
          "charge=8%;;;0;100 runtime=95s;600:;300:;0 load=23%;80;;0\n",
      );
    });

    await t.step(
      "every UPS of the server: the worst wins; a driver that is not running is CRITICAL",
      async () => {
        const r = await runNut("nut", ["check", "--all", host, "--json"]);
        assertEquals(r.code, 2);
        const doc = JSON.parse(r.stdout);
        assertEquals(doc.state, "CRITICAL");
        assertEquals(
          doc.ups.map((u: { name: string; state: string }) => `${u.name} ${u.state}`),
          [`ups2@${host} CRITICAL`, `dead@${host} CRITICAL`, `ups1@${host} OK`],
        );
        assertEquals(doc.ups[1].problems, [{ state: "CRITICAL", text: "driver not connected" }]);
        const stale = await runNut("nut", ["check", `*@${host}`, "--stale", "unknown", "--crit-status", ""]);
        assertEquals(stale.code, 1, stale.stdout);
      },
    );

    await t.step("the next check sees a new state (on battery: WARNING, exit 1)", async () => {
      await stack.set("ups1", "ups.status", "OB DISCHRG");
      await stack.set("ups1", "battery.charge", "45");
      const r = await runNut("nut", [
        "check",
        stack.ups("ups1"),
        "--warn-charge",
        "50",
        "--crit-charge",
        "20",
      ]);
      assertEquals(r.code, 1);
      assertStringIncludes(r.stdout, `NUT WARNING - ups1@${host}: OB DISCHRG, charge 45%`);
      assertStringIncludes(r.stdout, "[on battery (OB), charge 45% < 50%]");
    });

    await t.step("an unknown UPS and an absent server are UNKNOWN (exit 3)", async () => {
      const r = await runNut("nut", ["check", `nosuch@${host}`]);
      assertEquals([r.code, r.stdout], [3, `NUT UNKNOWN - nosuch@${host}: no data [unknown UPS]\n`]);
      const port = await freePort();
      const gone = await runNut("nut", ["check", `ups1@127.0.0.1:${port}`]);
      assertEquals(gone.code, 3);
      assertStringIncludes(gone.stdout, `cannot connect to 127.0.0.1:${port}`);
    });
  },
});

Deno.test({
  name: "nut check reads NUT 2.8.0's upsd the same way",
  ignore: nutPeerMissing() !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using setup = await nutSetup("[ups2]\n driver = refdummy\n port = ups2.dev\n");
    await Deno.writeTextFile(join(setup.confPath, "ups2.dev"), LOW_DEV);
    await Deno.chmod(join(setup.confPath, "ups2.dev"), 0o644);
    await using _driver = await startNutDummy(setup, "ups2");
    await using server = await startNutUpsd(setup);
    await waitServing(server.port, "ups2");
    const r = await runNut("nut", ["check", `ups2@127.0.0.1:${server.port}`, "--crit-charge", "10"]);
    assertEquals(r.code, 2);
    assertEquals(
      r.stdout,
      `NUT CRITICAL - ups2@127.0.0.1:${server.port}: OB DISCHRG LB, charge 8%, runtime 95s, load 23% ` +
        "[on battery (OB), low battery (LB), charge 8% < 10%] | charge=8%;;10:;0;100 runtime=95s;;;0 load=23%;;;0\n",
    );
  },
});
