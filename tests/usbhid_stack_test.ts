/**
 * The whole stack on the emulated APC Back-UPS CS 500 (tests/rigs/), through the real libusb: our
 * upsdrvctl starts our usbhid-ups (in its shared process, under the rig), our upsd serves it, and NUT
 * 2.8.0's upsc reads the values of NUT's dump of the real device; NUT's upsrw sets battery.charge.low and
 * NUT's upscmd runs an instant command: both reach the device as SET_REPORTs; an unplug makes upsc say
 * the data is stale and a replug brings fresh values, with nothing restarted. Skipped, saying why, without
 * umockdev or NUT's clients.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals } from "../lib/testing/asserts.ts";
import { within } from "../lib/testing/within.ts";
import { nutCommand, nutPeerMissing, run, waitFor } from "./helpers.ts";
import { hidDevice, UsbRig, usbRigMissing } from "./rigs/usb.ts";
import { nutSetup, startOurUpsd } from "./server_harness.ts";

const why = usbRigMissing() ?? nutPeerMissing();

function devValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([a-z][a-z0-9_.]*): (.*)$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

Deno.test({
  name:
    `our upsdrvctl + usbhid-ups + upsd on the emulated CS 500, read and driven by NUT's upsc, upsrw, upscmd; unplug and replug heal${
      why ? ` (skipped: ${why})` : ""
    }`,
  ignore: why !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const device = hidDevice("apc-back-ups-cs-500_051d-0002");
    const dump = devValues(await Deno.readTextFile(device.dev!));
    await using setup = await nutSetup(
      "[apc]\n driver = usbhid-ups\n port = auto\n vendorid = 051d\n pollinterval = 1\n pollfreq = 3\n",
    );
    const drvctl = nutCommand("upsdrvctl");
    await using rig = await UsbRig.start({
      device,
      command: [drvctl.cmd, ...drvctl.args, ...(Deno.uid() === 0 ? ["-u", "root"] : []), "-F", "start"],
      env: { ...drvctl.env, ...setup.env() },
      maxSeconds: 90,
    });
    await within(
      (async () => {
        const socket = join(setup.statePath, "usbhid-ups-apc");
        await waitFor(() => Deno.stat(socket).then(() => true, () => false), "the driver's socket", 20_000)
          .catch((e) => {
            throw new Error(`${(e as Error).message}\n${rig.stdout}${rig.stderr}`);
          });
        await using server = await startOurUpsd(setup);
        const target = `apc@127.0.0.1:${server.port}`;
        const upsc = async (v?: string) => (await run("/usr/bin/upsc", v ? [target, v] : [target])).stdout;
        await waitFor(async () => (await upsc("ups.status")) === "OL\n", "upsc sees OL", 15_000);

        // The values NUT produced on the real device, through NUT's client.
        const values = devValues(await upsc());
        for (const [k, v] of dump) if (!k.startsWith("driver.")) assertEquals([k, values.get(k)], [k, v]);
        // NUT 2.8.1+'s lifecycle word, and when the data was read (seconds since the epoch).
        assertEquals(values.get("driver.state"), "quiet");
        const age = Date.now() / 1000 - Number(values.get("driver.lastupdate"));
        assert(age >= -1 && age < 10, `driver.lastupdate ${values.get("driver.lastupdate")} is recent`);

        // upsrw: SET battery.charge.low through upsd to the device.
        const set = await run("/usr/bin/upsrw", [
          "-s",
          "battery.charge.low=20",
          "-u",
          "admin",
          "-p",
          "secret",
          target,
        ]);
        assertEquals(set.code, 0, set.stdout + set.stderr);
        await rig.waitForLog((l) => l.kind === "set" && l.rest === "11 14 00 00", "SET_REPORT 11 14 00 00");
        await waitFor(async () => (await upsc("battery.charge.low")) === "20\n", "battery.charge.low 20");

        // upscmd: an instant command of the device reaches it.
        const list = await run("/usr/bin/upscmd", ["-l", target]);
        const commands = list.stdout.split("\n").map((l) => l.split(" - ")[0]).filter((c) =>
          /^[a-z]+\./.test(c)
        );
        const command = ["test.panel.start", "beeper.disable", "test.battery.start.quick"].find((c) =>
          commands.includes(c)
        );
        assert(command !== undefined, `an instant command of the CS 500 (${commands.join(", ")})`);
        const before = (await rig.sets()).length;
        const cmd = await run("/usr/bin/upscmd", ["-u", "admin", "-p", "secret", target, command]);
        assertEquals(cmd.code, 0, cmd.stdout + cmd.stderr);
        await waitFor(async () => (await rig.sets()).length > before, `${command} as a SET_REPORT`);

        // Unplugged: stale for every client; replugged: fresh, nothing restarted.
        await rig.send("unplug", "set 0c 19 00 00 84 03");
        await waitFor(
          async () => (await run("/usr/bin/upsc", [target, "ups.status"])).stderr.includes("Data stale"),
          "upsc says the data is stale",
          15_000,
        );
        await rig.send("replug");
        await waitFor(
          async () => (await upsc("battery.charge")) === "25\n",
          "fresh data after replug",
          15_000,
        );
        assertEquals(await upsc("battery.runtime"), "900\n");
        assertEquals(await upsc("driver.state"), "quiet\n");
      })(),
      80_000,
      "the usbhid-ups stack test",
    );
  },
});
