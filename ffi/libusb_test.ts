/**
 * ffi/libusb.ts: pure parts always (error mapping, the nonblocking rule on the symbol table, setup packets and
 * descriptors); the facade itself through the real libusb against the emulated UPS of tests/rigs/ (umockdev),
 * skipped, saying why, where the rig cannot run. That test runs this file again as the rig handler's child
 * (`umockdev-wrapper python3 usb_hid_ups.py ... -- deno test ffi/libusb_test.ts --filter ...`): the inner
 * run is the one that sees the emulated device.
 * @module
 */
import { assert, assertEquals, assertRejects, assertThrows } from "../lib/testing/asserts.ts";
import { within } from "../lib/testing/within.ts";
import { isTransportError, TRANSPORT_ERROR_KINDS, TransportError } from "../lib/transport/error.ts";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LibraryLoadError } from "./dl.ts";
import {
  decodeDeviceDescriptor,
  decodeHidDescriptor,
  decodeLangIds,
  decodeStringDescriptor,
  describeSetup,
  describeUsbDevice,
  encodeSetup,
  findHidInterface,
  getReportSetup,
  hidDescriptorSetup,
  LIBUSB_ERRORS,
  LIBUSB_SYMBOLS,
  libusbError,
  type LibusbErrorCause,
  libusbErrorInfo,
  LibusbHidBus,
  libusbTimeout,
  setReportSetup,
  stringDescriptorSetup,
  sysfsName,
  type UsbInterface,
} from "./libusb.ts";
import { hidDevice, UsbRig, usbRigMissing } from "../tests/rigs/usb.ts";
import { tempDir } from "../tests/helpers.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");
const bytes = (s: string) => new Uint8Array(s.split(/\s+/).filter(Boolean).map((x) => parseInt(x, 16)));

Deno.test({
  name: "LIBUSB_ERRORS maps every libusb error code to one transport kind",
  permissions: "none",
  fn() {
    const expected: [number, string, string][] = [
      [-1, "LIBUSB_ERROR_IO", "IO"],
      [-2, "LIBUSB_ERROR_INVALID_PARAM", "IO"],
      [-3, "LIBUSB_ERROR_ACCESS", "ACCESS_DENIED"],
      [-4, "LIBUSB_ERROR_NO_DEVICE", "DISCONNECTED"],
      [-5, "LIBUSB_ERROR_NOT_FOUND", "NOT_FOUND"],
      [-6, "LIBUSB_ERROR_BUSY", "BUSY"],
      [-7, "LIBUSB_ERROR_TIMEOUT", "TIMEOUT"],
      [-8, "LIBUSB_ERROR_OVERFLOW", "IO"],
      [-9, "LIBUSB_ERROR_PIPE", "IO"],
      [-10, "LIBUSB_ERROR_INTERRUPTED", "IO"],
      [-11, "LIBUSB_ERROR_NO_MEM", "IO"],
      [-12, "LIBUSB_ERROR_NOT_SUPPORTED", "IO"],
      [-99, "LIBUSB_ERROR_OTHER", "IO"],
    ];
    assertEquals(Object.keys(LIBUSB_ERRORS).map(Number).sort((a, b) => b - a), expected.map(([c]) => c));
    for (const [code, name, kind] of expected) {
      assertEquals([libusbErrorInfo(code).name, libusbErrorInfo(code).kind], [name, kind], String(code));
      assert(TRANSPORT_ERROR_KINDS.includes(libusbErrorInfo(code).kind));
    }
    assertEquals(libusbErrorInfo(-42), { name: "LIBUSB_ERROR_-42", text: "libusb error -42", kind: "IO" });
  },
});

