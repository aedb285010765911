import { assertEquals } from "../../testing/asserts.ts";
import {
  formatClients,
  formatDevices,
  formatJsonError,
  formatValue,
  formatVars,
  formatVarsJson,
} from "./upsc_format.ts";
import { formatCommandList } from "./upscmd_format.ts";
import { formatRwVariable, planRwType } from "./upsrw_format.ts";
import { jsonEscape } from "./json.ts";
import { posixGetopt } from "./posix_getopt.ts";

const pure = { permissions: "none" } as const;

const VARS = [
  { name: "battery.charge", value: "100" },
  { name: "ups.mfr", value: 'Quote "inside" here' },
  { name: "ups.model", value: "back\\slash" },
  { name: "ups.id", value: "" },
];

Deno.test({
  name: "formatVars() prints name: value lines as upsc does",
  ...pure,
  fn() {
    assertEquals(
      formatVars(VARS),
      'battery.charge: 100\nups.mfr: Quote "inside" here\nups.model: back\\slash\nups.id: \n',
    );
    assertEquals(formatVars([]), "");
  },
});

Deno.test({
  name: "upsc -j layouts match NUT 2.8.5 (object, array, string, errors)",
  ...pure,
  fn() {
    assertEquals(
      formatVarsJson(VARS),
      '{\n  "battery.charge": "100",\n  "ups.mfr": "Quote \\"inside\\" here",\n  "ups.model": "back\\\\slash",\n' +
        '  "ups.id": ""\n}\n',
    );
    assertEquals(formatVarsJson([]), "{\n\n}\n");
    const devices = [{ name: "ups1", description: "First UPS" }, {
      name: "odd",
      description: "Description unavailable",
    }];
    assertEquals(formatDevices(devices, false, true), '[\n  "ups1",\n  "odd"\n]\n');
    assertEquals(
      formatDevices(devices, true, true),
      '{\n  "ups1": "First UPS",\n  "odd": "Description unavailable"\n}\n',
    );
    assertEquals(formatDevices([], false, true), "[\n\n]\n");
    assertEquals(formatClients(["127.0.0.1", "::1"], true), '[\n  "127.0.0.1",\n  "::1"\n]\n');
    assertEquals(formatValue('a "b"', true), '"a \\"b\\""\n');
    assertEquals(formatJsonError("Unknown UPS"), '{"error": "Unknown UPS"}\n');
    assertEquals(
      formatJsonError("invalid UPS definition.\nRequired format: upsname[@hostname[:port]]"),
      '{"error": "invalid UPS definition.\\nRequired format: upsname[@hostname[:port]]"}\n',
    );
    assertEquals(formatJsonError("Driver not connected", true), '{\n  "error": "Driver not connected"\n}\n');
  },
});

Deno.test({
  name: "upsc -l, -L and -c text forms",
  ...pure,
  fn() {
    const devices = [{ name: "ups1", description: "First UPS" }, {
      name: "dead",
      description: "Not running",
    }];
    assertEquals(formatDevices(devices, false, false), "ups1\ndead\n");
    assertEquals(formatDevices(devices, true, false), "ups1: First UPS\ndead: Not running\n");
    assertEquals(formatClients(["127.0.0.1"], false), "127.0.0.1\n");
    assertEquals(formatValue("OL", false), "OL\n");
  },
});

Deno.test({
  name: "jsonEscape() escapes like NUT's json_print_esc",
  ...pure,
  fn() {
    assertEquals(jsonEscape('"\\\b\f\n\r\t\x01 é'), '\\"\\\\\\b\\f\\n\\r\\t\\u0001 é');
  },
});

Deno.test({
  name: "formatCommandList() prints upscmd -l, bare names where descriptions failed",
  ...pure,
  fn() {
    assertEquals(
      formatCommandList("fake", [
        { name: "beeper.toggle", description: "Toggle the UPS beeper" },
        { name: "fake.custom.cmd", description: "Description unavailable" },
        { name: "load.off" },
      ]),
      "Instant commands supported on UPS [fake]:\n\nbeeper.toggle - Toggle the UPS beeper\n" +
        "fake.custom.cmd - Description unavailable\nload.off\n",
    );
    assertEquals(formatCommandList("x", []), "Instant commands supported on UPS [x]:\n\n");
  },
});

