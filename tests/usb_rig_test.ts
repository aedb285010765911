/**
 * The emulated USB HID UPS (tests/rigs/) proven with NUT 2.8.0's own C usbhid-ups, through the real
 * libusb: on the APC Back-UPS CS 500 (its real report descriptor and recorded reports) the driver serves
 * the values of NUT's dump of the real device; a report changed and announced on the interrupt pipe, and one
 * changed silently (read at the next full poll), reach its data; a SET on its socket reaches the device as
 * a SET_REPORT; an unplug makes its data stale, a replug (new address) brings fresh data. Read on the
 * driver's socket (DUMPALL and its broadcasts), no upsd. Skipped, saying why, without umockdev or NUT.
 * @module
 */
import { assert, assertEquals } from "../lib/testing/asserts.ts";
import { within } from "../lib/testing/within.ts";
import { readDriverMessage } from "../lib/sock/messages.ts";
import { splitWords } from "../lib/words/split.ts";
import { SockPeer } from "./driver_helpers.ts";
import { waitFor } from "./helpers.ts";
import { hidDevice, nutUsbhidMissing, startNutUsbhid, type UsbRig, usbRigMissing } from "./rigs/usb.ts";

const why = nutUsbhidMissing();

/** The variables of a .dev file as upsc printed them (`name: value`, the value verbatim). */
function devValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([a-z][a-z0-9_.]*): (.*)$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

/** What a socket client of the driver knows: the variables and whether the data are stale. */
class DriverView {
  vars = new Map<string, string>();
  stale = false;
  lines: string[] = [];

  constructor(readonly peer: SockPeer, readonly rig: UsbRig) {}

  apply(lines: string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      const m = readDriverMessage(splitWords(line));
      if (m.kind === "SETINFO") this.vars.set(m.name, m.value);
      else if (m.kind === "DELINFO") this.vars.delete(m.name);
      else if (m.kind === "DATASTALE") this.stale = true;
      else if (m.kind === "DATAOK") this.stale = false;
    }
  }

  /** A full DUMPALL, applied. */
  async dump(): Promise<string[]> {
    const lines = await this.peer.dumpAll();
    this.apply(lines);
    return lines;
  }

  /** Reads the broadcasts until `check` holds. */
  async until(check: (v: DriverView) => boolean, what: string, timeoutMs: number): Promise<void> {
    await waitFor(
      async () => {
        this.apply(await this.peer.drain(50));
        return check(this);
      },
      what,
      timeoutMs,
    ).catch((e) => {
      throw new Error(
        `${(e as Error).message}\n--- driver lines:\n${
          this.lines.slice(-40).join("\n")
        }\n--- driver output:\n${this.rig.stderr}`,
      );
    });
  }

  has(expected: Record<string, string>): boolean {
    return Object.entries(expected).every(([k, v]) => this.vars.get(k) === v);
  }
}

