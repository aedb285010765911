/**
 * Opening a file only when it is the kind of file the caller expects, checked before it is opened: a FIFO
 * named by mistake (a config path, LOCKFN, a dummy-ups port) would otherwise block the open forever, and
 * a device node may react to being opened at all. The path is looked at first (`stat`, following
 * symbolic links) and refused unless it is a regular file; the open itself is non-blocking (so a FIFO
 * put in its place in between cannot block either) and the opened file is looked at again (`fstat`).
 * Every refusal is a {@linkcode FileKindError} naming the path.
 * @module
 */
import fs from "node:fs/promises";
import { constants } from "node:fs";

/** What a path names, in the words of the error messages. */
export type FileKind =
  | "regular file"
  | "directory"
  | "FIFO"
  | "socket"
  | "character device"
  | "block device"
  | "symbolic link"
  | "special file";

/** The kinds a caller may ask for. */
export type ExpectedKind = "regular file" | "directory";

/** The fields of a stat result that tell the kind (Deno's FileInfo has them all). */
export interface KindInfo {
  /** A regular file. */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
  /** A symbolic link (only from lstat). */
  isSymlink: boolean;
  /** A FIFO (null where the platform does not say). */
  isFifo?: boolean | null;
  /** A Unix socket. */
  isSocket?: boolean | null;
  /** A character device. */
  isCharDevice?: boolean | null;
  /** A block device. */
  isBlockDevice?: boolean | null;
}

/**
 * The kind of a stat result.
 * @param info what stat said
 * @returns the kind
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(fileKind({ isFile: false, isDirectory: false, isSymlink: false, isFifo: true }), "FIFO");
 * ```
 */
export function fileKind(info: KindInfo): FileKind {
  if (info.isFile) return "regular file";
  if (info.isDirectory) return "directory";
  if (info.isSymlink) return "symbolic link";
  if (info.isFifo) return "FIFO";
  if (info.isSocket) return "socket";
  if (info.isCharDevice) return "character device";
  if (info.isBlockDevice) return "block device";
  return "special file";
}

/** A path that names something other than what was expected. Its message reads `<path>: not a ... (a ...)`. */
export class FileKindError extends Error {
  /** What is wrong, without the path: `not a regular file (a FIFO)`. */
  readonly reason: string;

  /**
   * @param path the path
   * @param kind what it names
   * @param expected what it should name
   */
  constructor(readonly path: string, readonly kind: FileKind, readonly expected: ExpectedKind) {
    const reason = `not a ${expected} (a ${kind})`;
    super(`${path}: ${reason}`);
    this.name = "FileKindError";
    this.reason = reason;
  }
}

/**
 * Checks what a path names (following symbolic links), without opening it.
 * @param path the path
 * @param expected the kind it must be
 * @returns what stat said
 * @throws {Deno.errors.NotFound} when nothing is there (other stat errors pass through as they are)
 * @throws {FileKindError} when it is another kind
 */
export async function expectKind(path: string, expected: ExpectedKind): Promise<Deno.FileInfo> {
  const info = await Deno.stat(path);
  const kind = fileKind(info);
  if (kind !== expected) throw new FileKindError(path, kind, expected);
  return info;
}

/** A regular file open for reading. */
export interface RegularFile extends AsyncDisposable {
  /** Its size in bytes when it was opened. */
  readonly size: number;
  /** Its modification time, ms since the epoch. */
  readonly mtime: number;
  /**
   * Reads the next bytes.
   * @param into where they go
   * @returns how many were read (0 at the end)
   */
  read(into: Uint8Array): Promise<number>;
  /** Closes it. */
  close(): Promise<void>;
}

/** Open errors as Deno's error classes, so callers test `instanceof Deno.errors.NotFound` as for Deno.open. */
function denoError(path: string, e: unknown): Error {
  const code = (e as { code?: string }).code;
  if (code === "ENOENT") return new Deno.errors.NotFound(`No such file or directory: open '${path}'`);
  if (code === "EACCES" || code === "EPERM") {
    return new Deno.errors.PermissionDenied(`Permission denied: open '${path}'`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Opens a regular file for reading: refused before the open when the path names anything else, and
 * again after it (fstat) should the path have been replaced in between.
 * @param path the file
 * @returns the open file (close it, or `await using` it)
 * @throws {Deno.errors.NotFound} when it does not exist
 * @throws {Deno.errors.PermissionDenied} when it may not be read (other errors pass through as they are)
 * @throws {FileKindError} when it is not a regular file
 */
export async function openRegularFile(path: string): Promise<RegularFile> {
  await expectKind(path, "regular file");
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: a FIFO swapped in after the stat opens at once (and is refused below) instead of
    // blocking; reads of a regular file ignore the flag.
    handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw denoError(path, e);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      const kind = fileKind({
        isFile: false,
        isDirectory: st.isDirectory(),
        isSymlink: false,
        isFifo: st.isFIFO(),
        isSocket: st.isSocket(),
        isCharDevice: st.isCharacterDevice(),
        isBlockDevice: st.isBlockDevice(),
      });
      throw new FileKindError(path, kind, "regular file");
    }
    const close = () => handle.close();
    return {
      size: st.size,
      mtime: st.mtimeMs,
      async read(into) {
        const { bytesRead } = await handle.read(into, 0, into.length, null);
        return bytesRead;
      },
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
