/**
 * Reading a whole file with a size bound, so a mistaken path (a device node, a huge log) never fills
 * memory; only regular files are opened (lib/os/open_regular.ts), so a FIFO never blocks the reader.
 * @module
 */
import { openRegularFile } from "./open_regular.ts";

/** A file's content and modification time. */
export interface BoundedFile {
  /** The bytes. */
  bytes: Uint8Array;
  /** Modification time in ms since the epoch (0 when unknown). */
  mtime: number;
}

/**
 * Reads a regular file of at most `maxBytes` bytes.
 * @param path the file
 * @param maxBytes the bound
 * @returns its bytes and mtime
 * @throws {Deno.errors.NotFound} when it does not exist (other open errors pass through as they are)
 * @throws {FileKindError} "<path>: not a regular file (a FIFO)" and the like, before it is opened
 * @throws {Error} "<path>: larger than N bytes"
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<BoundedFile> {
  await using file = await openRegularFile(path);
  if (file.size > maxBytes) throw new Error(`${path}: larger than ${maxBytes} bytes`);
  // One byte more than the bound: a file that grew since it was opened is cut at the bound, not read on.
  const buf = new Uint8Array(Math.min(file.size, maxBytes) + 1);
  let off = 0;
  while (off < buf.length) {
    const n = await file.read(buf.subarray(off));
    if (n === 0) break;
    off += n;
  }
  if (off > maxBytes) throw new Error(`${path}: larger than ${maxBytes} bytes`);
  return { bytes: buf.subarray(0, off), mtime: file.mtime };
}

/**
 * Reads a regular file of at most `maxBytes` bytes as UTF-8 text.
 * @param path the file
 * @param maxBytes the bound
 * @returns its text
 * @throws as {@linkcode readBoundedFile}
 */
export async function readBoundedText(path: string, maxBytes: number): Promise<string> {
  return new TextDecoder().decode((await readBoundedFile(path, maxBytes)).bytes);
}

/**
 * Reads the first bytes of a regular file, however long it is.
 * @param path the file
 * @param count how many bytes at most
 * @returns the bytes (fewer when the file is shorter)
 * @throws as {@linkcode readBoundedFile}
 */
export async function readFileHead(path: string, count: number): Promise<Uint8Array> {
  await using file = await openRegularFile(path);
  const buf = new Uint8Array(count);
  let off = 0;
  while (off < buf.length) {
    const n = await file.read(buf.subarray(off));
    if (n === 0) break;
    off += n;
  }
  return buf.subarray(0, off);
}
