// upslog against our upsd serving our dummy-ups: lines in NUT's format language, compared text for text
// with NUT 2.8.0's /bin/upslog on the same server; -m and *@host; SIGUSR1 logs at once; SIGHUP reopens
// the log (logrotate); a stop logs a last line; backgrounding with a PID file.
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { join } from "node:path";
import process from "node:process";
import { freePort, Proc, runNut, spawnNut, tempDir, waitFor } from "./helpers.ts";
import { AS_ROOT } from "./server_harness.ts";
import { ONLINE_DEV, type Stack, startStack } from "./upslog_stack.ts";

const NUT_UPSLOG = "/bin/upslog";

function nutUpslogMissing(): boolean {
  try {
    return !Deno.statSync(NUT_UPSLOG).isFile;
  } catch {
    return true;
  }
}

/** A format with every token whose value does not depend on the moment or the process, and NUT's quirks. */
const STABLE_FORMAT = "%UPSHOST% [%VAR ups.status%] %VAR battery.charge%%% %VAR ups.load% " +
  "%VAR no.such% %VAR nodot% %VAR% %FOO% %% %hostname% x %VAR input.voltage";

const SECOND_DEV = ONLINE_DEV.replace("ups.status: OL", "ups.status: OB DISCHRG").replace(
  "battery.charge: 100",
  "battery.charge: 64",
);

/** Reads log lines until `count` arrived, then stops the process; returns stdout's log lines. */
async function linesOf(proc: Proc, count: number, skip = 2): Promise<string[]> {
  const lines = () => proc.stdout.split("\n").slice(skip).filter((l) => l);
  await waitFor(() => lines().length >= count, `${count} log lines`, 15_000).catch((e) => {
    throw new Error(`${(e as Error).message}\n--- stdout:\n${proc.stdout}\n--- stderr:\n${proc.stderr}`);
  });
  await proc.stop();
  return lines();
}

Deno.test({
  name: "upslog: same lines as NUT 2.8.0's upslog for the same format and data",
  ignore: nutUpslogMissing(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await using stack = await startStack({ ups1: ONLINE_DEV });
    await using dir = await tempDir("nut-upslog-");
    const target = stack.ups("ups1");

    const both = async (format: string[], count: number) => {
      const ref = new Proc(NUT_UPSLOG, [
        "-s",
        target,
        "-l",
        "-",
        "-i",
        "1",
        "-p",
        join(dir.path, "ref.pid"),
        ...AS_ROOT,
        ...format,
      ]);
      const ours = spawnNut("upslog", [
        "-s",
        target,
        "-l",
        "-",
        "-i",
        "1",
        "-p",
        join(dir.path, "ours.pid"),
        ...format,
      ]);
      const [a, b] = await Promise.all([linesOf(ref, count), linesOf(ours, count)]);
      return { ref: a, ours: b, refOut: ref.stdout, ourOut: ours.stdout };
    };

    await t.step("a format of values, literals and broken tokens", async () => {
      const r = await both(["-f", STABLE_FORMAT], 2);
      const expected =
        `${target} [OL] 100% 23 NA INVALID INVALID INVALID % ${Deno.hostname()} x INVALIDVAR input.voltage`;
      assertEquals(r.ref[0], expected);
      assertEquals(r.ours[0], r.ref[0]);
      assertEquals(r.ours[1], r.ref[1]);
      // The line after the banner is the same too.
      assertEquals(r.ourOut.split("\n")[1], r.refOut.split("\n")[1]);
      assertEquals(r.ourOut.split("\n")[1], `logging status of ${target} to - (1s intervals)`);
    });

    await t.step("the default format (the timestamp aside)", async () => {
      const r = await both([], 1);
      const stamp = /^\d{8} \d{6} /;
      assert(stamp.test(r.ref[0]) && stamp.test(r.ours[0]), `${r.ref[0]} / ${r.ours[0]}`);
      assertEquals(r.ours[0].slice(16), r.ref[0].slice(16));
      assertEquals(r.ours[0].slice(16), "100 230.4 23 [OL] 31.5 50.0");
    });

    await t.step("the old positional form", async () => {
      const ref = new Proc(NUT_UPSLOG, [
        ...AS_ROOT,
        "-p",
        join(dir.path, "ref.pid"),
        target,
        "-",
        "1",
        "%VAR",
        "ups.load%",
        "x",
      ]);
      const ours = spawnNut("upslog", [
        "-p",
        join(dir.path, "ours.pid"),
        target,
        "-",
        "1",
        "%VAR",
        "ups.load%",
        "x",
      ]);
      const [a, b] = await Promise.all([linesOf(ref, 1), linesOf(ours, 1)]);
      assertEquals(b[0], a[0]);
      assertEquals(b[0], "23 x ");
    });

    await t.step("a server that is not there", async () => {
      const dead = `ups1@127.0.0.1:${await freePort()}`;
      const ref = new Proc(NUT_UPSLOG, [
        "-s",
        dead,
        "-l",
        "-",
        "-i",
        "1",
        "-p",
        join(dir.path, "ref.pid"),
        ...AS_ROOT,
        "-f",
        "%VAR ups.status%|%UPSHOST%",
      ]);
      const ours = spawnNut("upslog", [
        "-s",
        dead,
        "-l",
        "-",
        "-i",
        "1",
        "-p",
        join(dir.path, "ours.pid"),
        "-f",
        "%VAR ups.status%|%UPSHOST%",
      ]);
      const [a, b] = await Promise.all([linesOf(ref, 1), linesOf(ours, 1)]);
      assertEquals(b[0], a[0]);
      assertEquals(b[0], `NA|${dead}`);
      assertStringIncludes(
        ours.stderr,
        "Warning: initial connect failed: Connection failure: Connection refused",
      );
      assertStringIncludes(
        ref.stderr,
        "Warning: initial connect failed: Connection failure: Connection refused",
      );
    });
  },
});

