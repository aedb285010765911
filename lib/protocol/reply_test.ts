import { assertEquals } from "../testing/asserts.ts";
import { formatReply, parseReply, type Reply } from "./reply.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "formatReply() writes NUT's reply lines and parseReply() reads them back (round trip)",
  fn() {
    const cases: [Reply, string][] = [
      [{ kind: "OK" }, "OK"],
      [{ kind: "OK", text: "Goodbye" }, "OK Goodbye"],
      [
        { kind: "OK", text: "TRACKING 1BD31808-CB49-4AEC-9D75-D056E6F018D2" },
        "OK TRACKING 1BD31808-CB49-4AEC-9D75-D056E6F018D2",
      ],
      [{ kind: "ERR", code: "ACCESS-DENIED" }, "ERR ACCESS-DENIED"],
      [{ kind: "ERR", code: "INVALID-ARGUMENT", extra: ["x"] }, "ERR INVALID-ARGUMENT x"],
      [{ kind: "VAR", ups: "su700", name: "ups.status", value: "OB LB" }, 'VAR su700 ups.status "OB LB"'],
      [
        { kind: "RW", ups: "su700", name: "ups.id", value: 'a "q" \\ #' },
        'RW su700 ups.id "a \\"q\\" \\\\ \\#"',
      ],
      [
        { kind: "TYPE", ups: "su700", name: "ups.id", types: ["RW", "STRING:32"] },
        "TYPE su700 ups.id RW STRING:32",
      ],
      [
        { kind: "DESC", ups: "su700", name: "ups.status", desc: "UPS status" },
        'DESC su700 ups.status "UPS status"',
      ],
      [
        { kind: "CMDDESC", ups: "su700", name: "load.on", desc: "Turn on" },
        'CMDDESC su700 load.on "Turn on"',
      ],
      [{ kind: "UPSDESC", ups: "su700", desc: "Development box" }, 'UPSDESC su700 "Development box"'],
      [{ kind: "NUMLOGINS", ups: "su700", count: 1 }, "NUMLOGINS su700 1"],
      [{ kind: "UPS", ups: "su700", desc: "Description unavailable" }, 'UPS su700 "Description unavailable"'],
      [{ kind: "CMD", ups: "su700", name: "load.on" }, "CMD su700 load.on"],
      [{ kind: "ENUM", ups: "su700", name: "x", value: "103" }, 'ENUM su700 x "103"'],
      [{ kind: "RANGE", ups: "su700", name: "x", min: "90", max: "100" }, 'RANGE su700 x "90" "100"'],
      [{ kind: "CLIENT", ups: "ups1", address: "::1" }, "CLIENT ups1 ::1"],
      [{ kind: "BEGIN", list: ["VAR", "su700"] }, "BEGIN LIST VAR su700"],
      [{ kind: "END", list: ["ENUM", "su700", "x"] }, "END LIST ENUM su700 x"],
      [{ kind: "TEXT", text: "1.3" }, "1.3"],
      [
        { kind: "TEXT", text: "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/" },
        "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/",
      ],
    ];
    for (const [reply, line] of cases) {
      assertEquals(formatReply(reply), line);
      assertEquals(parseReply(line), reply, line);
    }
  },
});

Deno.test({
  ...pure,
  name: "parseReply() reads a NUMLOGINS count beyond 2^53 as TEXT, not Infinity (found by make fuzz)",
  fn() {
    const huge = `NUMLOGINS ups1 ${"9".repeat(400)}`;
    assertEquals(parseReply(huge), { kind: "TEXT", text: huge });
    assertEquals(parseReply("NUMLOGINS ups1 9007199254740993"), {
      kind: "TEXT",
      text: "NUMLOGINS ups1 9007199254740993",
    });
    assertEquals(parseReply("NUMLOGINS ups1 9007199254740991"), {
      kind: "NUMLOGINS",
      ups: "ups1",
      count: 9007199254740991,
    });
  },
});
