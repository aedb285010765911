// Golden values: every expected reply below was captured from NUT 2.8.0's upsd on the same requests
// (see tests/server_diff_test.ts for the live comparison), so these run without NUT installed.
import { assertEquals } from "../testing/asserts.ts";
import { silentLogger } from "../log.ts";
import { parseUpsdUsers } from "../../config/upsd_users.ts";
import type { DriverRequest } from "../sock/messages.ts";
import { splitWords } from "../words/split.ts";
import { Session } from "./session.ts";
import type { ClientInfo, ServerContext } from "./context.ts";
import { TrackingTable } from "./tracking.ts";
import type { DriverChannel, Unavailable } from "./ups.ts";
import { UpsTable } from "./ups_table.ts";

const pure = { permissions: "none" } as const;

const USERS = `
[admin]
 password = secret
 actions = SET FSD
 instcmds = ALL
[mon]
 password = pw
 upsmon primary
[sec]
 password = pw
 upsmon secondary
[cmd]
 password = pw
 instcmds = test.battery.start
[nopw]
 actions = SET
`;

class FakeChannel implements DriverChannel {
  sent: DriverRequest[] = [];
  why: Unavailable | undefined = undefined;
  up = true;
  availability(): Unavailable | undefined {
    return this.why;
  }
  send(r: DriverRequest): boolean {
    if (!this.up) return false;
    this.sent.push(r);
    return true;
  }
}

function world() {
  const table = new UpsTable();
  table.sync([
    { name: "ups1", driver: "dummy-ups", socketPath: "/s/dummy-ups-ups1", desc: 'First "UPS" # here' },
    { name: "Ups2", driver: "dummy-ups", socketPath: "/s/dummy-ups-Ups2" },
    { name: "nodrv", driver: "dummy-ups", socketPath: "/s/dummy-ups-nodrv" },
  ]);
  const [ups1, ups2, nodrv] = table.list();
  const ch1 = new FakeChannel();
  ups1.channel = ch1;
  ups2.channel = new FakeChannel();
  const down = new FakeChannel();
  down.why = "DRIVER-NOT-CONNECTED";
  nodrv.channel = down;
  const st = ups1.state;
  st.setInfo("ups.status", "OL");
  st.setFlags("ups.status", ["RW", "STRING"]);
  st.setAux("ups.status", 32);
  st.setInfo("battery.charge", "100");
  st.setFlags("battery.charge", ["RW"]);
  st.setInfo("driver.name", "dummy-ups");
  st.setInfo("input.transfer.low", "100");
  st.setFlags("input.transfer.low", ["RW"]);
  st.addEnum("input.transfer.low", "103");
  st.addEnum("input.transfer.low", "100");
  st.setInfo("ups.delay.shutdown", "20");
  st.setFlags("ups.delay.shutdown", ["RW", "NUMBER"]);
  st.addRange("ups.delay.shutdown", 0, 60);
  st.addRange("ups.delay.shutdown", 90, 120);
  st.setInfo("ups.id", 'My "UPS"');
  st.setFlags("ups.id", ["RW", "STRING"]);
  st.setInfo("ups.broken", "x");
  st.setFlags("ups.broken", ["RW", "STRING"]);
  st.addCmd("test.battery.start");
  st.addCmd("load.off");
  st.dataOk();
  ups2.state.setInfo("ups.status", "OB");
  ups2.state.dataOk();
  const sessions: Session[] = [];
  let ids = 0;
  const ctx: ServerContext = {
    ups: table,
    tracking: new TrackingTable({ delaySeconds: 3600 }),
    log: silentLogger(),
    users: () => parseUpsdUsers(USERS, "upsd.users"),
    tlsConfigured: () => false,
    clients: (): ClientInfo[] => sessions.map((s) => s.state).reverse(),
    newTrackingId: () => `ID-${++ids}`,
    now: () => 0,
  };
  const open = () => {
    const s = new Session(ctx, "127.0.0.1");
    sessions.push(s);
    return s;
  };
  return { ctx, table, ups1, ups2, ch1, open };
}

