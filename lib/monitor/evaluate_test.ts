/**
 * The pure core, rule by rule and event by event, with explicit times (no waiting).
 * @module
 */
import { assert, assertEquals } from "../testing/asserts.ts";
import { parseUpsmonConf, type UpsmonConf } from "../../config/upsmon_conf.ts";
import { evaluate, type EvaluateOptions, nextWake, pollSeconds } from "./evaluate.ts";
import { hasFlag, initialState, type MonitorState } from "./state.ts";
import type { MonitorAction, MonitorEvent, Observation } from "./types.ts";
import { NOTIFY_TYPES } from "./notify_types.ts";

const T0 = Date.UTC(2024, 0, 1);
const S = 1000;

/** A scripted run of the core: feeds events, keeps every action. */
class Sim {
  conf: UpsmonConf;
  state: MonitorState;
  actions: MonitorAction[] = [];
  now = T0;
  opts: EvaluateOptions;

  constructor(text: string, opts: EvaluateOptions = {}) {
    this.conf = parseUpsmonConf(text, "upsmon.conf");
    assertEquals(this.conf.warnings, []);
    this.state = initialState(this.conf);
    this.opts = opts;
  }

  event(e: MonitorEvent): MonitorAction[] {
    const r = evaluate(this.state, e, this.conf, this.opts);
    this.state = r.state;
    this.actions.push(...r.actions);
    return r.actions;
  }

  /** Observations at now + dt seconds. */
  observe(dt: number, ...obs: Observation[]): MonitorAction[] {
    this.now += dt * S;
    return this.event({ kind: "observe", at: this.now, observations: obs });
  }

  status(dt: number, status: string, system = "ups@h", alarm?: string): MonitorAction[] {
    return this.observe(
      dt,
      alarm === undefined ? { kind: "status", system, status } : {
        kind: "status",
        system,
        status,
        alarm,
      },
    );
  }

  fail(dt: number, system = "ups@h", disconnected = false): MonitorAction[] {
    return this.observe(dt, {
      kind: "failure",
      system,
      code: "DATA-STALE",
      message: `Poll UPS [${system}] failed - Data stale`,
      disconnected,
    });
  }

  tick(dt: number): MonitorAction[] {
    this.now += dt * S;
    return this.event({ kind: "tick", at: this.now });
  }

  logins(dt: number, ...counts: (number | undefined)[]): MonitorAction[] {
    this.now += dt * S;
    return this.event({ kind: "logins", at: this.now, counts });
  }

  /** Notify types among actions (all so far by default). */
  notified(actions = this.actions): string[] {
    return actions.flatMap((a) => a.kind === "notify" ? [a.type] : []);
  }

  /** Action kinds other than log and notify. */
  effects(actions = this.actions): string[] {
    return actions.flatMap((a) =>
      a.kind === "log" || a.kind === "notify" ? [] : [a.kind === "set-fsd" ? `set-fsd ${a.system}` : a.kind]
    );
  }

  logs(actions = this.actions): string[] {
    return actions.flatMap((a) => a.kind === "log" && a.severity !== "debug" ? [a.message] : []);
  }

  ups(system = "ups@h") {
    return this.state.ups.find((t) => t.system === system)!;
  }
}

const PRIMARY = "MONITOR ups@h 1 u p primary\n";
const SECONDARY = "MONITOR ups@h 1 u p secondary\n";

Deno.test({
  name: "evaluate() notifies ONBATT, LOWBATT and ONLINE, but not the first OL at start-up",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY + "MINSUPPLIES 0\n");
    assertEquals(sim.notified(sim.status(0, "OL")), []);
    assertEquals(sim.notified(sim.status(5, "OL")), []);
    assertEquals(sim.notified(sim.status(5, "OB DISCHRG")), ["ONBATT"]);
    assertEquals(sim.notified(sim.status(5, "OB DISCHRG")), []);
    assertEquals(sim.notified(sim.status(5, "OB LB")), ["LOWBATT"]);
    assertEquals(sim.notified(sim.status(5, "OL CHRG")), ["ONLINE"]);
    assertEquals(sim.notified(sim.status(5, "OL LB")), ["LOWBATT"]);
    assertEquals(sim.effects(), []);
  },
});