Deno.test({
  name: "upslog: -m tuples and *@host log every UPS of a server, -N prefixes %UPSHOST%, -d stops",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using stack = await startStack({ ups1: ONLINE_DEV, ups2: SECOND_DEV });
    await using dir = await tempDir("nut-upslog-m-");
    const file = join(dir.path, "one.log");
    const r = await runNut("upslog", [
      "-m",
      `*@127.0.0.1:${stack.port},-`,
      "-m",
      `${stack.ups("ups2")},${file}`,
      "-N",
      "-d",
      "2",
      "-i",
      "1",
      "-F",
      "-p",
      join(dir.path, "upslog.pid"),
      "-f",
      "%VAR ups.status% %VAR battery.charge%",
    ]);
    assertEquals(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n").filter((l) => l);
    assertEquals(lines.slice(1, 4), [
      `logging status of ups1@127.0.0.1:${stack.port} to - (1s intervals)`,
      `logging status of ups2@127.0.0.1:${stack.port} to - (1s intervals)`,
      `logging status of ${stack.ups("ups2")} to ${file} (1s intervals)`,
    ]);
    assertEquals(lines.slice(4), [
      `ups1@127.0.0.1:${stack.port}\tOL 100`,
      `ups2@127.0.0.1:${stack.port}\tOB DISCHRG 64`,
      `ups1@127.0.0.1:${stack.port}\tOL 100`,
      `ups2@127.0.0.1:${stack.port}\tOB DISCHRG 64`,
    ]);
    assertEquals(await Deno.readTextFile(file), `${stack.ups("ups2")}\tOB DISCHRG 64\n`.repeat(2));
    assertStringIncludes(r.stderr, "2 loops have elapsed");
  },
});

async function logLines(path: string): Promise<string[]> {
  try {
    return (await Deno.readTextFile(path)).split("\n").filter((l) => l);
  } catch {
    return [];
  }
}

Deno.test({
  name: "upslog: SIGUSR1 logs at once, SIGHUP reopens a rotated log, SIGTERM logs a last line; PID file",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using stack = await startStack({ ups1: ONLINE_DEV });
    await using dir = await tempDir("nut-upslog-sig-");
    const log = join(dir.path, "ups.log");
    const pidFile = join(dir.path, "upslog.pid");
    const proc = spawnNut("upslog", [
      "-s",
      stack.ups("ups1"),
      "-l",
      log,
      "-i",
      "300",
      "-F",
      "-p",
      pidFile,
      "-f",
      "%VAR battery.charge%",
    ]);
    try {
      await waitFor(async () => (await logLines(log)).length === 1, "first line");
      assertEquals(Number((await Deno.readTextFile(pidFile)).trim()), proc.pid);

      await stack.set("ups1", "battery.charge", "77");
      proc.kill("SIGUSR1");
      await waitFor(async () => (await logLines(log)).length === 2, "line on SIGUSR1");
      assertEquals(await logLines(log), ["100", "77"]);

      await Deno.rename(log, log + ".1");
      proc.kill("SIGHUP");
      await waitFor(async () => (await logLines(log)).length === 1, "line in the reopened log");
      assertEquals(await logLines(log + ".1"), ["100", "77"]);

      proc.kill("SIGTERM");
      const status = await proc.status;
      assertEquals(status.code, 0);
      assertEquals(await logLines(log), ["77", "77"]);
      assertStringIncludes(proc.stderr, "Signal 1: reopening log file");
      assertStringIncludes(proc.stderr, "Signal 15: exiting");
      let pidLeft = true;
      await Deno.stat(pidFile).catch(() => pidLeft = false);
      assertEquals(pidLeft, false);
    } finally {
      await proc.stop();
    }
  },
});

Deno.test({
  name: "upslog: without -F it detaches like NUT's daemons and keeps logging; the PID file names it",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using stack: Stack = await startStack({ ups1: ONLINE_DEV });
    await using dir = await tempDir("nut-upslog-bg-");
    const log = join(dir.path, "ups.log");
    const pidFile = join(dir.path, "upslog.pid");
    const r = await runNut("upslog", [
      "-s",
      stack.ups("ups1"),
      "-l",
      log,
      "-i",
      "1",
      "-p",
      pidFile,
      "-f",
      "%VAR ups.status%",
    ]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stdout.split("\n")[1], `logging status of ${stack.ups("ups1")} to ${log} (1s intervals)`);
    const pid = Number((await Deno.readTextFile(pidFile)).trim());
    try {
      await waitFor(async () => (await logLines(log)).length >= 2, "background lines");
      assertEquals((await logLines(log)).slice(0, 2), ["OL", "OL"]);
    } finally {
      process.kill(pid, "SIGTERM");
      await waitFor(() => Deno.stat(pidFile).then(() => false, () => true), "the daemon to end");
    }
  },
});