/** Runs request lines through a session and returns the replies, one string per request. */
function talk(s: Session, lines: string[]): string[] {
  return lines.map((l) => s.handle(splitWords(l)));
}

Deno.test({
  ...pure,
  name: "Session answers VER, NETVER, PROTVER, HELP as NUT 2.8.0, and rejects arguments",
  fn() {
    const s = world().open();
    assertEquals(talk(s, ["VER", "ver", "NETVER", "PROTVER", "HELP", "HELP x", "VER x", "FOO", ""]), [
      "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/\n",
      "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/\n",
      "1.3\n",
      "1.3\n",
      "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS\n",
      "ERR INVALID-ARGUMENT\n",
      "ERR INVALID-ARGUMENT\n",
      "ERR UNKNOWN-COMMAND\n",
      "ERR UNKNOWN-COMMAND\n",
    ]);
  },
});

Deno.test({
  ...pure,
  name: "Session lists UPSes in ups.conf order with escaped descriptions",
  fn() {
    const s = world().open();
    const want = 'BEGIN LIST UPS\nUPS ups1 "First \\"UPS\\" \\# here"\nUPS Ups2 "Description unavailable"\n' +
      'UPS nodrv "Description unavailable"\nEND LIST UPS\n';
    assertEquals(talk(s, ["LIST UPS", "list ups extra"]), [want, want]);
  },
});

Deno.test({
  ...pure,
  name: "Session GET echoes the request's spelling and checks UPS, driver, variable in NUT's order",
  fn() {
    const s = world().open();
    assertEquals(
      talk(s, [
        "GET UPSDESC ups1",
        "GET UPSDESC UPS1",
        "GET UPSDESC nodrv",
        "GET UPSDESC nope",
        "GET VAR ups1 ups.status",
        "GET VAR UPS1 UPS.STATUS",
        "GET VAR nodrv ups.status",
        "GET VAR nope ups.status",
        "GET VAR nope server.info",
        "GET VAR nope SERVER.VERSION",
        "GET VAR nope server.x",
        "GET VAR ups1 nothing",
        "GET VAR ups1 ups.id",
        "GET VAR ups1",
        "GET",
        "GET FOO a b",
        "GET NUMLOGINS ups1",
        "GET NUMLOGINS nodrv",
        "GET NUMLOGINS nope",
        "GET TYPE ups1 ups.status",
        "GET TYPE ups1 battery.charge",
        "GET TYPE ups1 driver.name",
        "GET TYPE ups1 input.transfer.low",
        "GET TYPE ups1 ups.delay.shutdown",
        "GET TYPE ups1 nothing",
        "GET DESC ups1 ups.status",
        "GET DESC ups1 foo.bar",
        "GET DESC nodrv ups.status",
        "GET CMDDESC ups1 load.off",
        "GET CMDDESC ups1 zzz",
        "GET TRACKING",
        "GET TRACKING abc",
      ]),
      [
        'UPSDESC ups1 "First \\"UPS\\" \\# here"\n',
        'UPSDESC UPS1 "First \\"UPS\\" \\# here"\n',
        'UPSDESC nodrv "Unavailable"\n',
        "ERR UNKNOWN-UPS\n",
        'VAR ups1 ups.status "OL"\n',
        'VAR UPS1 UPS.STATUS "OL"\n',
        "ERR DRIVER-NOT-CONNECTED\n",
        "ERR UNKNOWN-UPS\n",
        'VAR nope server.info "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/"\n',
        'VAR nope server.version "2.8.0"\n',
        "ERR VAR-NOT-SUPPORTED\n",
        "ERR VAR-NOT-SUPPORTED\n",
        'VAR ups1 ups.id "My \\"UPS\\""\n',
        "ERR INVALID-ARGUMENT\n",
        "ERR INVALID-ARGUMENT\n",
        "ERR INVALID-ARGUMENT\n",
        "NUMLOGINS ups1 0\n",
        "ERR DRIVER-NOT-CONNECTED\n",
        "ERR UNKNOWN-UPS\n",
        "TYPE ups1 ups.status RW STRING:32\n",
        "TYPE ups1 battery.charge RW NUMBER\n",
        "TYPE ups1 driver.name NUMBER\n",
        "TYPE ups1 input.transfer.low RW ENUM NUMBER\n",
        "TYPE ups1 ups.delay.shutdown RW RANGE NUMBER\n",
        "ERR VAR-NOT-SUPPORTED\n",
        'DESC ups1 ups.status "UPS status"\n',
        'DESC ups1 foo.bar "Description unavailable"\n',
        "ERR DRIVER-NOT-CONNECTED\n",
        'CMDDESC ups1 load.off "Turn off the load immediately"\n',
        'CMDDESC ups1 zzz "Description unavailable"\n',
        "OFF\n",
        "ERR FEATURE-NOT-CONFIGURED\n",
      ],
    );
  },
});

