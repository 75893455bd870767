/**
 * Embedded pipeline cost: `lpr process` stages in one process on the fixture video, at its own size (640x360,
 * 10 fps) and scaled to 720p at 25 fps, with several detection schedules. Reports CPU milliseconds (not wall time:
 * the machine is shared) per frame for detection and in all, against the 40 ms a frame of a 25 fps stream allows
 * on one core. Prints markdown.
 *
 *   node --import tsx bench/pipeline.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { silentLogger } from '@lpr/core';
import { openFrameSource } from '@lpr/decode';
import { MemorySink } from '@lpr/events';
import {
  CameraIngest,
  TrackAssembler,
  assemblerOptionsFor,
  defaultMotionGate,
  frameDetector,
  loadCountrySetup,
  loadRecognizer,
  openDetector,
  processStream,
  type DetectionScheduleOptions,
  type FrameDetector,
  type VideoSearch,
} from '@lpr/pipeline';
import { InProcessCropQueue } from '@lpr/queue';
import { fixtureVehicles, fixtureVideoPath, makeFixtureVideo } from '../test/fixtures/fixture-video.js';

const video720p = fixtureVideoPath.replace(/\.mp4$/, '-720p25.mp4');

interface Variant {
  label: string;
  schedule: Partial<DetectionScheduleOptions>;
  minPlateWidth: number;
  /** Searches beyond the cascade (`frameDetector`); default: all the country file has. */
  search?: VideoSearch;
}

const oneTierGate = { ...defaultMotionGate, tierSplits: [] };
const twoTierGate = { ...defaultMotionGate, tierSplits: [0.08] };

const variants: Variant[] = [
  { label: 'full scan every frame', schedule: { fullScanEvery: 1, motionGate: null }, minPlateWidth: 0 },
  { label: 'full scan every 3rd frame, tracks between', schedule: { fullScanEvery: 3, motionGate: null }, minPlateWidth: 0 },
  { label: 'same, motion gate, changed regions grown by the widest plate', schedule: { fullScanEvery: 3, motionGate: oneTierGate }, minPlateWidth: 0 },
  { label: 'same, motion gate, plates up to 8% of the width in regions grown less', schedule: { fullScanEvery: 3, motionGate: twoTierGate }, minPlateWidth: 0 },
  { label: 'same, motion gate, each plate-width octave (5/10/20%) in regions grown by its widest', schedule: { fullScanEvery: 3 }, minPlateWidth: 0 },
  { label: 'same, full scan every 4th frame (default)', schedule: {}, minPlateWidth: 0 },
  { label: 'same, no rows of characters', schedule: {}, minPlateWidth: 0, search: { byColour: true, byCharacterRows: false } },
  { label: 'same, cascade only (no colour regions, no rows)', schedule: {}, minPlateWidth: 0, search: { byColour: false, byCharacterRows: false } },
  { label: 'full scan every 3rd frame, plates >= 60 px', schedule: { fullScanEvery: 3, motionGate: null }, minPlateWidth: 60 },
  { label: 'full scan every 6th frame, plates >= 60 px', schedule: { fullScanEvery: 6, motionGate: null }, minPlateWidth: 60 },
  { label: 'same, motion gate', schedule: { fullScanEvery: 6 }, minPlateWidth: 60 },
];

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function run(path: string, variant: Variant) {
  const setup = await loadCountrySetup('cn');
  const bound = await openDetector(setup, variant.minPlateWidth);
  const searched = frameDetector(bound, variant.search);
  let detectCpu = 0;
  const detector: FrameDetector = {
    // Awaited: the searches after the cascade's (colour regions, rows) run when its promise settles.
    detect: async (image, request) => {
      const before = cpuMs();
      try {
        return await searched.detect(image, request);
      } finally {
        detectCpu += cpuMs() - before;
      }
    },
  };
  const recognizer = await loadRecognizer(setup, { decoder: 'beam', useTemplates: true, device: 'cpu', logger: silentLogger });
  const sink = new MemorySink();
  const queue = new InProcessCropQueue(recognizer, { maxBatch: 32, maxWaitMs: 10 });
  const assembler = new TrackAssembler(sink, assemblerOptionsFor(setup));
  const ingest = new CameraIngest(detector, queue, assembler, {
    camera: 'bench',
    cropPadding: setup.country.plate.cropPadding,
    maxReadsPerTrack: 12,
    schedule: variant.schedule,
  });
  const source = await openFrameSource(path);
  const size = `${source.width}x${source.height} @ ${source.fps} fps`;
  const cpuBefore = cpuMs();
  await processStream(source, ingest, queue, assembler);
  const totalCpu = cpuMs() - cpuBefore;
  await recognizer.close();
  const frames = ingest.stats.frames;
  const correct = sink.events.filter((e, i) => e.plate === fixtureVehicles[i]?.plate).length;
  const { fullScans, motionScans, trackScans } = ingest.stats;
  const scans = `${fullScans} / ${motionScans} / ${trackScans}`;
  return { size, frames, scans, detectCpu, totalCpu, crops: ingest.stats.cropsQueued, events: sink.events.length, correct };
}

if (!existsSync(fixtureVideoPath)) makeFixtureVideo();
if (!existsSync(video720p)) {
  const scaled = spawnSync(ffmpeg.path, ['-y', '-loglevel', 'error', '-i', fixtureVideoPath, '-vf', 'scale=1280:720,fps=25', '-c:v', 'libx264', '-crf', '23', video720p]);
  if (scaled.status !== 0) throw new Error(`cannot make ${video720p}: ${scaled.stderr}`);
}

console.log('CPU time of this process (decoding runs in ffmpeg, outside it). A 25 fps stream allows 40 ms per frame on one core.\n');
console.log(
  'A motion gate searches a full-scan frame only where the picture changed since the previous one (the whole frame every 2 s): ' +
    'each changed region grown by the widest plate (a quarter of the frame width), or searched in tiers of plate width, each tier ' +
    'in the changed regions grown by its widest plate: small plates, searched at fine scales where every pixel costs, in ' +
    'regions grown least; scans: whole frame / changed regions / around tracks.\n',
);
console.log('| video | detection | frames | scans | detect CPU ms/frame | all stages CPU ms/frame | crops | events (read exactly) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const path of [fixtureVideoPath, video720p]) {
  for (const variant of variants) {
    const r = await run(path, variant);
    console.log(
      `| ${r.size} | ${variant.label} | ${r.frames} | ${r.scans} | ${(r.detectCpu / r.frames).toFixed(1)} | ${(r.totalCpu / r.frames).toFixed(1)} | ` +
        `${r.crops} | ${r.events} (${r.correct}) |`,
    );
  }
}
