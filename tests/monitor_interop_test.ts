/**
 * The monitor and NUT 2.8.0 together: NUT's upsmon (primary, then secondary beside our primary) against
 * our upsd, and our upsmon against NUT's upsd and dummy-ups. Skipped without the reference NUT.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { NutClient } from "../lib/client/mod.ts";
import { SDMAGIC } from "../lib/monitor/power_down_flag.ts";
import { nutPeerMissing } from "./helpers.ts";
import { startBed, waitShutdown } from "./monitor_helpers.ts";

const ignore = nutPeerMissing() !== undefined;

async function upsStatus(port: number, ups = "ups1"): Promise<string> {
  await using c = await NutClient.connect("127.0.0.1", port, { timeoutMs: 5000 });
  return await c.getVar(ups, "ups.status");
}

Deno.test({
  name: "NUT 2.8.0's upsmon as primary against our upsd: power cut, FSD set, SHUTDOWNCMD run",
  ignore,
  async fn() {
    await using bed = await startBed("ours", "ours");
    const m = await bed.startMonitor("nutprimary", `MONITOR ${bed.ups()} 1 mon pw primary`, { impl: "nut" });
    await bed.power("power_cut.seq");
    await m.waitEvent("SHUTDOWN");
    assertEquals(await waitShutdown(m), 0, m.proc.stderr);
    // NUT 2.8.0 notifies FSD only when it sees it in a status, which its primary never polls again.
    assertEquals(await m.events(), [`LOWBATT ${bed.ups()}`, `ONBATT ${bed.ups()}`, "SHUTDOWN"]);
    assertEquals((await m.shutdowns()).length, 1);
    assertEquals(await Deno.readTextFile(join(m.confPath, "killpower")), SDMAGIC);
    assertStringIncludes(await upsStatus(bed.port), "FSD");
  },
});

Deno.test({
  name:
    "NUT 2.8.0's upsmon as secondary beside our primary, both on our upsd: it follows FSD, ours waits for it",
  ignore,
  async fn() {
    await using bed = await startBed("ours", "ours");
    const p = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      extra: "HOSTSYNC 60\n",
    });
    const s = await bed.startMonitor("nutsecondary", `MONITOR ${bed.ups()} 1 sec pw secondary`, {
      impl: "nut",
    });
    {
      await using c = await NutClient.connect("127.0.0.1", bed.port);
      assertEquals(await c.getNumLogins("ups1"), 2);
    }
    await bed.power("power_cut.seq");
    assertEquals(await waitShutdown(s), 0, s.proc.stderr);
    const sec = await s.events();
    assert(sec.includes(`FSD ${bed.ups()}`), sec.join(", "));
    assert(sec.includes("SHUTDOWN"), sec.join(", "));
    assertEquals((await s.shutdowns()).length, 1);
    assertEquals(await waitShutdown(p), 0, p.proc.stderr);
    const prim = await p.events();
    assert(prim.includes("SHUTDOWN_HOSTSYNC"), prim.join(", "));
    assert(prim.includes("SHUTDOWN"), p.proc.stderr);
    assert(!p.proc.stderr.includes("Host sync timer expired"), "NUT's secondary logged out in time");
  },
});

Deno.test({
  name: "our upsmon against NUT 2.8.0's upsd and dummy-ups: power cut, FSD set, SHUTDOWNCMD run",
  ignore,
  async fn() {
    await using bed = await startBed("nut", "nut");
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`);
    await bed.power("power_cut.seq");
    assertEquals(await waitShutdown(m), 0, m.proc.stderr);
    assertEquals(await m.events(), [
      `FSD ${bed.ups()}`,
      `LOWBATT ${bed.ups()}`,
      `ONBATT ${bed.ups()}`,
      "SHUTDOWN",
    ]);
    assertEquals((await m.shutdowns()).length, 1);
    assertStringIncludes(await upsStatus(bed.port), "FSD");
  },
});

Deno.test({
  name: "our upsmon as secondary beside NUT 2.8.0's upsmon as primary, on NUT's upsd",
  ignore,
  async fn() {
    await using bed = await startBed("nut", "nut");
    const p = await bed.startMonitor("nutprimary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      impl: "nut",
      extra: "HOSTSYNC 60\n",
    });
    const s = await bed.startMonitor("secondary", `MONITOR ${bed.ups()} 1 sec pw secondary`);
    await bed.power("power_cut.seq");
    assertEquals(await waitShutdown(s), 0, s.proc.stderr);
    assert((await s.events()).includes("SHUTDOWN"), s.proc.stderr);
    assert((await s.events()).includes(`FSD ${bed.ups()}`));
    assertEquals(await waitShutdown(p), 0, p.proc.stderr);
    assert((await p.events()).includes("SHUTDOWN"));
    assert(!p.proc.stderr.includes("Host sync timer expired"), "our secondary logged out in time");
  },
});
