// Interoperability: NUT 2.8.0's clients (upsc, upscmd, upsrw) and PyNUT against our upsd, which serves
// NUT's own C dummy-ups driver and a fake driver with ENUM/RANGE variables. Each client invocation also
// runs against NUT's upsd on the same drivers, and the outputs must be the same. Skipped without NUT.
import { assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { join } from "node:path";
import { splitText } from "../lib/words/split.ts";
import { VAR_DESCRIPTIONS } from "../lib/protocol/cmdvartab.ts";
import { FIXTURE_DDL, nutPeerMissing, run } from "./helpers.ts";
import { FakeDriver, sampleState } from "./server_fake_driver.ts";
import {
  nutSetup,
  type RunningServer,
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
 desc = "Fake UPS"
[dev]
 driver = refdummy
 port = dev.dev
 desc = "NUT's dummy-ups"
`;

const PYTHON = "/usr/bin/python3";

/** Names whose description in NUT 2.8.0's installed cmdvartab differs from ours (newest NUT's). */
async function newerDescriptions(): Promise<Set<string>> {
  const old = new Map<string, string>();
  try {
    for (const l of splitText(await Deno.readTextFile("/usr/share/nut/cmdvartab"))) {
      if (l.words[0] === "VARDESC" && l.words.length >= 3) old.set(l.words[1].toLowerCase(), l.words[2]);
    }
  } catch { /* no file: every description differs */ }
  const out = new Set<string>();
  for (const [name, desc] of VAR_DESCRIPTIONS) if (old.get(name) !== desc) out.add(name);
  return out;
}

function hasPyNut(): boolean {
  try {
    return new Deno.Command(PYTHON, { args: ["-c", "import PyNUT"], stdout: "null", stderr: "null" })
      .outputSync()
      .success;
  } catch {
    return false;
  }
}

const PYNUT_SCRIPT = `
import sys, PyNUT
port = int(sys.argv[1])
def show(label, f):
    try:
        r = f()
        if isinstance(r, dict):
            r = sorted((k.decode() if isinstance(k, bytes) else k, v.decode() if isinstance(v, bytes) else v) for k, v in r.items())
        elif isinstance(r, bytes):
            r = r.decode()
        print(label, r)
    except Exception as e:
        print(label, "error:", type(e).__name__, str(e))
anon = PyNUT.PyNUTClient(host="127.0.0.1", port=port)
show("ver", anon.ver)
show("help", anon.help)
show("list", anon.GetUPSList)
show("vars", lambda: anon.GetUPSVars("fake"))
show("dev", lambda: anon.GetUPSVars("dev"))
show("rw", lambda: anon.GetRWVars("fake"))
show("cmds", lambda: anon.GetUPSCommands("fake"))
show("nope", lambda: anon.GetUPSVars("nope"))
show("clients", lambda: anon.ListClients("fake"))
admin = PyNUT.PyNUTClient(host="127.0.0.1", port=port, login="admin", password="secret")
show("set", lambda: admin.SetRWVar("fake", "ups.id", "Py"))
show("setbad", lambda: admin.SetRWVar("fake", "input.transfer.low", "1"))
show("cmd", lambda: admin.RunUPSCommand("fake", "load.off"))
show("cmdbad", lambda: admin.RunUPSCommand("fake", "no.such"))
mon = PyNUT.PyNUTClient(host="127.0.0.1", port=port, login="mon", password="pw")
show("fsd", lambda: mon.FSD("dev"))
`;

Deno.test({
  name: "NUT 2.8.0's upsc, upscmd, upsrw and PyNUT get the same answers from our upsd as from NUT's",
  ignore: nutPeerMissing() !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await using setup = await nutSetup(UPS_CONF);
    await Deno.copyFile(DEV_FILE, join(setup.confPath, "dev.dev"));
    await Deno.chmod(join(setup.confPath, "dev.dev"), 0o644);
    await using fake = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
    await using _dummy = await startNutDummy(setup, "dev");
    await using nut = await startNutUpsd(setup);
    await using ours = await startOurUpsd(setup);
    for (const s of [nut, ours]) {
      await waitServing(s.port, "fake");
      await waitServing(s.port, "dev");
    }

    // Descriptions that NUT's newer cmdvartab adds or rewords (we serve the newest): shown as "<desc>".
    const newer = await newerDescriptions();
    const sameDescriptions = (text: string) =>
      text.replace(
        /^\[([^\]\n]+)\]\n[^\n]*\n/gm,
        (all, name: string) => newer.has(name.toLowerCase()) ? `[${name}]\n<desc>\n` : all,
      );
    const both = async (cmd: string, args: (port: number) => string[]) => {
      const outputs = [];
      for (const s of [nut, ours] as RunningServer[]) {
        const r = await run(cmd, args(s.port), { timeoutMs: 30_000 });
        const clean = (x: string) =>
          x.replaceAll(String(s.port), "PORT").replace(
            /[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/g,
            "<ID>",
          );
        outputs.push({ code: r.code, stdout: sameDescriptions(clean(r.stdout)), stderr: clean(r.stderr) });
      }
      assertEquals(outputs[1], outputs[0], `${cmd} ${args(0).join(" ")}`);
      return outputs[1];
    };
    const at = (ups: string) => (port: number) => `${ups}@127.0.0.1:${port}`;

    await t.step("upsc", async () => {
      await both("/usr/bin/upsc", (p) => ["-l", `127.0.0.1:${p}`]);
      await both("/usr/bin/upsc", (p) => ["-L", `127.0.0.1:${p}`]);
      const all = await both("/usr/bin/upsc", (p) => [at("fake")(p)]);
      assertStringIncludes(all.stdout, 'device.model: Model "Quoted" \\ 1000 #1\n');
      await both("/usr/bin/upsc", (p) => [at("dev")(p)]);
      assertEquals((await both("/usr/bin/upsc", (p) => [at("fake")(p), "ups.status"])).stdout, "OL CHRG\n");
      await both("/usr/bin/upsc", (p) => [at("fake")(p), "no.such.var"]);
      await both("/usr/bin/upsc", (p) => [at("nope")(p)]);
      await both("/usr/bin/upsc", (p) => ["-c", at("fake")(p)]);
    });

    await t.step("upscmd", async () => {
      await both("/usr/bin/upscmd", (p) => ["-l", at("fake")(p)]);
      await both("/usr/bin/upscmd", (p) => ["-l", at("dev")(p)]);
      await both("/usr/bin/upscmd", (p) => ["-u", "admin", "-p", "secret", at("fake")(p), "load.off"]);
      await both("/usr/bin/upscmd", (p) => ["-u", "admin", "-p", "secret", at("fake")(p), "load.off", "10"]);
      await both("/usr/bin/upscmd", (p) => ["-u", "cmd", "-p", "p w", at("fake")(p), "load.off"]);
      await both("/usr/bin/upscmd", (p) => ["-u", "cmd", "-p", "p w", at("fake")(p), "beeper.toggle"]);
      await both("/usr/bin/upscmd", (p) => ["-u", "admin", "-p", "wrong", at("fake")(p), "load.off"]);
      await both("/usr/bin/upscmd", (p) => ["-u", "admin", "-p", "secret", at("fake")(p), "no.such"]);
      const waited = await both(
        "/usr/bin/upscmd",
        (p) => ["-w", "-u", "admin", "-p", "secret", at("fake")(p), "test.battery.start"],
      );
      assertEquals([waited.code, waited.stderr], [0, "SUCCESS\n"]);
      fake.trackingStatus = 3;
      const failed = await both(
        "/usr/bin/upscmd",
        (p) => ["-w", "-u", "admin", "-p", "secret", at("fake")(p), "load.on"],
      );
      assertEquals(failed.stderr, "ERR FAILED\n");
      fake.trackingStatus = 0;
    });

    await t.step("upsrw", async () => {
      const list = await both("/usr/bin/upsrw", (p) => [at("fake")(p)]);
      assertStringIncludes(list.stdout, "Type: ENUM");
      assertStringIncludes(list.stdout, "Type: RANGE");
      await both("/usr/bin/upsrw", (p) => [at("dev")(p)]);
      await both("/usr/bin/upsrw", (p) => ["-s", "ups.id=New", "-u", "admin", "-p", "secret", at("fake")(p)]);
      await both(
        "/usr/bin/upsrw",
        (p) => ["-s", "input.transfer.low=101", "-u", "admin", "-p", "secret", at("fake")(p)],
      );
      await both(
        "/usr/bin/upsrw",
        (p) => ["-s", "ups.id=far too long a name", "-u", "admin", "-p", "secret", at("fake")(p)],
      );
      await both(
        "/usr/bin/upsrw",
        (p) => ["-s", "battery.charge=5", "-u", "admin", "-p", "secret", at("fake")(p)],
      );
      await both(
        "/usr/bin/upsrw",
        (p) => ["-w", "-s", "ups.delay.shutdown=95", "-u", "admin", "-p", "secret", at("fake")(p)],
      );
      await both("/usr/bin/upsrw", (p) => ["-s", "ups.id=x", "-u", "mon", "-p", "pw", at("fake")(p)]);
    });

    await t.step({
      name: "PyNUT",
      ignore: !hasPyNut(),
      async fn() {
        const script = join(setup.dir.path, "pynut_probe.py");
        await Deno.writeTextFile(script, PYNUT_SCRIPT);
        const out = await both(PYTHON, (p) => [script, String(p)]);
        assertStringIncludes(out.stdout, "list ");
        assertStringIncludes(out.stdout, "fsd ");
      },
    });
  },
});