Deno.test({
  ...pure,
  name: "Session LIST VAR/RW/CMD/ENUM/RANGE in NUT's order and formats",
  fn() {
    const s = world().open();
    const [vars, rw, cmd, en, rg, en2, noVar, nodrv, bad] = talk(s, [
      "LIST VAR ups1",
      "LIST RW UPS1",
      "LIST CMD ups1",
      "LIST ENUM ups1 input.transfer.low",
      "LIST RANGE ups1 ups.delay.shutdown",
      "LIST ENUM ups1 ups.status",
      "LIST RANGE ups1 nothing",
      "LIST VAR nodrv",
      "LIST ENUM ups1",
    ]);
    assertEquals(
      vars,
      [
        "BEGIN LIST VAR ups1",
        'VAR ups1 battery.charge "100"',
        'VAR ups1 driver.name "dummy-ups"',
        'VAR ups1 input.transfer.low "100"',
        'VAR ups1 ups.broken "x"',
        'VAR ups1 ups.delay.shutdown "20"',
        'VAR ups1 ups.id "My \\"UPS\\""',
        'VAR ups1 ups.status "OL"',
        "END LIST VAR ups1",
        "",
      ].join("\n"),
    );
    assertEquals(rw.split("\n")[0], "BEGIN LIST RW UPS1");
    assertEquals(rw.split("\n")[1], 'RW UPS1 battery.charge "100"');
    assertEquals(rw.includes("driver.name"), false);
    assertEquals(
      cmd,
      "BEGIN LIST CMD ups1\nCMD ups1 load.off\nCMD ups1 test.battery.start\nEND LIST CMD ups1\n",
    );
    assertEquals(
      en,
      'BEGIN LIST ENUM ups1 input.transfer.low\nENUM ups1 input.transfer.low "103"\n' +
        'ENUM ups1 input.transfer.low "100"\nEND LIST ENUM ups1 input.transfer.low\n',
    );
    assertEquals(
      rg,
      'BEGIN LIST RANGE ups1 ups.delay.shutdown\nRANGE ups1 ups.delay.shutdown "0" "60"\n' +
        'RANGE ups1 ups.delay.shutdown "90" "120"\nEND LIST RANGE ups1 ups.delay.shutdown\n',
    );
    assertEquals(en2, "BEGIN LIST ENUM ups1 ups.status\nEND LIST ENUM ups1 ups.status\n");
    assertEquals([noVar, nodrv, bad], [
      "ERR VAR-NOT-SUPPORTED\n",
      "ERR DRIVER-NOT-CONNECTED\n",
      "ERR INVALID-ARGUMENT\n",
    ]);
  },
});

