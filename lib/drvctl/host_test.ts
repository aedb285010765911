import { join } from "node:path";
import { assert, assertEquals } from "../testing/asserts.ts";
import { parseUpsConf } from "../../config/ups_conf.ts";
import { silentLogger } from "../log.ts";
import type { DriverProgram } from "../driver/types.ts";
import { askDriver } from "../driver/takeover.ts";
import { DriverHost } from "./host.ts";
import { planDrivers } from "./plan.ts";

/** A driver whose behaviour each test chooses. */
function program(
  name: string,
  behaviour: { failInit?: boolean; hangUpdates?: boolean; onHang?: () => void },
): DriverProgram {
  return {
    name,
    description: "test driver",
    version: "0.1",
    vars: [],
    create(ctx) {
      let polls = 0;
      return {
        initUps() {},
        initInfo() {
          if (behaviour.failInit) throw new Error("no such device");
          ctx.state.setInfo("device.model", name);
        },
        async updateInfo(signal) {
          polls++;
          if (behaviour.hangUpdates && polls > 1) {
            behaviour.onHang?.();
            await new Promise((_, reject) =>
              signal.addEventListener("abort", () => reject(new Error("hung")))
            );
          }
          const s = ctx.status();
          s.set("OL");
          s.commit();
        },
        shutdown() {},
      };
    },
  };
}

const dump = (sock: string) => askDriver(sock, "DUMPALL", (ls) => ls.includes("DUMPDONE"), 3000);

Deno.test("DriverHost runs instances side by side: a failing one and a hanging one never stop the others", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const conf = parseUpsConf(
      `[good]\n driver = good\n port = none\n pollinterval = 1\n[bad]\n driver = bad\n port = none\n maxretry = 2\n retrydelay = 0\n[hung]\n driver = hung\n port = none\n`,
      "ups.conf",
    );
    let hung!: () => void;
    const hanging = new Promise<void>((r) => hung = r);
    const programs: Record<string, DriverProgram> = {
      good: program("good", {}),
      bad: program("bad", { failInit: true }),
      hung: program("hung", { hangUpdates: true, onHang: () => hung() }),
    };
    const socketsAtDrop: string[][] = [];
    let drops = 0;
    const { host, results } = await DriverHost.start({
      conf,
      drivers: planDrivers(conf, "start"),
      load: (n) => Promise.resolve(programs[n]),
      paths: { confPath: dir, statePath: dir, pidPath: dir, altPidPath: dir, debugLevel: 0 },
      log: silentLogger(),
      dropPrivileges: () => {
        drops++;
        socketsAtDrop.push(
          [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => !n.endsWith(".pid")).sort(),
        );
      },
    });
    try {
      assertEquals(results.map((r) => [r.ups, r.running !== undefined]), [["good", true], ["bad", false], [
        "hung",
        true,
      ]]);
      assertEquals(drops, 1);
      // Every socket that will ever exist was there before any device was touched.
      assertEquals(socketsAtDrop[0], ["bad-bad", "good-good", "hung-hung"]);
      // One PID file per instance, all naming this process.
      assertEquals(await Deno.readTextFile(join(dir, "good-good.pid")), `${Deno.pid}\n`);
      assertEquals(await Deno.readTextFile(join(dir, "hung-hung.pid")), `${Deno.pid}\n`);
      const good = await dump(join(dir, "good-good"));
      assert(good?.includes('SETINFO device.model "good"'), String(good));
      assert(good?.includes("DATAOK"));
      // Hang the "hung" device in the middle of a poll: its socket still answers, the good one keeps polling.
      const stuck = host.running.get("hung")!.update();
      await hanging;
      assert((await dump(join(dir, "hung-hung")))?.includes("DUMPDONE"));
      assert(await host.running.get("good")!.update());
      assert((await dump(join(dir, "good-good")))?.includes("DATAOK"));
      stuck.catch(() => {});
    } finally {
      await host.stopAll();
      await host.allStopped;
    }
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.startsWith("good")), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
