import { assertEquals } from "../lib/testing/asserts.ts";
import { type Allowed, execRefusal, offlineFailures, refusal } from "./offline_rules.ts";
import type { SockAddr, TraceRecord } from "./strace_parse.ts";

const ALLOWED: Allowed = { ports: new Set([3493]), unixRoots: ["/tmp/run"] };

Deno.test("offline rules: loopback on a configured port, the run's sockets, syslog; nothing else", () => {
  const fine: SockAddr[] = [
    { family: "AF_INET", host: "127.0.0.1", port: 3493 },
    { family: "AF_INET6", host: "::1", port: 3493 },
    { family: "AF_UNIX", path: "/tmp/run/state/dummy-ups-ups1" },
    { family: "AF_UNIX", path: "/dev/log" },
    { family: "AF_UNIX", path: "/var/run/nscd/socket" },
    { family: "AF_NETLINK", raw: "{sa_family=AF_NETLINK}" },
    { family: "AF_UNSPEC", raw: "{sa_family=AF_UNSPEC}" },
  ];
  for (const ok of fine) assertEquals(refusal(ok, ALLOWED), undefined, JSON.stringify(ok));
  assertEquals(
    refusal({ family: "AF_INET", host: "10.255.255.53", port: 53 }, ALLOWED),
    "DNS (10.255.255.53 port 53)",
  );
  assertEquals(
    refusal({ family: "AF_INET", host: "127.0.0.53", port: 53 }, ALLOWED),
    "DNS (127.0.0.53 port 53)",
  );
  assertEquals(refusal({ family: "AF_INET", host: "1.2.3.4", port: 443 }, ALLOWED), "host 1.2.3.4 port 443");
  assertEquals(
    refusal({ family: "AF_INET", host: "127.0.0.1", port: 8080 }, ALLOWED),
    "loopback port 8080, not one the run configured",
  );
  assertEquals(
    refusal({ family: "AF_UNIX", path: "/tmp/running/x" }, ALLOWED),
    "Unix socket /tmp/running/x outside the run",
  );
  assertEquals(
    refusal({ family: "AF_UNIX", path: "/run/systemd/resolve/io.systemd.Resolve" }, ALLOWED),
    "Unix socket /run/systemd/resolve/io.systemd.Resolve outside the run",
  );
});

Deno.test("offline rules: every deno run is started without update check and with --cached-only", () => {
  const exec = (argv: string[], env: string[]): Extract<TraceRecord, { kind: "exec" }> => ({
    kind: "exec",
    tid: 1,
    path: "/opt/deno",
    argv,
    env,
  });
  const main = ["deno", "run", "-A", "--cached-only", "main.ts"];
  assertEquals(execRefusal(exec(main, ["DENO_NO_UPDATE_CHECK=1"])), undefined);
  assertEquals(execRefusal(exec(main, [])), "deno run without DENO_NO_UPDATE_CHECK");
  assertEquals(
    execRefusal(exec(["deno", "run", "main.ts"], [])),
    "deno run without DENO_NO_UPDATE_CHECK, --cached-only",
  );
  assertEquals(execRefusal(exec(["deno", "test"], [])), undefined);
  assertEquals(execRefusal({ ...exec(["sh", "run"], []), path: "/bin/sh" }), undefined);
});

Deno.test("offline rules: a failure names the program of the thread that made it", () => {
  const records: TraceRecord[] = [
    {
      kind: "exec",
      tid: 10,
      path: "/opt/deno",
      argv: ["deno", "run", "--cached-only", "/x/main.ts", "-u", "root"],
      env: ["NUT_ARGV0=upsd", "DENO_NO_UPDATE_CHECK=1"],
    },
    { kind: "spawn", tid: 10, child: 11, thread: true },
    { kind: "spawn", tid: 11, child: 12, thread: true },
    {
      kind: "net",
      tid: 12,
      syscall: "connect",
      address: { family: "AF_INET", host: "10.0.0.1", port: 53 },
      line: "connect(...)",
    },
  ];
  assertEquals(offlineFailures(records, ALLOWED), [
    "upsd -u root (pid 10, thread 12): DNS (10.0.0.1 port 53)\n    connect(...)",
  ]);
});
