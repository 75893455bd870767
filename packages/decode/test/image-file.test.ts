import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { LprError } from '@lpr/core';
import { listImageFiles, loadImage } from '../src/index.js';

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lpr-images-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A 4x2 RGBA image whose pixel (x, y) is (10x, 100y, 7, 255), so that orientation and channel order show. */
function gradientRgba(): Buffer {
  const data = Buffer.alloc(4 * 2 * 4);
  for (let y = 0; y < 2; y++) {
    for (let x = 0; x < 4; x++) data.set([10 * x, 100 * y, 7, 255], (y * 4 + x) * 4);
  }
  return data;
}

test('loadImage decodes a PNG into RGB pixels, dropping alpha', async () => {
  const path = join(dir, 'gradient.png');
  await sharp(gradientRgba(), { raw: { width: 4, height: 2, channels: 4 } }).png().toFile(path);
  const image = await loadImage(path);
  assert.deepEqual([image.width, image.height], [4, 2]);
  assert.ok(image.data instanceof Uint8Array);
  assert.deepEqual([...image.data.subarray(0, 6)], [0, 0, 7, 10, 0, 7]);
  assert.deepEqual([...image.data.subarray(4 * 3 + 3 * 3)], [30, 100, 7]);
});

test('loadImage turns photos upright from their EXIF orientation', async () => {
  const path = join(dir, 'sideways.jpg');
  // Orientation 6: the camera was rotated, the viewer must turn the stored 4x2 picture 90° clockwise.
  await sharp(gradientRgba(), { raw: { width: 4, height: 2, channels: 4 } })
    .jpeg({ quality: 100 })
    .withMetadata({ orientation: 6 })
    .toFile(path);
  const image = await loadImage(path);
  assert.deepEqual([image.width, image.height], [2, 4]);
});

test('loadImage expands grayscale to three channels', async () => {
  const path = join(dir, 'gray.png');
  await sharp(Buffer.from([0, 50, 100, 150]), { raw: { width: 2, height: 2, channels: 1 } }).png().toFile(path);
  const image = await loadImage(path);
  assert.deepEqual([...image.data], [0, 0, 0, 50, 50, 50, 100, 100, 100, 150, 150, 150]);
});

test('loadImage reports corrupt and missing files as LprErrors naming them', async () => {
  const corrupt = join(dir, 'corrupt.jpg');
  await writeFile(corrupt, 'this is not a JPEG');
  await assert.rejects(loadImage(corrupt), (err: unknown) => {
    assert.ok(err instanceof LprError);
    assert.match(err.message, /^cannot read image ".*corrupt\.jpg": .+/);
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
  const missing = join(dir, 'missing.png');
  await assert.rejects(loadImage(missing), new LprError(`cannot read image "${missing}": no such file`));
});

test('listImageFiles expands directories to their images, sorted, not recursive', async () => {
  const folder = join(dir, 'shots');
  await mkdir(join(folder, 'nested'), { recursive: true });
  for (const name of ['img10.JPG', 'img2.png', 'notes.txt', 'b.webp', 'nested/c.jpg']) await writeFile(join(folder, name), '');
  const loose = join(dir, 'loose.tiff');
  await writeFile(loose, '');
  assert.deepEqual(await listImageFiles([loose, folder]), [
    loose,
    join(folder, 'b.webp'),
    join(folder, 'img2.png'),
    join(folder, 'img10.JPG'),
  ]);
  const missing = join(dir, 'nowhere');
  await assert.rejects(listImageFiles([missing]), new LprError(`cannot read "${missing}": no such file or directory`));
});

/** A BMP of the 4x2 gradient: `bits` 24 or 32 per pixel, rows bottom-up (positive height) or top-down. */
function gradientBmp(bits: 24 | 32, topDown: boolean, compression = 0): Buffer {
  const [width, height] = [4, 2];
  const bytesPerPixel = bits / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  const file = Buffer.alloc(54 + stride * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(topDown ? -height : height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(bits, 28);
  file.writeUInt32LE(compression, 30);
  for (let y = 0; y < height; y++) {
    const row = 54 + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) file.set([7, 100 * y, 10 * x], row + x * bytesPerPixel); // blue, green, red
  }
  return file;
}

test('loadImage decodes 24-bit bottom-up and 32-bit top-down BMPs, which sharp cannot read', async () => {
  for (const [bits, topDown] of [[24, false], [32, true]] as const) {
    const path = join(dir, `gradient-${bits}.bmp`);
    await writeFile(path, gradientBmp(bits, topDown));
    const image = await loadImage(path);
    assert.deepEqual([image.width, image.height], [4, 2]);
    assert.deepEqual([...image.data.subarray(0, 6)], [0, 0, 7, 10, 0, 7], `${bits}-bit: top row first, RGB order`);
    assert.deepEqual([...image.data.subarray(4 * 3 + 3 * 3)], [30, 100, 7]);
  }
});

test('loadImage refuses compressed, palette and truncated BMPs, and non-images, saying what to do', async () => {
  const rle = join(dir, 'rle.bmp');
  await writeFile(rle, gradientBmp(24, false, 1));
  await assert.rejects(loadImage(rle), /unsupported BMP: 24 bits per pixel, compression 1; save it as 24-bit BMP, JPEG or PNG/);
  const truncated = join(dir, 'truncated.bmp');
  await writeFile(truncated, gradientBmp(24, false).subarray(0, 60));
  await assert.rejects(loadImage(truncated), /truncated or damaged BMP: 4x2 pixels do not fit in 60 bytes/);
  const text = join(dir, 'notes.jpg');
  await writeFile(text, 'not an image');
  await assert.rejects(loadImage(text), (err: Error) => err instanceof LprError && /cannot read image ".*notes\.jpg": not an image format this tool decodes; convert it to JPEG, PNG, WebP, TIFF or BMP$/.test(err.message));
});