Deno.test({
  ...pure,
  name: "Session asks for USERNAME and PASSWORD before looking at arguments of LOGIN, FSD, SET, INSTCMD",
  fn() {
    const s = world().open();
    assertEquals(
      talk(s, [
        "LOGIN ups1",
        "PRIMARY ups1",
        "MASTER ups1",
        "FSD ups1",
        "SET VAR ups1 ups.id x",
        "SET TRACKING ON",
        "SET",
        "INSTCMD",
        "LOGIN",
        "PASSWORD pw",
        "LOGIN ups1",
        "USERNAME",
        "USERNAME a b",
        "USERNAME nobody",
        "USERNAME again",
        "PASSWORD x",
        "LOGIN nope",
        "LOGIN ups1",
        "LOGIN",
        "FSD nope",
        "FSD ups1",
        "PRIMARY ups1",
        "SET VAR ups1 ups.id x",
        "SET VAR nope ups.id x",
        "SET TRACKING ON",
        "GET TRACKING",
        "GET TRACKING abc",
        "SET TRACKING maybe",
        "SET TRACKING OFF",
        "INSTCMD ups1 load.off",
        "INSTCMD ups1 nope",
        "INSTCMD nope nope",
        "INSTCMD nodrv x",
        "SET VAR nodrv x y",
        "LOGOUT",
      ]),
      [
        "ERR USERNAME-REQUIRED\n",
        "ERR USERNAME-REQUIRED\n",
        "ERR USERNAME-REQUIRED\n",
        "ERR USERNAME-REQUIRED\n",
        "ERR USERNAME-REQUIRED\n",
        "ERR USERNAME-REQUIRED\n",
        "ERR USERNAME-REQUIRED\n",
        "ERR USERNAME-REQUIRED\n",
        "ERR USERNAME-REQUIRED\n",
        "OK\n",
        "ERR USERNAME-REQUIRED\n",
        "ERR INVALID-ARGUMENT\n",
        "ERR INVALID-ARGUMENT\n",
        "OK\n",
        "ERR ALREADY-SET-USERNAME\n",
        "ERR ALREADY-SET-PASSWORD\n",
        "ERR UNKNOWN-UPS\n",
        "ERR ACCESS-DENIED\n",
        "ERR INVALID-ARGUMENT\n",
        "ERR UNKNOWN-UPS\n",
        "ERR ACCESS-DENIED\n",
        "ERR ACCESS-DENIED\n",
        "ERR ACCESS-DENIED\n",
        "ERR UNKNOWN-UPS\n",
        "OK\n",
        "ON\n",
        "ERR UNKNOWN\n",
        "ERR INVALID-ARGUMENT\n",
        "OK\n",
        "ERR ACCESS-DENIED\n",
        "ERR CMD-NOT-SUPPORTED\n",
        "ERR UNKNOWN-UPS\n",
        "ERR DRIVER-NOT-CONNECTED\n",
        "ERR DRIVER-NOT-CONNECTED\n",
        "OK Goodbye\n",
      ],
    );
    assertEquals(s.takeAfter(), "close");
  },
});

Deno.test({
  ...pure,
  name: "Session SET VAR checks RW, STRING length, ENUM, RANGE before sending to the driver",
  fn() {
    const w = world();
    const s = w.open();
    assertEquals(
      talk(s, [
        "USERNAME admin",
        "PASSWORD secret",
        "SET VAR ups1 nothing x",
        "SET VAR ups1 driver.name x",
        'SET VAR ups1 ups.status "this is longer than thirty two characters for sure"',
        'SET VAR ups1 ups.status "OB LB"',
        "SET VAR ups1 ups.broken x",
        "SET VAR ups1 input.transfer.low 101",
        "SET VAR ups1 input.transfer.low 103",
        "SET VAR ups1 ups.delay.shutdown 75",
        "SET VAR ups1 ups.delay.shutdown 90",
        "SET VAR ups1 ups.delay.shutdown abc",
        "SET VAR ups1 battery.charge abc",
      ]),
      [
        "OK\n",
        "OK\n",
        "ERR VAR-NOT-SUPPORTED\n",
        "ERR READONLY\n",
        "ERR TOO-LONG\n",
        "OK\n",
        "ERR SET-FAILED\n",
        "ERR INVALID-VALUE\n",
        "OK\n",
        "ERR INVALID-VALUE\n",
        "OK\n",
        "OK\n",
        "OK\n",
      ],
    );
    assertEquals(w.ch1.sent, [
      { kind: "SET", name: "ups.status", value: "OB LB" },
      { kind: "SET", name: "input.transfer.low", value: "103" },
      { kind: "SET", name: "ups.delay.shutdown", value: "90" },
      { kind: "SET", name: "ups.delay.shutdown", value: "abc" },
      { kind: "SET", name: "battery.charge", value: "abc" },
    ]);
    w.ch1.up = false;
    assertEquals(talk(s, ["SET VAR ups1 battery.charge 5", "INSTCMD ups1 load.off"]), [
      "ERR SET-FAILED\n",
      "ERR INSTCMD-FAILED\n",
    ]);
  },
});

