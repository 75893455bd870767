import { LprError, errorMessage } from '@lpr/core';
import { cameraCommand } from './commands/camera.js';
import { detectCommand } from './commands/detect.js';
import { evalVideoCommand } from './commands/eval-video.js';
import { eventsCommand } from './commands/events.js';
import { ingestCommand } from './commands/ingest.js';
import { processCommand } from './commands/process.js';
import { quantizeCommand } from './commands/quantize.js';
import { recognizeCommand } from './commands/recognize.js';
import { recognizerCommand } from './commands/recognizer.js';

interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const commands: Record<string, Command> = {
  process: { summary: 'read plates from a video file or RTSP stream, one event per vehicle', run: processCommand },
  recognize: { summary: 'read the plate in each image (plate crops)', run: recognizeCommand },
  detect: { summary: 'find plates in each image', run: detectCommand },
  'eval-video': { summary: 'score the pipeline on labelled clips: plates read, wrong extra and duplicate events', run: evalVideoCommand },
  ingest: { summary: 'distributed mode: decode cameras, detect and track, publish events to Redis', run: ingestCommand },
  recognizer: { summary: 'distributed mode: read plate crops from the Redis queue in batches', run: recognizerCommand },
  quantize: { summary: 'make the INT8 recognizer model, calibrated on real plate crops', run: quantizeCommand },
  camera: { summary: 'distributed mode: add, list or remove cameras in the Redis registry', run: cameraCommand },
  events: { summary: 'distributed mode: print plate events from the Redis stream', run: eventsCommand },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: lpr <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun "lpr <command> --help" for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new LprError(`unknown command "${name}"; commands: ${Object.keys(commands).join(', ')} (see: lpr --help)`);
  return command.run(rest);
}

const debug = process.argv.includes('--debug');
main(process.argv.slice(2).filter((a) => a !== '--debug')).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Users get one line they can act on; stack traces only when asked for.
    if (debug) process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    else if (err instanceof LprError) process.stderr.write(`lpr: ${err.message}\n`);
    else process.stderr.write(`lpr: unexpected error: ${errorMessage(err)} (run again with --debug for details)\n`);
    process.exitCode = 1;
  },
);
