import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { LocalFileStorage, STREAM_CHUNK_BYTES, uploadRoot } from "./index";
import { parseByteRange } from "./range";

const MB = 1024 * 1024;
const size = 25 * MB;
let root: string;
let storage: LocalFileStorage;
let original: Buffer;
const key = "attachments/big/video.mp4";

/** FileHandle's prototype, to see every read the storage makes (how many bytes it asked for and got). */
let fileHandle: { read: (...args: unknown[]) => Promise<{ bytesRead: number }> };

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "storage-stream-"));
  storage = new LocalFileStorage(root);
  original = randomBytes(size);
  await storage.put(key, original);
  const handle = await fs.open(path.join(root, key), "r");
  fileHandle = Object.getPrototypeOf(handle);
  await handle.close();
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function spyOnReads() {
  const readFile = vi.spyOn(fs, "readFile");
  const read = vi.spyOn(fileHandle, "read");
  // close is an instance property of a FileHandle: watch each handle the storage opens
  const closed: string[] = [];
  const open = fs.open.bind(fs);
  vi.spyOn(fs, "open").mockImplementation(async (...args: Parameters<typeof fs.open>) => {
    const handle = await open(...args);
    const close = handle.close.bind(handle);
    handle.close = async () => {
      closed.push(String(args[0]));
      return close();
    };
    return handle;
  });
  /** bytes asked for per read (FileHandle.read(buffer, offset, length, position)) */
  const asked = () => read.mock.calls.map((call) => call[2] as number);
  const got = async () =>
    (await Promise.all(read.mock.results.map((result) => result.value as Promise<{ bytesRead: number }>))).reduce(
      (sum, r) => sum + r.bytesRead,
      0,
    );
  return { readFile, read, closed, asked, got };
}

/** Each chunk as the consumer pulls it (a response body sent to a client reads the same way). */
async function* chunksOf(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of chunksOf(stream)) chunks.push(chunk);
  return { bytes: Buffer.concat(chunks), chunkSizes: chunks.map((c) => c.byteLength) };
}

describe("LocalFileStorage streams", () => {
  it("stat gives the size, without reading the file", async () => {
    const spies = spyOnReads();
    expect(await storage.stat(key)).toEqual({ size });
    expect(spies.read).not.toHaveBeenCalled();
    expect(spies.readFile).not.toHaveBeenCalled();
  });

  it("range 0-1023 of a 25 MB file yields exactly those bytes, reading only them", async () => {
    const spies = spyOnReads();
    const range = parseByteRange("bytes=0-1023", size);
    expect(range).toEqual({ kind: "partial", start: 0, end: 1023 });
    const stream = await storage.readStream(key, range.kind === "partial" ? range : undefined);
    const { bytes } = await collect(stream!);
    expect(bytes.equals(original.subarray(0, 1024))).toBe(true);
    expect(spies.readFile).not.toHaveBeenCalled();
    expect(spies.asked()).toEqual([1024]);
    expect(await spies.got()).toBe(1024);
    expect(spies.closed).toHaveLength(1);
  });

  it("a range across chunk boundaries, a suffix range and an open range", async () => {
    const cases: [string, number, number][] = [
      ["bytes=65000-200000", 65_000, 200_000],
      ["bytes=-500", size - 500, size - 1],
      [`bytes=${size - 100_000}-`, size - 100_000, size - 1],
    ];
    for (const [header, start, end] of cases) {
      const spies = spyOnReads();
      const range = parseByteRange(header, size);
      expect(range).toEqual({ kind: "partial", start, end });
      const { bytes, chunkSizes } = await collect(
        (await storage.readStream(key, range.kind === "partial" ? range : undefined))!,
      );
      expect(bytes.equals(original.subarray(start, end + 1))).toBe(true);
      expect(Math.max(...chunkSizes)).toBeLessThanOrEqual(STREAM_CHUNK_BYTES);
      expect(Math.max(...spies.asked())).toBeLessThanOrEqual(STREAM_CHUNK_BYTES);
      expect(await spies.got()).toBe(end - start + 1);
      expect(spies.readFile).not.toHaveBeenCalled();
      vi.restoreAllMocks();
    }
  });

  it("the whole file streams in 64 KB chunks, never one buffer", async () => {
    const spies = spyOnReads();
    const hash = createHash("sha256");
    let total = 0;
    let largest = 0;
    for await (const chunk of chunksOf((await storage.readStream(key))!)) {
      hash.update(chunk);
      total += chunk.byteLength;
      largest = Math.max(largest, chunk.byteLength);
    }
    expect(total).toBe(size);
    expect(largest).toBe(STREAM_CHUNK_BYTES);
    expect(hash.digest("hex")).toBe(createHash("sha256").update(original).digest("hex"));
    expect(Math.max(...spies.asked())).toBe(STREAM_CHUNK_BYTES);
    expect(spies.readFile).not.toHaveBeenCalled();
    expect(spies.closed).toHaveLength(1);
  });

  it("reads only as the consumer pulls, and a cancelled stream (a client gone) closes the file", async () => {
    const spies = spyOnReads();
    const reader = (await storage.readStream(key))!.getReader();
    const first = await reader.read();
    expect(first.value!.byteLength).toBe(STREAM_CHUNK_BYTES);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // the chunk read plus at most one queued ahead: not the 400 chunks of the file
    expect(spies.read.mock.calls.length).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(spies.closed).toHaveLength(1);
  });

  it("a missing file is null for stat and readStream; a bad range is refused", async () => {
    expect(await storage.stat("attachments/none/nothing.bin")).toBeNull();
    expect(await storage.readStream("attachments/none/nothing.bin")).toBeNull();
    await expect(storage.readStream(key, { start: 10, end: 5 })).rejects.toThrow(RangeError);
    await expect(storage.readStream(key, { start: -1, end: 5 })).rejects.toThrow(RangeError);
    await expect(storage.readStream("../escape", { start: 0, end: 5 })).rejects.toThrow(/Unsafe storage key/);
    await expect(storage.stat("../escape")).rejects.toThrow(/Unsafe storage key/);
  });

  it("an empty file streams as empty", async () => {
    await storage.put("attachments/empty/file.txt", Buffer.alloc(0));
    expect(await storage.stat("attachments/empty/file.txt")).toEqual({ size: 0 });
    const { bytes } = await collect((await storage.readStream("attachments/empty/file.txt"))!);
    expect(bytes.byteLength).toBe(0);
  });
});

describe("uploadRoot", () => {
  it("is UPLOAD_DIR, else <DATA_DIR or .data>/uploads, from the working directory", () => {
    expect(uploadRoot({})).toBe(path.resolve(".data", "uploads"));
    expect(uploadRoot({ DATA_DIR: "/srv/chat" })).toBe("/srv/chat/uploads");
    expect(uploadRoot({ DATA_DIR: "/srv/chat", UPLOAD_DIR: "files" })).toBe(path.resolve("files"));
  });
});
