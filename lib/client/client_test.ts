import { assert, assertEquals, assertRejects } from "../testing/asserts.ts";
import { NutError } from "../protocol/errors.ts";
import { NutClient } from "./client.ts";
import { ClientError } from "./errors.ts";
import { type Answer, fakeServer } from "../testing/fake_server.ts";

const TABLE: Record<string, Answer> = {
  "GET VAR ups1 ups.status": 'VAR ups1 ups.status "OL"',
  "GET VAR ups1 nope.nope": "ERR VAR-NOT-SUPPORTED",
  "LIST VAR ups1": [
    "BEGIN LIST VAR ups1",
    'VAR ups1 battery.charge "100"',
    'VAR ups1 device.mfr "Quote \\"inside\\" here"',
    'VAR ups1 ups.id ""',
    "END LIST VAR ups1",
  ],
  "LIST UPS": [
    "BEGIN LIST UPS",
    'UPS ups1 "First UPS"',
    'UPS dead "Description unavailable"',
    "END LIST UPS",
  ],
  "LIST VAR cut": ["BEGIN LIST VAR cut", 'VAR cut battery.charge "100"', "<close>"],
  "GET VAR ups1 wrong.echo": 'VAR ups1 other.name "1"',
  "LIST ENUM ups1 input.transfer.low": [
    "BEGIN LIST ENUM ups1 input.transfer.low",
    'ENUM ups1 input.transfer.low "103"',
    'ENUM ups1 input.transfer.low "100"',
    "END LIST ENUM ups1 input.transfer.low",
  ],
  "LIST RANGE ups1 input.transfer.low": [
    "BEGIN LIST RANGE ups1 input.transfer.low",
    'RANGE ups1 input.transfer.low "90" "100"',
    "END LIST RANGE ups1 input.transfer.low",
  ],
  "GET TYPE ups1 input.transfer.low": "TYPE ups1 input.transfer.low RW ENUM NUMBER",
  "GET NUMLOGINS ups1": "NUMLOGINS ups1 2",
  "GET UPSDESC ups1": 'UPSDESC ups1 "First UPS"',
  "GET CMDDESC ups1 load.off": 'CMDDESC ups1 load.off "Turn off the load immediately"',
  "GET DESC ups1 ups.status": 'DESC ups1 ups.status "UPS status"',
  "LIST CLIENT ups1": ["BEGIN LIST CLIENT ups1", "CLIENT ups1 127.0.0.1", "END LIST CLIENT ups1"],
  "LIST CMD ups1": [
    "BEGIN LIST CMD ups1",
    "CMD ups1 load.off",
    "CMD ups1 test.battery.start",
    "END LIST CMD ups1",
  ],
  "LIST RW ups1": ["BEGIN LIST RW ups1", 'RW ups1 ups.delay.shutdown "20"', "END LIST RW ups1"],
  "USERNAME admin": "OK",
  "PASSWORD secret": "OK",
  "PRIMARY ups1": "ERR UNKNOWN-COMMAND",
  "MASTER ups1": "OK MASTER-GRANTED",
  "LOGIN ups1": "OK",
  "FSD ups1": "OK FSD-SET",
  "SET TRACKING ON": "OK",
  'SET VAR ups1 ups.id "a \\"b\\""': "OK TRACKING 1bd31808-cb49-4aec-9d75-d056e6f018d2",
  "INSTCMD ups1 load.off.delay 120": "OK",
  "GET TRACKING": "ON",
  "GET TRACKING 1bd31808-cb49-4aec-9d75-d056e6f018d2": "ERR INVALID-ARGUMENT",
  "GET TRACKING pending-id": "PENDING",
  "STARTTLS": "ERR FEATURE-NOT-CONFIGURED",
  "VER": "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/",
  "PROTVER": "ERR UNKNOWN-COMMAND",
  "NETVER": "1.2",
  "GET VAR ups1 garbage": "<<<garbage>>>",
  "GET VAR ups1 silent": "<silence>",
  "GET VAR ups1 long": `VAR ups1 long "${"x".repeat(200)}"`,
  "LOGOUT": "OK Goodbye",
};