Deno.test({
  name: "evaluate() notifies ONBATT when the monitor starts during an outage",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY);
    assertEquals(sim.notified(sim.status(0, "OB")), ["ONBATT"]);
  },
});

Deno.test({
  name: "evaluate() formats messages with the UPS name and NOTIFYMSG, and carries NOTIFYFLAG",
  permissions: "none",
  fn() {
    const sim = new Sim(
      SECONDARY + 'NOTIFYMSG ONBATT "Someone pulled the plug on %s"\nNOTIFYFLAG ONBATT SYSLOG+EXEC\n',
    );
    const [n] = sim.status(0, "OB").filter((a) => a.kind === "notify");
    assertEquals(n, {
      kind: "notify",
      type: "ONBATT",
      system: "ups@h",
      message: "Someone pulled the plug on ups@h",
      flags: { ignore: false, syslog: true, wall: false, exec: true },
    });
    const [m] = sim.status(5, "OB LB").filter((a) => a.kind === "notify");
    assertEquals([m.kind === "notify" && m.message, m.kind === "notify" && m.flags.wall], [
      "UPS ups@h battery is low",
      true,
    ]);
  },
});

Deno.test({
  name: "evaluate() notifies COMMBAD, NOCOMM every NOCOMMWARNTIME, and COMMOK, but not COMMOK at start-up",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY + "NOCOMMWARNTIME 60\n");
    assertEquals(sim.notified(sim.status(0, "OL")), []);
    assertEquals(sim.notified(sim.fail(5)), ["COMMBAD"]);
    assertEquals(sim.notified(sim.fail(5)), []);
    assertEquals(sim.notified(sim.fail(50)), ["NOCOMM"]);
    assertEquals(sim.notified(sim.fail(30)), []);
    assertEquals(sim.notified(sim.fail(31)), ["NOCOMM"]);
    assertEquals(sim.notified(sim.status(5, "OL")), ["COMMOK"]);
    assertEquals(sim.effects(), []);
  },
});

Deno.test({
  name: "evaluate() treats an unreachable UPS at start-up as NUT does: COMMBAD, then NOCOMM at once",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY);
    assertEquals(sim.notified(sim.fail(0)), ["COMMBAD"]);
    assertEquals(sim.notified(sim.fail(5)), ["NOCOMM"]);
    // A UPS never heard from counts as powering the host.
    assertEquals(sim.effects(), []);
    assertEquals(sim.notified(sim.status(5, "OL")), ["COMMOK"]);
  },
});

Deno.test({
  name: "evaluate(): an empty ups.status counts as no answer",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY);
    sim.status(0, "OL");
    assertEquals(sim.notified(sim.status(5, "")), ["COMMBAD"]);
  },
});

Deno.test({
  name: "evaluate(): comm lost while online never shuts down",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY + "DEADTIME 15\n");
    sim.status(0, "OL");
    sim.fail(5, "ups@h", true);
    for (let i = 0; i < 100; i++) sim.fail(5);
    sim.tick(3600);
    assertEquals(sim.effects(), []);
    assertEquals(sim.notified(), ["COMMBAD", "NOCOMM"]);
  },
});

Deno.test({
  name: "evaluate(): comm lost while on battery shuts a primary down once DEADTIME has passed",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY + "DEADTIME 15\nFINALDELAY 5\n");
    sim.status(0, "OB");
    sim.fail(5, "ups@h", true);
    sim.fail(5);
    assertEquals(sim.effects(), []);
    assertEquals(nextWake(sim.state, sim.conf, sim.now), T0 + 15 * S + 1);
    sim.tick(5); // 15 s: not yet beyond DEADTIME
    assertEquals(sim.effects(), []);
    const acts = sim.tick(0.001);
    assert(hasFlag(sim.ups(), "LOWBATT"), "promoted to low battery");
    assertEquals(sim.effects(acts), ["set-fsd ups@h", "count-logins"]);
  },
});

