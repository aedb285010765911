import { assertEquals } from "../../testing/asserts.ts";
import { MAX_DEV_VALUE_LENGTH, parseDevFile } from "./dev_file.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "parseDevFile() reads name: value lines with parseconf rules, joining words with single spaces",
  fn() {
    const f = parseDevFile(
      '# comment\nups.mfr:   American   Power "Conversion Corp"\nups.id: a\\ b # note\n' +
        "ups.model: Back-UPS\\\n ES\nbattery.charge:100\n",
    );
    assertEquals(f.instructions, [
      { kind: "set", name: "ups.mfr", value: "American Power Conversion Corp", empty: false, line: 2 },
      { kind: "set", name: "ups.id", value: "a b", empty: false, line: 3 },
      { kind: "set", name: "ups.model", value: "Back-UPS ES", empty: false, line: 4 },
      { kind: "set", name: "battery.charge", value: "", empty: true, line: 6 },
    ]);
  },
});

Deno.test({
  ...pure,
  name: "parseDevFile() recognizes TIMER, ALARM, ups.status and skips the driver.* collection",
  fn() {
    const f = parseDevFile(
      "ups.status: OB  LB\nTIMER 5s\nALARM [Replace battery]\nALARM\ndriver.name: usbhid-ups\n",
    );
    assertEquals(f.instructions, [
      { kind: "status", words: ["OB", "LB"], line: 1 },
      { kind: "timer", seconds: 5, line: 2 },
      { kind: "alarm", message: "[Replace battery]", line: 3 },
      { kind: "alarm", message: "", line: 4 },
    ]);
    assertEquals(f.skipped.map((s) => s.line), [5]);
  },
});

Deno.test({
  ...pure,
  name: "parseDevFile() keeps an empty value apart from no value, cuts long values, drops non-ASCII",
  fn() {
    const f = parseDevFile(`a: ""\nb:\nc: ${"9".repeat(200)}\nd: caf\u00e9\n`);
    assertEquals(f.instructions.map((i) => i.kind === "set" ? [i.value, i.empty] : []), [
      ["", false],
      ["", true],
      ["9".repeat(MAX_DEV_VALUE_LENGTH), false],
      ["caf", false],
    ]);
  },
});

Deno.test({
  ...pure,
  // NUT 2.8.0 goes on parsing after the '#' and creates a variable named `b"` with an uninitialized value.
  name: "parseDevFile() skips a whole line with a '#' inside quotes",
  fn() {
    const f = parseDevFile('ups.id: "a#b"\nups.mfr: x\n');
    assertEquals(f.instructions.map((i) => i.kind === "set" ? i.name : i.kind), ["ups.mfr"]);
    assertEquals(f.skipped[0].line, 1);
  },
});

Deno.test({
  ...pure,
  name: "parseDevFile() reads TIMER seconds as a C int, saturated beyond its range (found by make fuzz)",
  fn() {
    const f = parseDevFile(
      "TIMER 99999999999999999999999999 5\nTIMER -9007199254740993\nTIMER 2147483647\nTIMER 12s\n",
    );
    assertEquals(f.instructions.map((i) => i.kind === "timer" ? i.seconds : NaN), [
      2147483647,
      -2147483648,
      2147483647,
      12,
    ]);
  },
});
