import { assertEquals } from "../testing/asserts.ts";
import { formatRequest, parseRequest, type Request, type ValidRequest } from "./request.ts";
import { findCommand, needsLogin, NET_COMMANDS } from "./commands.ts";
import { splitWords } from "../words/split.ts";

const pure = { permissions: "none" } as const;
const p = (line: string): Request => parseRequest(splitWords(line));

Deno.test({
  ...pure,
  name: "parseRequest() matches command and sub-command words without regard to case",
  fn() {
    assertEquals(p("get var UPS1 Ups.Status"), {
      kind: "GET_VAR",
      verb: "GET",
      ups: "UPS1",
      name: "Ups.Status",
    });
    assertEquals(p("LiSt Ups"), { kind: "LIST_UPS", verb: "LIST" });
    assertEquals(p("protver"), { kind: "NETVER", verb: "PROTVER" });
    assertEquals(p("master ups1"), { kind: "PRIMARY", verb: "MASTER", ups: "ups1" });
    assertEquals(p("set tracking Off"), { kind: "SET_TRACKING", verb: "SET", enabled: false });
  },
});

Deno.test({
  ...pure,
  name: "parseRequest() reports wrong argument counts as INVALID of the verb, unknown words as UNKNOWN",
  fn() {
    const invalid = [
      ["VER x", "VER"],
      ["NETVER x", "NETVER"],
      ["HELP x", "HELP"],
      ["GET", "GET"],
      ["GET FOO a b", "GET"],
      ["GET VAR ups1", "GET"],
      ["GET NUMLOGINS", "GET"],
      ["LIST", "LIST"],
      ["LIST VAR", "LIST"],
      ["LIST ENUM ups1", "LIST"],
      ["LIST FOO a b", "LIST"],
      ["USERNAME", "USERNAME"],
      ["USERNAME a b", "USERNAME"],
      ["PASSWORD", "PASSWORD"],
      ["LOGIN", "LOGIN"],
      ["LOGIN a b", "LOGIN"],
      ["LOGOUT now", "LOGOUT"],
      ["PRIMARY", "PRIMARY"],
      ["FSD a b", "FSD"],
      ["SET", "SET"],
      ["SET VAR ups1 x", "SET"],
      ["SET TRACKING maybe", "SET"],
      ["SET FOO bar", "SET"],
      ["INSTCMD ups1", "INSTCMD"],
    ];
    for (const [line, verb] of invalid) assertEquals(p(line), { kind: "INVALID", verb } as Request, line);
    assertEquals(p("FOO bar"), { kind: "UNKNOWN", word: "FOO" });
    assertEquals(parseRequest([]), { kind: "UNKNOWN", word: "" });
    assertEquals(p("REQ ups1 ups.status"), { kind: "UNKNOWN", word: "REQ" });
  },
});

Deno.test({
  ...pure,
  name: "parseRequest() ignores extra words where NUT does",
  fn() {
    assertEquals(p("LIST UPS extra"), { kind: "LIST_UPS", verb: "LIST" });
    assertEquals(p("GET UPSDESC ups1 x y"), { kind: "GET_UPSDESC", verb: "GET", ups: "ups1" });
    assertEquals(p("GET TRACKING a b"), { kind: "GET_TRACKING", verb: "GET", id: "a" });
    assertEquals(p("SET VAR u v 1 2 3"), { kind: "SET_VAR", verb: "SET", ups: "u", name: "v", value: "1" });
    assertEquals(p("STARTTLS now"), { kind: "STARTTLS", verb: "STARTTLS" });
    // A parameter is used only when it is the only extra word.
    assertEquals(p("INSTCMD u load.off 5"), {
      kind: "INSTCMD",
      verb: "INSTCMD",
      ups: "u",
      name: "load.off",
      param: "5",
    });
    assertEquals(p("INSTCMD u load.off 5 6"), {
      kind: "INSTCMD",
      verb: "INSTCMD",
      ups: "u",
      name: "load.off",
    });
  },
});

Deno.test({
  ...pure,
  name: "formatRequest() writes lines that parse back to the same request (round trip)",
  fn() {
    const requests: ValidRequest[] = [
      { kind: "VER", verb: "VER" },
      { kind: "NETVER", verb: "NETVER" },
      { kind: "NETVER", verb: "PROTVER" },
      { kind: "HELP", verb: "HELP" },
      { kind: "STARTTLS", verb: "STARTTLS" },
      { kind: "LOGOUT", verb: "LOGOUT" },
      { kind: "GET_TRACKING", verb: "GET" },
      { kind: "GET_TRACKING", verb: "GET", id: "1BD31808-CB49-4AEC-9D75-D056E6F018D2" },
      { kind: "GET_NUMLOGINS", verb: "GET", ups: "su700" },
      { kind: "GET_UPSDESC", verb: "GET", ups: "su700" },
      { kind: "GET_VAR", verb: "GET", ups: "su700", name: "ups.status" },
      { kind: "GET_TYPE", verb: "GET", ups: "su700", name: "input.transfer.low" },
      { kind: "GET_DESC", verb: "GET", ups: "su700", name: "ups.status" },
      { kind: "GET_CMDDESC", verb: "GET", ups: "su700", name: "load.on" },
      { kind: "LIST_UPS", verb: "LIST" },
      { kind: "LIST_VAR", verb: "LIST", ups: "su700" },
      { kind: "LIST_RW", verb: "LIST", ups: "su700" },
      { kind: "LIST_CMD", verb: "LIST", ups: "su700" },
      { kind: "LIST_CLIENT", verb: "LIST", ups: "su700" },
      { kind: "LIST_ENUM", verb: "LIST", ups: "su700", name: "input.transfer.low" },
      { kind: "LIST_RANGE", verb: "LIST", ups: "su700", name: "input.transfer.low" },
      { kind: "USERNAME", verb: "USERNAME", username: "upsmon" },
      { kind: "PASSWORD", verb: "PASSWORD", password: 'p a"s#s\\' },
      { kind: "LOGIN", verb: "LOGIN", ups: "su700" },
      { kind: "PRIMARY", verb: "PRIMARY", ups: "su700" },
      { kind: "PRIMARY", verb: "MASTER", ups: "su700" },
      { kind: "FSD", verb: "FSD", ups: "su700" },
      { kind: "SET_VAR", verb: "SET", ups: "su700", name: "ups.id", value: "My UPS" },
      { kind: "SET_VAR", verb: "SET", ups: "su700", name: "ups.id", value: "" },
      { kind: "SET_TRACKING", verb: "SET", enabled: true },
      { kind: "SET_TRACKING", verb: "SET", enabled: false },
      { kind: "INSTCMD", verb: "INSTCMD", ups: "su700", name: "test.panel.start" },
      { kind: "INSTCMD", verb: "INSTCMD", ups: "su700", name: "load.off.delay", param: "120" },
    ];
    for (const r of requests) assertEquals(p(formatRequest(r)), r, formatRequest(r));
  },
});

Deno.test({
  ...pure,
  name: "NET_COMMANDS asks for USERNAME and PASSWORD exactly where NUT does",
  fn() {
    const withLogin = NET_COMMANDS.filter((c) => c.needsLogin).map((c) => c.verb);
    assertEquals(withLogin, ["LOGIN", "PRIMARY", "MASTER", "FSD", "SET", "INSTCMD"]);
    assertEquals(needsLogin("GET"), false);
    assertEquals(findCommand("starttls")?.verb, "STARTTLS");
    assertEquals(findCommand(""), undefined);
  },
});
