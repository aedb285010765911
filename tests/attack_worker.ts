/**
 * The attackers of tests/attack_mix.ts, in a process of their own (so their sockets do not share the
 * measuring client's event loop): connections that ask `LIST VAR` without end and never read, idle
 * connections, endless lines, garbage, a connect/disconnect loop and wrong passwords, all at once against
 * one server, for a bounded time. Prints `READY` once every connection is up, then a JSON line of what it
 * did when the time is over (or at SIGTERM), and exits.
 *
 *   deno run -A tests/attack_worker.ts <port> <ups> <seconds> [nonReaders idle endless garbage churners
 *     guessers]
 * @module
 */
import net from "node:net";
import { stdio } from "../lib/cli/io.ts";

const [portArg, ups, secondsArg, ...counts] = Deno.args;
const port = Number(portArg);
const seconds = Number(secondsArg);
const [nonReaders, idle, endless, garbage, churners, guessers] = [50, 500, 50, 50, 2, 2].map((d, i) =>
  Number(counts[i] ?? d)
);
const deadline = Date.now() + seconds * 1000;
const done = () => Date.now() >= deadline;
const tally = { connected: 0, refused: 0, churned: 0, logins: 0 };
const sockets: net.Socket[] = [];

/** Connects (a server that accepts nothing within 2 s counts as refusing). */
function open(): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const s = net.createConnection({ port, host: "127.0.0.1" });
    const timer = setTimeout(() => s.destroy(new Error("connect timed out")), 2000);
    s.once("connect", () => {
      clearTimeout(timer);
      tally.connected++;
      sockets.push(s);
      resolve(s);
    });
    s.on("error", () => {
      clearTimeout(timer);
      tally.refused++;
      resolve(undefined);
    });
  });
}

/** Writes `chunk()` whenever the socket takes more, until the time is over. */
function flood(s: net.Socket, chunk: () => string | Uint8Array): void {
  const more = () => {
    while (!done() && !s.destroyed && s.write(chunk())) { /* until the socket's buffer is full */ }
  };
  s.on("drain", more);
  more();
}

async function openMany(n: number): Promise<net.Socket[]> {
  const out: net.Socket[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, open));
    for (const s of batch) if (s) out.push(s);
  }
  return out;
}

const list = `LIST VAR ${ups}\n`.repeat(500);
for (const s of await openMany(nonReaders)) {
  s.pause(); // never reads a reply
  flood(s, () => list);
}
await openMany(idle);
const line = "A".repeat(16 * 1024);
for (const s of await openMany(endless)) {
  s.on("data", () => {});
  flood(s, () => line);
}
for (const s of await openMany(garbage)) {
  s.on("data", () => {});
  flood(s, () => {
    const bytes = crypto.getRandomValues(new Uint8Array(4096));
    for (let i = 0; i < bytes.length; i += 64) bytes[i] = 10; // lines of noise
    return bytes;
  });
}

async function churn(): Promise<void> {
  while (!done()) {
    const s = await open();
    if (!s) continue;
    tally.churned++;
    s.destroy();
  }
}

async function wrongPasswords(): Promise<void> {
  while (!done()) {
    const s = await open();
    if (!s) continue;
    await new Promise<void>((resolve) => {
      s.on("data", () => {});
      s.on("close", () => resolve());
      s.end(`USERNAME admin\nPASSWORD wrong${tally.logins++}\nLOGIN ${ups}\nLOGOUT\n`);
    });
  }
}

const finish = () => {
  stdio.out(JSON.stringify(tally) + "\n");
  for (const s of sockets) s.destroy();
  Deno.exit(0);
};
Deno.addSignalListener("SIGTERM", finish);
stdio.out("READY\n");
await Promise.all([
  ...Array.from({ length: churners }, churn),
  ...Array.from({ length: guessers }, wrongPasswords),
  new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now()))),
]);
finish();
