import { assertEquals } from "../testing/asserts.ts";
import type { CatalogEntry } from "../drivers/catalog.ts";
import type { UsbDeviceInfo, UsbHidBus } from "../transport/usb.ts";
import { formatParsable, formatUpsConf, scanUsb } from "./usb.ts";

const load = () => Promise.reject(new Error("not loaded"));
const CATALOG: CatalogEntry[] = [
  {
    name: "usbhid-ups",
    description: "",
    transport: "usb-hid",
    usb: [{ vendorId: 0x051d }, { vendorId: 0x0764, productId: 0x0501 }],
    load,
  },
];

const APC: UsbDeviceInfo = {
  vendorId: 0x051d,
  productId: 0x0002,
  bcdDevice: 0x0100,
  bus: 1,
  address: 2,
  busPort: 1,
  manufacturer: "American Power Conversion",
  product: "Back-UPS 500 FW: 6.5.I USB FW: c1 ",
  serial: "AB0427******",
};
const MOUSE: UsbDeviceInfo = { vendorId: 0x046d, productId: 0xc077, bcdDevice: 0x7200, bus: 1, address: 3 };
const CPS_UNKNOWN: UsbDeviceInfo = { vendorId: 0x0764, productId: 0x0601, bcdDevice: 0, bus: 2, address: 4 };

const bus = (devices: UsbDeviceInfo[]): UsbHidBus => ({
  list: () => Promise.resolve(devices),
  open: () => Promise.reject(new Error("scan opens nothing")),
});

Deno.test({
  name:
    "scanUsb() lists the devices a driver of the catalogue supports, with nut-scanner's fields, opening none",
  permissions: "none",
  async fn() {
    const found = await scanUsb(bus([APC, MOUSE, CPS_UNKNOWN]), CATALOG);
    assertEquals(found, [{
      driver: "usbhid-ups",
      port: "auto",
      vendorid: "051D",
      productid: "0002",
      product: "Back-UPS 500 FW: 6.5.I USB FW: c1",
      serial: "AB0427******",
      vendor: "American Power Conversion",
      bus: "001",
      device: "002",
      busport: "001",
    }]);
    // NUT 2.8.0's nut-scanner -U for the same device (tests/usb_scan_test.ts compares the real one), plus the
    // device and busport lines newer NUT prints.
    assertEquals(
      formatUpsConf(found),
      '[nutdev1]\n\tdriver = "usbhid-ups"\n\tport = "auto"\n\tvendorid = "051D"\n\tproductid = "0002"\n' +
        '\tproduct = "Back-UPS 500 FW: 6.5.I USB FW: c1"\n\tserial = "AB0427******"\n' +
        '\tvendor = "American Power Conversion"\n\tbus = "001"\n\tdevice = "002"\n\tbusport = "001"\n',
    );
    assertEquals(
      formatParsable(found),
      'USB:driver="usbhid-ups",port="auto",vendorid="051D",productid="0002",product="Back-UPS 500 FW: 6.5.I USB FW: c1",' +
        'serial="AB0427******",vendor="American Power Conversion",bus="001",device="002",busport="001"\n',
    );
  },
});
