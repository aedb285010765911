/**
 * `nut-scanner -U` on the emulated APC Back-UPS CS 500 (tests/rigs/), through the real libusb: ours prints
 * what NUT 2.8.0's prints, line for line, plus the `device` and `busport` lines newer NUT prints; `-P` the
 * same in one line; `nut scan --json` the same fields. Skipped, saying why, without umockdev (NUT's half
 * without NUT's nut-scanner).
 * @module
 */
import { assertEquals } from "../lib/testing/asserts.ts";
import { nutCommand } from "./helpers.ts";
import { hidDevice, UsbRig, usbRigMissing } from "./rigs/usb.ts";

const why = usbRigMissing();
const NUT_SCANNER = "/usr/bin/nut-scanner";
const nutWhy = why ?? (await Deno.stat(NUT_SCANNER).then(() => undefined, () => `${NUT_SCANNER} missing`));

/** Runs a program under the rig until it exits, and gives its standard output. */
async function under(command: string[], env: Record<string, string> = {}): Promise<string> {
  await using rig = await UsbRig.start({
    device: hidDevice("apc-back-ups-cs-500_051d-0002"),
    command,
    env,
    maxSeconds: 30,
  });
  const status = await rig.status;
  assertEquals(status.code, 0, rig.stderr);
  return rig.stdout;
}

const OURS = nutCommand("nut-scanner");
const EXTRA = '\tdevice = "002"\n\tbusport = "001"\n';

Deno.test({
  name: `nut-scanner -U and -P: NUT 2.8.0's output, line for line, plus device and busport${
    nutWhy ? ` (skipped: ${nutWhy})` : ""
  }`,
  ignore: nutWhy !== undefined,
  async fn() {
    const theirs = await under([NUT_SCANNER, "-U", "-q"]);
    const ours = await under([OURS.cmd, ...OURS.args, "-U", "-q"], OURS.env);
    assertEquals(ours, theirs + EXTRA);
    const theirsP = await under([NUT_SCANNER, "-U", "-q", "-P"]);
    const oursP = await under([OURS.cmd, ...OURS.args, "-U", "-q", "-P"], OURS.env);
    assertEquals(oursP, theirsP.replace(/\n$/, ',device="002",busport="001"\n'));
  },
});

Deno.test({
  name: `nut scan --json gives the same device as data${why ? ` (skipped: ${why})` : ""}`,
  ignore: why !== undefined,
  async fn() {
    const native = nutCommand("nut");
    const out = await under([native.cmd, ...native.args, "scan", "--json", "--quiet"], native.env);
    assertEquals(JSON.parse(out), [{
      driver: "usbhid-ups",
      port: "auto",
      vendorid: "051D",
      productid: "0002",
      product: "Back-UPS 500 FW: 6.5.I USB FW: c1",
      serial: "AB0427******",
      vendor: "American Power Conversion",
      bus: "001",
      device: "002",
      busport: "001",
    }]);
  },
});
