/**
 * Status push in real processes: our monitor against our server reacts to a .seq power cut through push
 * with POLLFREQ 60 (the shutdown comes well within the minute no poll happens in), also over STARTTLS;
 * against NUT 2.8.0's upsd, which answers `ERR UNKNOWN-COMMAND`, it keeps polling and still shuts down.
 * (NUT's upsmon against our server, which never sends the extension: tests/monitor_interop_test.ts.)
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { nutPeerMissing, tempDir } from "./helpers.ts";
import { makeTestCerts, opensslMissing } from "./client_certs.ts";
import { LineClient } from "./server_harness.ts";
import { startBed, waitExit } from "./monitor_helpers.ts";

/** Polls so rare that a shutdown within the test's limits can only come from push. */
const SLOW_POLLS = "POLLFREQ 60\nPOLLFREQALERT 60\nDEADTIME 180\n";

/** How long a pushed power cut may take to shut down here: far below the 60 s between polls. */
const PUSH_LIMIT_MS = 20_000;

Deno.test({
  name: "our monitor and server: a power cut shuts down through push, long before a poll could see it",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      extra: SLOW_POLLS,
      ready: /Status push on for UPS/,
    });
    // The first poll round ran at start; the next one is a minute away.
    await bed.power("power_cut.seq");
    assertEquals(await waitExit(m, PUSH_LIMIT_MS), 0, m.proc.stderr);
    await m.waitEvent("SHUTDOWN", 10_000);
    assertEquals(await m.events(), [
      `FSD ${bed.ups()}`,
      `LOWBATT ${bed.ups()}`,
      `ONBATT ${bed.ups()}`,
      "SHUTDOWN",
    ]);
    assertEquals((await m.shutdowns()).length, 1);
    // The push connection never logged in: only the monitor's own LOGIN counted.
    await using c = await LineClient.connect(bed.port);
    assertEquals(await c.exchange("GET NUMLOGINS ups1"), ["NUMLOGINS ups1 0"]);
  },
});

Deno.test({
  name: "our monitor and server: push reaches a secondary too (FSD set by the primary), with slow polls",
  async fn() {
    await using bed = await startBed();
    const sec = await bed.startMonitor("secondary", `MONITOR ${bed.ups()} 1 sec pw secondary`, {
      extra: SLOW_POLLS + "HOSTSYNC 30\n",
      ready: /Status push on for UPS/,
    });
    const pri = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      extra: SLOW_POLLS + "HOSTSYNC 30\n",
      ready: /Status push on for UPS/,
    });
    await bed.power("power_cut.seq");
    // The primary waits for the secondary to log out (HOSTSYNC 30): both are done well before it.
    assertEquals(await waitExit(sec, PUSH_LIMIT_MS), 0, sec.proc.stderr);
    assertEquals(await waitExit(pri, PUSH_LIMIT_MS), 0, pri.proc.stderr);
    await sec.waitEvent("SHUTDOWN", 10_000);
    assertStringIncludes((await sec.events()).join("\n"), `FSD ${bed.ups()}`);
    assertStringIncludes(pri.proc.stderr, "All the secondaries are gone");
  },
});

Deno.test({
  name: "our monitor and server: push over STARTTLS (FORCESSL, CERTVERIFY) shuts down as fast",
  ignore: opensslMissing() !== undefined,
  async fn() {
    await using dir = await tempDir();
    const certs = await makeTestCerts(dir.path, "localhost");
    const pem = join(dir.path, "upsd.pem");
    await Deno.writeTextFile(pem, certs.cert + certs.key);
    await Deno.chmod(pem, 0o644);
    await Deno.chmod(certs.caFile, 0o644);
    await Deno.chmod(dir.path, 0o755);
    await using bed = await startBed("ours", "ours", 1, "", `CERTFILE ${pem}\n`);
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      extra: SLOW_POLLS +
        `CERTPATH ${certs.caFile}\nCERTHOST 127.0.0.1 localhost 1 1\nCERTVERIFY 1\nFORCESSL 1\n`,
      ready: /Status push on for UPS/,
    });
    await bed.power("power_cut.seq");
    assertEquals(await waitExit(m, PUSH_LIMIT_MS), 0, m.proc.stderr);
    await m.waitEvent("SHUTDOWN", 10_000);
    assertStringIncludes((await m.events()).join("\n"), `FSD ${bed.ups()}`);
  },
});

Deno.test({
  name: "our monitor against NUT 2.8.0's upsd: ERR UNKNOWN-COMMAND to X-PUSH, polling only, still shuts down",
  ignore: nutPeerMissing() !== undefined,
  async fn() {
    await using bed = await startBed("nut");
    await using c = await LineClient.connect(bed.port);
    assertEquals(await c.exchange("X-PUSH STATUS ups1"), ["ERR UNKNOWN-COMMAND"]);
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      ready: /does not offer status push \(ERR UNKNOWN-COMMAND\): polling only/,
    });
    await bed.power("power_cut.seq");
    assertEquals(await waitExit(m), 0, m.proc.stderr);
    await m.waitEvent("SHUTDOWN", 10_000);
    assertEquals(await m.events(), [
      `FSD ${bed.ups()}`,
      `LOWBATT ${bed.ups()}`,
      `ONBATT ${bed.ups()}`,
      "SHUTDOWN",
    ]);
  },
});

Deno.test({
  name: "NUT_MONITOR_PUSH=0: our monitor polls only (no push connection to our server)",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      env: { NUT_MONITOR_PUSH: "0" },
      ready: /NUT_MONITOR_PUSH is off: polling only/,
    });
    await bed.power("power_cut.seq");
    assertEquals(await waitExit(m), 0, m.proc.stderr);
    assert(!m.proc.stderr.includes("Status push"), m.proc.stderr);
  },
});