Deno.test({
  name: "evaluate(): a UPS on battery that answers is never dead, however long between polls",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY + "DEADTIME 15\n");
    sim.status(0, "OB");
    assertEquals(nextWake(sim.state, sim.conf, sim.now), undefined);
    sim.tick(30);
    sim.status(30, "OB");
    sim.tick(30);
    assertEquals(sim.effects(), []);
  },
});

Deno.test({
  name: "evaluate(): a secondary that loses a UPS on battery shuts down after DEADTIME and HOSTSYNC",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY + "DEADTIME 15\nHOSTSYNC 20\nFINALDELAY 0\n");
    sim.status(0, "OB");
    sim.fail(5);
    sim.tick(11); // 16 s: dead, promoted to OB+LB, the primary still has time
    assert(hasFlag(sim.ups(), "LOWBATT"));
    assertEquals(sim.effects(), []);
    assertEquals(nextWake(sim.state, sim.conf, sim.now), T0 + 20 * S + 1);
    const acts = sim.tick(4.001);
    assertEquals(sim.effects(acts), ["wall", "shutdown", "exit"]);
    assertEquals(sim.notified(acts), ["SHUTDOWN"]);
  },
});

Deno.test({
  name:
    "evaluate(): a primary on OB+LB sets FSD, waits for the secondaries, then SHUTDOWN, FINALDELAY, SHUTDOWNCMD",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY + "FINALDELAY 5\nHOSTSYNC 15\n");
    sim.status(0, "OL");
    sim.status(5, "OB");
    const acts = sim.status(5, "OB LB");
    assertEquals(sim.notified(acts), ["LOWBATT"]);
    assertEquals(sim.effects(acts), ["set-fsd ups@h", "count-logins"]);
    assertEquals(sim.state.phase.kind, "hostsync");
    // The server confirms FSD: notified once, not again when the status shows it.
    assertEquals(sim.notified(sim.event({ kind: "fsd-result", at: sim.now, system: "ups@h", ok: true })), [
      "FSD",
    ]);
    // Observations no longer count once the shutdown started.
    assertEquals(sim.notified(sim.status(0.1, "FSD OL")), []);
    // Three clients logged in (us and two secondaries): wait, and say so once.
    assertEquals(sim.notified(sim.logins(0.1, 3)), ["SHUTDOWN_HOSTSYNC"]);
    assertEquals(nextWake(sim.state, sim.conf, sim.now), sim.now + 250);
    assertEquals(sim.effects(sim.tick(0.25)), ["count-logins"]);
    assertEquals(sim.notified(sim.logins(0.1, 2)), []);
    sim.tick(0.25);
    const done = sim.logins(0.1, 1);
    assertEquals(sim.effects(done), ["wall"]);
    assertEquals(sim.notified(done), ["SHUTDOWN"]);
    assertEquals(sim.state.phase.kind, "finaldelay");
    assertEquals(sim.effects(sim.tick(4.9)), []);
    assertEquals(sim.effects(sim.tick(0.1)), ["shutdown", "exit"]);
    assertEquals((sim.state.phase as { kind: string }).kind, "exited");
  },
});

Deno.test({
  name: "evaluate(): the primary stops waiting for stuck secondaries at HOSTSYNC",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY + "FINALDELAY 0\nHOSTSYNC 2\n");
    sim.status(0, "OB LB");
    for (let i = 0; i < 6; i++) {
      sim.logins(0.05, 3);
      sim.tick(0.25);
    }
    assertEquals(sim.effects().filter((e) => e === "shutdown"), []);
    const acts = sim.tick(0.3); // beyond 2 s, a query in flight or not
    assert(sim.logs(acts).includes("Host sync timer expired, forcing shutdown"));
    assertEquals(sim.effects(acts), ["wall", "shutdown", "exit"]);
    assertEquals(sim.notified().filter((n) => n === "SHUTDOWN_HOSTSYNC").length, 1);
  },
});

