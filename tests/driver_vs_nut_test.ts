/**
 * Socket-level behaviour of our dummy-ups against NUT 2.8.0's on the same file and the same requests:
 * the lines each sends back (broadcasts and TRACKING results, in order) for SET and INSTCMD, and the
 * DUMPALL after the changes. One connection per driver (NUT 2.8.0's dummy-ups crashes at its next
 * broadcast after a socket client hangs up, so no connection is closed before the end).
 * @module
 */
import { join } from "node:path";
import { assertEquals } from "../lib/testing/asserts.ts";
import { compareDumps, SockPeer, spawnNutDummy } from "./driver_helpers.ts";
import { nutPeerMissing, ROOT, spawnNut, tempDir, waitFor } from "./helpers.ts";

const DEV = join(ROOT, "tests", "fixtures", "ddl", "APC__Back-UPS_ES_525__usbhid-ups__2.6.0__01.dev");

/** Requests and the line that ends each answer. */
const SCRIPT: [string, string][] = [
  ["SET battery.charge.low 15 TRACKING t1", "TRACKING t1 "],
  ['SET ups.status "OB LB" TRACKING t2', "TRACKING t2 "],
  ['SET ups.mfr "" TRACKING t3', "TRACKING t3 "],
  ['SET ups.model "A longer model name" TRACKING t4', "TRACKING t4 "],
  ["SET ups.firmware 851.t3.I TRACKING t5", "TRACKING t5 "],
  ["INSTCMD load.off TRACKING t6", "TRACKING t6 "],
  ["INSTCMD load.off 10 TRACKING t7", "TRACKING t7 "],
  ["INSTCMD beeper.enable TRACKING t8", "TRACKING t8 "],
  ["PING", "PONG"],
];

async function waitSocket(path: string): Promise<SockPeer> {
  await waitFor(() => Deno.stat(path).then(() => true), path, 15_000);
  return await SockPeer.connect(path);
}

Deno.test({
  name: "our dummy-ups answers SET and INSTCMD on its socket with the same lines as NUT 2.8.0's",
  ignore: nutPeerMissing() !== undefined,
  async fn() {
    await using dir = await tempDir("nut-vs-");
    await dir.write("ups.dev", await Deno.readTextFile(DEV));
    await dir.write("ups.conf", "synchronous = yes\n[ups]\n driver = dummy-ups\n port = ups.dev\n");
    const nutState = join(dir.path, "nut");
    const ourState = join(dir.path, "ours");
    for (const d of [nutState, ourState]) {
      await Deno.mkdir(d);
      await Deno.chmod(d, 0o777);
    }
    await using nut = spawnNutDummy("ups", dir.path, nutState);
    await using ours = spawnNut("dummy-ups", ["-a", "ups", "-u", "root", "-F"], {
      env: { NUT_CONFPATH: dir.path, NUT_STATEPATH: ourState },
    });
    using a = await waitSocket(join(nutState, "dummy-ups-ups"));
    using b = await waitSocket(join(ourState, "dummy-ups-ups"));
    assertEquals(compareDumps(await a.dumpAll(), await b.dumpAll()), undefined);
    for (const [request, end] of SCRIPT) {
      await a.send(request);
      await b.send(request);
      const fromNut = await a.until((l) => l.startsWith(end));
      const fromUs = await b.until((l) => l.startsWith(end));
      assertEquals(fromUs, fromNut, request);
    }
    assertEquals(compareDumps(await a.dumpAll(), await b.dumpAll()), undefined);
    assertEquals(nut.pid > 0 && ours.pid > 0, true);
  },
});
