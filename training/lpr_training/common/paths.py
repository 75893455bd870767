"""Where the repository, the shared real data, the models and the training outputs live."""
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]

# Real data is kept outside the repository (never copied in); LPR_SHARED_DATA points elsewhere when needed.
SHARED_DATA = Path(os.environ.get("LPR_SHARED_DATA", REPO_ROOT.parent / "shared" / "data")).resolve()

MODELS_DIR = REPO_ROOT / "models"
COUNTRIES_DIR = MODELS_DIR / "countries"
CONFIGS_DIR = REPO_ROOT / "training" / "configs"
RUNS_DIR = REPO_ROOT / "training" / "runs"    # gitignored
CACHE_DIR = REPO_ROOT / "training" / "cache"  # gitignored

