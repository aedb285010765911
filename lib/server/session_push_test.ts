// Sessions with status push subscriptions (X-PUSH), without sockets: the answer and the current line at
// once, a line per change of what GET VAR ups.status answers (status, alarm, FSD latch, staleness, driver
// loss, the UPS removed and added back), nothing for other variables, the end of the session.
import { assertEquals } from "../testing/asserts.ts";
import { silentLogger } from "../log.ts";
import { splitWords } from "../words/split.ts";
import { Session } from "./session.ts";
import type { ServerContext } from "./context.ts";
import { PushHub } from "./push_hub.ts";
import { TrackingTable } from "./tracking.ts";
import type { DriverChannel, Unavailable, Ups } from "./ups.ts";
import { UpsTable } from "./ups_table.ts";

const pure = { permissions: "none" } as const;

class Channel implements DriverChannel {
  why: Unavailable | undefined = undefined;
  availability(): Unavailable | undefined {
    return this.why;
  }
  send(): boolean {
    return true;
  }
}

const DEFS = [
  { name: "ups1", driver: "dummy-ups", socketPath: "/s/dummy-ups-ups1" },
  { name: "ups2", driver: "dummy-ups", socketPath: "/s/dummy-ups-ups2" },
];

function world(options: { tls?: boolean; push?: boolean } = {}) {
  const table = new UpsTable();
  const log = silentLogger();
  const hub = new PushHub({ ups: table, now: () => 0, log });
  const channels = new Map<Ups, Channel>();
  const sync = (defs: typeof DEFS) => {
    const changes = table.sync(defs);
    for (const ups of changes.added) {
      const ch = new Channel();
      channels.set(ups, ch);
      ups.channel = ch;
      ups.watch(() => hub.changed(ups.name));
      ups.state.setInfo("ups.status", "OL");
      ups.state.setInfo("battery.charge", "100");
      ups.state.dataOk();
    }
    hub.checkAll();
  };
  sync(DEFS);
  const ctx: ServerContext = {
    ups: table,
    tracking: new TrackingTable({ delaySeconds: 60 }),
    log,
    users: () => ({ file: "", users: new Map(), warnings: [] }),
    tlsConfigured: () => options.tls ?? false,
    clients: () => [],
    newTrackingId: () => "ID",
    now: () => 0,
    push: options.push === false ? undefined : hub,
  };
  const ups1 = table.find("ups1")!;
  return { ctx, hub, table, ups1, channel: channels.get(ups1)!, sync };
}

/** A session with an output that records what is pushed. */
function open(ctx: ServerContext) {
  const s = new Session(ctx, "127.0.0.1");
  const pushed: string[] = [];
  s.attachOutput((t) => pushed.push(t));
  const say = (line: string) => s.handle(splitWords(line));
  return { s, pushed, say };
}

Deno.test({
  ...pure,
  name: "X-PUSH STATUS answers OK and the current status at once, without USERNAME, PASSWORD or LOGIN",
  fn() {
    const { ctx, ups1 } = world();
    const { say, pushed } = open(ctx);
    assertEquals(say("x-push status UPS1"), 'OK X-PUSH STATUS UPS1\nX-PUSH STATUS UPS1 "OL"\n');
    assertEquals(pushed, []);
    assertEquals(ups1.numLogins, 0);
    assertEquals(say("GET VAR ups1 ups.status"), 'VAR ups1 ups.status "OL"\n', "other requests still work");
  },
});

Deno.test({
  ...pure,
  name: "X-PUSH refuses unknown UPSes and anything but exactly STATUS <ups>",
  fn() {
    const { ctx, hub } = world();
    const { say } = open(ctx);
    assertEquals(say("X-PUSH STATUS nosuch"), "ERR UNKNOWN-UPS\n");
    for (const line of ["X-PUSH", "X-PUSH STATUS", "X-PUSH VAR ups1", "X-PUSH STATUS ups1 extra"]) {
      assertEquals(say(line), "ERR INVALID-ARGUMENT\n", line);
    }
    assertEquals(hub.size, 0);
  },
});

Deno.test({
  ...pure,
  name: "X-PUSH is an unknown command without a push hub or without a connection that can push",
  fn() {
    const { ctx } = world({ push: false });
    assertEquals(open(ctx).say("X-PUSH STATUS ups1"), "ERR UNKNOWN-COMMAND\n");
    const w = world();
    const bare = new Session(w.ctx, "127.0.0.1");
    assertEquals(bare.handle(["X-PUSH", "STATUS", "ups1"]), "ERR UNKNOWN-COMMAND\n");
    assertEquals(w.hub.size, 0);
  },
});