Deno.test({
  name: "evaluate(): failed NUMLOGINS answers do not make the primary wait",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY + "FINALDELAY 0\n");
    sim.status(0, "OB LB");
    assertEquals(sim.effects(sim.logins(0.1, undefined)), ["wall", "shutdown", "exit"]);
  },
});

Deno.test({
  name: "evaluate(): a dry run does not LOGIN, so no other login is a secondary still logged in",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY + "FINALDELAY 0\n", { ownLogins: 0 });
    sim.status(0, "OB LB");
    assertEquals(sim.notified(sim.logins(0.1, 1)), ["SHUTDOWN_HOSTSYNC"]);
    assertEquals(sim.effects(sim.logins(0.3, 0)), ["wall", "shutdown", "exit"]);
  },
});

Deno.test({
  name: "evaluate(): a secondary gives the primary HOSTSYNC seconds to set FSD on OB+LB",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY + "HOSTSYNC 15\nFINALDELAY 0\n");
    sim.status(0, "OB");
    sim.status(5, "OB LB"); // the first OB+LB poll still counts as "not critical"
    sim.status(5, "OB LB");
    sim.status(5, "OB LB");
    assertEquals(sim.effects(), []);
    sim.status(5, "OB LB"); // 15 s after the first OB+LB poll: not beyond HOSTSYNC
    assertEquals(sim.effects(), []);
    assertEquals(nextWake(sim.state, sim.conf, sim.now), sim.now + 1);
    const acts = sim.tick(0.01);
    assertEquals(sim.effects(acts), ["wall", "shutdown", "exit"]);
    assert(sim.logs(acts).some((l) => l.startsWith("Giving up on the primary for UPS [ups@h]")));
  },
});

Deno.test({
  name: "evaluate(): a secondary shuts down at once on FSD, without setting FSD itself",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY + "FINALDELAY 3\n");
    sim.status(0, "OB");
    const acts = sim.status(2, "FSD OB LB");
    assertEquals(sim.notified(acts), ["FSD", "LOWBATT", "SHUTDOWN"]);
    assertEquals(sim.effects(acts), ["wall"]);
    assertEquals(sim.effects(sim.tick(3)), ["shutdown", "exit"]);
  },
});

Deno.test({
  name: "evaluate(): OB+LB while calibrating is not critical",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY);
    sim.status(0, "OB LB CAL");
    sim.tick(100);
    assertEquals(sim.effects(), []);
    assertEquals(sim.notified(), ["ONBATT", "LOWBATT", "CAL"]);
  },
});

Deno.test({
  name: "evaluate(): MINSUPPLIES 2 with two supplies, one fails: shutdown; with MINSUPPLIES 1: none",
  permissions: "none",
  fn() {
    const two = "MONITOR a@h 1 u p primary\nMONITOR b@h 1 u p primary\n";
    const sim = new Sim(two + "MINSUPPLIES 2\n");
    sim.status(0, "OL", "a@h");
    sim.status(0, "OL", "b@h");
    const acts = sim.status(5, "OB LB", "a@h");
    assertEquals(sim.effects(acts), ["set-fsd a@h", "set-fsd b@h", "count-logins"]);

    const one = new Sim(two + "MINSUPPLIES 1\n");
    one.status(0, "OL", "a@h");
    one.status(0, "OL", "b@h");
    one.status(5, "OB LB", "a@h");
    one.tick(600);
    assertEquals(one.effects(), []);
    const both = one.status(5, "OB LB", "b@h");
    assertEquals(one.effects(both), ["set-fsd a@h", "set-fsd b@h", "count-logins"]);
  },
});

