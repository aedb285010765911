/**
 * The runtime with fake sessions, notifier and shutdown, on a manual clock: the timers (POLLFREQ,
 * DEADTIME, HOSTSYNC, FINALDELAY, SHUTDOWNEXIT) run without real waiting.
 * @module
 */
import { assert, assertEquals } from "../testing/asserts.ts";
import { type MonitorEntry, parseUpsmonConf } from "../../config/upsmon_conf.ts";
import { Logger } from "../log.ts";
import { ManualClock } from "../os/clock.ts";
import { Monitor } from "./monitor.ts";
import { Recorder } from "./_test_recorder.ts";
import type { MonitorSession } from "./session.ts";
import type { StatusSource, StatusSourceContext } from "./source.ts";
import type { Observation } from "./types.ts";

class FakeSession implements MonitorSession {
  readonly client = undefined;
  observation: Observation;
  fsd = 0;
  logins: number | undefined = 1;
  polls = 0;
  closed = false;
  constructor(readonly entry: MonitorEntry) {
    this.observation = { kind: "status", system: entry.system, status: "OL" };
  }
  get system() {
    return this.entry.system;
  }
  set status(status: string) {
    this.observation = { kind: "status", system: this.system, status };
  }
  lose(): void {
    this.observation = {
      kind: "failure",
      system: this.system,
      code: "CONNECT",
      message: `UPS [${this.system}]: connect failed: Connection refused`,
      disconnected: false,
    };
  }
  onConnected() {
    return () => {};
  }
  poll() {
    this.polls++;
    return Promise.resolve(this.observation);
  }
  setFsd() {
    this.fsd++;
    return Promise.resolve({ ok: true });
  }
  numLogins() {
    return Promise.resolve(this.logins);
  }
  close() {
    this.closed = true;
    return Promise.resolve();
  }
}

function setup(text: string, extra: { sources?: StatusSource[]; dryRunReport?: (l: string) => void } = {}) {
  const conf = parseUpsmonConf(text, "upsmon.conf");
  const clock = new ManualClock();
  const rec = new Recorder();
  const sessions = new Map<string, FakeSession>();
  const monitor = new Monitor({
    conf,
    log: new Logger({ sink: () => {} }),
    notifier: rec,
    shutdown: rec,
    clock,
    openSession: (e) => {
      const s = new FakeSession(e);
      sessions.set(e.system, s);
      return s;
    },
    ...extra,
  });
  return { monitor, clock, rec, sessions, s: (name = "ups@h") => sessions.get(name)! };
}

Deno.test({
  name: "Monitor: a power cut on a primary, end to end on a manual clock",
  permissions: "none",
  async fn() {
    const { monitor, clock, rec, s } = setup(
      "MONITOR ups@h 1 u p primary\nPOLLFREQ 5\nPOLLFREQALERT 1\nFINALDELAY 5\nHOSTSYNC 15\n",
    );
    monitor.start();
    await clock.advance(0);
    assertEquals(s().polls, 1);
    await clock.advance(5000);
    assertEquals(s().polls, 2);
    s().status = "OB";
    await clock.advance(5000);
    assertEquals(rec.events, ["ONBATT"]);
    // On battery: polled every POLLFREQALERT second.
    await clock.advance(1000);
    assertEquals(s().polls, 4);
    s().status = "OB LB";
    s().logins = 3;
    await clock.advance(1000);
    assertEquals(s().fsd, 1);
    assertEquals(rec.events, ["ONBATT", "LOWBATT", "FSD", "SHUTDOWN_HOSTSYNC"]);
    await clock.advance(3000);
    s().logins = 1;
    await clock.advance(250);
    assertEquals(rec.events.at(-1), "SHUTDOWN");
    await clock.advance(4900);
    assertEquals(rec.events.includes("SHUTDOWNCMD"), false);
    await clock.advance(200);
    assertEquals(rec.events.at(-1), "SHUTDOWNCMD");
    assertEquals(await monitor.exited, 0);
    assert(s().closed, "LOGOUT at exit");
  },
});

Deno.test({
  name: "Monitor: the primary gives up waiting at HOSTSYNC",
  permissions: "none",
  async fn() {
    const { monitor, clock, rec, s } = setup("MONITOR ups@h 1 u p primary\nFINALDELAY 0\nHOSTSYNC 3\n");
    s; // sessions are created by the constructor
    monitor.start();
    await clock.advance(0);
    s().status = "OB LB";
    s().logins = 2;
    await clock.advance(5000);
    assert(rec.events.includes("SHUTDOWN_HOSTSYNC"));
    assertEquals(rec.events.includes("SHUTDOWNCMD"), false);
    await clock.advance(2900);
    assertEquals(rec.events.includes("SHUTDOWNCMD"), false);
    await clock.advance(200);
    assertEquals(rec.events.at(-1), "SHUTDOWNCMD");
    assertEquals(await monitor.exited, 0);
  },
});

