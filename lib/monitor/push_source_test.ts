/**
 * The push source with scripted readers, alone and inside the monitor on a manual clock: one connection
 * per server, observations as polls make them, a shutdown without waiting for a poll while polling goes
 * on, a poll that raced with a push dropped, reloads, a server without push logged once.
 * @module
 */
import { assert, assertEquals } from "../testing/asserts.ts";
import { parseUpsmonConf } from "../../config/upsmon_conf.ts";
import type { PushEvent } from "../client/mod.ts";
import { Logger } from "../log.ts";
import { ManualClock } from "../os/clock.ts";
import { Monitor } from "./monitor.ts";
import { Recorder } from "./_test_recorder.ts";
import { PushSource, type PushTarget } from "./push_source.ts";
import type { MonitorSession } from "./session.ts";
import { PollingSource, type StatusSourceContext } from "./source.ts";
import type { Observation } from "./types.ts";

/** A reader the test feeds by hand. */
class Script {
  #queue: PushEvent[] = [];
  #wake: (() => void) | undefined;
  ended = false;
  constructor(readonly target: PushTarget) {
    target.signal.addEventListener("abort", () => {
      this.ended = true;
      this.#wake?.();
    });
  }
  send(...events: PushEvent[]): void {
    this.#queue.push(...events);
    this.#wake?.();
  }
  async *events(): AsyncGenerator<PushEvent> {
    for (;;) {
      while (this.#queue.length > 0) yield this.#queue.shift()!;
      if (this.ended) return;
      await new Promise<void>((r) => this.#wake = r);
    }
  }
}

function scripted() {
  const scripts: Script[] = [];
  const openReader = (target: PushTarget) => {
    const s = new Script(target);
    scripts.push(s);
    return s.events();
  };
  return { scripts, openReader };
}

/** Lets the scripted events reach the monitor. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

function fakeSession(entry: MonitorSession["entry"], poll?: () => Promise<Observation>): MonitorSession & {
  polls: number;
} {
  const s = {
    entry,
    system: entry.system,
    client: undefined,
    polls: 0,
    onConnected: () => () => {},
    poll: () => {
      s.polls++;
      return poll?.() ?? Promise.resolve<Observation>({ kind: "status", system: entry.system, status: "OL" });
    },
    setFsd: () => Promise.resolve({ ok: true }),
    numLogins: () => Promise.resolve(1),
    close: () => Promise.resolve(),
  };
  return s;
}

function context(text: string, delivered: Observation[][], lines: string[] = []) {
  const conf = parseUpsmonConf(text, "upsmon.conf");
  const clock = new ManualClock();
  const ac = new AbortController();
  let sessions = conf.monitors.map((m) => fakeSession(m));
  const ctx: StatusSourceContext = {
    get sessions() {
      return sessions;
    },
    deliver: (o) => delivered.push([...o]),
    pollSeconds: () => 5,
    clock,
    log: new Logger({ sink: (_s, m) => lines.push(m), debugLevel: 1, timestamps: false }),
    signal: ac.signal,
  };
  return {
    ctx,
    clock,
    ac,
    reload(next: string) {
      sessions = parseUpsmonConf(next, "upsmon.conf").monitors.map((m) => fakeSession(m));
    },
  };
}

Deno.test({
  name: "PushSource opens one connection per server and settings, with the UPSes of its MONITOR lines",
  permissions: "none",
  async fn() {
    const { scripts, openReader } = scripted();
    const { ctx, ac } = context(
      "MONITOR ups1@h:3493 1 u p primary\nMONITOR UPS2@h 1 u p primary\nMONITOR ups1@other 1 u p primary\n" +
        "MONITOR ups3@tls 1 u p primary\n",
      [],
    );
    const source = new PushSource({
      openReader,
      connection: (e) => e.host === "tls" ? { tls: { mode: "require" }, family: 4 } : {},
    });
    source.start(ctx);
    assertEquals(
      scripts.map((s) => ({ ...s.target, signal: undefined })),
      [
        { host: "h", port: 3493, ups: ["ups1", "UPS2"], signal: undefined },
        { host: "other", port: 3493, ups: ["ups1"], signal: undefined },
        { host: "tls", port: 3493, ups: ["ups3"], tls: { mode: "require" }, family: 4, signal: undefined },
      ],
    );
    ac.abort();
    await source.stop();
    assert(scripts.every((s) => s.ended), "every connection is closed at stop");
  },
});

Deno.test({
  name:
    "PushSource delivers pushed lines as a poll would have observed them, to every MONITOR line of the UPS",
  permissions: "none",
  async fn() {
    const { scripts, openReader } = scripted();
    const delivered: Observation[][] = [];
    const { ctx, clock } = context(
      "MONITOR ups1@h 1 u p primary\nMONITOR ups1@h:3493 1 u p secondary\nMONITOR ups2@h 1 u p primary\n",
      delivered,
    );
    const source = new PushSource({ openReader });
    source.start(ctx);
    const at = clock.now();
    scripts[0].send(
      { kind: "subscribed", ups: "ups1" },
      { kind: "status", ups: "UPS1", status: "OB LB" },
      { kind: "status", ups: "ups2", status: "OL", alarm: "stale alarm text" },
      { kind: "status", ups: "ups2", status: "OL ALARM", alarm: "Replace battery" },
      { kind: "failure", ups: "ups2", code: "DATA-STALE" },
      { kind: "failure", ups: "ups2", code: "UNKNOWN-UPS" },
      { kind: "status", ups: "nosuch", status: "OL" },
    );
    await flush();
    assertEquals(delivered, [
      [
        { kind: "status", system: "ups1@h", status: "OB LB", asOf: at },
        { kind: "status", system: "ups1@h:3493", status: "OB LB", asOf: at },
      ],
      [{ kind: "status", system: "ups2@h", status: "OL", asOf: at }],
      [{ kind: "status", system: "ups2@h", status: "OL ALARM", alarm: "Replace battery", asOf: at }],
      [{
        kind: "failure",
        system: "ups2@h",
        code: "DATA-STALE",
        message: "Poll UPS [ups2@h] failed - Data stale",
        disconnected: false,
        asOf: at,
      }],
      [{
        kind: "failure",
        system: "ups2@h",
        code: "UNKNOWN-UPS",
        message: "Poll UPS [ups2@h] failed - [ups2] does not exist on server h",
        disconnected: false,
        asOf: at,
      }],
    ]);
    await source.stop();
  },
});

Deno.test({
  name: "PushSource follows a reload: a server no longer monitored is left, a new one is joined",
  permissions: "none",
  async fn() {
    const { scripts, openReader } = scripted();
    const { ctx, reload } = context("MONITOR a@h1 1 u p primary\nMONITOR b@h2 1 u p primary\n", []);
    const source = new PushSource({ openReader });
    source.start(ctx);
    assertEquals(scripts.length, 2);
    reload("MONITOR a@h1 1 u p primary\nMONITOR c@h3 1 u p primary\n");
    await source.refresh();
    assertEquals(scripts.map((s) => [s.target.host, s.ended]), [["h1", false], ["h2", true], ["h3", false]]);
    reload("MONITOR a@h1 1 u p primary\nMONITOR x@h1 1 u p primary\nMONITOR c@h3 1 u p primary\n");
    await source.refresh();
    assertEquals(scripts.map((s) => [s.target.host, s.target.ups, s.ended]), [
      ["h1", ["a"], true],
      ["h2", ["b"], true],
      ["h3", ["c"], false],
      ["h1", ["a", "x"], false],
    ]);
    await source.stop();
  },
});

Deno.test({
  name: "PushSource logs a server without push once, and connection trouble at debug level only",
  permissions: "none",
  async fn() {
    const { scripts, openReader } = scripted();
    const lines: string[] = [];
    const delivered: Observation[][] = [];
    const { ctx } = context("MONITOR ups1@h 1 u p primary\n", delivered, lines);
    const source = new PushSource({ openReader });
    source.start(ctx);
    const unsupported: PushEvent = { kind: "unsupported", answer: "ERR UNKNOWN-COMMAND", retryInMs: 300_000 };
    scripts[0].send(unsupported, unsupported, {
      kind: "disconnected",
      message: "Connection refused",
      retryInMs: 500,
    });
    await flush();
    assertEquals(lines, [
      "Server h:3493 does not offer status push (ERR UNKNOWN-COMMAND): polling only",
      "Server h:3493 still offers no status push",
      "Status push from h:3493: Connection refused; trying again in 0.5 s",
    ]);
    assertEquals(delivered, [], "a push connection's trouble is not the UPS's");
    await source.stop();
  },
});

function monitorWith(text: string, poll?: () => Promise<Observation>) {
  const { scripts, openReader } = scripted();
  const clock = new ManualClock();
  const rec = new Recorder();
  const sessions: ReturnType<typeof fakeSession>[] = [];
  const monitor = new Monitor({
    conf: parseUpsmonConf(text, "upsmon.conf"),
    log: new Logger({ sink: () => {} }),
    notifier: rec,
    shutdown: rec,
    clock,
    openSession: (e) => {
      const s = fakeSession(e, poll);
      sessions.push(s);
      return s;
    },
    sources: [new PollingSource(), new PushSource({ openReader })],
  });
  return { monitor, clock, rec, scripts, sessions };
}

Deno.test({
  name: "Monitor with push: a pushed OB LB shuts down long before the next poll; polling goes on meanwhile",
  permissions: "none",
  async fn() {
    const { monitor, clock, rec, scripts, sessions } = monitorWith(
      "MONITOR ups1@h 1 u p primary\nPOLLFREQ 30\nPOLLFREQALERT 30\nFINALDELAY 0\n",
    );
    monitor.start();
    await clock.advance(0);
    assertEquals(sessions[0].polls, 1);
    await clock.advance(30_000);
    assertEquals(sessions[0].polls, 2, "polling runs beside push");
    scripts[0].send({ kind: "status", ups: "ups1", status: "OB DISCHRG" });
    await flush();
    assertEquals(rec.events, ["ONBATT"]);
    scripts[0].send({ kind: "status", ups: "ups1", status: "OB DISCHRG LB" });
    await flush();
    await clock.advance(0);
    assertEquals(rec.events, ["ONBATT", "LOWBATT", "FSD", "SHUTDOWN", "SHUTDOWNCMD"]);
    assertEquals(sessions[0].polls, 2, "no poll was needed");
    assertEquals(await monitor.exited, 0);
    assert(scripts[0].ended, "the push connection is closed at exit");
  },
});

Deno.test({
  name: "Monitor with push: a poll sent before a push but answered after it does not undo it",
  permissions: "none",
  async fn() {
    let answer!: (o: Observation) => void;
    let slow = false;
    const { monitor, clock, rec, scripts } = monitorWith(
      "MONITOR ups1@h 1 u p primary\nPOLLFREQ 5\nPOLLFREQALERT 5\n",
      () =>
        slow
          ? new Promise((r) => answer = r)
          : Promise.resolve({ kind: "status", system: "ups1@h", status: "OL" }),
    );
    monitor.start();
    await clock.advance(0);
    slow = true;
    await clock.advance(5000); // a poll is under way: the server answers "OL"...
    await clock.advance(1);
    scripts[0].send({ kind: "status", ups: "ups1", status: "OB DISCHRG" }); // ...the power fails...
    await flush();
    answer({ kind: "status", system: "ups1@h", status: "OL" }); // ...and the old answer arrives
    await flush();
    assertEquals(rec.events, ["ONBATT"]);
    slow = false;
    await clock.advance(5000); // a poll sent after the push counts
    assertEquals(rec.events, ["ONBATT", "ONLINE"]);
    await monitor.stop();
  },
});
