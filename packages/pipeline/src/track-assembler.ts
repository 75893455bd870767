import { roundScore, silentLogger, type CropResult, type Logger, type PlateEvent } from '@lpr/core';
import type { PlateEventSink } from '@lpr/events';
import type { TrackSummary } from '@lpr/track';
import { PlateVoter, type PlateRank, type VoteOptions } from '@lpr/vote';

/** How the country's templates describe a plate: which template it matches and how it is printed. */
export type PlateDescriber = (plate: string) => { template: string | null; formatted: string };

export interface AssemblerOptions {
  country: string;
  rank: PlateRank;
  describe: PlateDescriber;
  vote?: Partial<VoteOptions>;
  /**
   * A track whose plate the same camera already published for a track that overlapped it, or ended less than this
   * long before it started, is the same vehicle whose track was split (a detection the tracker failed to
   * associate): it is not published again. Default 500 ms: a lost plate is found again at the next full scan.
   */
  duplicateWindowMs?: number;
  /** Event id of a camera's track; must be unique and stable (default `camera:track`). */
  eventId?: (camera: string, track: number) => string;
  logger?: Logger;
}

export interface AssemblerStats {
  tracksEnded: number;
  eventsPublished: number;
  /** Tracks that ended without a plate that enough reads agreed on. */
  tracksWithoutPlate: number;
  /** Tracks not published because their vehicle's plate just was (see duplicateWindowMs). */
  duplicatesSuppressed: number;
  failedReads: number;
}

interface OpenTrack {
  camera: string;
  track: number;
  voter: PlateVoter;
  /** Crops handed to the recognizer whose results have not come back yet. */
  pending: number;
  ended: TrackSummary | null;
}

/**
 * Collects the reads of each vehicle track and publishes one event per track once the track has ended and every
 * crop sent for it has come back. Reads and track ends arrive in any order (the recognizer is asynchronous, possibly
 * on another machine), so a track is closed only when both are complete.
 */
export class TrackAssembler {
  private readonly tracks = new Map<string, OpenTrack>();
  private readonly logger: Logger;
  private publishing: Promise<void> = Promise.resolve();
  /** Per camera, when each recently published plate was last seen. */
  private readonly recentPlates = new Map<string, Map<string, number>>();
  readonly stats: AssemblerStats = {
    tracksEnded: 0,
    eventsPublished: 0,
    tracksWithoutPlate: 0,
    duplicatesSuppressed: 0,
    failedReads: 0,
  };

  constructor(
    private readonly sink: PlateEventSink,
    private readonly options: AssemblerOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  /** A crop of this track went to the recognizer. */
  cropQueued(camera: string, track: number): void {
    this.open(camera, track).pending++;
  }

  /** A crop came back from the recognizer. */
  cropRecognized(result: CropResult): void {
    const t = this.tracks.get(key(result.camera, result.track));
    if (!t) {
      this.logger.warn('result for an unknown track dropped', { camera: result.camera, track: result.track });
      return;
    }
    t.pending--;
    if (result.read) t.voter.add(result.read);
    else this.stats.failedReads++;
    this.closeIfComplete(t);
  }

  trackEnded(camera: string, summary: TrackSummary): void {
    const t = this.open(camera, summary.track);
    t.ended = summary;
    this.closeIfComplete(t);
  }

  /** Resolves once every event decided so far has been published. */
  flush(): Promise<void> {
    return this.publishing;
  }

  /** Tracks still waiting for their end or for recognition results. */
  get openTracks(): number {
    return this.tracks.size;
  }

  private open(camera: string, track: number): OpenTrack {
    const k = key(camera, track);
    let t = this.tracks.get(k);
    if (!t) {
      t = { camera, track, voter: new PlateVoter(this.options.rank, this.options.vote), pending: 0, ended: null };
      this.tracks.set(k, t);
    }
    return t;
  }

  private isDuplicate(camera: string, plate: string, track: TrackSummary): boolean {
    const window = this.options.duplicateWindowMs ?? 500;
    let recent = this.recentPlates.get(camera);
    if (!recent) this.recentPlates.set(camera, (recent = new Map()));
    // Forget plates long gone (a minute: tracks end out of order) so the map stays small on a busy camera.
    for (const [p, lastSeenMs] of recent) if (lastSeenMs < track.firstSeenMs - window - 60_000) recent.delete(p);
    const previous = recent.get(plate);
    recent.set(plate, Math.max(previous ?? 0, track.lastSeenMs));
    return previous !== undefined && track.firstSeenMs <= previous + window;
  }

  private closeIfComplete(t: OpenTrack): void {
    if (!t.ended || t.pending > 0) return;
    this.tracks.delete(key(t.camera, t.track));
    this.stats.tracksEnded++;
    const vote = t.voter.result();
    if (!vote) {
      this.stats.tracksWithoutPlate++;
      this.logger.debug('track ended without an agreed plate', {
        camera: t.camera,
        track: t.track,
        reads: t.voter.reads,
        leaders: t.voter.leaders().map((c) => `${c.plate}:${c.score.toFixed(2)}`),
      });
      return;
    }
    if (this.isDuplicate(t.camera, vote.plate, t.ended)) {
      this.stats.duplicatesSuppressed++;
      this.logger.debug('duplicate of a plate just published', { camera: t.camera, track: t.track, plate: vote.plate });
      return;
    }
    const { template, formatted } = this.options.describe(vote.plate);
    const event: PlateEvent = {
      type: 'plate',
      id: this.options.eventId?.(t.camera, t.track) ?? `${t.camera}:${t.track}`,
      plate: vote.plate,
      formatted,
      template,
      confidence: roundScore(vote.confidence),
      country: this.options.country,
      camera: t.camera,
      track: t.track,
      firstSeenMs: Math.round(t.ended.firstSeenMs),
      lastSeenMs: Math.round(t.ended.lastSeenMs),
      reads: vote.reads,
      candidates: vote.candidates.map((c) => ({ plate: c.plate, score: roundScore(c.score) })),
      box: roundBox(t.ended.bestBox),
    };
    // Publish in decision order; a failed publish is logged and retried by the sink, never silently dropped here.
    this.publishing = this.publishing.then(async () => {
      await this.sink.publish(event);
      this.stats.eventsPublished++;
    });
  }
}

function key(camera: string, track: number): string {
  return `${camera}\u0000${track}`;
}

function roundBox(b: { x: number; y: number; w: number; h: number }) {
  return { x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h) };
}
