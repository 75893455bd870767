import { boundingBox, type Box } from '@lpr/core';
import type { Region } from './binary-mask.js';
import { onOneLine } from './character-shape.js';

/** Rows on one line: the widest gap between them, in character heights (a space or two, a colon, a slash). */
const LINE_GAP = 2.5;

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
  const centre = (row: Row) => row.box.y + row.box.h / 2;
  return gap >= -0.5 * left.height && gap <= LINE_GAP * left.height && onOneLine(centre(left), left.height, centre(right), right.height);
}
