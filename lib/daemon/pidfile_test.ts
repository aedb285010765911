import { assertEquals } from "../testing/asserts.ts";
import { killAsNut, processExists, readPidFile, writePidFile } from "./pidfile.ts";

Deno.test("killAsNut(): SIGCONT to this process is sent; a process that is gone gets NUT's `kill: No such process`", async () => {
  const errors: string[] = [];
  assertEquals(killAsNut(Deno.pid, "SIGCONT", (t) => errors.push(t)), 0);
  assertEquals(errors, [] as string[]);
  const child = new Deno.Command("true").spawn();
  await child.status; // reaped: its PID is free
  assertEquals(processExists(child.pid), false);
  assertEquals(killAsNut(child.pid, "SIGTERM", (t) => errors.push(t)), 1);
  assertEquals(errors, ["kill: No such process\n"]);
});

Deno.test("writePidFile()/readPidFile() round-trip a PID as NUT writes it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/upsd.pid`;
    await writePidFile(file, 4242);
    assertEquals(await readPidFile(file), 4242);
    assertEquals(await readPidFile(`${dir}/missing.pid`), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