Deno.test({
  name: "libusbError() names the call and the device, and keeps the libusb code as its cause",
  permissions: "none",
  fn() {
    const device = describeUsbDevice({ vendorId: 0x051d, productId: 0x0002, bus: 1, address: 3 });
    assertEquals(device, "051d:0002 at bus 001 address 003");
    const e = libusbError(-3, "libusb_open", device);
    assert(e instanceof TransportError);
    assertEquals(e.kind, "ACCESS_DENIED");
    assertEquals(
      e.message,
      "libusb_open failed on USB device 051d:0002 at bus 001 address 003: access denied (insufficient permissions) " +
        "(LIBUSB_ERROR_ACCESS)",
    );
    assertEquals(e.cause, { code: -3, name: "LIBUSB_ERROR_ACCESS" } satisfies LibusbErrorCause);
  },
});

/**
 * The rule: no FFI call may block the event loop. Every libusb function that can wait (device I/O, an ioctl
 * that may sleep, libusb's event lock, enumeration, libusb's threads) is declared `nonblocking`; every
 * synchronous one only reads what libusb holds in memory. A function added to the table must be put in one of
 * the two lists here, which is where a reviewer decides.
 */
const WAIT_CAPABLE = new Set([
  // in the table
  "libusb_init",
  "libusb_exit",
  "libusb_get_device_list",
  "libusb_open",
  "libusb_close",
  "libusb_kernel_driver_active",
  "libusb_detach_kernel_driver",
  "libusb_claim_interface",
  "libusb_release_interface",
  "libusb_control_transfer",
  "libusb_interrupt_transfer",
  "libusb_reset_device",
  // not used yet: if ever added, they must be nonblocking too
  "libusb_init_context",
  "libusb_open_device_with_vid_pid",
  "libusb_attach_kernel_driver",
  "libusb_set_auto_detach_kernel_driver",
  "libusb_set_configuration",
  "libusb_get_configuration",
  "libusb_set_interface_alt_setting",
  "libusb_clear_halt",
  "libusb_bulk_transfer",
  "libusb_get_descriptor",
  "libusb_get_string_descriptor",
  "libusb_get_string_descriptor_ascii",
  "libusb_get_active_config_descriptor",
  "libusb_get_bos_descriptor",
  "libusb_handle_events",
  "libusb_handle_events_timeout",
  "libusb_handle_events_timeout_completed",
  "libusb_handle_events_completed",
  "libusb_handle_events_locked",
  "libusb_wait_for_event",
  "libusb_lock_events",
  "libusb_hotplug_register_callback",
  "libusb_hotplug_deregister_callback",
  "libusb_submit_transfer",
  "libusb_cancel_transfer",
]);
const INSTANT = new Set([
  "libusb_free_device_list",
  "libusb_get_device_descriptor",
  "libusb_get_config_descriptor",
  "libusb_free_config_descriptor",
  "libusb_get_bus_number",
  "libusb_get_device_address",
  "libusb_get_port_numbers",
  "libusb_has_capability",
]);

