import { assertEquals } from "../../testing/asserts.ts";
import {
  BEEPER,
  DATE,
  DIVIDE_BY_10,
  DIVIDE_BY_100,
  HEX,
  isStringIndex,
  KELVIN_CELSIUS,
  stringIndex,
  TEST_READ,
} from "./conversions.ts";

Deno.test({
  name: "HID conversions give NUT's texts: packed dates both ways, hex, divisions, Kelvin, lookups",
  permissions: "none",
  fn() {
    // 2004/07/03 as the Power Device spec packs it: (2004 - 1980) * 512 + 7 * 32 + 3.
    const packed = 24 * 512 + 7 * 32 + 3;
    assertEquals([DATE.toNut(packed), DATE.toNut(0), DATE.fromNut!("2004/07/03")], [
      "2004/07/03",
      "not set",
      packed,
    ]);
    assertEquals(DATE.fromNut!("2200/01/01"), 0, "beyond the packed range");
    assertEquals(HEX.toNut(0x1234abcd), "1234abcd");
    assertEquals([DIVIDE_BY_10.toNut(2295), DIVIDE_BY_100.toNut(1358)], ["229.5", "13.6"]);
    assertEquals([KELVIN_CELSIUS.toNut(298.15), KELVIN_CELSIUS.toNut(25)], ["25.0", "25.0"]);
    assertEquals([TEST_READ.toNut(6), BEEPER.toNut(2), BEEPER.fromNut!("muted")], [
      "No test initiated",
      "enabled",
      3,
    ]);
    assertEquals([isStringIndex(stringIndex()), isStringIndex(HEX)], [true, false]);
  },
});