Deno.test({
  ...pure,
  name: "Session INSTCMD passes the parameter and TRACKING ids; GET TRACKING follows the driver's answer",
  fn() {
    const w = world();
    const s = w.open();
    assertEquals(
      talk(s, [
        "USERNAME admin",
        "PASSWORD secret",
        "INSTCMD ups1 load.off",
        "SET TRACKING on",
        "INSTCMD ups1 LOAD.OFF 5",
        "INSTCMD ups1 load.off 5 6",
        "SET VAR ups1 battery.charge 55",
        "GET TRACKING ID-1",
        "GET TRACKING id-2",
      ]),
      [
        "OK\n",
        "OK\n",
        "OK\n",
        "OK\n",
        "OK TRACKING ID-1\n",
        "OK TRACKING ID-2\n",
        "OK TRACKING ID-3\n",
        "PENDING\n",
        "PENDING\n",
      ],
    );
    assertEquals(w.ch1.sent, [
      { kind: "INSTCMD", name: "load.off" },
      { kind: "INSTCMD", name: "LOAD.OFF", param: "5", tracking: "ID-1" },
      { kind: "INSTCMD", name: "load.off", tracking: "ID-2" },
      { kind: "SET", name: "battery.charge", value: "55", tracking: "ID-3" },
    ]);
    w.ctx.tracking.set("ID-1", 0);
    w.ctx.tracking.set("ID-2", 1);
    w.ctx.tracking.set("ID-3", 3);
    assertEquals(
      talk(s, ["GET TRACKING ID-1", "GET TRACKING ID-2", "GET TRACKING ID-3", "GET TRACKING a b"]),
      [
        "SUCCESS\n",
        "ERR UNKNOWN\n",
        "ERR FAILED\n",
        "ERR UNKNOWN\n",
      ],
    );
    const cmdUser = w.open();
    assertEquals(
      talk(cmdUser, [
        "USERNAME cmd",
        "PASSWORD pw",
        "INSTCMD ups1 load.off",
        "INSTCMD ups1 TEST.BATTERY.START",
      ]),
      ["OK\n", "OK\n", "ERR ACCESS-DENIED\n", "OK\n"],
    );
  },
});

Deno.test({
  ...pure,
  name: "Session LOGIN counts logins, LIST CLIENT shows them newest first, FSD latches into ups.status",
  fn() {
    const w = world();
    const a = w.open();
    const b = w.open();
    const c = w.open();
    assertEquals(
      talk(a, [
        "USERNAME mon",
        "PASSWORD pw",
        "LOGIN UPS1",
        "LOGIN ups1",
        "GET NUMLOGINS ups1",
        "LIST CLIENT UPS1",
        "PRIMARY UPS1",
        "MASTER ups1",
        "PRIMARY ups1 x",
        "PRIMARY nope",
      ]),
      [
        "OK\n",
        "OK\n",
        "OK\n",
        "ERR ALREADY-LOGGED-IN\n",
        "NUMLOGINS ups1 1\n",
        "BEGIN LIST CLIENT UPS1\nCLIENT ups1 127.0.0.1\nEND LIST CLIENT UPS1\n",
        "OK PRIMARY-GRANTED\n",
        "OK MASTER-GRANTED\n",
        "ERR INVALID-ARGUMENT\n",
        "ERR UNKNOWN-UPS\n",
      ],
    );
    assertEquals(talk(b, ["USERNAME sec", "PASSWORD pw", "PRIMARY ups1", "FSD ups1", "LOGIN ups1"]), [
      "OK\n",
      "OK\n",
      "ERR ACCESS-DENIED\n",
      "ERR ACCESS-DENIED\n",
      "OK\n",
    ]);
    assertEquals(talk(c, ["USERNAME mon", "PASSWORD wrong", "LOGIN ups1", "LIST CLIENT nope"]), [
      "OK\n",
      "OK\n",
      "ERR ACCESS-DENIED\n",
      "ERR UNKNOWN-UPS\n",
    ]);
    assertEquals(talk(c, ["GET NUMLOGINS ups1"]), ["NUMLOGINS ups1 2\n"]);
    a.end();
    a.end();
    assertEquals(talk(c, ["GET NUMLOGINS ups1"]), ["NUMLOGINS ups1 1\n"]);
    assertEquals(talk(a, ["FSD ups1", "GET VAR ups1 ups.status", "GET VAR Ups2 ups.status"]), [
      "OK FSD-SET\n",
      'VAR ups1 ups.status "FSD OL"\n',
      'VAR Ups2 ups.status "OB"\n',
    ]);
    assertEquals(talk(c, ["LIST VAR ups1"])[0].includes('VAR ups1 ups.status "FSD OL"\n'), true);
  },
});

