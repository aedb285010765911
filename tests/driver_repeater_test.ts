/**
 * dummy-ups in repeater mode (`port = ups@host:port`): against NUT 2.8.0's upsd it mirrors a device
 * exactly as NUT's own repeater does and follows its changes; against a scripted server it forwards SET
 * and INSTCMD when given credentials, mirrors commands, and goes stale / recovers with the server.
 * @module
 */
import net from "node:net";
import { join } from "node:path";
import { buildInstanceConfig } from "../lib/driver/instance_config.ts";
import { DriverStartError, startDriverInstance } from "../lib/driver/instance.ts";
import { dummyUps } from "../lib/drivers/dummy_ups/mod.ts";
import { silentLogger } from "../lib/log.ts";
import { splitWords } from "../lib/words/split.ts";
import { quoteWord } from "../lib/words/encode.ts";
import { assert, assertEquals, assertRejects } from "../lib/testing/asserts.ts";
import { compareDumps, SockPeer, spawnNutDummy } from "./driver_helpers.ts";
import {
  freePort,
  NUT_SBIN,
  nutPeerMissing,
  Proc,
  ROOT,
  run,
  spawnNut,
  tempDir,
  waitFor,
} from "./helpers.ts";

const DEV = join(ROOT, "tests", "fixtures", "ddl", "APC__Back-UPS_ES_525__usbhid-ups__2.6.0__01.dev");

function repeaterConfig(target: string, extra: Record<string, string | undefined> = {}) {
  const items = [{ key: "port", value: target, origin: "-x" }];
  for (const [key, value] of Object.entries(extra)) items.push({ key, value: value as string, origin: "-x" });
  return buildInstanceConfig({ program: dummyUps, upsName: "rep", extra: items, pollInterval: 1 });
}

Deno.test({
  name:
    "the repeater mirrors a device behind NUT's upsd exactly as NUT 2.8.0's repeater, and follows changes",
  ignore: nutPeerMissing() !== undefined,
  async fn() {
    await using dir = await tempDir("nut-rep-");
    const port = await freePort();
    await dir.write("ups.dev", await Deno.readTextFile(DEV));
    await dir.write(
      "ups.conf",
      `synchronous = yes\n[ups]\n driver = dummy-ups\n port = ups.dev\n` +
        `[rep]\n driver = dummy-ups\n port = ups@127.0.0.1:${port}\n pollinterval = 1\n`,
    );
    await dir.write("upsd.conf", `LISTEN 127.0.0.1 ${port}\n`, 0o640);
    await dir.write("upsd.users", "[admin]\n password = pw\n actions = SET\n instcmds = ALL\n", 0o640);
    const env = { NUT_CONFPATH: dir.path, NUT_STATEPATH: dir.path };
    const ourState = join(dir.path, "ours");
    await Deno.mkdir(ourState);
    await Deno.chmod(ourState, 0o777);
    await using _base = spawnNutDummy("ups", dir.path, dir.path);
    await waitFor(() => Deno.stat(join(dir.path, "dummy-ups-ups")).then(() => true), "base driver", 15_000);
    await using _upsd = new Proc(join(NUT_SBIN, "upsd"), ["-F", "-u", "root"], { env });
    const target = `ups@127.0.0.1:${port}`;
    await waitFor(async () => (await run("/usr/bin/upsc", [target, "ups.status"])).stdout === "OL\n", "upsd");
    await using _nutRep = spawnNutDummy("rep", dir.path, dir.path);
    await using _ourRep = spawnNut("dummy-ups", ["-a", "rep", "-u", "root", "-F"], {
      env: { ...env, NUT_STATEPATH: ourState },
    });
    await waitFor(
      () => Deno.stat(join(dir.path, "dummy-ups-rep")).then(() => true),
      "NUT's repeater",
      15_000,
    );
    await waitFor(() => Deno.stat(join(ourState, "dummy-ups-rep")).then(() => true), "our repeater", 15_000);
    using a = await SockPeer.connect(join(dir.path, "dummy-ups-rep"));
    using b = await SockPeer.connect(join(ourState, "dummy-ups-rep"));
    assertEquals(compareDumps(await a.dumpAll(), await b.dumpAll()), undefined);
    // A change on the repeated device reaches the repeater at its next poll.
    const set = await run("/usr/bin/upsrw", [
      "-s",
      "battery.charge.low=33",
      "-u",
      "admin",
      "-p",
      "pw",
      "-w",
      target,
    ]);
    assertEquals(set.code, 0, set.stderr);
    assertEquals(await b.until((l) => l.includes("battery.charge.low"), 10_000), [
      'SETINFO battery.charge.low "33"',
    ]);
  },
});

