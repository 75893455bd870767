/**
 * Progress for long work on stderr: a line redrawn in place on a terminal, an occasional plain line otherwise
 * (logs, CI), nothing with --quiet.
 */
export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;
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
    this.drawn = false;
  }

  private write(text: string): void {
    if (this.tty) {
      process.stderr.write(`\r\x1b[2K${text}`);
      this.drawn = true;
    } else {
      process.stderr.write(text + '\n');
    }
  }

  /** Move off the progress line before something else is printed to stderr. */
  clear(): void {
    if (this.tty && this.drawn) process.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}
