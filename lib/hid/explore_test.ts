import { assertEquals } from "../testing/asserts.ts";
import { formatG, formatPathLine } from "./explore.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "formatG() writes what C's %g writes (expected strings from printf-compatible '%g' % value)",
  fn() {
    const table: [number, string][] = [
      [0, "0"],
      [-0, "-0"],
      [1, "1"],
      [-1, "-1"],
      [100, "100"],
      [2580, "2580"],
      [13.580000000000002, "13.58"],
      [0.03, "0.03"],
      [0.030000000000000002, "0.03"],
      [0.5, "0.5"],
      [2.5e-5, "2.5e-05"],
      [1e-5, "1e-05"],
      [0.0001, "0.0001"],
      [0.00012345678, "0.000123457"],
      [123456, "123456"],
      [1234567, "1.23457e+06"],
      [123456.5, "123456"],
      [123457.5, "123458"],
      [999999.5, "1e+06"],
      [9.9999995, "10"],
      [0.1 + 0.2, "0.3"],
      [4278190079, "4.27819e+09"],
      [1e21, "1e+21"],
      [1.5e300, "1.5e+300"],
      [-273.15, "-273.15"],
      [65535, "65535"],
      [0.008, "0.008"],
      [122.42000000000002, "122.42"],
      [NaN, "nan"],
      [-Infinity, "-inf"],
    ];
    assertEquals(table.map(([v]) => formatG(v)), table.map(([, s]) => s));
    assertEquals([formatG(3.14159, 3), formatG(2.5, 1), formatG(3.5, 1), formatG(12345, 2)], [
      "3.14",
      "2",
      "4",
      "1.2e+04",
    ]);
  },
});

Deno.test({
  ...pure,
  name: "formatPathLine() writes NUT's Path: lines",
  fn() {
    const field = {
      path: "UPS.PowerSummary.DelayBeforeShutdown",
      type: "Feature",
      reportId: 0x15,
      offset: 0,
      size: 16,
    } as const;
    assertEquals(
      formatPathLine(field, -1),
      "Path: UPS.PowerSummary.DelayBeforeShutdown, Type: Feature, ReportID: 0x15, Offset: 0, Size: 16, Value: -1",
    );
    assertEquals(
      formatPathLine({ ...field, type: "Input", reportId: 0xe3 }),
      "Path: UPS.PowerSummary.DelayBeforeShutdown, Type: Input, ReportID: 0xe3, Offset: 0, Size: 16",
    );
  },
});
