/**
 * Reading a whole file with a size bound, so a mistaken path (a device node, a huge log) never fills
 * memory.
 * @module
 */

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
 * @throws {Error} "<path> is not a regular file" / "<path> is larger than N bytes"
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<BoundedFile> {
  const file = await Deno.open(path, { read: true });
  try {
    const info = await file.stat();
    if (!info.isFile) throw new Error(`${path} is not a regular file`);
    if (info.size > maxBytes) throw new Error(`${path} is larger than ${maxBytes} bytes`);
    const buf = new Uint8Array(info.size);
    let off = 0;
    while (off < buf.length) {
      const n = await file.read(buf.subarray(off));
      if (n === null) break;
      off += n;
    }
    return { bytes: buf.subarray(0, off), mtime: info.mtime?.getTime() ?? 0 };
  } finally {
    file.close();
  }
}
