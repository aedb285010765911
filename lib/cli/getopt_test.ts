import { assertEquals, assertThrows } from "../testing/asserts.ts";
import { parseArgs, UsageError } from "./getopt.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "parseArgs() reads bundled and attached short options as getopt does",
  fn() {
    const p = parseArgs(["-lq", "-uadmin", "-p", "secret", "ups@host", "-t5"], { short: "lqu:p:t:" });
    assertEquals(p.count("l"), 1);
    assertEquals(p.count("q"), 1);
    assertEquals(p.value("u"), "admin");
    assertEquals(p.value("p"), "secret");
    assertEquals(p.value("t"), "5");
    assertEquals(p.operands, ["ups@host"]);
  },
});

Deno.test({
  ...pure,
  name: "parseArgs() counts repeated switches and keeps every value of repeated options",
  fn() {
    const p = parseArgs(["-D", "-DD", "-x", "a=1", "-x", "b=2"], { short: "Dx:" });
    assertEquals(p.count("D"), 3);
    assertEquals(p.values("x"), ["a=1", "b=2"]);
  },
});

Deno.test({
  ...pure,
  name: "parseArgs() reads long options, aliases and values after = or as the next argument",
  fn() {
    const p = parseArgs(["--json", "--port=3493", "--host", "::1", "--help"], {
      short: "h",
      long: ["json", "port=", "host=", "help|h"],
    });
    assertEquals([p.has("json"), p.value("port"), p.value("host"), p.count("h")], [true, "3493", "::1", 1]);
  },
});

Deno.test({
  ...pure,
  name: "parseArgs() stops at -- and rejects unknown options and missing values",
  fn() {
    assertEquals(parseArgs(["-a", "--", "-b"], { short: "a" }).operands, ["-b"]);
    assertThrows(() => parseArgs(["-z"], { short: "a" }), UsageError, '"-z"');
    assertThrows(() => parseArgs(["-a"], { short: "a:" }), UsageError, "needs a value");
    assertThrows(() => parseArgs(["--nope"], {}), UsageError, "--nope");
    assertEquals(assertThrows(() => parseArgs(["-z"], {}, 2), UsageError).exitCode, 2);
    assertEquals(parseArgs(["-"], {}).operands, ["-"]);
  },
});
