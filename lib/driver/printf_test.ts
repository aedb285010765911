import { assertEquals, assertThrows } from "../testing/asserts.ts";
import { cFormat, FormatError } from "./printf.ts";

/** [format, value, what C's printf gives] (made with CPython's % operator, which formats as C does but for "%#o"). */
const VECTORS: [string, number | string, string][] = [
  ["%.0f", 2.5, "2"],
  ["%.0f", 3.5, "4"],
  ["%.0f", 229.5, "230"],
  ["%.0f", 230.5, "230"],
  ["%.1f", 0.25, "0.2"],
  ["%.1f", 0.35, "0.3"],
  ["%.2f", 1.005, "1.00"],
  ["%.1f", 229.46, "229.5"],
  ["%.1f", -0.04, "-0.0"],
  ["%f", 0.3333333333333333, "0.333333"],
  ["%e", 12345.678, "1.234568e+04"],
  ["%.3e", 0.000123456, "1.235e-04"],
  ["%g", 0.0001, "0.0001"],
  ["%g", 123456789, "1.23457e+08"],
  ["%g", 100, "100"],
  ["%.3g", 3.14159, "3.14"],
  ["%G", 1e-10, "1E-10"],
  ["%d", 42, "42"],
  ["%5d", -42, "  -42"],
  ["%-5d|", 42, "42   |"],
  ["%05d", -42, "-0042"],
  ["%+d", 5, "+5"],
  ["% d", 5, " 5"],
  ["%x", 255, "ff"],
  ["%X", 3054, "BEE"],
  ["%#x", 255, "0xff"],
  ["%o", 8, "10"],
  ["%#o", 8, "010"],
  ["%.3d", 7, "007"],
  ["%s", "OL", "OL"],
  ["%5s", "ab", "   ab"],
  ["%-5s|", "ab", "ab   |"],
  ["%.2s", "abc", "ab"],
  ["%c", 65, "A"],
  ["%5.1f%%", 99, " 99.0%"],
  ["%08.3f", -3.14159, "-003.142"],
  ["%.0f", 0.5, "0"],
  ["%.0f", 1.5, "2"],
  ["%.0f", -2.5, "-2"],
  ["%.1f", 12.25, "12.2"],
  ["%.1f", 12.35, "12.3"],
  ["%.3f", 2.0005, "2.001"],
  ["%10.4f", 3.14159265, "    3.1416"],
];

Deno.test({
  name: "cFormat() gives what C's printf gives, ties rounded to even included",
  permissions: "none",
  fn() {
    for (const [format, value, expected] of VECTORS) {
      assertEquals([format, cFormat(format, value)], [format, expected]);
    }
  },
});

Deno.test({
  name: "cFormat() refuses a format without a value's conversion, with two, or with an unknown one",
  permissions: "none",
  fn() {
    assertThrows(() => cFormat("volts", 1), FormatError, "no conversion");
    assertThrows(() => cFormat("%d/%d", 1), FormatError, "more than one");
    assertThrows(() => cFormat("%y", 1), FormatError, "unknown conversion");
    assertEquals(cFormat("%.1f", "230.04"), "230.0");
  },
});