Deno.test({
  ...pure,
  name: "a subscriber is pushed each change of ups.status and ups.alarm, in the same call, and nothing else",
  fn() {
    const { ctx, ups1 } = world();
    const { say, pushed } = open(ctx);
    say("X-PUSH STATUS ups1");
    ups1.state.setInfo("battery.charge", "90");
    ups1.state.setInfo("ups.status", "OL"); // unchanged
    assertEquals(pushed, []);
    ups1.state.setInfo("ups.status", "OB DISCHRG");
    assertEquals(pushed, ['X-PUSH STATUS ups1 "OB DISCHRG"\n']);
    ups1.state.setInfo("ups.alarm", 'Battery "bad"');
    ups1.state.setInfo("ups.status", "OB DISCHRG LB ALARM");
    ups1.state.delInfo("ups.alarm");
    assertEquals(pushed.slice(1), [
      'X-PUSH STATUS ups1 "OB DISCHRG" "Battery \\"bad\\""\n',
      'X-PUSH STATUS ups1 "OB DISCHRG LB ALARM" "Battery \\"bad\\""\n',
      'X-PUSH STATUS ups1 "OB DISCHRG LB ALARM"\n',
    ]);
  },
});

Deno.test({
  ...pure,
  name: "a subscriber hears of the FSD latch, staleness, driver loss and return, and the variable missing",
  fn() {
    const { ctx, hub, ups1, channel } = world();
    const { say, pushed } = open(ctx);
    say("X-PUSH STATUS ups1");
    const admin = new Session(ctx, "127.0.0.1");
    ups1.fsd = true; // what FSD ups1 from a primary does
    channel.why = "DATA-STALE";
    hub.checkAll(); // the server's tick (MAXAGE)
    hub.checkAll();
    channel.why = "DRIVER-NOT-CONNECTED";
    ups1.resetState(); // the link lost the driver
    channel.why = undefined;
    ups1.state.setInfo("ups.status", "WAIT"); // connected again, dump under way
    ups1.state.setInfo("ups.status", "OL");
    ups1.state.delInfo("ups.status");
    assertEquals(pushed, [
      'X-PUSH STATUS ups1 "FSD OL"\n',
      "X-PUSH ERR ups1 DATA-STALE\n",
      "X-PUSH ERR ups1 DRIVER-NOT-CONNECTED\n",
      'X-PUSH STATUS ups1 "FSD WAIT"\n',
      'X-PUSH STATUS ups1 "FSD OL"\n',
      "X-PUSH ERR ups1 VAR-NOT-SUPPORTED\n",
    ]);
    assertEquals(admin.handle(["GET", "VAR", "ups1", "ups.status"]), "ERR VAR-NOT-SUPPORTED\n");
  },
});

Deno.test({
  ...pure,
  name: "a subscriber of a UPS removed by a reload is told UNKNOWN-UPS, and hears of it again once back",
  fn() {
    const { ctx, sync } = world();
    const { say, pushed } = open(ctx);
    say("X-PUSH STATUS ups2");
    sync(DEFS.slice(0, 1));
    sync(DEFS);
    assertEquals(pushed, ["X-PUSH ERR ups2 UNKNOWN-UPS\n", 'X-PUSH STATUS ups2 "OL"\n']);
  },
});

Deno.test({
  ...pure,
  name:
    "subscribing again replaces the subscription (new spelling, current line again); the end of the session ends it",
  fn() {
    const { ctx, hub, ups1 } = world();
    const { s, say, pushed } = open(ctx);
    const other = open(ctx);
    say("X-PUSH STATUS ups1");
    assertEquals(say("X-PUSH STATUS Ups1"), 'OK X-PUSH STATUS Ups1\nX-PUSH STATUS Ups1 "OL"\n');
    other.say("X-PUSH STATUS ups1");
    assertEquals(hub.size, 2);
    ups1.state.setInfo("ups.status", "OB");
    assertEquals(pushed, ['X-PUSH STATUS Ups1 "OB"\n']);
    s.end();
    assertEquals(hub.size, 1);
    ups1.state.setInfo("ups.status", "OL");
    assertEquals(pushed.length, 1);
    assertEquals(other.pushed, ['X-PUSH STATUS ups1 "OB"\n', 'X-PUSH STATUS ups1 "OL"\n']);
  },
});

Deno.test({
  ...pure,
  name: "STARTTLS comes before X-PUSH: after a subscription it is refused",
  fn() {
    const { ctx } = world({ tls: true });
    const { say } = open(ctx);
    say("X-PUSH STATUS ups1");
    assertEquals(say("STARTTLS"), "ERR INVALID-ARGUMENT\n");
    const fresh = open(ctx);
    assertEquals(fresh.say("STARTTLS"), "OK STARTTLS\n");
  },
});

Deno.test({
  ...pure,
  name: "a subscriber whose output throws costs only its own line",
  fn() {
    const { ctx, ups1 } = world();
    const bad = new Session(ctx, "127.0.0.1");
    bad.attachOutput(() => {
      throw new Error("boom");
    });
    bad.handle(["X-PUSH", "STATUS", "ups1"]);
    const { say, pushed } = open(ctx);
    say("X-PUSH STATUS ups1");
    ups1.state.setInfo("ups.status", "OB");
    assertEquals(pushed, ['X-PUSH STATUS ups1 "OB"\n']);
    assertEquals(ups1.state.getValue("ups.status"), "OB");
  },
});
