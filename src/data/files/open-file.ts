import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip, gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);

/** Read-ahead of file streams: large enough to keep parsers busy, small enough to stay flat. */
const CHUNK_BYTES = 256 * 1024;

/** True when the file starts with the gzip magic number (1f 8b), whatever its name says. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Opens a file as a stream of bytes, decompressing gzip on the fly when the file is gzip. The
 * stream pulls from disk only as fast as its reader consumes, so memory stays flat.
 */
export async function openByteStream(path: string): Promise<Readable> {
  const gzip = await isGzipFile(path);
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  if (!gzip) return file;
  const gunzipStream = createGunzip({ chunkSize: CHUNK_BYTES });
  // Errors of the file stream (a vanished file) reach the reader through the gunzip stream.
  file.on('error', (error) => gunzipStream.destroy(error));
  gunzipStream.on('close', () => file.destroy());
  return file.pipe(gunzipStream);
}

/** Reads a whole file into memory, decompressed when it is gzip (Parquet needs random access). */
export async function readWholeFile(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipAsync(bytes);
  return bytes;
}
