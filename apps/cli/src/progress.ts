/**
 * Progress for long work on stderr: a line redrawn in place on a terminal, an occasional plain line otherwise
 * (logs, CI), nothing with --quiet.
 */
export class ProgressLine {
  private lastDraw = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly enabled: boolean, private readonly intervalMs = 5000) {}

  update(text: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < (this.tty ? 200 : this.intervalMs)) return;
    this.lastDraw = now;
    this.write(text);
  }

  done(text: string): void {
    if (!this.enabled) return;
    this.write(text);
    if (this.tty) process.stderr.write('\n');
  }

  private write(text: string): void {
    process.stderr.write(this.tty ? `\r\x1b[2K${text}` : `${text}\n`);
  }
}
