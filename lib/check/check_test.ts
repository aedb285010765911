import { assertEquals, assertStringIncludes } from "../testing/asserts.ts";
import { type FakeServer, fakeServer } from "../testing/fake_server.ts";
import { CapturedOutput } from "../cli/io.ts";
import { NutClient } from "../client/client.ts";
import { check } from "./check.ts";

/** A scripted server on 127.0.0.1: each request line gets the lines `answer` returns (none: silence). */
function scripted(answer: (line: string) => string[]): Promise<FakeServer> {
  return fakeServer((line) => {
    const reply = answer(line);
    return reply.length ? reply : "<silence>";
  });
}

const UPS: Record<string, Record<string, string>> = {
  ups1: { "ups.status": "OL", "battery.charge": "100", "battery.runtime": "1575", "ups.load": "23" },
  ups2: { "ups.status": "OB DISCHRG", "battery.charge": "40", "battery.runtime": "900", "ups.load": "23" },
};

function nutServer(line: string): string[] {
  const w = line.split(" ");
  if (line === "STARTTLS") return ["ERR FEATURE-NOT-CONFIGURED"];
  if (line === "LIST UPS") {
    return ["BEGIN LIST UPS", ...Object.keys(UPS).map((u) => `UPS ${u} "desc"`), "END LIST UPS"];
  }
  if (w[0] === "LIST" && w[1] === "VAR") {
    if (w[2] === "stale") return ["ERR DATA-STALE"];
    const vars = UPS[w[2]];
    if (!vars) return ["ERR UNKNOWN-UPS"];
    return [
      `BEGIN LIST VAR ${w[2]}`,
      ...Object.entries(vars).map(([k, v]) => `VAR ${w[2]} ${k} "${v}"`),
      `END LIST VAR ${w[2]}`,
    ];
  }
  if (w[0] === "USERNAME" || w[0] === "PASSWORD") return ["OK"];
  return ["ERR UNKNOWN-COMMAND"];
}

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const out = new CapturedOutput();
  const code = await check(args, { out, connect: (h, p, o) => NutClient.connect(h, p, o) });
  return { code, out: out.stdout };
}

Deno.test("check() of one UPS: OK with perfdata, exit 0", async () => {
  await using s = await scripted(nutServer);
  const r = await run([`ups1@127.0.0.1:${s.port}`, "--warn-charge", "50", "--crit-charge", "20"]);
  assertEquals(r, {
    code: 0,
    out: `NUT OK - ups1@127.0.0.1:${s.port}: OL, charge 100%, runtime 1575s, load 23% | ` +
      "charge=100%;50:;20:;0;100 runtime=1575s;;;0 load=23%;;;0\n",
  });
});

Deno.test("check() of every UPS of a server: the worst state wins, -u/-p are sent", async () => {
  const seen: string[] = [];
  await using s = await scripted((l) => (seen.push(l), nutServer(l)));
  const r = await run(["--all", `127.0.0.1:${s.port}`, "-u", "mon", "-p", "pw", "--crit-charge", "50"]);
  assertEquals(r.code, 2);
  assertStringIncludes(r.out, `NUT CRITICAL - ups2@127.0.0.1:${s.port}: OB DISCHRG, charge 40%`);
  assertStringIncludes(r.out, "[on battery (OB), charge 40% < 50%]");
  assertEquals(seen.filter((l) => /^(USERNAME|PASSWORD)/.test(l)), ["USERNAME mon", "PASSWORD pw"]);
  const star = await run([`*@127.0.0.1:${s.port}`, "--json"]);
  assertEquals(star.code, 1);
  assertEquals(JSON.parse(star.out).ups.map((u: { name: string }) => u.name), [
    `ups2@127.0.0.1:${s.port}`,
    `ups1@127.0.0.1:${s.port}`,
  ]);
});

Deno.test("check(): stale data is CRITICAL (or --stale), an unknown UPS UNKNOWN", async () => {
  await using s = await scripted(nutServer);
  assertEquals((await run([`stale@127.0.0.1:${s.port}`])).code, 2);
  assertEquals((await run([`stale@127.0.0.1:${s.port}`, "--stale", "warning"])).code, 1);
  const r = await run([`nope@127.0.0.1:${s.port}`]);
  assertEquals(r, { code: 3, out: `NUT UNKNOWN - nope@127.0.0.1:${s.port}: no data [unknown UPS]\n` });
});

Deno.test("check(): a server that does not answer is UNKNOWN after --timeout", async () => {
  await using s = await scripted(() => []);
  const r = await run([`ups1@127.0.0.1:${s.port}`, "-t", "0.3"]);
  assertEquals(r, { code: 3, out: "NUT UNKNOWN - no answer within 0.3 s\n" });
});

Deno.test("check(): no server is UNKNOWN naming it; bad arguments are UNKNOWN; --help is 0", async () => {
  const s = await scripted(nutServer);
  const port = s.port;
  await s[Symbol.asyncDispose]();
  const r = await run([`ups1@127.0.0.1:${port}`]);
  assertEquals(r.code, 3);
  assertStringIncludes(r.out, `cannot connect to 127.0.0.1:${port}: Connection failure: Connection refused`);
  assertEquals(await run([]), {
    code: 3,
    out: "NUT UNKNOWN - name a UPS (<ups>[@<host>[:<port>]]) or --all (see nut check --help)\n",
  });
  assertEquals(
    (await run(["ups1", "--warn-charge", "lots"])).out,
    'NUT UNKNOWN - --warn-charge expects a number >= 0, got "lots" (see nut check --help)\n',
  );
  assertEquals((await run(["ups1", "--stale", "meh"])).code, 3);
  assertEquals((await run(["--frob"])).code, 3);
  const help = await run(["--help"]);
  assertEquals(help.code, 0);
  assertStringIncludes(help.out, "--warn-charge <pct>");
});
