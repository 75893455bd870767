"""CTC decoding of [C, T] scores: greedy, prefix beam search, and beam search restricted to plate templates."""
import numpy as np

from ..common.country import Country


def log_softmax(scores: np.ndarray) -> np.ndarray:
    """scores [C, T] -> log-probabilities over classes per timestep."""
    shifted = scores - scores.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


def greedy_decode(scores: np.ndarray, country: Country) -> str:
    best = scores.argmax(axis=0)
    out, previous = [], country.blank_index
    for index in best:
        if index != previous and index != country.blank_index:
            out.append(index)
        previous = index
    return country.decode(out)


def beam_decode(scores: np.ndarray, country: Country, beam_width: int = 10, templates: bool = False,
                prune_log_prob: float = -8.0) -> str:
    """CTC prefix beam search. With templates, prefixes that fit no template are dropped and the best complete
    text that matches a non-fallback template wins, else the best that matches a fallback one; if none does, the
    unconstrained best is returned."""
    log_probs = log_softmax(scores)
    blank = country.blank_index
    # prefix (tuple of class indices) -> (log P ending in blank, log P ending in a non-blank)
    beams: dict[tuple, tuple[float, float]] = {(): (0.0, -np.inf)}
    for t in range(log_probs.shape[1]):
        column = log_probs[:, t]
        candidates = [c for c in np.nonzero(column > prune_log_prob)[0] if c != blank]
        following: dict[tuple, list[float]] = {}

        def add(prefix, blank_lp, nonblank_lp):
            entry = following.setdefault(prefix, [-np.inf, -np.inf])
            entry[0] = np.logaddexp(entry[0], blank_lp)
            entry[1] = np.logaddexp(entry[1], nonblank_lp)

        for prefix, (p_blank, p_nonblank) in beams.items():
            total = np.logaddexp(p_blank, p_nonblank)
            add(prefix, total + column[blank], -np.inf)
            if prefix:  # repeating the last symbol without a blank in between does not extend the prefix
                add(prefix, -np.inf, p_nonblank + column[prefix[-1]])
            for c in candidates:
                extended = prefix + (c,)
                if templates and not country.matches_template_prefix(country.decode(extended)):
                    continue
                from_previous = p_blank if prefix and c == prefix[-1] else total
                add(extended, -np.inf, from_previous + column[c])
        ranked = sorted(following.items(), key=lambda kv: -np.logaddexp(*kv[1]))
        beams = {prefix: tuple(lp) for prefix, lp in ranked[:beam_width]}
    ranked = sorted(beams.items(), key=lambda kv: -np.logaddexp(*kv[1]))
    if templates:
        texts = [country.decode(prefix) for prefix, _ in ranked]
        for fallback in (False, True):  # fallback templates count only when no candidate fits another one
            match = next((t for t in texts if country.matches_template(t, fallback)), None)
            if match is not None:
                return match
        return beam_decode(scores, country, beam_width, templates=False, prune_log_prob=prune_log_prob)
    return country.decode(ranked[0][0])
