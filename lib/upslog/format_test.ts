import { assertEquals } from "../testing/asserts.ts";
import {
  compileFormat,
  DEFAULT_LOG_FORMAT,
  formatLogLine,
  formatVariables,
  type LineContext,
} from "./format.ts";

const CTX: LineContext = {
  now: new Date(1_700_000_000_000),
  hostname: "myhost",
  pid: 4242,
  upsHost: "dev@127.0.0.1:3493",
  values: new Map<string, string | undefined>([
    ["ups.status", "OL CHRG"],
    ["battery.charge", "100"],
    ["input.voltage", "230.0"],
    ["ups.load", "12"],
  ]),
};

function render(format: string): string {
  return formatLogLine(compileFormat(format), CTX);
}

Deno.test({
  name: "formatLogLine() renders NUT's tokens",
  permissions: "none",
  fn() {
    assertEquals(
      render("%UPSHOST% %ETIME% %PID% %HOST% [%VAR ups.status%] %VAR battery.charge%%%"),
      "dev@127.0.0.1:3493 1700000000 4242 myhost [OL CHRG] 100%",
    );
  },
});

Deno.test({
  name: "formatLogLine() reproduces NUT 2.8.0's output for broken formats (checked against /bin/upslog)",
  permissions: "none",
  fn() {
    // Seen from NUT 2.8.0's upslog with the same format and a UPS without ups.temperature:
    assertEquals(
      render(
        "[%VAR ups.status%] %VAR nosuch.var% %VAR nodot% %VAR% %FOO% %% %hostname% %etime% x %VAR ups.load",
      ),
      "[OL CHRG] NA INVALID INVALID INVALID % myhost 1700000000 x INVALIDVAR ups.load",
    );
    // A name is matched by prefix, without regard to case, in NUT's table order.
    assertEquals(
      render("%Hostile%|%upshostX%|%pidfile%|%VARIABLE ups.load%|%ETIMEOUT%"),
      "myhost|dev@127.0.0.1:3493|4242|12|1700000000",
    );
    // A lone % at the end, and an unknown token followed by text.
    assertEquals(render("a%"), "aINVALID");
    assertEquals(render("%X% y"), "INVALID y");
    assertEquals(render("%VAR %"), "INVALID");
  },
});

Deno.test({
  name: "formatLogLine(): %t is a TAB (NUT 2.8.3+); %TIME% uses @ for % ",
  permissions: "none",
  fn() {
    assertEquals(render("a%tb"), "a\tb");
    const items = compileFormat("%TIME @s@@%");
    assertEquals(items, [{ kind: "token", name: "TIME", arg: "@s@@" }]);
    assertEquals(render("%TIME @s%"), "1700000000");
    assertEquals(render("%TIME%|"), "|");
  },
});

Deno.test({
  name: "formatVariables() lists each valid %VAR% once, in order",
  permissions: "none",
  fn() {
    assertEquals(formatVariables(compileFormat(DEFAULT_LOG_FORMAT)), [
      "battery.charge",
      "input.voltage",
      "ups.load",
      "ups.status",
      "ups.temperature",
      "input.frequency",
    ]);
    assertEquals(formatVariables(compileFormat("%VAR a.b% %VAR a.b% %VAR nodot% %VAR%")), ["a.b"]);
  },
});

Deno.test({
  name: "formatLogLine() cuts a line at NUT's 4095 characters",
  permissions: "none",
  fn() {
    const long = "x".repeat(5000);
    assertEquals(render(long).length, 4095);
    assertEquals(
      formatLogLine(compileFormat("%VAR a.b%"), { ...CTX, values: new Map([["a.b", long]]) }).length,
      4095,
    );
  },
});
