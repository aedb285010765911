/**
 * upsdrvctl as a process: the shared driver process, per-driver processes, NUT's C-driver path,
 * testing mode, stop/status, and NUT's messages and exit codes.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { processExists } from "../lib/daemon/pidfile.ts";
import { askDriver } from "../lib/driver/takeover.ts";
import { DEFAULT_V8_FLAGS } from "../lib/os/v8_flags.ts";
import { FIXTURE_DDL, runNut, spawnNut, tempDir, waitFor } from "./helpers.ts";

const DEV = join(FIXTURE_DDL, "APC__Back-UPS_ES_525__usbhid-ups__2.6.0__01.dev");

async function setup(upsConf: string) {
  const dir = await tempDir("nut-drvctl-");
  await Deno.mkdir(join(dir.path, "state"), { mode: 0o777 });
  await dir.write("a.dev", await Deno.readTextFile(DEV));
  await dir.write("ups.conf", upsConf);
  const env = {
    NUT_CONFPATH: dir.path,
    NUT_STATEPATH: join(dir.path, "state"),
    NUT_ALTPIDPATH: join(dir.path, "state"),
    NUT_QUIET_INIT_BANNER: "true",
  };
  return { dir, env, state: join(dir.path, "state") };
}

/** DENO_V8_FLAGS in a process's environment. */
async function v8Flags(pid: number): Promise<string | undefined> {
  const environ = (await Deno.readTextFile(`/proc/${pid}/environ`)).split("\0");
  return environ.find((v) => v.startsWith("DENO_V8_FLAGS="))?.slice("DENO_V8_FLAGS=".length);
}

const answers = async (sock: string) =>
  (await askDriver(sock, "DUMPALL", (ls) => ls.includes("DUMPDONE"), 3000))?.includes("DATAOK") ?? false;

Deno.test("upsdrvctl start runs our drivers in one shared process, reports a failing one, and stops them one by one", async () => {
  const { dir, env, state } = await setup(
    "[a]\n driver = dummy-ups\n port = a.dev\n[b]\n driver = dummy-ups\n port = a.dev\n" +
      "[c]\n driver = dummy-ups\n port = missing.dev\n maxretry = 2\n retrydelay = 0\n",
  );
  await using _ = dir;
  const started = await runNut("upsdrvctl", ["-u", "root", "start"], { env });
  assertEquals(started.code, 1, started.stderr);
  assertEquals(started.stderr.split("Driver failed to start for UPS c:").length - 1, 2, started.stderr); // two attempts
  const pidA = await Deno.readTextFile(join(state, "dummy-ups-a.pid"));
  assertEquals(await Deno.readTextFile(join(state, "dummy-ups-b.pid")), pidA);
  const hostPid = Number(pidA);
  assert(processExists(hostPid));
  assertEquals(await v8Flags(hostPid), DEFAULT_V8_FLAGS, "a driver process keeps its young generation small");
  assert(await answers(join(state, "dummy-ups-a")));
  assert(await answers(join(state, "dummy-ups-b")));

  const status = await runNut("upsdrvctl", ["status"], { env });
  assertEquals(status.code, 0);
  assertStringIncludes(
    status.stdout,
    `a      \tdummy-ups\tRUNNING\t${hostPid}\tRESPONSIVE\t${hostPid}\t"OL"`,
  );

  const stopB = await runNut("upsdrvctl", ["stop", "b"], { env });
  assertEquals(stopB.code, 0, stopB.stderr);
  assert(await answers(join(state, "dummy-ups-a")), "a still served after b stopped");
  assert(!(await answers(join(state, "dummy-ups-b"))));

  const stopAll = await runNut("upsdrvctl", ["stop"], { env });
  assertEquals(stopAll.code, 1); // b and c were not running, as NUT reports
  assertStringIncludes(
    stopAll.stderr,
    `Can't open ${join(state, "dummy-ups-b.pid")}: No such file or directory`,
  );
  await waitFor(() => !processExists(hostPid), "the shared process to exit with its last driver");
  assertEquals([...Deno.readDirSync(state)].map((e) => e.name), []);
});

Deno.test("upsdrvctl --process-per-driver gives each driver its own process", async () => {
  const { dir, env, state } = await setup(
    "[a]\n driver = dummy-ups\n port = a.dev\n[b]\n driver = dummy-ups\n port = a.dev\n",
  );
  await using _ = dir;
  const r = await runNut("upsdrvctl", ["--process-per-driver", "-u", "root", "start"], { env });
  assertEquals(r.code, 0, r.stderr);
  const a = Number(await Deno.readTextFile(join(state, "dummy-ups-a.pid")));
  const b = Number(await Deno.readTextFile(join(state, "dummy-ups-b.pid")));
  assert(a !== b && processExists(a) && processExists(b));
  assertEquals(await v8Flags(a), DEFAULT_V8_FLAGS);
  assert(await answers(join(state, "dummy-ups-b")));
  assertEquals((await runNut("upsdrvctl", ["stop"], { env })).code, 0);
  await waitFor(() => !processExists(a) && !processExists(b), "both drivers to exit");
});

