import type { Candidate, PlateRead } from '@lpr/core';
import type { PlateTemplates } from './templates.js';

/**
 * Turn decoder candidates (best first) into a read. With templates, the first candidate that matches one wins,
 * even over a likelier candidate that matches none: a plate-shaped string is worth more than a raw probability
 * lead. When none matches, or `templates` is null (`--no-templates`), the best raw candidate is read with
 * `template: null`. No candidates (an all-zero output) read as the empty string with confidence 0.
 */
export function choosePlate(candidates: Candidate[], templates: PlateTemplates | null): PlateRead {
  if (templates) {
    for (const candidate of candidates) {
      const template = templates.match(candidate.plate);
      if (template !== null) return { plate: candidate.plate, confidence: candidate.score, candidates, template };
    }
  }
  const best = candidates[0];
  return { plate: best?.plate ?? '', confidence: best?.score ?? 0, candidates, template: null };
}
