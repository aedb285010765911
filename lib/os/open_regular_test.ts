import { join } from "node:path";
import { assertEquals, assertRejects } from "../testing/asserts.ts";
import { expectKind, fileKind, FileKindError, openRegularFile } from "./open_regular.ts";
import { readBoundedFile, readBoundedText, readFileHead } from "./read_bounded.ts";
import { makeFifo } from "../testing/fifo.ts";
import { within } from "../testing/within.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "nut-open-regular-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("openRegularFile() refuses a FIFO at once, naming the path, and a symbolic link to one", async () => {
  await withDir(async (dir) => {
    const fifo = join(dir, "ups.conf");
    await makeFifo(fifo);
    const e = await within(assertRejects(() => openRegularFile(fifo), FileKindError), 5000);
    assertEquals([e.message, e.kind, e.reason], [
      `${fifo}: not a regular file (a FIFO)`,
      "FIFO",
      "not a regular file (a FIFO)",
    ]);
    const link = join(dir, "link.conf");
    await Deno.symlink(fifo, link);
    await within(
      assertRejects(() => readBoundedFile(link, 100), FileKindError, `${link}: not a regular file (a FIFO)`),
      5000,
    );
  });
});

Deno.test("openRegularFile() refuses a directory and a character device; a missing file is NotFound", async () => {
  await withDir(async (dir) => {
    await assertRejects(
      () => openRegularFile(dir),
      FileKindError,
      `${dir}: not a regular file (a directory)`,
    );
    await assertRejects(
      () => openRegularFile("/dev/null"),
      FileKindError,
      "/dev/null: not a regular file (a character device)",
    );
    await assertRejects(() => openRegularFile(join(dir, "missing")), Deno.errors.NotFound);
  });
});

Deno.test("openRegularFile() opens a regular file and a symbolic link to one, with size and mtime", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "a.dev");
    await Deno.writeTextFile(file, "ups.status: OL\n");
    const when = new Date(1_700_000_000_000);
    await Deno.utime(file, when, when);
    await Deno.symlink(file, join(dir, "b.dev"));
    for (const path of [file, join(dir, "b.dev")]) {
      await using f = await openRegularFile(path);
      const buf = new Uint8Array(64);
      const n = await f.read(buf);
      assertEquals([f.size, f.mtime, new TextDecoder().decode(buf.subarray(0, n))], [
        15,
        when.getTime(),
        "ups.status: OL\n",
      ]);
    }
  });
});

Deno.test("readBoundedFile() reads up to the bound and refuses a larger file, naming it", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "big.conf");
    await Deno.writeTextFile(file, "x".repeat(100));
    assertEquals((await readBoundedFile(file, 100)).bytes.length, 100);
    assertEquals(await readBoundedText(file, 100), "x".repeat(100));
    await assertRejects(() => readBoundedFile(file, 99), Error, `${file}: larger than 99 bytes`);
  });
});

Deno.test("readFileHead() reads the first bytes of a file of any size, and refuses a FIFO", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "flag");
    await Deno.writeTextFile(file, "upsmon-shutdown-file and more");
    assertEquals(new TextDecoder().decode(await readFileHead(file, 20)), "upsmon-shutdown-file");
    assertEquals((await readFileHead(file, 100)).length, 29);
    await makeFifo(join(dir, "fifo"));
    await within(assertRejects(() => readFileHead(join(dir, "fifo"), 20), FileKindError), 5000);
  });
});

Deno.test("expectKind() accepts the kind asked for and names the path otherwise", async () => {
  await withDir(async (dir) => {
    assertEquals((await expectKind(dir, "directory")).isDirectory, true);
    await Deno.writeTextFile(join(dir, "ca.pem"), "");
    await assertRejects(
      () => expectKind(join(dir, "ca.pem"), "directory"),
      FileKindError,
      `${join(dir, "ca.pem")}: not a directory (a regular file)`,
    );
  });
});

Deno.test({
  name: "fileKind() names every kind stat reports",
  permissions: "none",
  fn() {
    const none = { isFile: false, isDirectory: false, isSymlink: false };
    assertEquals(
      [
        fileKind({ ...none, isFile: true }),
        fileKind({ ...none, isDirectory: true }),
        fileKind({ ...none, isSymlink: true }),
        fileKind({ ...none, isFifo: true }),
        fileKind({ ...none, isSocket: true }),
        fileKind({ ...none, isCharDevice: true }),
        fileKind({ ...none, isBlockDevice: true }),
        fileKind(none),
      ],
      [
        "regular file",
        "directory",
        "symbolic link",
        "FIFO",
        "socket",
        "character device",
        "block device",
        "special file",
      ],
    );
  },
});