/** A scripted NUT server: one device, credentials, tracking, and an off switch. */
class FakeUpsd {
  vars = new Map<string, string>([["ups.status", "OL"], ["ups.id", "rack"], ["battery.charge", "100"]]);
  commands = ["beeper.enable", "load.off"];
  done: string[] = [];
  #server = net.createServer((s) => this.#serve(s));
  #sockets = new Set<net.Socket>();
  #ids = 0;
  #results = new Map<string, string>();

  listen(port: number): Promise<void> {
    return new Promise((r) => this.#server.listen(port, "127.0.0.1", () => r()));
  }

  #serve(s: net.Socket): void {
    this.#sockets.add(s);
    s.on("close", () => this.#sockets.delete(s));
    s.on("error", () => {});
    let buf = "";
    let user = "";
    let authed = false;
    s.on("data", (d: Uint8Array) => {
      buf += new TextDecoder().decode(d);
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const w = splitWords(buf.slice(0, i));
        buf = buf.slice(i + 1);
        const out = (...lines: string[]) => s.write(lines.map((l) => l + "\n").join(""));
        const cmd = w.join(" ");
        if (cmd === "STARTTLS") out("ERR FEATURE-NOT-CONFIGURED");
        else if (cmd === "LIST VAR ups") {
          out(
            "BEGIN LIST VAR ups",
            ...[...this.vars].map(([k, v]) => `VAR ups ${k} ${quoteWord(v)}`),
            "END LIST VAR ups",
          );
        } else if (cmd === "LIST CMD ups") {
          out("BEGIN LIST CMD ups", ...this.commands.map((c) => `CMD ups ${c}`), "END LIST CMD ups");
        } else if (w[0] === "USERNAME") (user = w[1], out("OK"));
        else if (w[0] === "PASSWORD") {
          (authed = user === "admin" && w[1] === "pw", out(authed ? "OK" : "ERR ACCESS-DENIED"));
        } else if (cmd === "SET TRACKING ON") out("OK");
        else if (w[0] === "INSTCMD" || (w[0] === "SET" && w[1] === "VAR")) {
          if (!authed) {
            out("ERR ACCESS-DENIED");
            continue;
          }
          const name = w[0] === "SET" ? w[3] : w[2];
          const id = `id${++this.#ids}`;
          const known = w[0] === "SET" ? this.vars.has(name) : this.commands.includes(name);
          this.#results.set(id, known ? "SUCCESS" : "ERR INVALID-ARGUMENT");
          if (known) this.done.push(w[0] === "SET" ? `SET ${name}=${w[4]}` : `INSTCMD ${name}`);
          if (known && w[0] === "SET") this.vars.set(name, w[4]);
          out(`OK TRACKING ${id}`);
        } else if (w[0] === "GET" && w[1] === "TRACKING") out(this.#results.get(w[2]) ?? "ERR UNKNOWN");
        else if (cmd === "LOGOUT") (out("OK Goodbye"), s.end());
        else out("ERR UNKNOWN-COMMAND");
      }
    });
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise((r) => this.#server.close(r));
  }
}

Deno.test("the repeater forwards SET and INSTCMD with credentials, mirrors commands, and tracks the server's health", async () => {
  await using dir = await tempDir("nut-rep2-");
  const port = await freePort();
  let upsd = new FakeUpsd();
  await upsd.listen(port);
  try {
    await using drv = await startDriverInstance({
      program: dummyUps,
      config: repeaterConfig(`ups@127.0.0.1:${port}`, { username: "admin", password: "pw" }),
      statePath: dir.path,
      confPath: dir.path,
      log: silentLogger(),
    });
    using p = await SockPeer.connect(drv.socketPath);
    const dump = await p.dumpAll();
    assert(dump.includes('SETINFO ups.id "rack"'));
    assert(dump.includes("ADDCMD beeper.enable"));
    assert(dump.includes('SETINFO driver.parameter.username "admin"'));
    assert(!dump.some((l) => l.includes("pw")), "the password is not published");
    await p.send('SET ups.id "Data room" TRACKING s1');
    assertEquals(await p.until((l) => l.startsWith("TRACKING s1")), ["TRACKING s1 0"]);
    await p.send("INSTCMD beeper.enable TRACKING c1");
    assertEquals(await p.until((l) => l.startsWith("TRACKING c1")), ["TRACKING c1 0"]);
    await p.send("INSTCMD no.such TRACKING c2");
    assertEquals(await p.until((l) => l.startsWith("TRACKING c2")), ["TRACKING c2 2"]);
    assertEquals(upsd.done, ["SET ups.id=Data room", "INSTCMD beeper.enable"]);
    assertEquals(await p.until((l) => l.includes("ups.id")), ['SETINFO ups.id "Data room"']);
    // The server goes away: stale; it comes back: fresh again.
    await upsd.close();
    assertEquals(await p.until((l) => l === "DATASTALE", 10_000), ["DATASTALE"]);
    upsd = new FakeUpsd();
    upsd.vars.set("ups.status", "OB");
    await upsd.listen(port);
    const back = await p.until((l) => l === "DATAOK", 10_000);
    assert(back.includes('SETINFO ups.status "OB"'), JSON.stringify(back));
  } finally {
    await upsd.close();
  }
});

Deno.test("the repeater without credentials answers SET and INSTCMD with UNKNOWN, as NUT 2.8.0 forwards nothing", async () => {
  await using dir = await tempDir("nut-rep3-");
  const port = await freePort();
  const upsd = new FakeUpsd();
  await upsd.listen(port);
  try {
    await using drv = await startDriverInstance({
      program: dummyUps,
      config: repeaterConfig(`ups@127.0.0.1:${port}`),
      statePath: dir.path,
      confPath: dir.path,
      log: silentLogger(),
    });
    using p = await SockPeer.connect(drv.socketPath);
    const dump = await p.dumpAll();
    assertEquals(dump.filter((l) => l.startsWith("ADDCMD")), ["ADDCMD load.off"]);
    await p.send("SET ups.id x TRACKING s1");
    assertEquals(await p.until((l) => l.startsWith("TRACKING")), ["TRACKING s1 1"]);
    assertEquals(upsd.done, []);
  } finally {
    await upsd.close();
  }
});

Deno.test("the repeater fails to start when the server is unreachable, unless repeater_disable_strict_start", async () => {
  await using dir = await tempDir("nut-rep4-");
  const port = await freePort();
  const start = (extra: Record<string, string | undefined>) =>
    startDriverInstance({
      program: dummyUps,
      config: repeaterConfig(`ups@127.0.0.1:${port}`, extra),
      statePath: dir.path,
      confPath: dir.path,
      log: silentLogger(),
    });
  await assertRejects(() => start({}), DriverStartError, "Error:");
  await using drv = await start({ repeater_disable_strict_start: undefined });
  assertEquals(drv.state.stale, true);
  assertEquals(drv.state.getValue("driver.flag.repeater_disable_strict_start"), "enabled");
  await assertRejects(
    () =>
      startDriverInstance({
        program: dummyUps,
        config: repeaterConfig("@"),
        statePath: dir.path,
        confPath: dir.path,
        log: silentLogger(),
      }),
    DriverStartError,
    "invalid UPS definition",
  );
});