Deno.test("upsdrvctl starts drivers it does not implement from driverpath, as NUT does", async () => {
  const { dir, env } = await setup("driverpath = DIR\n[x]\n driver = fake-drv\n port = /dev/null\n");
  await using _ = dir;
  await dir.write("ups.conf", `driverpath = ${dir.path}\n[x]\n driver = fake-drv\n port = /dev/null\n`);
  await dir.write("fake-drv", `#!/bin/sh\necho "$@" > ${dir.path}/args\nexit 0\n`, 0o755);
  const r = await runNut("upsdrvctl", ["-u", "someone", "start", "x"], { env });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(await Deno.readTextFile(join(dir.path, "args")), "-a x -u someone\n");
  await dir.write("fake-drv", "#!/bin/sh\nexit 3\n", 0o755);
  const failed = await runNut("upsdrvctl", ["start"], { env });
  assertEquals(failed.code, 1);
  assertStringIncludes(failed.stderr, "Driver failed to start (exit status=3)");
});

Deno.test("upsdrvctl -t shows the plan (shutdown by sdorder) without starting anything", async () => {
  const { dir, env, state } = await setup(
    "[a]\n driver = dummy-ups\n port = a.dev\n sdorder = 2\n[b]\n driver = dummy-ups\n port = a.dev\n sdorder = 1\n" +
      "[c]\n driver = dummy-ups\n port = a.dev\n sdorder = -1\n",
  );
  await using _ = dir;
  const start = await runNut("upsdrvctl", ["-t", "start"], { env });
  assertEquals(start.code, 0);
  assertStringIncludes(start.stdout, "*** Testing mode: not calling exec/kill");
  const starting = [...start.stderr.matchAll(/Starting UPS: (\w+)/g)].map((m) => m[1]);
  assertEquals(starting, ["a", "b", "c"]);
  const shut = await runNut("upsdrvctl", ["-t", "shutdown"], { env });
  assertEquals([...shut.stderr.matchAll(/Shutdown UPS: (\w+)/g)].map((m) => m[1]), ["b", "a"]);
  assertEquals([...Deno.readDirSync(state)].length, 0);
});

Deno.test("upsdrvctl reports an unknown UPS, an unknown command and a missing ups.conf as NUT does", async () => {
  const { dir, env } = await setup("[a]\n driver = dummy-ups\n port = a.dev\n");
  await using _ = dir;
  const unknown = await runNut("upsdrvctl", ["start", "zzz"], { env });
  assertEquals([unknown.code, unknown.stderr], [1, "UPS zzz not found in ups.conf\n"]);
  const bogus = await runNut("upsdrvctl", ["bogus"], { env });
  assertEquals([bogus.code, bogus.stderr], [1, "Error: unrecognized command [bogus]\n"]);
  const missing = await runNut("upsdrvctl", ["start"], {
    env: { ...env, NUT_CONFPATH: join(dir.path, "nope") },
  });
  assertEquals(missing.code, 1);
  assertStringIncludes(missing.stderr, `Can't open ${join(dir.path, "nope", "ups.conf")}`);
  const list = await runNut("upsdrvctl", ["list"], { env });
  assertEquals([list.code, list.stdout], [0, "a\n"]);
  const help = await runNut("upsdrvctl", ["-h"], { env: { ...env, NUT_QUIET_INIT_BANNER: "" } });
  assertStringIncludes(help.stdout, "usage: upsdrvctl [OPTIONS] (start | stop | shutdown");
});

Deno.test("upsdrvctl -F keeps the shared drivers in the foreground until SIGTERM", async () => {
  const { dir, env, state } = await setup("[a]\n driver = dummy-ups\n port = a.dev\n");
  await using _ = dir;
  const p = spawnNut("upsdrvctl", ["-F", "-u", "root", "start"], { env });
  await waitFor(() => answers(join(state, "dummy-ups-a")), "the driver socket");
  assertEquals(Number(await Deno.readTextFile(join(state, "dummy-ups-a.pid"))), p.pid);
  const status = await p.stop();
  assertEquals(status.code, 0);
  assertEquals([...Deno.readDirSync(state)].map((e) => e.name), []);
});
