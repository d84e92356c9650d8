"""The benchmark's two figures, drawn from a run's summary: accuracy.png (value recall of every
tool per variant, declform's own measures on every form) and speed.png (pages per minute)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any


def plot_accuracy(summary: Mapping[str, Any], target: Path) -> None:
    """Value recall per variant for every tool; declform's own measures on every form."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    variants = [*summary["variants"], "overall"]
    tools = summary["tools"]
    figure, (left, right) = plt.subplots(1, 2, figsize=(15, 5.5), width_ratios=(3, 2))
    width = 0.8 / max(1, len(tools))
    for k, tool in enumerate(tools):
        values = [summary["scores"]["text"][tool][v]["value_recall"] or 0.0 for v in variants]
        left.bar([i + k * width for i in range(len(variants))], values, width, label=tool)
    left.set_xticks([i + width * (len(tools) - 1) / 2 for i in range(len(variants))], variants)
    left.set_title("Indicator value recall, every tool on the same pages")
    forms = summary["scores"]["forms"].get("declform", {})
    # value exact is left out: it is taken on matched rows only, 100 % when none matched
    measures = (
        ("form_type", "form type"),
        ("header_exact", "header exact"),
        ("indicator_f1", "indicator F1"),
        ("cell_structure", "cell structure"),
    )
    width = 0.8 / len(measures)
    for k, (key, label) in enumerate(measures):
        values = [forms[v][key] or 0.0 if v in forms else 0.0 for v in variants]
        right.bar([i + k * width for i in range(len(variants))], values, width, label=label)
    right.set_xticks([i + width * (len(measures) - 1) / 2 for i in range(len(variants))], variants)
    right.set_title("declform on every form")
    for axes in (left, right):
        axes.set_ylim(0, 1.05)
        axes.tick_params(axis="x", labelrotation=30)
        # below the axes: a legend inside would hide bars that reach 1.0
        axes.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4)
        axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    figure.savefig(target, dpi=110)
    plt.close(figure)


def plot_speed(summary: Mapping[str, Any], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tools = summary["tools"]
    figure, axes = plt.subplots(figsize=(8, 4.5))
    for k, (key, label) in enumerate(
        (("pages_per_min_1", "1 worker"), ("pages_per_min_all", f"{summary['workers']} workers"))
    ):
        values = [summary["speed"][tool][key] or 0.0 for tool in tools]
        bars = axes.bar([i + k * 0.4 for i in range(len(tools))], values, 0.4, label=label)
        axes.bar_label(bars, fmt="%.1f", fontsize="small")
    axes.set_xticks([i + 0.2 for i in range(len(tools))], tools)
    axes.set_yscale("log")
    axes.set_ylabel("pages per minute (log scale)")
    axes.set_title(f"Speed on {summary['machine']['nproc']} cores ({summary['machine']['cpu']})")
    axes.legend()
    figure.tight_layout()
    figure.savefig(target, dpi=110)
    plt.close(figure)
