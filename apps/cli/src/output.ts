/** Results go to stdout, one line each; everything else (logs, progress, errors) goes to stderr. */
export function printLine(line: string): void {
  process.stdout.write(line + '\n');
}

export function printJson(value: unknown): void {
  printLine(JSON.stringify(value));
}

/** A per-input error that does not stop the command (e.g. one corrupt image in a directory). */
export function printInputError(message: string): void {
  process.stderr.write(`lpr: ${message}\n`);
}

export function formatMediaTime(ms: number): string {
  const s = ms / 1000;
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${(s - m * 60).toFixed(2).padStart(5, '0')}`;
}