Deno.test({
  name: "evaluate(): redundant supplies as in upsmon(8): alpha (2) and beta (1) with MINSUPPLIES 2",
  permissions: "none",
  fn() {
    const conf = "MONITOR alpha@h 2 u p secondary\nMONITOR beta@h 1 u p secondary\nMINSUPPLIES 2\n";
    const sim = new Sim(conf);
    sim.status(0, "FSD OB LB", "beta@h");
    sim.tick(60);
    assertEquals(sim.effects(), [], "3 - 1 = 2 supplies left: enough");
    const acts = sim.status(5, "FSD OB LB", "alpha@h");
    assert(sim.effects(acts).includes("wall"), "1 supply left: shut down");
  },
});

Deno.test({
  name: "evaluate(): a power value of 0 only monitors",
  permissions: "none",
  fn() {
    const sim = new Sim("MONITOR far@h 0 u p secondary\nMONITOR mine@h 1 u p secondary\n");
    sim.status(0, "FSD OB LB", "far@h");
    sim.tick(60);
    assertEquals(sim.effects(), []);
  },
});

Deno.test({
  name: "evaluate(): upsmon -c fsd shuts down a healthy host (primary: FSD + HOSTSYNC; secondary: at once)",
  permissions: "none",
  fn() {
    const p = new Sim(PRIMARY);
    p.status(0, "OL");
    assertEquals(p.effects(p.event({ kind: "fsd-request", at: p.now })), ["set-fsd ups@h", "count-logins"]);
    // A second request during the sequence changes nothing.
    assertEquals(p.effects(p.event({ kind: "fsd-request", at: p.now })), []);
    const s = new Sim(SECONDARY + "FINALDELAY 0\n");
    s.status(0, "OL");
    assertEquals(s.effects(s.event({ kind: "fsd-request", at: s.now })), ["wall", "shutdown", "exit"]);
  },
});

Deno.test({
  name: "evaluate(): an FSD the server refused is logged and not notified",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY);
    sim.status(0, "OB LB");
    const acts = sim.event({
      kind: "fsd-result",
      at: sim.now,
      system: "ups@h",
      ok: false,
      message: "Access denied",
    });
    assertEquals(sim.notified(acts), []);
    assertEquals(sim.logs(acts), ["FSD set on UPS ups@h failed: Access denied"]);
  },
});

Deno.test({
  name: "evaluate(): FINALDELAY 0 runs SHUTDOWNCMD at once; SHUTDOWNEXIT delays or prevents the exit",
  permissions: "none",
  fn() {
    const now = new Sim(SECONDARY + "FINALDELAY 0\n");
    assertEquals(now.effects(now.status(0, "FSD OB LB")), ["wall", "shutdown", "exit"]);

    const later = new Sim(SECONDARY + "FINALDELAY 0\nSHUTDOWNEXIT 30\n");
    assertEquals(later.effects(later.status(0, "FSD OB LB")), ["wall", "shutdown"]);
    assertEquals(nextWake(later.state, later.conf, later.now), later.now + 30 * S);
    assertEquals(later.effects(later.tick(29)), []);
    assertEquals(later.effects(later.tick(1)), ["exit"]);

    const never = new Sim(SECONDARY + "FINALDELAY 0\nSHUTDOWNEXIT no\n");
    never.status(0, "FSD OB LB");
    never.tick(1e6);
    assertEquals(never.effects(), ["wall", "shutdown"]);
    assertEquals(nextWake(never.state, never.conf, never.now), undefined);
  },
});

Deno.test({
  name: "evaluate(): REPLBATT at the first RB, then every RBWARNTIME",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY + "RBWARNTIME 100\n");
    assertEquals(sim.notified(sim.status(0, "OL RB")), ["REPLBATT"]);
    assertEquals(sim.notified(sim.status(50, "OL RB")), []);
    assertEquals(sim.notified(sim.status(50, "OL RB")), []);
    assertEquals(sim.notified(sim.status(1, "OL RB")), ["REPLBATT"]);
  },
});

