// Differential tests: NUT 2.8.0's upsd and ours run side by side on the same configuration and the same
// drivers (a fake driver with ENUM/RANGE/STRING variables, and NUT's own dummy-ups on a real device
// dump); the same scripted requests go to both over raw TCP and the replies must be equal line for line.
// Skipped when the reference NUT is not installed.
import { assertEquals } from "../lib/testing/asserts.ts";
import { join } from "node:path";
import { FIXTURE_DDL, nutPeerMissing, waitFor } from "./helpers.ts";
import { FakeDriver, sampleState } from "./server_fake_driver.ts";
import {
  LineClient,
  nutSetup,
  type RunningServer,
  runScript,
  startNutDummy,
  startNutUpsd,
  startOurUpsd,
  waitServing,
} from "./server_harness.ts";

const DEV_FILE = join(FIXTURE_DDL, "APC__Back-UPS_ES_525__usbhid-ups__2.6.0__01.dev");

const UPS_CONF = `
[fake]
 driver = fake
 port = none
 desc = "Fake \\"UPS\\" \\\\ \\# 1"
[dev]
 driver = refdummy
 port = dev.dev
[gone]
 driver = fake
 port = none
`;

const UUID = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/g;

/** Runs the script on both servers and asserts the transcripts are equal. */
async function same(nut: RunningServer, ours: RunningServer, script: string[]): Promise<string[]> {
  const want = await runScript(nut.port, script);
  const got = await runScript(ours.port, script);
  assertEquals(got, want);
  return got;
}

/** Waits until both servers answer a request as expected. */
async function bothAnswer(
  nut: RunningServer,
  ours: RunningServer,
  request: string,
  test: (reply: string[]) => boolean,
  what: string,
): Promise<void> {
  for (const s of [nut, ours]) {
    await using c = await LineClient.connect(s.port);
    await waitFor(async () => test(await c.exchange(request)), `${what} (port ${s.port})`, 15_000);
  }
}

