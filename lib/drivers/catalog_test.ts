import { assert, assertEquals } from "../testing/asserts.ts";
import { programNames } from "../../cmd/programs.ts";
import {
  type CatalogEntry,
  catalogEntry,
  DRIVER_CATALOG,
  driverNames,
  driversForUsb,
  loadDriver,
} from "./catalog.ts";

Deno.test({
  name: "the catalogue: unique names, each loads the program of that name, and each is a program name",
  async fn() {
    const names = driverNames();
    assertEquals(new Set(names).size, names.length);
    for (const name of names) {
      const program = await loadDriver(name);
      assertEquals(program?.name, name);
      assertEquals(program?.transports?.[0], catalogEntry(name)?.transport);
      assert(programNames().includes(name), `${name} is installed as a program name`);
    }
    assertEquals(await loadDriver("no-such-driver"), undefined);
  },
});

Deno.test({
  name: "driversForUsb() takes a product listed by id before a driver for the whole vendor",
  permissions: "none",
  fn() {
    const load = () => Promise.reject(new Error("not loaded"));
    const catalog: CatalogEntry[] = [
      { name: "a", description: "", usb: [{ vendorId: 1 }], load },
      { name: "b", description: "", usb: [{ vendorId: 1, productId: 2 }, { vendorId: 3 }], load },
    ];
    assertEquals(driversForUsb(1, 2, catalog).map((d) => d.name), ["b", "a"]);
    assertEquals(driversForUsb(1, 9, catalog).map((d) => d.name), ["a"]);
    assertEquals(driversForUsb(3, 9, catalog).map((d) => d.name), ["b"]);
    // The real catalogue: no driver claims a device nobody makes.
    assertEquals(driversForUsb(0xdead, 0xbeef), []);
    assertEquals(DRIVER_CATALOG.every((d) => d.usb === undefined || d.transport === "usb-hid"), true);
  },
});

/** The imports of every .ts file below a folder (tests excluded). */
async function importsBelow(dir: string): Promise<{ file: string; spec: string }[]> {
  const out: { file: string; spec: string }[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...await importsBelow(path));
    else if (e.name.endsWith(".ts") && !e.name.endsWith("_test.ts")) {
      // Code lines only (a JSDoc example may name a driver).
      const code = (await Deno.readTextFile(path)).split("\n").filter((l) => !/^\s*(\*|\/\/)/.test(l));
      for (const m of code.join("\n").matchAll(/(?:from|import\()\s*"([^"]+)"/g)) {
        out.push({ file: path, spec: m[1] });
      }
    }
  }
  return out;
}

Deno.test({
  name: "the seam: the framework imports no concrete driver, and no driver imports ffi/",
  async fn() {
    const root = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
    const framework = (await importsBelow(`${root}/driver`)).filter((i) => i.spec.includes("/drivers/"));
    assertEquals(framework, [], "lib/driver reaches drivers only through the catalogue, from cmd/");
    const drivers = (await importsBelow(`${root}/drivers`)).filter((i) => i.spec.includes("/ffi/"));
    assertEquals(drivers, [], "drivers get their transports from their context");
  },
});