Deno.test({
  name: "evaluate(): CAL, OFF, BYPASS, ECO, OVER, TRIM, BOOST and their NOT* returns",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY + "OFFDURATION -1\n");
    sim.status(0, "OL");
    for (
      const [word, on, off] of [
        ["CAL", "CAL", "NOTCAL"],
        ["OFF", "OFF", "NOTOFF"],
        ["BYPASS", "BYPASS", "NOTBYPASS"],
        ["ECO", "ECO", "NOTECO"],
        ["OVER", "OVER", "NOTOVER"],
        ["TRIM", "TRIM", "NOTTRIM"],
        ["BOOST", "BOOST", "NOTBOOST"],
      ]
    ) {
      assertEquals(sim.notified(sim.status(5, `OL ${word}`)), [on], word);
      assertEquals(sim.notified(sim.status(5, `OL ${word}`)), [], word);
      assertEquals(sim.notified(sim.status(5, "OL")), [off], word);
    }
    assertEquals(sim.effects(), []);
  },
});

Deno.test({
  name: "evaluate(): ALARM with ups.alarm's text, again when the text changes, NOTALARM when it clears",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY);
    sim.status(0, "OL");
    const a = sim.status(5, "ALARM OL", "ups@h", "Replace battery!");
    assertEquals(a.flatMap((x) => x.kind === "notify" ? [x.message] : []), [
      "UPS ups@h: one or more active alarms: [Replace battery!]",
    ]);
    assertEquals(sim.notified(sim.status(5, "ALARM OL", "ups@h", "Replace battery!")), []);
    assertEquals(sim.notified(sim.status(5, "ALARM OL", "ups@h", "Overheat")), ["ALARM"]);
    assertEquals(sim.notified(sim.status(5, "OL")), ["NOTALARM"]);
    const na = sim.status(5, "ALARM OL");
    assertEquals(na.flatMap((x) => x.kind === "notify" ? [x.message] : []), [
      "UPS ups@h: one or more active alarms: [n/a]",
    ]);
  },
});

Deno.test({
  name:
    "evaluate(): OTHER lists unclassified status words, NOTOTHER when none are left; HB, CHRG, DISCHRG are known",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY);
    assertEquals(sim.notified(sim.status(0, "OL CHRG HB")), []);
    const o = sim.status(5, "OL WEIRD FOO");
    assertEquals(o.flatMap((x) => x.kind === "notify" ? [x.message] : []), [
      "UPS ups@h: has at least one unclassified status token: [WEIRD FOO]",
    ]);
    assertEquals(sim.notified(sim.status(5, "OL FOO WEIRD")), []);
    assertEquals(sim.notified(sim.status(5, "OL FOO")), ["OTHER"]);
    assertEquals(sim.notified(sim.status(5, "OL")), ["NOTOTHER"]);
  },
});

Deno.test({
  name: "evaluate(): status words in any case; FSD with OL is still critical",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY + "FINALDELAY 0\n");
    sim.status(0, "ol");
    assertEquals(sim.notified(sim.status(5, "ob lb")), ["ONBATT", "LOWBATT"]);
    const acts = sim.status(5, "fsd OL");
    assertEquals(sim.notified(acts), ["FSD", "ONLINE", "SHUTDOWN"]);
  },
});

Deno.test({
  name: "evaluate(): OFF counts as a lost feed after OFFDURATION (0: at once; negative: never)",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY + "OFFDURATION 30\nFINALDELAY 0\n");
    sim.status(0, "OFF");
    sim.status(20, "OFF");
    assertEquals(sim.effects(), []);
    assertEquals(nextWake(sim.state, sim.conf, sim.now), T0 + 30 * S + 1);
    assertEquals(sim.effects(sim.tick(10.001)), ["wall", "shutdown", "exit"]);

    const now = new Sim(SECONDARY + "OFFDURATION 0\nFINALDELAY 0\n");
    assertEquals(now.effects(now.status(0, "OFF")), ["wall", "shutdown", "exit"]);

    const never = new Sim(SECONDARY + "OFFDURATION -1\n");
    never.status(0, "OFF");
    never.status(3600, "OFF");
    never.fail(5);
    never.tick(3600);
    assertEquals(never.effects(), []);
  },
});