Deno.test({
  name: "upsd answers like NUT 2.8.0's upsd, line for line",
  ignore: nutPeerMissing() !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await using setup = await nutSetup(UPS_CONF);
    await Deno.copyFile(DEV_FILE, join(setup.confPath, "dev.dev"));
    await Deno.chmod(join(setup.confPath, "dev.dev"), 0o644);
    const state = sampleState();
    let fake = await FakeDriver.start(join(setup.statePath, "fake-fake"), state);
    await using _dummy = await startNutDummy(setup, "dev");
    await using nut = await startNutUpsd(setup, "MAXAGE 4\n");
    await using ours = await startOurUpsd(setup, "MAXAGE 4\n");
    for (const s of [nut, ours]) {
      await waitServing(s.port, "fake");
      await waitServing(s.port, "dev");
    }

    try {
      await t.step("anonymous queries, errors and argument checks", async () => {
        await same(nut, ours, [
          "VER",
          "ver",
          "NETVER",
          "PROTVER",
          "HELP",
          "HELP x",
          "VER x",
          "NETVER x",
          "FOO",
          "FOO bar",
          "REQ fake ups.status",
          "LIST UPS",
          "list ups extra",
          "GET UPSDESC fake",
          "GET UPSDESC FAKE",
          "GET UPSDESC dev",
          "GET UPSDESC gone",
          "GET UPSDESC nope",
          "GET VAR fake ups.status",
          "GET VAR FAKE UPS.STATUS",
          "get var fake device.model",
          "GET VAR gone ups.status",
          "GET VAR nope ups.status",
          "GET VAR nope server.info",
          "GET VAR gone SERVER.VERSION",
          "GET VAR fake server.x",
          "GET VAR fake nothing",
          "GET VAR fake",
          "GET VAR",
          "GET",
          "GET FOO",
          "GET FOO a b",
          "GET NUMLOGINS fake",
          "GET NUMLOGINS gone",
          "GET NUMLOGINS nope",
          "GET NUMLOGINS fake extra",
          "GET TYPE fake ups.status",
          "GET TYPE fake input.transfer.low",
          "GET TYPE fake input.sensitivity",
          "GET TYPE fake ups.delay.shutdown",
          "GET TYPE fake ups.id",
          "GET TYPE fake ups.contact",
          "GET TYPE fake nothing",
          "GET TYPE gone x",
          "GET DESC fake ups.status",
          "GET DESC fake Battery.Charge",
          "GET DESC fake foo.bar",
          "GET DESC gone ups.status",
          "GET DESC nope x",
          "GET CMDDESC fake load.off",
          "GET CMDDESC fake zzz",
          "GET CMDDESC gone load.off",
          "GET TRACKING",
          "GET TRACKING abc",
          "LIST VAR fake",
          "LIST VAR FAKE",
          "LIST RW fake",
          "LIST CMD fake",
          "LIST ENUM fake input.transfer.low",
          "LIST ENUM fake input.sensitivity",
          "LIST ENUM fake ups.status",
          "LIST ENUM fake nothing",
          "LIST RANGE fake ups.delay.shutdown",
          "LIST RANGE fake battery.charge",
          "LIST CLIENT fake",
          "LIST CLIENT gone",
          "LIST CLIENT nope",
          "LIST VAR gone",
          "LIST CMD gone",
          "LIST ENUM gone x",
          "LIST",
          "LIST VAR",
          "LIST ENUM fake",
          "LIST FOO a b",
          "STARTTLS",
          "LOGOUT",
        ]);
      });

      await t.step("a real driver (NUT's dummy-ups on a device dump) is mirrored identically", async () => {
        await same(nut, ours, [
          "LIST VAR dev",
          "LIST RW dev",
          "LIST CMD dev",
          "GET TYPE dev ups.status",
          "GET TYPE dev battery.charge",
          "GET TYPE dev driver.name",
          "GET VAR dev driver.parameter.port",
        ]);
      });

      await t.step(
        "authentication is checked before arguments, for every command that needs it",
        async () => {
          await same(nut, ours, [
            "LOGIN fake",
            "PRIMARY fake",
            "MASTER fake",
            "FSD fake",
            "SET VAR fake ups.id x",
            "SET TRACKING ON",
            "SET",
            "INSTCMD fake load.off",
            "INSTCMD",
            "LOGIN",
            "PASSWORD pw",
            "LOGIN fake",
            "USERNAME",
            "USERNAME a b",
            "USERNAME nobody",
            "USERNAME again",
            "PASSWORD x",
            "LOGIN nope",
            "LOGIN fake",
            "LOGIN",
            "FSD nope",
            "FSD gone",
            "PRIMARY fake",
            "SET VAR fake ups.id x",
            "SET VAR nope ups.id x",
            "SET TRACKING ON",
            "GET TRACKING",
            "GET TRACKING abc",
            "SET TRACKING maybe",
            "SET TRACKING OFF",
            "INSTCMD fake load.off",
            "INSTCMD fake nope",
            "INSTCMD nope nope",
            "INSTCMD gone x",
            "SET VAR gone x y",
            "LOGOUT",
          ]);
        },
      );

      await t.step("each kind of user gets what upsd.users grants", async () => {
        const probe = [
          "LOGIN fake",
          "PRIMARY fake",
          "MASTER fake",
          "FSD gone",
          "SET VAR fake ups.id x",
          "INSTCMD fake test.battery.start",
          "INSTCMD fake BEEPER.TOGGLE",
          "INSTCMD fake load.off",
          "LOGIN fake",
        ];
        for (
          const [user, pass] of [
            ["admin", "secret"],
            ["admin", "wrong"],
            ["mon", "pw"],
            ["sec", "pw"],
            ["cmd", '"p w"'],
            ["cmd", "p"],
            ["setter", "pw"],
            ["nopw", "x"],
            ["stranger", "pw"],
            ["ADMIN", "secret"],
          ]
        ) {
          await same(nut, ours, [`USERNAME ${user}`, `PASSWORD ${pass}`, ...probe]);
        }
      });

      await t.step(
        "SET VAR checks RW, STRING length, ENUM and RANGE; TRACKING ids follow the driver",
        async () => {
          await same(nut, ours, [
            "USERNAME admin",
            "PASSWORD secret",
            "SET VAR fake nothing x",
            "SET VAR fake battery.charge 5",
            'SET VAR fake ups.id "this is far too long"',
            "SET VAR fake ups.id exactly12chr",
            'SET VAR fake ups.id "q\\"d\\\\ \\#x"',
            "SET VAR fake ups.contact x",
            "SET VAR fake input.transfer.low 101",
            "SET VAR fake input.transfer.low 103",
            "SET VAR fake input.sensitivity LOW",
            "SET VAR fake input.sensitivity high",
            "SET VAR fake ups.delay.shutdown 75",
            "SET VAR fake ups.delay.shutdown 90",
            "SET VAR fake ups.delay.shutdown abc",
            'SET VAR fake ups.delay.shutdown " 30x"',
            "SET VAR fake ups.delay.shutdown -5",
            "SET VAR FAKE UPS.ID x",
            'SET VAR fake ups.id ""',
            "SET VAR fake ups.id x extra words",
            "SET TRACKING ON",
            "SET VAR fake ups.id y",
            "?GET TRACKING $1",
            "INSTCMD fake load.off 10",
            "?GET TRACKING $2",
            "INSTCMD fake load.on",
            "INSTCMD fake LOAD.ON 1 2",
            "?GET TRACKING $3",
            "GET TRACKING 00000000-0000-4000-8000-000000000000",
            "GET TRACKING $1 extra",
            "SET TRACKING OFF",
            "GET TRACKING $1",
            "INSTCMD fake load.off",
          ]);
          for (const status of [1, 2, 3]) {
            fake.trackingStatus = status;
            await same(nut, ours, [
              "USERNAME admin",
              "PASSWORD secret",
              "SET TRACKING on",
              "INSTCMD fake test.battery.start",
              "?GET TRACKING $1",
            ]);
          }
          fake.trackingStatus = 0;
          // Both servers sent the driver the same lines (TRACKING ids aside).
          const sent = fake.connections.filter((c) => !c.socket.destroyed).map((c) =>
            c.requests.map((w) => w.join(" ").replace(UUID, "<ID>"))
          );
          assertEquals(sent.length, 2);
          assertEquals(sent[1], sent[0]);
          assertEquals(sent[0].includes('SET ups.id q"d\\ #x'), true);
        },
      );

      await t.step("logins, NUMLOGINS and LIST CLIENT across sessions", async () => {
        const transcript = async (port: number) => {
          const out: string[] = [];
          const a = await LineClient.connect(port);
          const b = await LineClient.connect(port);
          try {
            for (
              const [c, line] of [
                [a, "USERNAME mon"],
                [a, "PASSWORD pw"],
                [a, "LOGIN FAKE"],
                [a, "LOGIN fake"],
                [b, "GET NUMLOGINS fake"],
                [b, "LIST CLIENT Fake"],
                [b, "USERNAME sec"],
                [b, "PASSWORD pw"],
                [b, "LOGIN fake"],
                [a, "GET NUMLOGINS FAKE"],
                [a, "LIST CLIENT fake"],
                [a, "LOGOUT"],
              ] as [LineClient, string][]
            ) {
              out.push(`${c === a ? "a" : "b"}>> ${line}`, ...await c.exchange(line));
            }
            await waitFor(
              async () => (await b.exchange("GET NUMLOGINS fake"))[0] === "NUMLOGINS fake 1",
              "logout",
            );
            out.push(...await b.exchange("LIST CLIENT fake"));
          } finally {
            a.close();
            b.close();
          }
          return out;
        };
        assertEquals(await transcript(ours.port), await transcript(nut.port));
      });

      await t.step("quoting, escaping, odd bytes and odd lines", async () => {
        await same(nut, ours, [
          'GET VAR "fake" "ups.status"',
          "GET\tVAR\tfake\tups.status",
          "GET VAR fake ups\\.status",
          "GET VAR fake ups.status # comment",
          "GET VAR fake ups.st\xffat\x01us",
          "GET VAR fake= ups.status",
          "get var fake ups.status\r",
          "",
          "   ",
          "# only a comment",
          "\r",
          `GET UPSDESC fake ${Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ")}`,
          `GET VAR fake ${"x".repeat(600)}`,
          `GET VAR ${"a".repeat(400)} server.version`,
          'GET VAR fake "ups.\nstatus"',
          "GET VAR fake ups.\\\nstatus",
          'USERNAME "a b"',
          'PASSWORD "with \\"quotes\\""',
          "GET VAR fake device.model",
          "LIST VAR fake",
        ]);
      });

      await t.step("changes pushed by the driver, bad lines and DATASTALE", async () => {
        state.setInfo("ups.status", "OB DISCHRG");
        state.setInfo("battery.charge", "55");
        state.delInfo("ups.load");
        state.addEnum("input.transfer.low", "95");
        state.delEnum("input.transfer.low", "97");
        state.addCmd("shutdown.return");
        state.delCmd("beeper.toggle");
        fake.broadcast("SETINFO");
        fake.broadcast("BOGUS line here");
        fake.broadcast("ADDRANGE ups.delay.shutdown 5 1");
        fake.broadcast("SETINFO ups.new.var 42");
        await bothAnswer(
          nut,
          ours,
          "GET VAR fake ups.new.var",
          (r) => r[0] === 'VAR fake ups.new.var "42"',
          "update",
        );
        await same(nut, ours, [
          "LIST VAR fake",
          "LIST CMD fake",
          "LIST ENUM fake input.transfer.low",
          "LIST RANGE fake ups.delay.shutdown",
        ]);
        state.dataStale();
        await bothAnswer(nut, ours, "GET VAR fake ups.status", (r) => r[0] === "ERR DATA-STALE", "stale");
        await same(nut, ours, [
          "USERNAME admin",
          "PASSWORD secret",
          "GET VAR fake ups.status",
          "LIST VAR fake",
          "GET UPSDESC fake",
          "LIST CLIENT fake",
          "GET NUMLOGINS fake",
          "GET TYPE fake ups.id",
          "GET DESC fake ups.id",
          "LIST CMD fake",
          "INSTCMD fake load.off",
          "SET VAR fake ups.id x",
          "LOGIN fake",
        ]);
        state.dataOk();
        await bothAnswer(
          nut,
          ours,
          "GET VAR fake ups.status",
          (r) => r[0]?.startsWith("VAR ") ?? false,
          "fresh",
        );
      });

      await t.step("a driver that stops answering goes stale after MAXAGE, and recovers", async () => {
        fake.mute = true;
        await bothAnswer(nut, ours, "GET VAR fake ups.status", (r) => r[0] === "ERR DATA-STALE", "maxage");
        await same(nut, ours, ["GET VAR fake ups.status", "LIST VAR fake", "GET UPSDESC fake"]);
        fake.mute = false;
        await bothAnswer(
          nut,
          ours,
          "GET VAR fake ups.status",
          (r) => r[0]?.startsWith("VAR ") ?? false,
          "pong",
        );
      });

      await t.step(
        "a driver that disappears: DRIVER-NOT-CONNECTED, then data again when it is back",
        async () => {
          await fake.close();
          await bothAnswer(
            nut,
            ours,
            "GET VAR fake ups.status",
            (r) => r[0] === "ERR DRIVER-NOT-CONNECTED",
            "gone",
          );
          await same(nut, ours, [
            "GET VAR fake ups.status",
            "LIST VAR fake",
            "GET UPSDESC fake",
            "GET NUMLOGINS fake",
            "LIST UPS",
          ]);
          fake = await FakeDriver.start(join(setup.statePath, "fake-fake"), state);
          for (const s of [nut, ours]) {
            await waitServing(s.port, "fake", 20_000);
          }
          await same(nut, ours, ["LIST VAR fake", "LIST CMD fake"]);
        },
      );

      await t.step("FSD latches FSD into ups.status for everyone", async () => {
        await same(nut, ours, [
          "USERNAME admin",
          "PASSWORD secret",
          "FSD fake",
          "GET VAR fake ups.status",
          "GET VAR fake UPS.STATUS",
          "LIST VAR fake",
        ]);
        await same(nut, ours, ["GET VAR fake ups.status", "FSD fake"]);
      });
    } finally {
      await fake.close();
    }
  },
});
