/**
 * upsc, upscmd, upsrw and `nut client` run in-process against a scripted server that answers as NUT's
 * upsd does (lines made with lib/protocol's formatters), checked against golden text taken from NUT
 * 2.8.0's programs. These run without the reference NUT; tests/client_compat_test.ts compares live.
 */
import { assertEquals } from "../../testing/asserts.ts";
import { CapturedOutput } from "../../cli/io.ts";
import {
  formatCmdLine,
  formatDescLine,
  formatEnumLine,
  formatRangeLine,
  formatTypeLine,
  formatUpsLine,
  formatVarLine,
} from "../../protocol/reply.ts";
import { NutClient } from "../client.ts";
import { type Answer, fakeServer } from "../../testing/fake_server.ts";
import { ScriptedInput } from "./prompt.ts";
import type { ToolContext } from "./context.ts";
import { upsc } from "./upsc.ts";
import { upscmd } from "./upscmd.ts";
import { upsrw } from "./upsrw.ts";
import { runClient } from "./native.ts";

const ID = "1BD31808-CB49-4AEC-9D75-D056E6F018D2";

const VARS: [string, string][] = [
  ["battery.type", "PbAc"],
  ["input.transfer.high", "258"],
  ["input.transfer.low", "103"],
  ["ups.id", 'My "fake" UPS'],
  ["ups.model", "back\\slash"],
  ["ups.status", "OL"],
  ["ups.test.result", ""],
];
const TYPES: Record<string, string[]> = {
  "battery.type": ["RW", "ENUM", "STRING:8"],
  "input.transfer.high": ["RW", "RANGE", "NUMBER"],
  "input.transfer.low": ["RW", "ENUM", "NUMBER"],
  "ups.id": ["RW", "STRING:32"],
};
const DESCS: Record<string, string> = {
  "battery.type": "Battery chemistry",
  "input.transfer.high": "High voltage transfer point (V)",
  "input.transfer.low": "Low voltage transfer point (V)",
  "ups.id": "UPS system identifier",
};

/** Answers like NUT 2.8.0's upsd for devices "fake" (all data), "stale" and "dead". */
function nutLike(): (line: string) => Answer {
  let polls = 0;
  let user = "";
  let pass = "";
  let tracking = false;
  return (line) => {
    const w = line.split(" ");
    const ups = w[2];
    if (line === "STARTTLS") return "ERR FEATURE-NOT-CONFIGURED";
    if (line === "LIST UPS") {
      return [
        "BEGIN LIST UPS",
        formatUpsLine("fake", "Scripted device"),
        formatUpsLine("dead", "Description unavailable"),
        "END LIST UPS",
      ];
    }
    if (w[0] === "USERNAME") return (user = w[1], "OK");
    if (w[0] === "PASSWORD") return (pass = w[1], "OK");
    if (line === "SET TRACKING ON") return (tracking = true, "OK");
    if (w[0] === "GET" && w[1] === "TRACKING") return ++polls < 2 ? "PENDING" : "SUCCESS";
    if (w[0] === "INSTCMD" || (w[0] === "SET" && w[1] === "VAR")) {
      if (user !== "admin" || pass !== "secret") return "ERR ACCESS-DENIED";
      return tracking ? `OK TRACKING ${ID}` : "OK";
    }
    if (ups === "dead") return "ERR DRIVER-NOT-CONNECTED";
    if (ups === "stale") return "ERR DATA-STALE";
    if (ups !== "fake" && ups !== undefined) return "ERR UNKNOWN-UPS";
    const name = w[3];
    switch (`${w[0]} ${w[1]}`) {
      case "LIST VAR":
        return [
          "BEGIN LIST VAR fake",
          ...VARS.map(([n, v]) => formatVarLine("VAR", "fake", n, v)),
          "END LIST VAR fake",
        ];
      case "LIST RW": {
        const rw = VARS.filter(([n]) => TYPES[n]);
        return [
          "BEGIN LIST RW fake",
          ...rw.map(([n, v]) => formatVarLine("RW", "fake", n, v)),
          "END LIST RW fake",
        ];
      }
      case "LIST CMD":
        return [
          "BEGIN LIST CMD fake",
          formatCmdLine("fake", "load.off"),
          formatCmdLine("fake", "x.custom"),
          "END LIST CMD fake",
        ];
      case "LIST CLIENT":
        return ["BEGIN LIST CLIENT fake", "CLIENT fake 127.0.0.1", "END LIST CLIENT fake"];
      case "LIST ENUM": {
        const values = name === "battery.type" ? ["PbAc", "Li-ion"] : ["100", "103", "106"];
        return [
          `BEGIN LIST ENUM fake ${name}`,
          ...values.map((v) => formatEnumLine("fake", name, v)),
          `END LIST ENUM fake ${name}`,
        ];
      }
      case "LIST RANGE":
        return [
          `BEGIN LIST RANGE fake ${name}`,
          formatRangeLine("fake", name, 230, 250),
          formatRangeLine("fake", name, 255, 265),
          `END LIST RANGE fake ${name}`,
        ];
      case "GET VAR": {
        const v = VARS.find(([n]) => n === name);
        return v ? formatVarLine("VAR", "fake", name, v[1]) : "ERR VAR-NOT-SUPPORTED";
      }
      case "GET TYPE":
        return formatTypeLine("fake", name, TYPES[name] ?? ["NUMBER"]);
      case "GET DESC":
        return formatDescLine("DESC", "fake", name, DESCS[name] ?? "Description unavailable");
      case "GET CMDDESC":
        return name === "load.off"
          ? formatDescLine("CMDDESC", "fake", name, "Turn off the load immediately")
          : formatDescLine("CMDDESC", "fake", name, "Description unavailable");
    }
    return "ERR UNKNOWN-COMMAND";
  };
}