Deno.test({
  name: "evaluate(): a UPS that stops answering while on bypass, calibrating or OFF is dead",
  permissions: "none",
  fn() {
    for (const word of ["BYPASS", "CAL", "OFF"]) {
      const sim = new Sim(SECONDARY + "FINALDELAY 0\n");
      sim.status(0, `OL ${word}`);
      assertEquals(sim.effects(), [], word);
      assertEquals(sim.effects(sim.fail(5)), ["wall", "shutdown", "exit"], word);
    }
  },
});

Deno.test({
  name: "evaluate(): an alarmed UPS that stops answering is dead, unless ALARMCRITICAL 0",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY + "FINALDELAY 0\n");
    sim.status(0, "ALARM OL", "ups@h", "x");
    assertEquals(sim.effects(sim.fail(5)), ["wall", "shutdown", "exit"]);
    const lax = new Sim(SECONDARY + "ALARMCRITICAL 0\n");
    lax.status(0, "ALARM OL", "ups@h", "x");
    lax.fail(5);
    lax.tick(3600);
    assertEquals(lax.effects(), []);
  },
});

Deno.test({
  name: "evaluate(): an overloaded UPS that stops answering is dead after OVERDURATION (default: never)",
  permissions: "none",
  fn() {
    const never = new Sim(SECONDARY);
    never.status(0, "OL OVER");
    never.fail(5);
    never.tick(3600);
    assertEquals(never.effects(), []);

    const sim = new Sim(SECONDARY + "OVERDURATION 20\nFINALDELAY 0\n");
    sim.status(0, "OL OVER");
    sim.fail(5);
    assertEquals(sim.effects(), []);
    assertEquals(nextWake(sim.state, sim.conf, sim.now), T0 + 20 * S);
    assertEquals(sim.effects(sim.tick(15)), ["wall", "shutdown", "exit"]);

    const now = new Sim(SECONDARY + "OVERDURATION 0\nFINALDELAY 0\n");
    now.status(0, "OL OVER");
    assertEquals(now.effects(now.fail(5)), ["wall", "shutdown", "exit"]);
  },
});

Deno.test({
  name: "evaluate(): OBLBDURATION puts OB+LB into effect only when it lasts",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY + "OBLBDURATION 10\nPOLLFREQALERT 4\n");
    sim.status(0, "OB LB");
    assertEquals(sim.effects(), []);
    assertEquals(pollSeconds(sim.state, sim.conf), 2, "gcd(POLLFREQALERT, OBLBDURATION)");
    sim.status(5, "OB LB");
    assertEquals(sim.effects(), []);
    // It cleared: the count starts over.
    sim.status(2, "OB");
    assertEquals(sim.ups().oblbSince, 0);
    sim.status(2, "OB LB");
    sim.status(9, "OB LB");
    assertEquals(sim.effects(), []);
    assertEquals(sim.effects(sim.tick(1)), ["set-fsd ups@h", "count-logins"]);
  },
});

Deno.test({
  name: "evaluate(): NOPARENT at once, then every 2 minutes",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY);
    const parent = (dt: number) => {
      sim.now += dt * S;
      return sim.event({ kind: "parent-gone", at: sim.now });
    };
    assertEquals(sim.notified(parent(0)), ["NOPARENT"]);
    assertEquals(sim.notified(parent(60)), []);
    assertEquals(sim.notified(parent(60)), ["NOPARENT"]);
    const [n] = sim.actions.filter((a) => a.kind === "notify");
    assertEquals([n.kind === "notify" && n.message, n.kind === "notify" && n.system], [
      "upsmon parent process died - shutdown impossible",
      undefined,
    ]);
  },
});

