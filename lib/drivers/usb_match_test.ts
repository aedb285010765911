import { assertEquals, assertThrows } from "../testing/asserts.ts";
import type { DriverParams } from "../driver/types.ts";
import type { UsbDeviceInfo } from "../transport/usb.ts";
import { compileEre, UsbMatcher, UsbMatchError } from "./usb_match.ts";

function params(values: Record<string, string | true>): DriverParams {
  return {
    get: (n) => typeof values[n] === "string" ? values[n] as string : undefined,
    has: (n) => n in values,
  };
}

const CS500: UsbDeviceInfo = {
  vendorId: 0x051d,
  productId: 0x0002,
  bcdDevice: 0x0100,
  bus: 1,
  address: 2,
  busPort: 1,
  manufacturer: "American Power Conversion",
  product: "Back-UPS CS 500 FW:808.q8.I USB FW:q8",
  serial: "AB0427******  ",
};

Deno.test({
  name: "UsbMatcher: NUT's rules: whole value, case-insensitive, ids as 4 hex digits, numbers as 3 digits",
  permissions: "none",
  fn() {
    const yes = (v: Record<string, string | true>) =>
      assertEquals([v, new UsbMatcher(params(v)).matches(CS500)], [v, true]);
    const no = (v: Record<string, string | true>) =>
      assertEquals([v, new UsbMatcher(params(v)).matches(CS500)], [v, false]);
    yes({});
    yes({ vendorid: "051d" });
    yes({ vendorid: "051D", productid: "000[0-9]" });
    no({ vendorid: "51d" }); // the whole 4 digits
    yes({ vendorid: "051d*" }); // NUT's man page example: "d" repeated, still the whole value
    yes({ product: ".*(Smart|Back)-?UPS.*" });
    no({ product: "Back-UPS" }); // not the whole string
    yes({ vendor: "american power conversion" });
    yes({ serial: "AB0427\\*+" }); // trailing blanks are not part of the value
    yes({ bus: "001", device: "00[1-2]", busport: "001" });
    no({ bus: "1" });
    no({ device: "003" });
  },
});

Deno.test({
  name: "UsbMatcher: a string the device lacks is empty; mismatch() names the first option that fails",
  permissions: "none",
  fn() {
    const bare: UsbDeviceInfo = { ...CS500, serial: undefined, busPort: undefined };
    assertEquals(new UsbMatcher(params({ serial: "" })).matches(bare), true);
    assertEquals(new UsbMatcher(params({ serial: ".*" })).matches(bare), true);
    assertEquals(new UsbMatcher(params({ serial: ".+" })).matches(bare), false);
    assertEquals(new UsbMatcher(params({ vendorid: "051d", productid: "0003" })).mismatch(CS500), {
      option: "productid",
      value: "0002",
    });
    assertEquals(new UsbMatcher(params({ allow_duplicates: true })).allowDuplicates, true);
    assertEquals(new UsbMatcher(params({})).constrained, false);
  },
});

Deno.test({
  name: "compileEre() reads POSIX bracket classes and names the option of an expression that is not one",
  permissions: "none",
  fn() {
    assertEquals(compileEre("product", "Back-UPS [[:alpha:]]+ [[:digit:]]{3}").test("back-ups cs 500"), true);
    const e = assertThrows(
      () => new UsbMatcher(params({ vendor: "APC(" })),
      UsbMatchError,
      'vendor: not a regular expression: "APC("',
    );
    assertEquals(e.option, "vendor");
  },
});