function table(line: string): Answer {
  return TABLE[line] ?? "ERR UNKNOWN-COMMAND";
}

Deno.test("NutClient reads variables, lists and descriptions from a scripted server", async () => {
  await using srv = await fakeServer(table);
  await using c = await NutClient.connect("127.0.0.1", srv.port, { timeoutMs: 2000 });
  assertEquals(await c.getVar("ups1", "ups.status"), "OL");
  assertEquals(await c.listVar("ups1"), [
    { name: "battery.charge", value: "100" },
    { name: "device.mfr", value: 'Quote "inside" here' },
    { name: "ups.id", value: "" },
  ]);
  assertEquals(await c.listUps(), [
    { name: "ups1", description: "First UPS" },
    { name: "dead", description: "Description unavailable" },
  ]);
  assertEquals(await c.listEnum("ups1", "input.transfer.low"), ["103", "100"]);
  assertEquals(await c.listRange("ups1", "input.transfer.low"), [{ min: "90", max: "100" }]);
  assertEquals((await c.getType("ups1", "input.transfer.low")).enum, true);
  assertEquals(await c.getNumLogins("ups1"), 2);
  assertEquals(await c.getUpsDesc("ups1"), "First UPS");
  assertEquals(await c.getCmdDesc("ups1", "load.off"), "Turn off the load immediately");
  assertEquals(await c.getDesc("ups1", "ups.status"), "UPS status");
  assertEquals(await c.listClient("ups1"), ["127.0.0.1"]);
  assertEquals(await c.listCmd("ups1"), ["load.off", "test.battery.start"]);
  assertEquals(await c.listRw("ups1"), [{ name: "ups.delay.shutdown", value: "20" }]);
  assertEquals(await c.version(), "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/");
  assertEquals(await c.protocolVersion(), "1.2");
});

Deno.test("NutClient queues overlapping calls so replies never mix", async () => {
  await using srv = await fakeServer(table);
  await using c = await NutClient.connect("127.0.0.1", srv.port, { timeoutMs: 2000 });
  const [a, b, d] = await Promise.all([c.listVar("ups1"), c.getVar("ups1", "ups.status"), c.listUps()]);
  assertEquals([a.length, b, d.length], [3, "OL", 2]);
});

Deno.test("NutClient keeps the connection after an ERR answer", async () => {
  await using srv = await fakeServer(table);
  await using c = await NutClient.connect("127.0.0.1", srv.port, { timeoutMs: 2000 });
  const e = await assertRejects(
    () => c.getVar("ups1", "nope.nope"),
    NutError,
    "Variable not supported by UPS",
  );
  assertEquals(e.code, "VAR-NOT-SUPPORTED");
  assertEquals(c.closed, false);
  assertEquals(await c.getVar("ups1", "ups.status"), "OL");
});

Deno.test("NutClient authenticates, sets, runs commands and tracks them", async () => {
  await using srv = await fakeServer(table);
  await using c = await NutClient.connect("127.0.0.1", srv.port, { timeoutMs: 2000 });
  await c.username("admin");
  await c.password("secret");
  assertEquals(await c.primary("ups1"), ["MASTER-GRANTED"]);
  await c.login("ups1");
  await c.fsd("ups1");
  await c.setTracking(true);
  assertEquals(await c.getTracking(), "ON");
  const id = await c.setVar("ups1", "ups.id", 'a "b"');
  assertEquals(id, "1bd31808-cb49-4aec-9d75-d056e6f018d2");
  assertEquals(await c.getTracking(id), "ERR INVALID-ARGUMENT");
  assertEquals(await c.instCmd("ups1", "load.off.delay", "120"), undefined);
  await assertRejects(
    () => c.waitTracking("pending-id", { timeoutMs: 150, intervalMs: 50 }),
    ClientError,
    "timeout",
  );
  await c.logout();
  assertEquals(c.closed, true);
  assertEquals(srv.requests.includes("PRIMARY ups1") && srv.requests.includes("MASTER ups1"), true);
  assertEquals(srv.requests.at(-1), "LOGOUT");
});

