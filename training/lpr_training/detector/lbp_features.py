"""Multi-block LBP features, computed exactly as OpenCV's LBP cascades evaluate them.

A feature is a rectangle (x, y, w, h) giving the size of one block of a 3x3 grid of blocks starting at (x, y).
Its value is an 8-bit code: each of the 8 outer blocks sets one bit when its pixel sum is >= the centre block's sum.
Bit weights follow OpenCV's `LBPEvaluator::OptFeature::calc` (blocks numbered row-major 0..8, 4 is the centre).
"""
import numpy as np

# (block index, bit weight) in the order OpenCV ORs them together.
BLOCK_BITS = ((0, 128), (1, 64), (2, 32), (5, 16), (8, 8), (7, 4), (6, 2), (3, 1))
CENTRE_BLOCK = 4


def enumerate_feature_rects(window_width: int, window_height: int) -> np.ndarray:
    """Every block rectangle whose 3x3 grid fits the window, int32 [F, 4] (x, y, w, h), in traincascade's order."""
    rects = [
        (x, y, w, h)
        for x in range(window_width)
        for y in range(window_height)
        for w in range(1, window_width // 3 + 1)
        for h in range(1, window_height // 3 + 1)
        if x + 3 * w <= window_width and y + 3 * h <= window_height
    ]
    return np.array(rects, np.int32).reshape(-1, 4)


def integral_images(windows: np.ndarray) -> np.ndarray:
    """Integral images int32 [N, H+1, W+1] of uint8 windows [N, H, W] (zero first row and column, like cv2.integral)."""
    n, h, w = windows.shape
    integral = np.zeros((n, h + 1, w + 1), np.int32)
    np.cumsum(np.cumsum(windows, axis=1, dtype=np.int32), axis=2, out=integral[:, 1:, 1:])
    return integral


def _grid_point_offsets(rects: np.ndarray, integral_width: int) -> np.ndarray:
    """Flat integral-image offsets int64 [F, 4, 4] of the 4x4 grid corners of each feature's 3x3 blocks."""
    steps = np.arange(4)
    xs = rects[:, 0, None] + steps[None, :] * rects[:, 2, None]  # [F, 4] column of each grid line
    ys = rects[:, 1, None] + steps[None, :] * rects[:, 3, None]  # [F, 4] row of each grid line
    return ys[:, :, None].astype(np.int64) * integral_width + xs[:, None, :]


def lbp_codes(windows: np.ndarray, rects: np.ndarray, chunk: int = 256) -> np.ndarray:
    """LBP codes uint8 [N, F] of every feature rect on every window (uint8 [N, H, W])."""
    n, h, w = windows.shape
    offsets = _grid_point_offsets(rects, w + 1)
    codes = np.empty((n, len(rects)), np.uint8)
    for start in range(0, n, chunk):  # chunked: the gathered corners are 64 bytes per (window, feature)
        flat = integral_images(windows[start:start + chunk]).reshape(-1, (h + 1) * (w + 1))
        corners = flat[:, offsets]  # [n, F, 4, 4] integral values at grid corners
        blocks = corners[:, :, :-1, :-1] - corners[:, :, :-1, 1:] - corners[:, :, 1:, :-1] + corners[:, :, 1:, 1:]
        blocks = blocks.reshape(len(flat), len(rects), 9)
        centre = blocks[:, :, CENTRE_BLOCK]
        code = np.zeros(centre.shape, np.uint8)
        for block, bit in BLOCK_BITS:
            code |= np.where(blocks[:, :, block] >= centre, np.uint8(bit), np.uint8(0))
        codes[start:start + chunk] = code
    return codes