Deno.test({
  name: "Monitor: comm lost while on battery shuts a secondary down after DEADTIME (and HOSTSYNC)",
  permissions: "none",
  async fn() {
    const { monitor, clock, rec, s } = setup(
      "MONITOR ups@h 1 u p secondary\nPOLLFREQ 60\nPOLLFREQALERT 60\nDEADTIME 15\nHOSTSYNC 10\nFINALDELAY 0\n",
    );
    s().status = "OB";
    monitor.start();
    await clock.advance(0);
    s().lose();
    await clock.advance(60_000); // one poll fails; the next one is 60 s away, the timers are not
    assertEquals(rec.events, ["ONBATT", "COMMBAD", "SHUTDOWN", "SHUTDOWNCMD"]);
    assertEquals(await monitor.exited, 0);
  },
});

Deno.test({
  name: "Monitor: comm lost while online: COMMBAD, NOCOMM, never a shutdown",
  permissions: "none",
  async fn() {
    const { monitor, clock, rec, s } = setup(
      "MONITOR ups@h 1 u p primary\nPOLLFREQ 5\nNOCOMMWARNTIME 30\nDEADTIME 15\n",
    );
    monitor.start();
    await clock.advance(0);
    s().lose();
    await clock.advance(120_000);
    assertEquals(rec.events, ["COMMBAD", "NOCOMM", "NOCOMM", "NOCOMM"]);
    s().status = "OL";
    await clock.advance(5000);
    assertEquals(rec.events.at(-1), "COMMOK");
    await monitor.stop();
    assertEquals(await monitor.exited, 0);
  },
});

Deno.test({
  name: "Monitor: a push source is evaluated at once, without waiting for the next poll",
  permissions: "none",
  async fn() {
    let push: StatusSourceContext | undefined;
    const pushSource: StatusSource = {
      name: "push",
      start: (ctx) => push = ctx,
      stop: () => Promise.resolve(),
    };
    const { monitor, clock, rec } = setup(
      "MONITOR ups@h 1 u p secondary\nPOLLFREQ 60\nFINALDELAY 0\n",
      { sources: [pushSource] },
    );
    monitor.start();
    await clock.advance(0);
    push!.deliver([{ kind: "status", system: "ups@h", status: "FSD OB LB" }]);
    await clock.advance(0);
    assertEquals(rec.events, ["FSD", "ONBATT", "LOWBATT", "SHUTDOWN", "SHUTDOWNCMD"]);
    assertEquals(await monitor.exited, 0);
  },
});

Deno.test({
  name: "Monitor: upsmon -c fsd, and a dry run reports FSD instead of sending it",
  permissions: "none",
  async fn() {
    const lines: string[] = [];
    const { monitor, clock, rec, s } = setup("MONITOR ups@h 1 u p primary\nFINALDELAY 0\n", {
      dryRunReport: (l) => lines.push(l),
    });
    monitor.start();
    await clock.advance(0);
    await monitor.requestFsd();
    await clock.advance(0);
    assertEquals(s().fsd, 0);
    assertEquals(lines, ["[dry-run] would set FSD on UPS ups@h"]);
    assertEquals(rec.events, ["FSD", "SHUTDOWN", "SHUTDOWNCMD"]);
  },
});

Deno.test({
  name: "Monitor.reload() keeps known UPSes, opens new ones, refuses an impossible configuration",
  permissions: "none",
  async fn() {
    const { monitor, clock, sessions } = setup("MONITOR a@h 1 u p primary\n");
    monitor.start();
    await clock.advance(0);
    const a = sessions.get("a@h")!;
    const refused = await monitor.reload(parseUpsmonConf("MONITOR a@h 1 u p primary\nMINSUPPLIES 2\n", "x"));
    assertEquals(refused, "total power value (1) less than MINSUPPLIES (2)");
    assertEquals(monitor.sessions.map((x) => x.system), ["a@h"]);
    const ok = await monitor.reload(
      parseUpsmonConf("MONITOR a@h 1 u p primary\nMONITOR b@h 1 u p primary\nMINSUPPLIES 2\n", "x"),
    );
    assertEquals(ok, undefined);
    assertEquals(monitor.sessions.map((x) => x.system), ["a@h", "b@h"]);
    assertEquals(monitor.sessions[0], a);
    assert(sessions.get("b@h")!.polls > 0, "polled after the reload");
    await monitor.reload(parseUpsmonConf("MONITOR b@h 1 u p primary\n", "x"));
    assert(a.closed, "a removed UPS is logged out");
    await monitor.stop();
  },
});

Deno.test({
  name: "Monitor: a server that does not answer never delays the news of another UPS",
  permissions: "none",
  async fn() {
    const { monitor, clock, rec, sessions } = setup(
      "MONITOR a@h 1 u p secondary\nMONITOR b@h 1 u p secondary\nMINSUPPLIES 2\nFINALDELAY 0\n",
    );
    let release!: (o: Observation) => void;
    sessions.get("a@h")!.poll = () => new Promise((r) => release = r);
    sessions.get("b@h")!.status = "FSD OB LB";
    monitor.start();
    await clock.advance(0);
    assertEquals(rec.events, ["FSD", "ONBATT", "LOWBATT", "SHUTDOWN", "SHUTDOWNCMD"]);
    release({ kind: "status", system: "a@h", status: "OL" });
    assertEquals(await monitor.exited, 0);
  },
});