Deno.test({
  name: "every libusb function that can wait is declared nonblocking; every function is classified",
  permissions: { read: true },
  async fn() {
    const unclassified: string[] = [];
    const blocking: string[] = [];
    for (
      const [key, def] of Object.entries(LIBUSB_SYMBOLS) as [
        string,
        Deno.ForeignFunction & { name?: string },
      ][]
    ) {
      const c = def.name ?? key;
      if (WAIT_CAPABLE.has(c)) {
        if (def.nonblocking !== true) blocking.push(c);
      } else if (!INSTANT.has(c)) unclassified.push(c);
    }
    assertEquals(blocking, [], "wait-capable libusb functions declared without nonblocking: true");
    assertEquals(
      unclassified,
      [],
      "libusb functions to classify in ffi/libusb_test.ts (WAIT_CAPABLE or INSTANT)",
    );
    // The table above is the only one: no other dlopen of libusb in the module.
    const source = await Deno.readTextFile(new URL("./libusb.ts", import.meta.url));
    assertEquals(
      source.match(/Deno\.dlopen\(/g),
      null,
      "ffi/libusb.ts opens libusb only through LazyLibrary",
    );
    assertEquals(source.match(/new LazyLibrary\(/g)?.length, 1);
    assertEquals(source.match(/UnsafeCallback/g), null, "no libusb callbacks (they run on libusb's threads)");
  },
});

Deno.test({
  name: "HID class requests encode as on the wire and are named in messages",
  permissions: "none",
  fn() {
    const cases: [ReturnType<typeof getReportSetup>, string, string][] = [
      [getReportSetup("feature", 0x0c, 0, 6), "a1 01 0c 03 00 00 06 00", "GET_REPORT feature 0x0c"],
      [getReportSetup("input", 0x13, 1, 2), "a1 01 13 01 01 00 02 00", "GET_REPORT input 0x13"],
      [setReportSetup("feature", 0x11, 0, 4), "21 09 11 03 00 00 04 00", "SET_REPORT feature 0x11"],
      [setReportSetup("output", 0, 0, 8), "21 09 00 02 00 00 08 00", "SET_REPORT output 0x00"],
      [hidDescriptorSetup(0x22, 0, 374), "81 06 00 22 00 00 76 01", "GET_DESCRIPTOR report"],
      [hidDescriptorSetup(0x21, 0, 9), "81 06 00 21 00 00 09 00", "GET_DESCRIPTOR HID"],
      [stringDescriptorSetup(3, 0x0409), "80 06 03 03 09 04 ff 00", "GET_DESCRIPTOR string 3"],
      [stringDescriptorSetup(0, 0), "80 06 00 03 00 00 ff 00", "GET_DESCRIPTOR string 0"],
      [
        { bmRequestType: 0xc0, bRequest: 0x42, wValue: 1, wIndex: 2, wLength: 3 },
        "c0 42 01 00 02 00 03 00",
        "control c0 42 01 00 02 00 03 00",
      ],
    ];
    for (const [setup, wire, name] of cases) {
      assertEquals(hex(encodeSetup(setup)), wire, name);
      assertEquals(describeSetup(setup), name);
    }
  },
});

Deno.test({
  name: "decodeHidDescriptor() finds the report descriptor's length among class descriptors",
  permissions: "none",
  fn() {
    // HID 1.00, one descriptor: report, 374 bytes (the emulated Back-UPS CS 500).
    const hid = bytes("09 21 00 01 00 01 22 76 01");
    assertEquals(decodeHidDescriptor(hid), { bcdHid: 0x0100, countryCode: 0, reportDescriptorLength: 374 });
    // After a vendor descriptor; a physical descriptor listed before the report one.
    assertEquals(
      decodeHidDescriptor(bytes("04 24 01 02  0c 21 11 01 21 02 23 10 00 22 00 02")),
      { bcdHid: 0x0111, countryCode: 0x21, reportDescriptorLength: 512 },
    );
    assertEquals(decodeHidDescriptor(bytes("06 21 11 01 00 00"))?.reportDescriptorLength, 0);
    for (const bad of ["", "09", "00 21", "09 21 00 01", "05 24 01 02 03"]) {
      assertEquals(decodeHidDescriptor(bytes(bad)), undefined);
    }
  },
});

Deno.test({
  name: "string descriptors decode from UTF-16LE; descriptor 0 lists language ids",
  permissions: "none",
  fn() {
    assertEquals(decodeStringDescriptor(bytes("0a 03 50 00 62 00 41 00 63 00")), "PbAc");
    assertEquals(decodeStringDescriptor(bytes("06 03 e9 00 ac 20")), "\u00e9\u20ac");
    assertEquals(decodeStringDescriptor(bytes("0a 03 50 00")), "P", "bLength beyond the answer");
    assertEquals(decodeStringDescriptor(bytes("05 03 50 00 62")), "P", "odd bLength");
    assertEquals(decodeStringDescriptor(bytes("02 03")), "");
    assertEquals(decodeStringDescriptor(bytes("04 02 50 00")), undefined);
    assertEquals(decodeStringDescriptor(bytes("")), undefined);
    assertEquals(decodeLangIds(bytes("04 03 09 04")), [0x0409]);
    assertEquals(decodeLangIds(bytes("06 03 09 04 07 04")), [0x0409, 0x0407]);
    assertEquals(decodeLangIds(bytes("04 01 09 04")), []);
  },
});

Deno.test({
  name: "decodeDeviceDescriptor() reads libusb's struct libusb_device_descriptor",
  permissions: "none",
  fn() {
    assertEquals(
      decodeDeviceDescriptor(bytes("12 01 10 01 00 00 00 08 1d 05 02 00 06 01 03 01 02 01")),
      {
        deviceClass: 0,
        vendorId: 0x051d,
        productId: 0x0002,
        bcdDevice: 0x0106,
        iManufacturer: 3,
        iProduct: 1,
        iSerialNumber: 2,
      },
    );
  },
});

Deno.test({
  name: "findHidInterface() takes the first HID interface, its interrupt IN endpoint and report length",
  permissions: "none",
  fn() {
    const ep = (address: number, attributes: number, extra = "") => ({
      address,
      attributes,
      maxPacketSize: 8,
      interval: 10,
      extra: bytes(extra),
    });
    const iface = (
      number: number,
      interfaceClass: number,
      endpoints: UsbInterface["endpoints"],
      extra = "",
    ) => ({
      number,
      interfaceClass,
      subClass: 0,
      protocol: 0,
      endpoints,
      extra: bytes(extra),
    });
    const hid = "09 21 00 01 00 01 22 76 01";
    assertEquals(
      findHidInterface([iface(0, 0xff, [ep(0x82, 2)]), iface(1, 3, [ep(0x01, 3), ep(0x81, 3)], hid)]),
      {
        interfaceNumber: 1,
        interruptIn: ep(0x81, 3),
        reportDescriptorLength: 374,
      },
    );
    // The HID descriptor after the endpoint (some firmware); no interrupt IN; no length at all.
    assertEquals(findHidInterface([iface(0, 3, [ep(0x81, 3, hid)])])?.reportDescriptorLength, 374);
    assertEquals(findHidInterface([iface(0, 3, [ep(0x81, 2)])]), {
      interfaceNumber: 0,
      interruptIn: undefined,
      reportDescriptorLength: undefined,
    });
    assertEquals(findHidInterface([iface(0, 0xff, [])]), undefined);
  },
});

Deno.test({
  name: "sysfsName() is the bus and the port path, as Linux names devices in sysfs",
  permissions: "none",
  fn() {
    assertEquals([sysfsName(1, [4]), sysfsName(3, [1, 4, 2]), sysfsName(1, [])], [
      "1-4",
      "3-1.4.2",
      undefined,
    ]);
  },
});

Deno.test({
  name: "libusbTimeout() never passes libusb's 0 (no limit) and bounds a worker's wait",
  permissions: "none",
  fn() {
    assertEquals([libusbTimeout(0.2), libusbTimeout(1000), libusbTimeout(1e9)], [1, 1000, 60_000]);
    for (const bad of [0, -1, NaN, Infinity]) assertThrows(() => libusbTimeout(bad), RangeError);
  },
});

Deno.test({
  name: "LibusbHidBus loads nothing until used, and names the libraries it tried",
  permissions: { ffi: true },
  async fn() {
    const bus = new LibusbHidBus({ libraryNames: ["libnothing-usb-1.0.so.0", "libnothing-usb-1.0.so"] });
    assertEquals(bus.loaded, false);
    const e = await assertRejects(() => bus.list(), LibraryLoadError);
    assert(
      e.message.startsWith("Cannot open libusb-1.0 (tried libnothing-usb-1.0.so.0, libnothing-usb-1.0.so)"),
    );
    assertEquals(bus.loaded, false);
    await bus.close();
    await assertRejects(() => bus.list(), TransportError, "closed");
  },
});

// ---------------------------------------------------------------------------------------------------
// Under the emulated UPS

const INNER = "libusb facade inside the rig";
const RIG_DIR = "NUT_LIBUSB_RIG_DIR";
const rigDir = Deno.env.get(RIG_DIR);
const why = rigDir ? undefined : usbRigMissing();
const DEVICE = "apc-back-ups-cs-500_051d-0002";

Deno.test({
  name: `libusb facade on the emulated APC Back-UPS CS 500 (umockdev): list, open, descriptors, strings, ` +
    `GET/SET_REPORT, stall, interrupt IN, event loop free while waiting, unplug, replug${
      why ? ` (skipped: ${why})` : ""
    }`,
  ignore: rigDir !== undefined || why !== undefined,
  async fn() {
    await using dir = await tempDir("nut-libusb-");
    await using rig = await UsbRig.start({
      device: hidDevice(DEVICE),
      command: [
        Deno.execPath(),
        "test",
        "-A",
        "--no-check",
        "--no-prompt",
        "--filter",
        INNER,
        fileURLToPath(import.meta.url),
      ],
      env: { [RIG_DIR]: dir.path, NO_COLOR: "1" },
      maxSeconds: 60,
      dir,
    });
    const status = await within(rig.status, 70_000, "the test under the rig");
    const out = `--- stdout:\n${rig.stdout}\n--- stderr:\n${rig.stderr}`;
    assertEquals(status.code, 0, out);
    assert(rig.stdout.includes("1 passed"), out);
  },
});

Deno.test({
  name: INNER,
  ignore: rigDir === undefined,
  async fn(t) {
    const dir = rigDir!;
    const device = hidDevice(DEVICE);
    // tests/rigs/usb.ts's files in the directory it was given
    const send = (...lines: string[]) =>
      Deno.writeTextFile(join(dir, "usb-rig.control"), lines.map((l) => l + "\n").join(""), { append: true });
    const rigLog = async () =>
      (await Deno.readTextFile(join(dir, "usb-rig.log")).catch(() => "")).split("\n");
    const rdesc = bytes(
      (await Deno.readTextFile(device.descriptor)).split("\n").map((l) => l.split("#")[0]).join(" "),
    );
    const report = async (id: number) =>
      bytes(
        (await Deno.readTextFile(device.reports!)).split("\n").find((l) =>
          l.startsWith(`get ${id.toString(16).padStart(2, "0")} `)
        )!.slice(4),
      );

    await using bus = new LibusbHidBus();
    assertEquals(bus.loaded, false);
    const [info] = await bus.list();
    assertEquals(bus.loaded, true);

    await t.step("list() describes the device without opening it", async () => {
      assertEquals(info, {
        vendorId: 0x051d,
        productId: 0x0002,
        bcdDevice: 0x0100,
        bus: 1,
        address: 2,
        busPort: 1,
        portPath: [1],
        manufacturer: device.strings["3"],
        product: device.strings["1"],
        serial: device.strings["2"],
      });
      assert(!(await rigLog()).some((l) => / open /.test(l)), "nothing opened by list()");
      assertEquals(await bus.hasHotplug(), true);
    });

    await using dev = await bus.open(info);
    await t.step("open() claims the HID interface; descriptors and strings", async () => {
      assertEquals(dev.plan.interfaceNumber, 0);
      assertEquals(dev.plan.interruptIn?.address, 0x81);
      assertEquals(dev.plan.reportDescriptorLength, rdesc.length);
      assert((await rigLog()).some((l) => / claim 0$/.test(l)), "interface 0 claimed");
      assertEquals(await dev.reportDescriptor(1000), rdesc);
      assertEquals(await dev.getString(1, 1000), device.strings["1"]);
      assertEquals(await dev.getString(4, 1000), "PbAc");
      assertEquals(await dev.getString(0, 1000), undefined);
      assertEquals(await dev.getString(9, 1000), undefined, "no string 9: the device stalls");
    });

    await t.step("GET_REPORT, SET_REPORT reach the device; a stall is IO naming the request", async () => {
      assertEquals(await dev.getReport("feature", 0x0c, 6, 1000), await report(0x0c));
      await dev.setReport("feature", 0x11, bytes("11 14 00 00"), 1000);
      assert((await rigLog()).some((l) => / set 11 14 00 00$/.test(l)), "SET_REPORT logged by the device");
      assertEquals(await dev.getReport("feature", 0x11, 4, 1000), bytes("11 14 00 00"));
      const e = await assertRejects(() => dev.getReport("feature", 0xee, 4, 1000), TransportError);
      assertEquals(e.kind, "IO");
      assertEquals(
        e.message,
        "libusb_control_transfer(GET_REPORT feature 0xee) failed on USB device 051d:0002 at bus 001 address 002: " +
          "pipe error (the device stalled the request) (LIBUSB_ERROR_PIPE)",
      );
    });

    await t.step("the event loop keeps ticking while an interrupt read waits for its timeout", async () => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const started = performance.now();
      try {
        const pending = dev.readInterrupt(8, 400);
        // A control transfer is not queued behind the interrupt read.
        const beside = performance.now();
        await dev.getReport("feature", 0x0c, 6, 1000);
        const besideMs = performance.now() - beside;
        assertEquals(await pending, undefined, "nothing came: undefined, not an error");
        const waited = performance.now() - started;
        assert(waited >= 350, `waited ${waited} ms`);
        assert(besideMs < 300, `GET_REPORT beside the interrupt read took ${besideMs} ms`);
        assert(ticks >= 30, `${ticks} ticks of 5 ms in ${waited.toFixed(0)} ms`);
      } finally {
        clearInterval(timer);
      }
    });

    await t.step("interrupt IN data comes back as sent", async () => {
      await send("int 13 00");
      let got: Uint8Array | undefined;
      for (let i = 0; i < 10 && !got; i++) got = await dev.readInterrupt(8, 500);
      assertEquals(got, bytes("13 00"));
    });

    await t.step("unplug: DISCONNECTED, gone from list(); replug: a new address, opened again", async () => {
      await send("unplug");
      const e = await within(
        (async () => {
          for (;;) {
            const r = await dev.getReport("feature", 0x0c, 6, 1000).catch((e) => e);
            if (r instanceof Error) return r;
            await new Promise((r) => setTimeout(r, 50));
          }
        })(),
        5000,
        "an error after unplug",
      );
      assert(isTransportError(e, "DISCONNECTED"), String(e));
      assert((e as Error).message.includes("051d:0002 at bus 001 address 002"), String(e));
      assert(isTransportError(await dev.readInterrupt(8, 200).catch((e) => e), "DISCONNECTED"));
      await within(dev.close(), 2000, "close() of an unplugged device");
      await assertRejects(() => dev.getReport("feature", 0x0c, 6, 100), TransportError, "closed");
      await within(
        (async () => {
          while ((await bus.list()).length) await new Promise((r) => setTimeout(r, 50));
        })(),
        5000,
        "list() empty after unplug",
      );
      await send("replug");
      const again = await within(
        (async () => {
          for (;;) {
            const [d] = await bus.list();
            if (d) return d;
            await new Promise((r) => setTimeout(r, 50));
          }
        })(),
        5000,
        "the device back in list()",
      );
      assertEquals([again.address, again.busPort, again.portPath, again.serial], [
        3,
        2,
        [2],
        device.strings["2"],
      ]);
      const e2 = await assertRejects(() => bus.open(info), TransportError);
      assertEquals(e2.kind, "NOT_FOUND", "the old address is gone");
      await using dev2 = await bus.open(again);
      assertEquals(await dev2.getReport("feature", 0x0c, 6, 1000), await report(0x0c));
      await dev2.reset();
      assert((await rigLog()).some((l) => / reset$/.test(l)), "reset reached the device");
    });
  },
});