for (const impl of ["NUT 2.8.0's", "our"] as const) {
  const ours = impl === "our";
  const skip = ours ? usbRigMissing() : why;
  Deno.test({
    name:
      `usb rig: ${impl} usbhid-ups on the emulated APC Back-UPS CS 500 gives NUT's dump; report changes, SET, unplug, replug${
        skip ? ` (skipped: ${skip})` : ""
      }`,
    ignore: skip !== undefined,
    async fn() {
      const device = hidDevice("apc-back-ups-cs-500_051d-0002");
      const expected = devValues(await Deno.readTextFile(device.dev!));
      const started = Date.now();
      await using nut = await startNutUsbhid(device, {
        ups: "apc",
        conf: { pollinterval: "1", pollfreq: "3" },
        maxSeconds: 90,
        ours,
      });
      const rig = nut.rig;
      await within(
        (async () => {
          const peer = await waitFor(() => SockPeer.connect(nut.socket), `socket ${nut.socket}`, 15_000)
            .catch((e) => {
              throw new Error(`${(e as Error).message}\n--- driver output:\n${rig.stdout}${rig.stderr}`);
            });
          using _peer = peer;
          const view = new DriverView(peer, rig);

          // 1. The values NUT produced on the real device (every variable but the driver's own).
          const first = await view.dump();
          assertEquals(first.at(-2), "DATAOK");
          const ours = [...view.vars.keys()].filter((k) => !k.startsWith("driver.")).sort();
          const theirs = [...expected.keys()].filter((k) => !k.startsWith("driver.")).sort();
          assertEquals(ours, theirs, "the variables of NUT's dump of the real device");
          for (const k of theirs) assertEquals(view.vars.get(k), expected.get(k), k);
          assertEquals(view.vars.get("driver.name"), "usbhid-ups");
          assertEquals(view.vars.get("driver.parameter.port"), "auto");
          assertEquals(view.vars.get("driver.version.data")?.startsWith("APC HID"), true);
          const log = await rig.log();
          assert(log.some((l) => l.kind === "claim" && l.rest === "0"), "the driver claimed interface 0");
          assert(
            log.some((l) => l.kind === "descriptor" && l.rest === "report"),
            "it read the report descriptor",
          );
          assert(log.some((l) => l.kind === "get" && l.rest.startsWith("0c ")), "it read report 0x0c");

          // 2. A change announced on the interrupt pipe: RemainingCapacity 50 %, RunTimeToEmpty 1800 s.
          await rig.send("push 0c 32 00 00 08 07");
          await view.until(
            (v) => v.has({ "battery.charge": "50", "battery.runtime": "1800" }),
            "charge 50",
            10_000,
          );
          await rig.waitForLog(
            (l) => l.kind === "int" && l.rest === "0c 32 00 00 08 07",
            "interrupt delivered",
          );
          // On battery: ACPresent 0, Discharging 1.
          await rig.send("push 13 00", "push 06 00 01 08");
          await view.until((v) => v.has({ "ups.status": "OB DISCHRG" }), "status OB DISCHRG", 10_000);

          // 3. A silent change (Feature report only, no interrupt): read at the next full poll (pollfreq 3).
          await rig.send("set 09 b0 04");
          await view.until((v) => v.has({ "battery.voltage": "12.0" }), "battery.voltage 12.0", 10_000);

          // 4. SET on the driver socket (what upsd sends for upsrw): a SET_REPORT reaches the device.
          await peer.send('SET battery.charge.low "20" TRACKING rig1');
          const answer = await peer.until((l) => l.startsWith("TRACKING rig1 "), 10_000);
          view.apply(answer);
          assertEquals(answer.at(-1), "TRACKING rig1 0");
          await rig.waitForLog((l) => l.kind === "set" && l.rest === "11 14 00 00", "SET_REPORT 11 14 00 00");
          assertEquals(await rig.sets(), ["11 14 00 00"]);
          await view.until((v) => v.has({ "battery.charge.low": "20" }), "battery.charge.low 20", 10_000);

          // 5. Unplug: stale. The device changes while away (charge 25 %, runtime 900 s).
          const unplugged = Date.now();
          await rig.send("unplug", "set 0c 19 00 00 84 03");
          await view.until((v) => v.stale, "DATASTALE after unplug", 10_000);
          const staleMs = Date.now() - unplugged;
          const staleDump = await view.dump();
          assert(staleDump.includes("DATASTALE") && !staleDump.includes("DATAOK"), staleDump.join("\n"));

          // 6. Replug under a new address: fresh data, read from the new device.
          const replugged = Date.now();
          await rig.send("replug");
          await view.until(
            (v) => !v.stale && v.has({ "battery.charge": "25", "battery.runtime": "900" }),
            "fresh data after replug",
            15_000,
          );
          const freshMs = Date.now() - replugged;
          await rig.waitForLog(
            (l) => l.kind === "open" && l.rest === "/dev/bus/usb/001/003",
            "the new node opened",
          );
          const last = await view.dump();
          assertEquals(last.at(-2), "DATAOK");
          const changed: Record<string, string> = {
            "battery.charge": "25",
            "battery.runtime": "900",
            "battery.voltage": "12.0",
            "battery.charge.low": "20",
            "ups.status": "OB DISCHRG",
          };
          for (const k of theirs) {
            assertEquals(view.vars.get(k), changed[k] ?? expected.get(k), `after replug: ${k}`);
          }
          // deno-lint-ignore no-console
          console.log(
            `usb rig (${impl}): stale ${staleMs} ms after unplug, fresh data ${freshMs} ms after replug, ${
              Date.now() - started
            } ms in all`,
          );
        })(),
        75_000,
        "the USB rig test",
      );
      // Stopped, the handler ends with the program's code (128 + signal when killed).
      const status = await rig.stop();
      const exit = await rig.waitForLog((l) => l.kind === "exit", "the program's exit", 1000);
      assertEquals(String(status.code), exit.rest);
    },
  });
}
