/**
 * Offline by construction: a UPS tool makes no network request it was not asked for. Every program
 * (tests/offline_scenario.ts: upsd, upsc, upsmon, upsdrvctl + dummy-ups, upssched, upslog, nut check,
 * nut demo, and the processes they start) runs in a network namespace that has only loopback, under
 * `strace -f`; the run fails on any connect() or addressed send that is not to what it configured
 * (tests/offline_rules.ts), and on any `deno run` started without the settings of lib/os/child_env.ts.
 * Needs root, unshare, ip and strace (tests/setup_peers.sh installs strace); skipped, saying why, otherwise.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals } from "../lib/testing/asserts.ts";
import { DENO_RUN_FLAGS, OFFLINE_ENV } from "../lib/os/child_env.ts";
import { ROOT, run, tempDir } from "./helpers.ts";
import { readTraceDir } from "./strace_parse.ts";
import { offlineFailures } from "./offline_rules.ts";
import type { ScenarioResult } from "./offline_scenario.ts";

/** The calls strace records: where sockets go, and who starts what. */
const TRACED = "trace=connect,sendto,sendmsg,sendmmsg,execve,clone,clone3,fork,vfork";

/** Shell: an empty tmpfs over nscd's directory, when there is one. */
const HIDE_NSCD =
  'for d in /run/nscd /var/run/nscd; do [ ! -d "$d" ] || mount -t tmpfs none "$d" || exit 1; done';

/**
 * Why the test cannot run here, or undefined when it can.
 * @returns the reason
 */
function unavailable(): string | undefined {
  if (Deno.build.os !== "linux") return "needs Linux network namespaces";
  if (Deno.uid() !== 0) return "needs root for unshare -n";
  for (const tool of ["unshare", "ip", "strace"]) {
    const found =
      new Deno.Command("sh", { args: ["-c", `command -v ${tool}`], stdout: "null", stderr: "null" })
        .outputSync().success;
    if (!found) {
      return `${tool} is not installed${tool === "strace" ? " (tests/setup_peers.sh installs it)" : ""}`;
    }
  }
  const probe = new Deno.Command("unshare", { args: ["--net", "true"], stdout: "null", stderr: "piped" })
    .outputSync();
  if (!probe.success) {
    return `unshare --net is refused here: ${new TextDecoder().decode(probe.stderr).trim()}`;
  }
  return undefined;
}

const why = unavailable();

Deno.test({
  name: `offline: no program makes a network request it was not configured for${
    why ? ` (skipped: ${why})` : ""
  }`,
  ignore: why !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using dir = await tempDir("nut-offline-");
    const tmp = join(dir.path, "tmp");
    const traces = join(dir.path, "trace");
    for (const d of [tmp, traces]) await Deno.mkdir(d, { mode: 0o777 });
    const resultFile = join(dir.path, "result.json");
    const scenario = [Deno.execPath(), "run", ...DENO_RUN_FLAGS, join(ROOT, "tests", "offline_scenario.ts")];
    const strace = ["strace", "-f", "-ff", "-qq", "-v", "-s", "4096", "--seccomp-bpf", "-e", TRACED];
    // A new network namespace (loopback only) and PID namespace: when the run ends or is killed at the
    // deadline, nothing it started survives it. In its mount namespace an empty directory hides nscd,
    // which would otherwise resolve host names for the run outside the namespace.
    const r = await run("unshare", [
      ...["--net", "--pid", "--fork", "--mount-proc", "--kill-child", "--"],
      ...["sh", "-c", `ip link set lo up && ${HIDE_NSCD} && exec "$@"`, "sh"],
      ...[...strace, "-o", join(traces, "t"), ...scenario, resultFile],
    ], { env: { ...OFFLINE_ENV, TMPDIR: tmp }, timeoutMs: 60_000 });
    assertEquals(r.code, 0, `the run failed:\n${r.stdout}${r.stderr}`);
    const result: ScenarioResult = JSON.parse(await Deno.readTextFile(resultFile));
    const records = await readTraceDir(traces, "t");
    // The trace saw the run: the programs started, and the clients reached the server.
    const denoRuns = records.filter((x) => x.kind === "exec" && x.argv[1] === "run").length;
    assert(denoRuns >= 15, `only ${denoRuns} deno run processes traced`);
    assert(
      records.some((x) => x.kind === "net" && "port" in x.address && x.address.port === result.ports[0]),
      "no connect to upsd traced",
    );
    const failures = offlineFailures(records, { ports: new Set(result.ports), unixRoots: result.unixRoots });
    assertEquals(failures, [], `requests nobody asked for:\n${failures.join("\n")}`);
  },
});
