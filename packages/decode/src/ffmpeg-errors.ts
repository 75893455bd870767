import { redactUrl } from './redact.js';

export interface FfmpegFailure {
  /** The input as the user gave it (path or URL, not yet redacted). */
  input: string;
  /** Whether the input is a live network stream (connection wording) or a file. */
  live: boolean;
  /** ffmpeg's stderr lines, oldest first (the tail is enough). */
  stderr: readonly string[];
  /** How long ffmpeg ran; a live input that failed to open after the socket timeout did so because nothing answered. */
  elapsedMs: number;
  socketTimeoutMs: number;
  /** Whether frames had started to flow (the input opened and later broke). */
  opened: boolean;
}

/** How the user names the input in messages: files quoted, live URLs bare, credentials never shown (an http:// file
 * is read as a file but may carry them too). */
export function inputLabel(input: string, live: boolean): string {
  return live ? redactUrl(input) : `"${redactUrl(input)}"`;
}

/**
 * ffmpeg's own diagnosis: the last lines not indented and not prefixed by a `[component @ 0x...]` tag, which is
 * where ffmpeg prints `<input>: <strerror>`. The input prefix is dropped since our message names the input itself.
 */
function ffmpegReason(stderr: readonly string[], input: string): string {
  const diagnosis = stderr.filter((line) => line.trim() !== '' && !/^[\s[]/.test(line) && !/^frame=/.test(line));
  const last = diagnosis.at(-1) ?? 'ffmpeg failed without a message';
  const withoutInput = last.startsWith(`${input}: `) ? last.slice(input.length + 2) : last;
  return redactUrl(withoutInput);
}

/** One line for the user, naming the input and what to check. */
export function explainFfmpegFailure(failure: FfmpegFailure): string {
  const { input, live, stderr } = failure;
  const label = inputLabel(input, live);
  const reason = ffmpegReason(stderr, input);
  const log = stderr.join('\n');
  if (live) {
    const prefix = failure.opened ? `lost ${label}` : `cannot connect to ${label}`;
    const check = '(check the URL and that the camera is reachable)';
    const seconds = Math.round(failure.socketTimeoutMs / 100) / 10;
    if (/Connection refused/i.test(log)) return `${prefix}: connection refused ${check}`;
    // While connecting, a silent socket surfaces as "Invalid data found" once -stimeout expires: judge by the time.
    if (/timed out/i.test(log) || (!failure.opened && failure.elapsedMs >= failure.socketTimeoutMs)) {
      return `${prefix}: no answer within ${seconds} s ${check}`;
    }
    if (/401 Unauthorized/.test(log)) return `${prefix}: authentication failed (check the user name and password)`;
    if (/404 Not Found/.test(log)) return `${prefix}: stream not found (check the path after the host)`;
    if (/Name or service not known|Failed to resolve|Temporary failure in name resolution/i.test(log)) {
      return `${prefix}: unknown host ${check}`;
    }
    if (/No route to host|Network is unreachable/i.test(log)) return `${prefix}: host unreachable ${check}`;
    if (/Invalid data found when processing input/.test(log)) {
      return `${label} did not answer as an RTSP camera (${reason})`;
    }
    return `${prefix}: ${reason}`;
  }
  if (/No such file or directory/.test(log)) return `cannot open ${label}: no such file`;
  if (/Permission denied/.test(log)) return `cannot open ${label}: permission denied`;
  if (/Is a directory/.test(log)) return `cannot open ${label}: it is a directory, not a video file`;
  if (/matches no streams|does not contain any stream/.test(log)) return `${label} has no video stream`;
  if (/Invalid data found when processing input/.test(log)) {
    return `${label} is not a video ffmpeg can decode (Invalid data found when processing input)`;
  }
  return failure.opened ? `decoding ${label} failed: ${reason}` : `cannot decode ${label}: ${reason}`;
}
