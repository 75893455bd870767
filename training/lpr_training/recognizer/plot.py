"""Loss and validation accuracy curves of a run, as a PNG."""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the headless backend)


def plot_curves(history: list[dict], path: Path) -> None:
    losses = [h for h in history if "loss" in h]
    checks = [h for h in history if "val" in h]
    fig, loss_axis = plt.subplots(figsize=(9, 4.5))
    loss_axis.plot([h["iteration"] for h in losses], [h["loss"] for h in losses], color="tab:blue", lw=0.8)
    loss_axis.set_xlabel("iteration")
    loss_axis.set_ylabel("CTC loss", color="tab:blue")
    loss_axis.set_yscale("log")
    accuracy_axis = loss_axis.twinx()
    for decoder, colour in (("greedy", "tab:orange"), ("beamTemplates", "tab:green")):
        accuracy_axis.plot([h["iteration"] for h in checks], [h["val"][decoder]["sequence"] for h in checks],
                           color=colour, marker=".", label=f"val sequence acc ({decoder})")
    accuracy_axis.set_ylim(0, 1)
    accuracy_axis.set_ylabel("validation accuracy")
    accuracy_axis.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_comparison(histories: dict[str, list[dict]], path: Path, decoder: str = "beamTemplates") -> None:
    """Several runs side by side: training loss (left) and validation sequence accuracy (right) by iteration."""
    fig, (loss_axis, accuracy_axis) = plt.subplots(1, 2, figsize=(12, 4.5))
    for label, history in histories.items():
        losses = [h for h in history if "loss" in h]
        checks = [h for h in history if "val" in h]
        line, = loss_axis.plot([h["iteration"] for h in losses], [h["loss"] for h in losses], lw=0.8, label=label)
        accuracy_axis.plot([h["iteration"] for h in checks], [h["val"][decoder]["sequence"] for h in checks],
                           marker=".", color=line.get_color(), label=label)
    loss_axis.set_xlabel("iteration")
    loss_axis.set_ylabel("CTC loss")
    loss_axis.set_yscale("log")
    loss_axis.legend()
    accuracy_axis.set_xlabel("iteration")
    accuracy_axis.set_ylabel(f"validation sequence accuracy ({decoder})")
    accuracy_axis.set_ylim(0, 1)
    accuracy_axis.grid(alpha=0.3)
    accuracy_axis.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
