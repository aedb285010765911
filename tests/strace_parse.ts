/**
 * Reading what strace recorded (`strace -f -ff -v -s 4096 -o <prefix>`, one file per thread) of the
 * system calls that reach a network or start a program: connect, sendto, sendmsg/sendmmsg (their
 * destination), execve (program, arguments, environment) and the clone family (which thread or process
 * started which), so that a connect can be told apart by the program that made it.
 * @module
 */
import { join } from "node:path";

/** Where a socket call goes. */
export type SockAddr =
  | { family: "AF_UNIX"; path: string }
  | { family: "AF_INET" | "AF_INET6"; host: string; port: number }
  | { family: string; raw: string };

/** One traced call that matters here. */
export type TraceRecord =
  | { kind: "net"; tid: number; syscall: string; address: SockAddr; line: string }
  | { kind: "exec"; tid: number; path: string; argv: string[]; env: string[] }
  | { kind: "spawn"; tid: number; child: number; thread: boolean };

/**
 * Decodes one strace socket address (`{sa_family=AF_INET, sin_port=htons(53), ...}`).
 * @param text the braces and what is inside
 * @returns the address
 */
export function parseSockAddr(text: string): SockAddr {
  const family = /sa_family=(\w+)/.exec(text)?.[1] ?? "?";
  if (family === "AF_UNIX") {
    const m = /sun_path=(@?)"((?:[^"\\]|\\.)*)"/.exec(text);
    if (m) return { family, path: m[1] + unescapeC(m[2]) };
  } else if (family === "AF_INET") {
    const m = /sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]*)"\)/.exec(text);
    if (m) return { family, host: m[2], port: Number(m[1]) };
  } else if (family === "AF_INET6") {
    const port = /sin6_port=htons\((\d+)\)/.exec(text)?.[1];
    const host = /inet_pton\(AF_INET6, "([^"]*)"/.exec(text)?.[1];
    if (port !== undefined && host !== undefined) return { family, host, port: Number(port) };
  }
  return { family, raw: text };
}

/**
 * Decodes one line of a per-thread strace file.
 * @param tid the thread the file is of
 * @param line the line
 * @returns the records it holds (a sendmmsg may have several destinations; most lines have none)
 */
export function parseTraceLine(tid: number, line: string): TraceRecord[] {
  const call = /^(\w+)\(/.exec(line)?.[1];
  if (call === "connect") {
    const m = /^connect\(\d+, (\{sa_family=[^{}]*\})/.exec(line);
    return m ? [{ kind: "net", tid, syscall: call, address: parseSockAddr(m[1]), line }] : [];
  }
  if (call === "sendto") {
    // The destination is the 5th argument, after the payload: the last address of the line.
    const m = /(\{sa_family=[^{}]*\}), \d+\) = [^"]*$/.exec(line);
    return m ? [{ kind: "net", tid, syscall: call, address: parseSockAddr(m[1]), line }] : [];
  }
  if (call === "sendmsg" || call === "sendmmsg") {
    return [...line.matchAll(/msg_name=(\{sa_family=[^{}]*\})/g)].map((m) => ({
      kind: "net" as const,
      tid,
      syscall: call,
      address: parseSockAddr(m[1]),
      line,
    }));
  }
  if (call === "execve") {
    if (!/\) = 0$/.test(line)) return [];
    const parsed = parseExecve(line);
    return parsed ? [{ kind: "exec", tid, ...parsed }] : [];
  }
  if (call === "clone" || call === "clone3" || call === "fork" || call === "vfork") {
    const child = /\) = (\d+)$/.exec(line)?.[1];
    if (child === undefined || child === "0") return [];
    return [{ kind: "spawn", tid, child: Number(child), thread: line.includes("CLONE_THREAD") }];
  }
  return [];
}

/**
 * Reads every per-thread file `<prefix>.<tid>` of a directory.
 * @param dir the directory
 * @param prefix the file name before `.<tid>`
 * @returns all records, thread by thread
 */
export async function readTraceDir(dir: string, prefix: string): Promise<TraceRecord[]> {
  const out: TraceRecord[] = [];
  for await (const e of Deno.readDir(dir)) {
    const m = new RegExp(`^${prefix}\\.(\\d+)$`).exec(e.name);
    if (!m) continue;
    const text = await Deno.readTextFile(join(dir, e.name));
    for (const line of text.split("\n")) out.push(...parseTraceLine(Number(m[1]), line));
  }
  return out;
}

/** `execve("path", ["arg", ...], ["K=V", ...]) = 0` → its parts (undefined when not in that form). */
function parseExecve(line: string): { path: string; argv: string[]; env: string[] } | undefined {
  const str = /^"((?:[^"\\]|\\.)*)"/;
  let rest = line.slice("execve(".length);
  const p = str.exec(rest);
  if (!p) return undefined;
  rest = rest.slice(p[0].length);
  const lists: string[][] = [];
  for (let i = 0; i < 2; i++) {
    if (!rest.startsWith(", [")) return undefined;
    rest = rest.slice(3);
    const items: string[] = [];
    while (!rest.startsWith("]")) {
      const s = str.exec(rest);
      if (!s) return undefined;
      items.push(unescapeC(s[1]));
      rest = rest.slice(s[0].length);
      if (rest.startsWith("...")) rest = rest.slice(3); // a string cut at -s
      if (rest.startsWith(", ")) rest = rest.slice(2);
    }
    rest = rest.slice(1);
    lists.push(items);
  }
  return { path: unescapeC(p[1]), argv: lists[0], env: lists[1] };
}

/** Undoes strace's C escapes in a string (\", \\, \n, \t, \xNN, octal). */
function unescapeC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: "\n", t: "\t", r: "\r", v: "\v", f: "\f" } as Record<string, string>)[e] ?? e;
  });
}
