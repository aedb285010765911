import { assertEquals, assertThrows } from "../testing/asserts.ts";
import { splitWords } from "../words/split.ts";
import {
  type DriverMessage,
  type DriverRequest,
  formatDriverMessage,
  formatDriverRequest,
  parseDriverMessage,
  parseDriverRequest,
  readDriverMessage,
  readDriverRequest,
  SockSyntaxError,
} from "./messages.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "formatDriverMessage() and parseDriverMessage() round-trip every driver word",
  fn() {
    const messages: DriverMessage[] = [
      { kind: "SETINFO", name: "ups.status", value: "OB LB" },
      { kind: "SETINFO", name: "ups.id", value: 'a "quoted" \\ # value' },
      { kind: "SETINFO", name: "ups.alarm", value: "" },
      { kind: "DELINFO", name: "ups.temperature" },
      { kind: "ADDENUM", name: "input.transfer.low", value: "95" },
      { kind: "DELENUM", name: "input.transfer.low", value: "98" },
      { kind: "ADDRANGE", name: "input.transfer.low", min: 95, max: 100 },
      { kind: "DELRANGE", name: "input.transfer.low", min: -5, max: 100 },
      { kind: "SETAUX", name: "ups.id", aux: 8 },
      { kind: "SETFLAGS", name: "ups.id", flags: ["RW", "STRING"] },
      { kind: "SETFLAGS", name: "ups.id", flags: [] },
      { kind: "ADDCMD", name: "load.off" },
      { kind: "DELCMD", name: "load.on" },
      { kind: "PID", pid: "12345" },
      { kind: "PID", pid: "StrangeOS process identifier" },
      { kind: "DUMPDONE" },
      { kind: "PONG" },
      { kind: "OK", text: "Goodbye" },
      { kind: "DATAOK" },
      { kind: "DATASTALE" },
      { kind: "TRACKING", id: "1bd31808-cb49-4aec-9d75-d056e6f018d2", status: 3 },
    ];
    for (const m of messages) assertEquals(parseDriverMessage(splitWords(formatDriverMessage(m))), m);
  },
});

Deno.test({
  ...pure,
  name: "formatDriverMessage() writes NUT's exact lines",
  fn() {
    assertEquals(
      formatDriverMessage({ kind: "SETINFO", name: "ups.status", value: "OB LB" }),
      'SETINFO ups.status "OB LB"',
    );
    assertEquals(
      formatDriverMessage({ kind: "ADDRANGE", name: "x", min: 95, max: 100 }),
      "ADDRANGE x 95 100",
    );
    assertEquals(formatDriverMessage({ kind: "SETINFO", name: "x", value: 'a"b' }), 'SETINFO x "a\\"b"');
  },
});

Deno.test({
  ...pure,
  name: "parseDriverMessage() rejects unknown words, missing arguments and bad numbers",
  fn() {
    assertThrows(() => parseDriverMessage(["BOGUS"]), SockSyntaxError, "unknown word");
    assertThrows(() => parseDriverMessage(["SETINFO", "x"]), SockSyntaxError, "SETINFO <varname> <value>");
    assertThrows(() => parseDriverMessage(["SETAUX", "x", "abc"]), SockSyntaxError, "not an integer");
    assertThrows(() => parseDriverMessage([]), SockSyntaxError);
  },
});

Deno.test({
  ...pure,
  name: "formatDriverRequest() and parseDriverRequest() round-trip every server word",
  fn() {
    const requests: DriverRequest[] = [
      { kind: "PING" },
      { kind: "DUMPALL" },
      { kind: "DUMPSTATUS" },
      { kind: "DUMPVALUE", name: "driver.version" },
      { kind: "GETPID" },
      { kind: "NOBROADCAST" },
      { kind: "BROADCAST", enabled: true },
      { kind: "BROADCAST", enabled: false },
      { kind: "LOGOUT" },
      { kind: "INSTCMD", name: "test.panel.start" },
      { kind: "INSTCMD", name: "load.off", param: "10" },
      { kind: "INSTCMD", name: "load.on", param: "10", tracking: "1bd31808" },
      { kind: "INSTCMD", name: "load.on", tracking: "1bd31808" },
      { kind: "SET", name: "ups.id", value: "Data room" },
      { kind: "SET", name: "ups.id", value: "Data room", tracking: "2dedb58a" },
    ];
    for (const r of requests) assertEquals(parseDriverRequest(splitWords(formatDriverRequest(r))), r);
  },
});

Deno.test({
  ...pure,
  // make fuzz: a driver transcript sent to a driver (every line a bad request) took 14 ms for 1,200 lines,
  // most of it spent building one SockSyntaxError per line; the readers return the reason as a value.
  name:
    "readDriverMessage() and readDriverRequest() return SYNTAX where the parse functions throw, same message",
  fn() {
    const lines = [
      "NOPE",
      "",
      "SETINFO x",
      "ADDRANGE x 1 y",
      "SETAUX x 1.5",
      "TRACKING id",
      "SETINFO ups.status OL",
    ];
    for (const line of lines) {
      const words = splitWords(line);
      for (
        const [read, parse] of [[readDriverMessage, parseDriverMessage], [
          readDriverRequest,
          parseDriverRequest,
        ]] as const
      ) {
        const r = read(words);
        if (r.kind === "SYNTAX") {
          const e = assertThrows(() => parse(words), SockSyntaxError);
          assertEquals([e.message, e.words], [r.message, words], line);
        } else assertEquals(parse(words), r, line);
      }
    }
    assertEquals(readDriverRequest(splitWords("SETINFO ups.status OL")), {
      kind: "SYNTAX",
      message: 'Cannot parse socket request: unknown word "SETINFO"',
    });
  },
});
