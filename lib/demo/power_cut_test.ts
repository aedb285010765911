import { assert, assertEquals } from "../testing/asserts.ts";
import { splitText } from "../words/split.ts";
import { powerCutSequence } from "./power_cut.ts";

Deno.test({
  permissions: "none",
  name: "powerCutSequence() goes OL, OB, OB LB below the low charge, back to OL, and ends with a TIMER",
  fn() {
    const seq = powerCutSequence({ onlineSteps: 2, drainPerStep: 30, chargePerStep: 50, lowCharge: 20 });
    const statuses = seq.split("\n").filter((l) => l.startsWith("ups.status:")).map((l) => l.slice(12));
    assertEquals(statuses, ["OL", "OL", "OB DISCHRG", "OB DISCHRG", "OB DISCHRG LB", "OL CHRG", "OL"]);
    const lines = splitText(seq);
    assertEquals(lines.at(-1)?.words, ["TIMER", "2"]);
    assert(seq.includes("battery.charge: 10\n"));
  },
});
