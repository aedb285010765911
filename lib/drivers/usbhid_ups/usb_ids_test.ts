import { assertEquals } from "../../testing/asserts.ts";
import { SUBDRIVERS } from "./subdrivers/mod.ts";
import { USBHID_UPS_IDS } from "./usb_ids.ts";

Deno.test({
  name: "the catalogue's usbhid-ups ids are the ids of its subdrivers' tables, in their order",
  permissions: "none",
  fn() {
    const seen = new Set<string>();
    const fromTables = SUBDRIVERS.flatMap((s) => s.ids).filter((u) => {
      const key = `${u.vendorId}:${u.productId ?? "*"}`;
      return !seen.has(key) && seen.add(key);
    });
    assertEquals(USBHID_UPS_IDS, fromTables);
  },
});
