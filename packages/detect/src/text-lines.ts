import type { Box } from '@lpr/core';
import type { Region } from './binary-mask.js';

/** Rows on one line: the widest gap between them, in character heights (a space or two, a colon, a slash). */
const LINE_GAP = 2.5;
/** Rows on one line: heights within this ratio, centres within this share of a height up or down. */
const SAME_HEIGHT = 1.4;
const SAME_LINE = 0.3;

interface Row {
  box: Box;
  height: number;
  characters: number;
}

/**
 * Lines of text: rows of characters (each a list of character blobs, as `chainRows` gives them) that follow one
 * another on one line, at about one height, with gaps of at most `LINE_GAP` character heights, holding more than
 * `maxCharacters` characters between them. A plate carries at most `maxCharacters`; a longer line is text such as the
 * date and time a camera prints on its pictures, and no plate lies within it. Boxes in the rows' pixels.
 */
export function textLines(rows: readonly (readonly Region[])[], maxCharacters: number): Box[] {
  const sorted = rows.map(rowOf).sort((a, b) => a.box.x - b.box.x);
  const used = new Uint8Array(sorted.length);
  const lines: Box[] = [];
  for (let start = 0; start < sorted.length; start++) {
    if (used[start]) continue;
    used[start] = 1;
    const line = [sorted[start]!];
    for (let j = start + 1; j < sorted.length; j++) {
      const last = line[line.length - 1]!;
      const next = sorted[j]!;
      if (used[j] || !followsOnLine(last, next)) continue;
      used[j] = 1;
      line.push(next);
    }
    if (line.reduce((sum, row) => sum + row.characters, 0) > maxCharacters) lines.push(boundingBox(line.map((row) => row.box)));
  }
  return lines;
}

function rowOf(blobs: readonly Region[]): Row {
  const box = boundingBox(blobs);
  return { box, height: blobs.reduce((sum, b) => sum + b.h, 0) / blobs.length, characters: blobs.length };
}

function followsOnLine(left: Row, right: Row): boolean {
  const gap = right.box.x - (left.box.x + left.box.w);
  const ratio = Math.max(left.height, right.height) / Math.min(left.height, right.height);
  const offset = Math.abs(right.box.y + right.box.h / 2 - (left.box.y + left.box.h / 2));
  return gap >= -0.5 * left.height && gap <= LINE_GAP * left.height && ratio <= SAME_HEIGHT && offset <= SAME_LINE * left.height;
}

function boundingBox(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.w));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: right - x, h: bottom - y };
}