Deno.test({
  name: "pollSeconds(): POLLFREQALERT while a UPS is on battery, POLLFREQ otherwise",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY + "POLLFREQ 30\nPOLLFREQALERT 5\n");
    sim.status(0, "OL");
    assertEquals(pollSeconds(sim.state, sim.conf), 30);
    sim.status(5, "OB");
    assertEquals(pollSeconds(sim.state, sim.conf), 5);
    sim.status(5, "OL BYPASS");
    assertEquals(pollSeconds(sim.state, sim.conf), 5);
    sim.status(5, "OL");
    assertEquals(pollSeconds(sim.state, sim.conf), 30);
  },
});

Deno.test({
  name: "evaluate(): POLLFAIL_LOG_THROTTLE_MAX logs a failure state once, every n polls, and its end",
  permissions: "none",
  fn() {
    const count = (acts: MonitorAction[]) =>
      acts.filter((a) => a.kind === "log" && a.severity === "error" && a.message.includes("Data stale"))
        .length;
    const every = new Sim(SECONDARY);
    assertEquals([count(every.fail(0)), count(every.fail(5)), count(every.fail(5))], [1, 1, 1]);
    const once = new Sim(SECONDARY + "POLLFAIL_LOG_THROTTLE_MAX 0\n");
    assertEquals([count(once.fail(0)), count(once.fail(5)), count(once.fail(5))], [1, 0, 0]);
    assert(
      once.logs(once.status(5, "OL")).some((l) => l.includes("recovered from failure state DATA-STALE")),
    );
    const three = new Sim(SECONDARY + "POLLFAIL_LOG_THROTTLE_MAX 3\n");
    assertEquals(
      [1, 2, 3, 4, 5, 6, 7].map(() => count(three.fail(5))),
      [1, 0, 0, 1, 0, 0, 1],
    );
  },
});

Deno.test({
  name: "evaluate(): a dropped connection forgets the line state; the flags stay",
  permissions: "none",
  fn() {
    const sim = new Sim(SECONDARY);
    sim.status(0, "OB");
    sim.fail(5, "ups@h", true);
    assertEquals([sim.ups().commState, sim.ups().lineState, hasFlag(sim.ups(), "ONBATT")], [0, 0, true]);
    assertEquals(sim.notified(sim.status(5, "OL")), ["COMMOK", "ONLINE"]);
  },
});

Deno.test({
  name: "evaluate() raises every event of NUT's table but the OS sleep ones",
  permissions: "none",
  fn() {
    const seen = new Set<string>();
    const add = (sim: Sim) => sim.notified().forEach((t) => seen.add(t));
    const a = new Sim(SECONDARY + "NOCOMMWARNTIME 1\nOFFDURATION -1\nMINSUPPLIES 0\n");
    for (
      const s of [
        "OL",
        "OB",
        "OB LB",
        "OL RB CAL",
        "OL OFF BYPASS ECO OVER TRIM BOOST",
        "OL ALARM X",
        "OL",
      ]
    ) a.status(5, s, "ups@h", s.includes("ALARM") ? "a" : undefined);
    a.fail(5);
    a.fail(5);
    a.status(5, "OL");
    a.event({ kind: "parent-gone", at: a.now });
    add(a);
    const b = new Sim(PRIMARY + "FINALDELAY 0\n");
    b.status(5, "FSD OL");
    b.event({ kind: "fsd-result", at: b.now, system: "ups@h", ok: true });
    b.logins(0.1, 2);
    b.tick(60);
    add(b);
    const missing = NOTIFY_TYPES.filter((t) => !seen.has(t));
    assertEquals(missing, ["SUSPEND_TIMEJUMP_UNEXPECTED", "SUSPEND_STARTING", "SUSPEND_FINISHED"]);
  },
});

Deno.test({
  name: "evaluate() does not modify the state it is given",
  permissions: "none",
  fn() {
    const sim = new Sim(PRIMARY);
    const before = structuredClone(sim.state);
    evaluate(sim.state, {
      kind: "observe",
      at: T0,
      observations: [{ kind: "status", system: "ups@h", status: "OB LB" }],
    }, sim.conf);
    assertEquals(sim.state, before);
  },
});
