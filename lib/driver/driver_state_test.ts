import { assertEquals } from "../testing/asserts.ts";
import { DriverState, MAX_VALUE_LENGTH } from "./driver_state.ts";
import { dumpAll, dumpListing, dumpValue } from "./dump.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "DriverState.override() makes a variable immutable: value, flags and presence stay, aux may change",
  fn() {
    const s = new DriverState();
    s.setInfo("ups.model", "A");
    s.setFlags("ups.model", ["RW", "STRING"]);
    s.override("ups.model", "B");
    s.override("ups.model", "C");
    assertEquals(s.setInfo("ups.model", "D"), false);
    assertEquals(s.setFlags("ups.model", ["RW"]), false);
    assertEquals(s.delInfo("ups.model"), false);
    assertEquals(s.setAux("ups.model", 32), true);
    assertEquals(s.get("ups.model"), {
      name: "ups.model",
      value: "B",
      flags: [],
      aux: 32,
      enums: [],
      ranges: [],
    });
    assertEquals(
      dumpValue(s, "UPS.MODEL"),
      'DATASTALE\nSETINFO ups.model "B"\nSETAUX ups.model 32\nSETFLAGS ups.model\nDUMPDONE\n',
    );
  },
});

Deno.test({
  ...pure,
  name: "DriverState cuts values at 255 characters as NUT's state tree does",
  fn() {
    const s = new DriverState();
    s.setInfo("x", "v".repeat(300));
    assertEquals(s.getValue("x")?.length, MAX_VALUE_LENGTH);
  },
});

Deno.test({
  ...pure,
  name: "dumpAll() follows NUT's order: staleness, variables sorted with their details, commands, DUMPDONE",
  fn() {
    const s = new DriverState();
    s.setInfo("ups.status", "OL");
    s.setInfo("Battery.charge", "100");
    s.setFlags("Battery.charge", ["NUMBER", "RW"]);
    s.addEnum("Battery.charge", "100");
    s.addRange("Battery.charge", 0, 100);
    s.setAux("ups.status", 32);
    s.addCmd("load.off");
    s.addCmd("beeper.enable");
    assertEquals(dumpAll(s).split("\n"), [
      "DATASTALE",
      'SETINFO Battery.charge "100"',
      'ADDENUM Battery.charge "100"',
      "ADDRANGE Battery.charge 0 100",
      "SETFLAGS Battery.charge RW NUMBER",
      'SETINFO ups.status "OL"',
      "SETAUX ups.status 32",
      "ADDCMD beeper.enable",
      "ADDCMD load.off",
      "DUMPDONE",
      "",
    ]);
    s.dataOk();
    assertEquals(dumpAll(s).endsWith("ADDCMD load.off\nDATAOK\nDUMPDONE\n"), true);
    assertEquals(dumpValue(s, "nothing"), "DATAOK\nDUMPDONE\n");
  },
});

Deno.test({
  ...pure,
  name: "dumpListing() prints upsc-like lines with NUT's escaping",
  fn() {
    const s = new DriverState();
    s.setInfo("ups.id", 'a "b" \\c');
    s.setInfo("ups.status", "OL");
    assertEquals(dumpListing(s), 'ups.id: a \\"b\\" \\\\c\nups.status: OL\n');
  },
});
