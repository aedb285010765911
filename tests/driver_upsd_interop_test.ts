/**
 * Interoperability with NUT 2.8.0's data server: NUT's upsd reads our dummy-ups socket, and NUT's
 * clients (upsc, upsrw, upscmd) see the same device as when NUT's own dummy-ups serves the same file,
 * including SET VAR and INSTCMD with TRACKING going through upsd to our driver.
 * @module
 */
import { join } from "node:path";
import { assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { spawnNutDummy } from "./driver_helpers.ts";
import {
  freePort,
  NUT_SBIN,
  nutPeerMissing,
  Proc,
  ROOT,
  run,
  spawnNut,
  tempDir,
  waitFor,
} from "./helpers.ts";

const DEV = join(ROOT, "tests", "fixtures", "ddl", "APC__Back-UPS_ES_525__usbhid-ups__2.6.0__01.dev");

/** One stack: a state directory, a driver (ours or NUT's) and NUT's upsd on a free port. */
async function stack(root: string, name: string, ours: boolean) {
  const dir = join(root, name);
  await Deno.mkdir(dir);
  await Deno.chmod(dir, 0o777);
  const port = await freePort();
  const w = async (file: string, text: string, mode = 0o640) => {
    await Deno.writeTextFile(join(dir, file), text);
    await Deno.chmod(join(dir, file), mode);
  };
  await w("ups.dev", await Deno.readTextFile(DEV), 0o644);
  // synchronous = yes: NUT 2.8.0 drops a socket client whose non-blocking write would block.
  await w("ups.conf", 'synchronous = yes\n[ups]\n driver = dummy-ups\n port = ups.dev\n desc = "Rack 1"\n');
  await w("upsd.conf", `LISTEN 127.0.0.1 ${port}\n`);
  await w("upsd.users", "[admin]\n password = pw\n actions = SET\n instcmds = ALL\n");
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir };
  const driver: Proc = ours
    ? spawnNut("dummy-ups", ["-a", "ups", "-u", "root", "-F"], { env })
    : spawnNutDummy("ups", dir, dir);
  // Only wait for the socket: NUT 2.8.0's dummy-ups does not notice a socket client that hangs up, and
  // crashes at its next broadcast ("bit out of range 0 - FD_SETSIZE on fd_set"), so upsd is its only client.
  await waitFor(() => Deno.stat(join(dir, "dummy-ups-ups")).then(() => true), "the driver socket", 15_000);
  const upsd = new Proc(join(NUT_SBIN, "upsd"), ["-F", "-u", "root"], { env });
  const target = `ups@127.0.0.1:${port}`;
  await waitFor(
    async () => (await run("/usr/bin/upsc", [target, "ups.status"])).stdout === "OL\n",
    `upsd on ${port}`,
  );
  return {
    target,
    async [Symbol.asyncDispose]() {
      await upsd.stop();
      await driver.stop();
    },
  };
}

const strip = (text: string) => text.split("\n").filter((l) => !l.startsWith("driver.version")).join("\n");

Deno.test({
  name: "NUT's upsd serves our dummy-ups to NUT's clients exactly as it serves NUT's dummy-ups",
  ignore: nutPeerMissing() !== undefined,
  async fn() {
    await using root = await tempDir("nut-interop-");
    await using nut = await stack(root.path, "nut", false);
    await using ours = await stack(root.path, "ours", true);
    const both = async (cmd: string, args: (target: string) => string[]) => {
      const a = await run(cmd, args(nut.target));
      const b = await run(cmd, args(ours.target));
      return [a, b] as const;
    };

    const [upscN, upscO] = await both("/usr/bin/upsc", (t) => [t]);
    assertEquals(upscO.code, 0, upscO.stderr);
    assertEquals(strip(upscO.stdout), strip(upscN.stdout));
    assertStringIncludes(upscO.stdout, "ups.model: Back-UPS ES 525\n");

    const [rwN, rwO] = await both("/usr/bin/upsrw", (t) => ["-l", t]);
    assertEquals(rwO.stdout, rwN.stdout);

    const [cmdN, cmdO] = await both("/usr/bin/upscmd", (t) => ["-l", t]);
    assertEquals(cmdO.stdout, cmdN.stdout);

    // SET VAR through upsd, waiting for the driver's TRACKING answer.
    const [setN, setO] = await both(
      "/usr/bin/upsrw",
      (t) => ["-s", "battery.charge.low=15", "-u", "admin", "-p", "pw", "-w", t],
    );
    assertEquals([setO.code, setO.stdout, setO.stderr], [setN.code, setN.stdout, setN.stderr]);
    assertEquals(setO.code, 0, setO.stderr);
    await waitFor(
      async () => (await run("/usr/bin/upsc", [ours.target, "battery.charge.low"])).stdout === "15\n",
      "the new value",
    );
    const [stN, stO] = await both(
      "/usr/bin/upsrw",
      (t) => ["-s", "ups.status=OB LB", "-u", "admin", "-p", "pw", "-w", t],
    );
    assertEquals([stO.code, stO.stdout, stO.stderr], [stN.code, stN.stdout, stN.stderr]);
    await waitFor(
      async () => (await run("/usr/bin/upsc", [ours.target, "ups.status"])).stdout === "OB LB\n",
      "OB LB",
    );

    // INSTCMD load.off: dummy-ups declares it but cannot do it; the tracking result says so.
    const [offN, offO] = await both(
      "/usr/bin/upscmd",
      (t) => ["-u", "admin", "-p", "pw", "-w", t, "load.off"],
    );
    assertEquals([offO.code, offO.stdout, offO.stderr], [offN.code, offN.stdout, offN.stderr]);
  },
});
