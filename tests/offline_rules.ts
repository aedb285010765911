/**
 * What a program of ours may reach, and the verdict on a strace record (tests/strace_parse.ts): loopback
 * on a port it was configured for, Unix sockets under the directories it was given (state path, upssched's
 * PIPEFN), /dev/log (syslog), the kernel (netlink), and nscd's socket (user lookups for `-u`; the test
 * hides nscd from the run, so a host lookup cannot pass through it and goes to DNS instead). Anything else
 * is a failure: a resolver (port 53, systemd-resolved's socket), another host, another loopback port.
 * Every `deno run` must also carry the settings that keep Deno offline (lib/os/child_env.ts), since a
 * short program may end before Deno's update check would have been seen on the wire (it waits 500 ms).
 * @module
 */
import { basename } from "node:path";
import type { SockAddr, TraceRecord } from "./strace_parse.ts";

/** Unix sockets of this host any program may reach: syslog, and nscd (hidden from the run, see above). */
export const LOCAL_SOCKETS: readonly string[] = ["/dev/log", "/run/nscd/socket", "/var/run/nscd/socket"];

/** What the programs of a run were configured to reach. */
export interface Allowed {
  /** TCP ports on loopback (servers the run started). */
  ports: ReadonlySet<number>;
  /** Directories whose Unix sockets may be reached. */
  unixRoots: readonly string[];
}

/**
 * Why a program may not reach an address, or undefined when it may.
 * @param a the address
 * @param allowed what the run configured
 * @returns the reason, or undefined
 */
export function refusal(a: SockAddr, allowed: Allowed): string | undefined {
  if (a.family === "AF_UNSPEC" || a.family === "AF_NETLINK") return undefined; // disconnect; the kernel
  if ("path" in a) {
    if (
      LOCAL_SOCKETS.includes(a.path) ||
      allowed.unixRoots.some((r) => a.path.startsWith(r.replace(/\/?$/, "/")))
    ) {
      return undefined;
    }
    return `Unix socket ${a.path} outside the run`;
  }
  if ("port" in a) {
    if (a.port === 53) return `DNS (${a.host} port 53)`;
    const loopback = /^127\./.test(a.host) || a.host === "::1" || /^::ffff:127\./.test(a.host);
    if (!loopback) return `host ${a.host} port ${a.port}`;
    return allowed.ports.has(a.port) ? undefined : `loopback port ${a.port}, not one the run configured`;
  }
  return `${a.family} address ${a.raw}`;
}

/**
 * Why a started program is not offline by construction, or undefined: a `deno run` without
 * `DENO_NO_UPDATE_CHECK` in its environment or without `--cached-only` (what lib/os/child_env.ts gives;
 * written out here, so that the test does not take its expectation from the code under test).
 * @param r an exec record
 * @returns the reason, or undefined
 */
export function execRefusal(r: Extract<TraceRecord, { kind: "exec" }>): string | undefined {
  if (basename(r.path) !== "deno" || r.argv[1] !== "run") return undefined;
  const missing = r.env.some((e) => e.startsWith("DENO_NO_UPDATE_CHECK=")) ? [] : ["DENO_NO_UPDATE_CHECK"];
  if (!r.argv.includes("--cached-only")) missing.push("--cached-only");
  return missing.length ? `deno run without ${missing.join(", ")}` : undefined;
}

/**
 * Every failure of a traced run, each naming the program (its NUT name and arguments) that made it.
 * @param records the trace
 * @param allowed what the run configured
 * @returns one line per failure (empty: the run was offline)
 */
export function offlineFailures(records: readonly TraceRecord[], allowed: Allowed): string[] {
  const owner = programsOf(records);
  const out: string[] = [];
  for (const r of records) {
    const why = r.kind === "net"
      ? refusal(r.address, allowed)
      : r.kind === "exec"
      ? execRefusal(r)
      : undefined;
    if (why === undefined) continue;
    out.push(`${owner(r.tid)}: ${why}${r.kind === "net" ? `\n    ${r.line}` : ""}`);
  }
  return out;
}

/** Maps a thread to a description of the program it runs (the execve of its own or a parent thread). */
function programsOf(records: readonly TraceRecord[]): (tid: number) => string {
  const parent = new Map<number, number>();
  const exec = new Map<number, Extract<TraceRecord, { kind: "exec" }>>();
  for (const r of records) {
    if (r.kind === "spawn") parent.set(r.child, r.tid);
    if (r.kind === "exec") exec.set(r.tid, r);
  }
  return (tid) => {
    let t = tid;
    for (let i = 0; i < 10_000 && !exec.has(t) && parent.has(t); i++) t = parent.get(t)!;
    const e = exec.get(t);
    if (!e) return `thread ${tid}`;
    const argv0 = e.env.find((v) => v.startsWith("NUT_ARGV0="))?.slice("NUT_ARGV0=".length);
    const script = e.argv.findIndex((a) => a.endsWith(".ts"));
    const args = script >= 0 ? e.argv.slice(script + 1) : e.argv.slice(1);
    const name = argv0 ?? basename(script >= 0 ? e.argv[script] : e.path);
    return `${`${name} ${args.join(" ")}`.trimEnd()} (pid ${t}, thread ${tid})`;
  };
}