Deno.test("NutClient reports a server that disconnects mid-list as 'Server disconnected'", async () => {
  await using srv = await fakeServer(table);
  const c = await NutClient.connect("127.0.0.1", srv.port, { timeoutMs: 2000 });
  const e = await assertRejects(() => c.listVar("cut"), ClientError, "Server disconnected");
  assertEquals(e.kind, "DISCONNECTED");
  assertEquals(c.closed, true);
  await assertRejects(() => c.getVar("ups1", "ups.status"), ClientError, "Connection closed");
});

Deno.test("NutClient rejects garbage and wrong echoes, then closes", async () => {
  await using srv = await fakeServer(table);
  const c = await NutClient.connect("127.0.0.1", srv.port, { timeoutMs: 2000 });
  await assertRejects(() => c.getVar("ups1", "garbage"), ClientError, "Protocol error");
  assertEquals(c.closed, true);
  const c2 = await NutClient.connect("127.0.0.1", srv.port, { timeoutMs: 2000 });
  await assertRejects(() => c2.getVar("ups1", "wrong.echo"), ClientError, "Protocol error");
  c2.close();
});

Deno.test("NutClient times out a silent server and bounds line length", async () => {
  await using srv = await fakeServer(table);
  const c = await NutClient.connect("127.0.0.1", srv.port, { timeoutMs: 2000 });
  const t = await assertRejects(() => c.getVar("ups1", "silent", { timeoutMs: 100 }), ClientError);
  assertEquals(t.kind, "TIMEOUT");
  assertEquals(c.closed, true);
  const c2 = await NutClient.connect("127.0.0.1", srv.port, { timeoutMs: 2000, maxLineLength: 100 });
  const l = await assertRejects(() => c2.getVar("ups1", "long"), ClientError, "Invalid response from server");
  assertEquals(l.kind, "TOO-LONG");
  c2.close();
});

Deno.test("NutClient STARTTLS: 'try' goes on in clear text, 'require' fails", async () => {
  await using srv = await fakeServer(table);
  const c = await NutClient.connect("127.0.0.1", srv.port, { tls: "try" });
  assertEquals(c.encrypted, false);
  assertEquals(await c.getVar("ups1", "ups.status"), "OL");
  c.close();
  const e = await assertRejects(
    () => NutClient.connect("127.0.0.1", srv.port, { tls: "require" }),
    ClientError,
    "SSL is not available",
  );
  assertEquals(e.kind, "SSL-UNAVAILABLE");
  await assertRejects(
    () => NutClient.connect("127.0.0.1", srv.port, { tls: { mode: "try", verify: true } }),
    ClientError,
    "SSL is not available",
  );
});

Deno.test("NutClient.connect() names refused ports and unknown hosts like NUT", async () => {
  const srv = await fakeServer(table);
  const port = srv.port;
  await srv[Symbol.asyncDispose]();
  const e = await assertRejects(
    () => NutClient.connect("127.0.0.1", port),
    ClientError,
    "Connection failure: Connection refused",
  );
  assertEquals(e.kind, "CONNECT");
  const h = await assertRejects(
    () => NutClient.connect("no-such-host.invalid", port),
    ClientError,
    "No such host",
  );
  assertEquals(h.kind, "NO-SUCH-HOST");
});

Deno.test("NutClient refuses to send a word with a line break", async () => {
  await using srv = await fakeServer(table);
  await using c = await NutClient.connect("127.0.0.1", srv.port);
  await assertRejects(() => c.username("admin\nFSD ups1"), RangeError);
  assert(!srv.requests.some((r) => r.startsWith("FSD")));
});

Deno.test("NutClient.connect() keeps to the address family asked for", async () => {
  await using srv = await fakeServer(table);
  const e = await assertRejects(
    () => NutClient.connect("127.0.0.1", srv.port, { family: 6 }),
    ClientError,
    "No such host",
  );
  assertEquals(e.kind, "NO-SUCH-HOST");
  const c = await NutClient.connect("localhost", srv.port, { family: 4 });
  assertEquals(await c.getVar("ups1", "ups.status"), "OL");
  c.close();
});