Deno.test({
  name: "formatRwVariable() prints every upsrw type block as NUT 2.8.0 does",
  ...pure,
  fn() {
    assertEquals(
      formatRwVariable({
        name: "battery.type",
        description: "Battery chemistry",
        type: ["RW", "ENUM", "STRING:8"],
        value: "PbAc",
        enumValues: ["PbAc", "Li-ion"],
      }).text,
      '[battery.type]\nBattery chemistry\nType: ENUM STRING\nMaximum length: 8\nOption: "PbAc" SELECTED\nOption: "Li-ion"\n\n',
    );
    assertEquals(
      formatRwVariable({
        name: "input.transfer.low",
        description: "Low voltage transfer point (V)",
        type: ["RW", "ENUM", "NUMBER"],
        value: "103",
        enumValues: ["100", "103", "106"],
      }).text,
      '[input.transfer.low]\nLow voltage transfer point (V)\nType: ENUM NUMBER\nOption: "100"\nOption: "103" SELECTED\n' +
        'Option: "106"\n\n',
    );
    assertEquals(
      formatRwVariable({
        name: "input.transfer.high",
        type: ["RW", "RANGE", "NUMBER"],
        value: "258.5",
        ranges: [{ min: "230", max: "250" }, { min: "255.9", max: "265" }],
      }).text,
      '[input.transfer.high]\nDescription unavailable\nType: RANGE NUMBER\nOption: "230-250"\nOption: "255-265" SELECTED\n\n',
    );
    assertEquals(
      formatRwVariable({ name: "ups.delay.start", description: "d", type: ["RW", "NUMBER"], value: "a\\b" })
        .text,
      "[ups.delay.start]\nd\nType: NUMBER\nValue: a\\b\n\n",
    );
    assertEquals(
      formatRwVariable({ name: "custom.novalue", type: ["RW", "STRING:10"], value: "" }).text,
      "[custom.novalue]\nDescription unavailable\nType: STRING\nMaximum length: 10\nValue: \n\n",
    );
    assertEquals(formatRwVariable({ name: "x.y", description: "d" }).text, "[x.y]\nd\nUnknown type\n\n");
    assertEquals(
      formatRwVariable({
        name: "x.y",
        description: "d",
        type: ["RW", "WEIRD", "ENUM"],
        value: "1",
        enumValues: ["1"],
      })
        .text,
      '[x.y]\nd\nType: WEIRD (unrecognized)\nType: ENUM\nOption: "1" SELECTED\n\n',
    );
    assertEquals(formatRwVariable({ name: "x.y", description: "d", type: ["RW"] }).text, "[x.y]\nd\n\n");
  },
});

Deno.test({
  name: "formatRwVariable() stops where NUT stops when a value or a list cannot be read",
  ...pure,
  fn() {
    assertEquals(formatRwVariable({ name: "x.y", description: "d", type: ["RW", "STRING:4"] }), {
      text: "[x.y]\nd\n",
      error: "do_string: can't get current value of x.y",
    });
    assertEquals(
      formatRwVariable({ name: "x.y", description: "d", type: ["NUMBER"] }).error,
      "do_number: can't get current value of x.y",
    );
    assertEquals(
      formatRwVariable({
        name: "x.y",
        description: "d",
        type: ["ENUM"],
        value: "1",
        enumValues: { error: "Data stale" },
      })
        .error,
      "Error: Data stale",
    );
    assertEquals(
      formatRwVariable({ name: "x.y", description: "d", type: ["RANGE"] }).error,
      "do_range: can't get current value of x.y",
    );
  },
});

Deno.test({
  name: "planRwType() decides like upsrw's type walk",
  ...pure,
  fn() {
    assertEquals(planRwType(["RW", "STRING:32"]).presentation, { kind: "string", maxLength: 32 });
    assertEquals(planRwType(["RANGE", "NUMBER"]).presentation, { kind: "range" });
    assertEquals(planRwType(["RW", "ENUM"]).presentation, { kind: "enum", flavor: "NONE", maxLength: 0 });
    assertEquals(planRwType(["rw", "number"]).presentation, { kind: "number" });
    assertEquals(planRwType(["RW", "FOO", "NUMBER", "BAR"]), {
      unrecognized: ["FOO"],
      presentation: { kind: "number" },
    });
  },
});

Deno.test({
  name: "posixGetopt() stops at the first operand and reports glibc's messages",
  ...pure,
  fn() {
    const r = posixGetopt("upsc", ["-jl", "host", "-c"], "DhlLcVW:j");
    assertEquals([r.options.map((o) => o.letter), r.operands, r.error], [
      ["j", "l"],
      ["host", "-c"],
      undefined,
    ]);
    assertEquals(posixGetopt("upscmd", ["-uadmin", "-p", "s", "--", "-x"], "lhu:p:").options, [
      { letter: "u", value: "admin" },
      { letter: "p", value: "s" },
    ]);
    assertEquals(posixGetopt("upscmd", ["-p", "s", "--", "-x"], "p:").operands, ["-x"]);
    assertEquals(posixGetopt("upsc", ["-x"], "l").error, "upsc: invalid option -- 'x'");
    assertEquals(posixGetopt("upsrw", ["-s"], "s:").error, "upsrw: option requires an argument -- 's'");
    // Lenient: the errors stand in order among the options, and parsing goes on.
    assertEquals(posixGetopt("upslog", ["-xD", "-s", "u", "-i"], "Ds:i:", { lenient: true }), {
      options: [
        { letter: "?", value: "upslog: invalid option -- 'x'" },
        { letter: "D", value: "" },
        { letter: "s", value: "u" },
        { letter: "?", value: "upslog: option requires an argument -- 'i'" },
      ],
      operands: [],
    });
  },
});