async function tool(
  fn: (prog: string, args: readonly string[], ctx: ToolContext) => Promise<number>,
  prog: string,
  args: (h: string) => string[],
  input: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  await using srv = await fakeServer(nutLike());
  const out = new CapturedOutput();
  const ctx: ToolContext = {
    out,
    input: new ScriptedInput(input),
    env: () => undefined,
    userName: () => "root",
    connect: (host, port, options) => NutClient.connect(host, port, options),
  };
  const code = await fn(prog, args(`127.0.0.1:${srv.port}`), ctx);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

const native = (_prog: string, args: readonly string[], ctx: ToolContext) => runClient(args, ctx);

Deno.test("upsc lists variables, values, devices and clients as NUT does", async () => {
  assertEquals(await tool(upsc, "upsc", (h) => [`fake@${h}`]), {
    code: 0,
    stdout: "battery.type: PbAc\ninput.transfer.high: 258\ninput.transfer.low: 103\n" +
      'ups.id: My "fake" UPS\nups.model: back\\slash\nups.status: OL\nups.test.result: \n',
    stderr: "",
  });
  assertEquals(await tool(upsc, "upsc", (h) => [`fake@${h}`, "ups.id"]), {
    code: 0,
    stdout: 'My "fake" UPS\n',
    stderr: "",
  });
  assertEquals(await tool(upsc, "upsc", (h) => ["-L", h]), {
    code: 0,
    stdout: "fake: Scripted device\ndead: Description unavailable\n",
    stderr: "",
  });
  assertEquals(await tool(upsc, "upsc", (h) => ["-c", `fake@${h}`]), {
    code: 0,
    stdout: "127.0.0.1\n",
    stderr: "",
  });
  assertEquals((await tool(upsc, "upsc", (h) => ["-j", "-l", h])).stdout, '[\n  "fake",\n  "dead"\n]\n');
});

Deno.test("upsc reports NUT's errors and exit code 1", async () => {
  assertEquals(await tool(upsc, "upsc", (h) => [`dead@${h}`]), {
    code: 1,
    stdout: "",
    stderr: "Error: Driver not connected\n",
  });
  assertEquals(await tool(upsc, "upsc", (h) => [`stale@${h}`, "ups.status"]), {
    code: 1,
    stdout: "",
    stderr: "Error: Data stale\n",
  });
  assertEquals(await tool(upsc, "upsc", (h) => [`fake@${h}`, "no.such"]), {
    code: 1,
    stdout: "",
    stderr: "Error: Variable not supported by UPS\n",
  });
  assertEquals(await tool(upsc, "upsc", (h) => ["-j", `nope@${h}`]), {
    code: 1,
    stdout: '{\n  "error": "Unknown UPS"\n}\n',
    stderr: "Error: Unknown UPS\n",
  });
  assertEquals(await tool(upsc, "upsc", () => ["ups@[::1"]), {
    code: 1,
    stdout: "",
    stderr: "upscli_splitaddr: missing closing bracket in [domain literal]\n" +
      "Error: invalid UPS definition.\nRequired format: upsname[@hostname[:port]]\n",
  });
});

Deno.test("upscmd lists commands, runs them, tracks them, and prompts like NUT", async () => {
  assertEquals(await tool(upscmd, "upscmd", (h) => ["-l", `fake@${h}`]), {
    code: 0,
    stdout: "Instant commands supported on UPS [fake]:\n\nload.off - Turn off the load immediately\n" +
      "x.custom - Description unavailable\n",
    stderr: "",
  });
  assertEquals(
    await tool(upscmd, "upscmd", (h) => ["-u", "admin", "-p", "secret", `fake@${h}`, "load.off"]),
    {
      code: 0,
      stdout: "",
      stderr: "OK\n",
    },
  );
  assertEquals(
    await tool(upscmd, "upscmd", (h) => ["-u", "admin", "-p", "secret", "-w", `fake@${h}`, "load.off", "5"]),
    {
      code: 0,
      stdout: "",
      stderr: "SUCCESS\n",
    },
  );
  assertEquals(await tool(upscmd, "upscmd", (h) => ["-u", "admin", "-p", "bad", `fake@${h}`, "load.off"]), {
    code: 1,
    stdout: "",
    stderr: "Unexpected response from upsd: ERR ACCESS-DENIED\n",
  });
  assertEquals(await tool(upscmd, "upscmd", (h) => [`fake@${h}`, "load.off"], ["", "secret"]), {
    code: 1,
    stdout: "Username (root): ",
    stderr: "Password: Unexpected response from upsd: ERR ACCESS-DENIED\n",
  });
  assertEquals(await tool(upscmd, "upscmd", (h) => [`fake@${h}`, "load.off"], ["admin", "secret"]), {
    code: 0,
    stdout: "Username (root): ",
    stderr: "Password: OK\n",
  });
  assertEquals(await tool(upscmd, "upscmd", (h) => [`fake@${h}`, "load.off"]), {
    code: 1,
    stdout: "Username (root): ",
    stderr: "Error reading from stdin!\n",
  });
});

Deno.test("upsrw prints every type block and sets values as NUT does", async () => {
  assertEquals(await tool(upsrw, "upsrw", (h) => [`fake@${h}`]), {
    code: 0,
    stdout: [
      "[battery.type]",
      "Battery chemistry",
      "Type: ENUM STRING",
      "Maximum length: 8",
      'Option: "PbAc" SELECTED',
      'Option: "Li-ion"',
      "",
      "[input.transfer.high]",
      "High voltage transfer point (V)",
      "Type: RANGE NUMBER",
      'Option: "230-250"',
      'Option: "255-265" SELECTED',
      "",
      "[input.transfer.low]",
      "Low voltage transfer point (V)",
      "Type: ENUM NUMBER",
      'Option: "100"',
      'Option: "103" SELECTED',
      'Option: "106"',
      "",
      "[ups.id]",
      "UPS system identifier",
      "Type: STRING",
      "Maximum length: 32",
      'Value: My "fake" UPS',
      "",
      "",
    ].join("\n"),
    stderr: "",
  });
  assertEquals(
    await tool(upsrw, "upsrw", (h) => ["-s", "ups.id=new", "-u", "admin", "-p", "secret", `fake@${h}`]),
    {
      code: 0,
      stdout: "",
      stderr: "OK\n",
    },
  );
  assertEquals(
    await tool(upsrw, "upsrw", (h) => ["-s", "ups.id", "-u", "admin", "-p", "secret", "-w", `fake@${h}`], [
      "v",
    ]),
    {
      code: 0,
      stdout: "Enter new value for ups.id: ",
      stderr: "SUCCESS\n",
    },
  );
  assertEquals(
    await tool(upsrw, "upsrw", (h) => ["-s", "nodot=1", "-u", "admin", "-p", "secret", `fake@${h}`]),
    {
      code: 1,
      stdout: "",
      stderr: "Error: old variable names are not supported\n",
    },
  );
});

Deno.test("nut client prints the documented JSON shapes", async () => {
  const list = await tool(native, "nut", (h) => ["list", "--json", h]);
  assertEquals(JSON.parse(list.stdout).devices, [
    { name: "fake", description: "Scripted device" },
    { name: "dead", description: "Description unavailable" },
  ]);
  const get = await tool(native, "nut", (h) => ["get", `fake@${h}`, "--json"]);
  assertEquals(JSON.parse(get.stdout).variables["ups.id"], 'My "fake" UPS');
  const vars = JSON.parse((await tool(native, "nut", (h) => ["vars", "--json", `fake@${h}`])).stdout);
  assertEquals(vars.variables[1], {
    name: "input.transfer.high",
    value: "258",
    description: "High voltage transfer point (V)",
    type: { kind: "range", words: ["RW", "RANGE", "NUMBER"] },
    ranges: [{ min: "230", max: "250" }, { min: "255", max: "265" }],
  });
  const cmd = await tool(
    native,
    "nut",
    (h) => ["cmd", `fake@${h}`, "load.off", "-u", "admin", "-p", "secret", "-w", "--json"],
  );
  assertEquals([cmd.code, JSON.parse(cmd.stdout)], [0, {
    ups: "fake",
    command: "load.off",
    result: "SUCCESS",
    ok: true,
    tracking: ID,
  }]);
  const denied = await tool(
    native,
    "nut",
    (h) => ["set", `fake@${h}`, "ups.id=x", "-u", "admin", "-p", "no", "--json"],
  );
  assertEquals([denied.code, JSON.parse(denied.stdout), denied.stderr], [
    1,
    { error: { code: "ACCESS-DENIED", message: "Access denied" } },
    "nut client set: Access denied\n",
  ]);
  assertEquals((await tool(native, "nut", () => ["get"])).code, 2);
  assertEquals((await tool(native, "nut", () => ["vars", "--help"])).code, 0);
});