Deno.test({
  ...pure,
  name: "Session answers DATA-STALE for stale data but still UPSDESC and LIST CLIENT",
  fn() {
    const w = world();
    (w.ups1.channel as FakeChannel).why = "DATA-STALE";
    const s = w.open();
    assertEquals(
      talk(s, [
        "GET VAR ups1 ups.status",
        "LIST VAR ups1",
        "GET UPSDESC ups1",
        "LIST CLIENT ups1",
        "LIST CMD ups1",
      ]),
      [
        "ERR DATA-STALE\n",
        "ERR DATA-STALE\n",
        'UPSDESC ups1 "First \\"UPS\\" \\# here"\n',
        "BEGIN LIST CLIENT ups1\nEND LIST CLIENT ups1\n",
        "ERR DATA-STALE\n",
      ],
    );
  },
});

Deno.test({
  ...pure,
  name: "Session STARTTLS: FEATURE-NOT-CONFIGURED without a certificate, then upgrade, then ALREADY-SSL-MODE",
  fn() {
    const w = world();
    const s = w.open();
    assertEquals(s.handle(["STARTTLS"]), "ERR FEATURE-NOT-CONFIGURED\n");
    const tlsCtx = { ...w.ctx, tlsConfigured: () => true };
    const t = new Session(tlsCtx, "::1");
    assertEquals(t.handle(["STARTTLS"]), "OK STARTTLS\n");
    assertEquals(t.takeAfter(), "starttls");
    t.state.tls = true;
    assertEquals(t.handle(["STARTTLS"]), "ERR ALREADY-SSL-MODE\n");
  },
});

Deno.test({
  ...pure,
  name: "Session answers a TOO-LONG line and stays silent on a quoting error",
  fn() {
    const s = world().open();
    assertEquals(s.handleLine({ words: [], error: "TOO-LONG", end: 0 }), "ERR TOO-LONG\n");
    assertEquals(s.handleLine({ words: [], error: "HASH-IN-QUOTES", end: 0 }), "");
    assertEquals(s.handleLine({ words: ["NETVER"], end: 0 }), "1.3\n");
  },
});

Deno.test({
  ...pure,
  name: "Session checks users at each command, so a reload of upsd.users applies to open sessions",
  fn() {
    const w = world();
    let text = USERS;
    const ctx = { ...w.ctx, users: () => parseUpsdUsers(text, "upsd.users") };
    const s = new Session(ctx, "127.0.0.1");
    assertEquals(talk(s, ["USERNAME admin", "PASSWORD secret", "FSD ups1"]), [
      "OK\n",
      "OK\n",
      "OK FSD-SET\n",
    ]);
    text = "[admin]\n password = secret\n";
    assertEquals(talk(s, ["FSD ups1"]), ["ERR ACCESS-DENIED\n"]);
  },
});
