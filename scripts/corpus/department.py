"""Department-wide forms (部门整体支出绩效目标申报表) synthesised from the seed vocabulary.

The seeds hold project forms only, so the department layout would otherwise rest on a few
hand-made golden records. A synthetic department record takes a department named in the
seeds, lists some of that department's seed projects as 项目支出 tasks with their annual
amounts, adds 基本支出 rows, and borrows annual indicators from those projects. Amounts are
summed in integer fen so the 金额合计 row equals the sum of the task rows exactly.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from declform.normalize.text import clean_text
from scripts.corpus.truth import Record, TruthForm, canonical

_LEVEL1_ORDER = ("产出指标", "成本指标", "效益指标", "满意度指标")
_LEVEL2_ORDER = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会效益指标",
    "经济效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)
# (name, lowest, highest) in fen: tens to hundreds of 万元, as on the real department forms
_BASIC_TASKS = (("人员经费", 50_00_00, 800_00_00), ("公用经费", 10_00_00, 150_00_00))
_EXTRA_BASIC = ("对个人和家庭的补助", 2_00_00, 30_00_00)


def _rank(value: str | None, order: Sequence[str]) -> int:
    return order.index(value) if value in order else len(order)


def _indicator_key(indicator: Mapping[str, Any]) -> tuple[int, str, int, str]:
    """Table order: 一级 groups in the printed order, 二级 runs within them kept together."""
    return (
        _rank(indicator.get("level1"), _LEVEL1_ORDER),
        str(indicator.get("level1_raw") or ""),
        _rank(indicator.get("level2"), _LEVEL2_ORDER),
        str(indicator.get("level2_raw") or ""),
    )


def _fen(value: Any) -> int | None:
    return None if value is None else round(float(value) * 100)


def _yuan(fen: int | None) -> float | None:
    return None if fen is None else round(fen / 100, 2)


def _task(category: str, name: str, total: int, transfer: int | None) -> Record:
    fiscal = total - (transfer or 0)
    return {
        "category": category,
        "name": name,
        "content": None,
        "total": _yuan(total),
        "fiscal": _yuan(fiscal) if fiscal else None,
        "transfer": _yuan(transfer) if transfer else None,
    }


def _projects_by_department(pool: Sequence[TruthForm]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for form in pool:
        record = form.record
        name = (record.get("project") or {}).get("name")
        department = (record.get("project") or {}).get("competent_department")
        total = ((record.get("funding") or {}).get("annual") or {}).get("total")
        if form.form_type == "project" and name and department and total is not None:
            grouped.setdefault(str(department), []).append(record)
    return grouped


def _tasks(rng: random.Random, projects: Sequence[Mapping[str, Any]]) -> list[Record]:
    basic = list(_BASIC_TASKS) + ([_EXTRA_BASIC] if rng.random() < 0.3 else [])
    tasks = [_task("基本支出", name, rng.randint(low, high), None) for name, low, high in basic]
    for project in projects:
        total = _fen(project["funding"]["annual"]["total"]) or rng.randint(10_00, 500_00)
        # a few projects are partly paid from transfers, as on the real department forms
        share = rng.uniform(0.1, 0.6) if rng.random() < 0.2 else 0.0
        transfer = round(total * share / 100) * 100 or None  # whole 万元
        transfer = transfer if transfer is None or transfer < total else None
        tasks.append(_task("项目支出", str(project["project"]["name"]), total, transfer))
    return tasks


def _sum(tasks: Sequence[Mapping[str, Any]], key: str) -> float | None:
    amounts = [_fen(task[key]) for task in tasks if task[key] is not None]
    return _yuan(sum(a for a in amounts if a is not None)) if amounts else None


def _indicators(rng: random.Random, projects: Sequence[Mapping[str, Any]]) -> list[Record]:
    candidates: list[Record] = []
    seen: set[str] = set()
    for project in projects:
        for indicator in project.get("indicators") or []:
            if indicator["period"] == "annual" and indicator["name"] not in seen:
                seen.add(indicator["name"])
                candidates.append(dict(indicator))
    chosen = rng.sample(candidates, k=min(len(candidates), rng.randint(3, 9)))
    return sorted(chosen, key=_indicator_key)


def synthesize_department(
    rng: random.Random, department: str, projects: Sequence[Mapping[str, Any]], number: int
) -> TruthForm:
    chosen = rng.sample(list(projects), k=min(len(projects), rng.randint(2, 6)))
    years = Counter(p["fiscal_year"] for p in chosen if p.get("fiscal_year"))
    year = years.most_common(1)[0][0] if years else 2026
    tasks = _tasks(rng, chosen)
    goals = [g for g in (p["goals"].get("annual") for p in chosen) if g]
    goal = " ".join(goals[:2]) or None
    filler: Mapping[str, Any] = next((p["filler"] for p in chosen if any(p["filler"].values())), {})
    record: Record = {
        "schema": "perfform/1",
        "source": {"path": f"synthetic:department-{number}", "sha256": "", "pages": [1]},
        "form_type": "department",
        "title": f"{department}{year}年部门整体支出绩效目标申报表".replace(" ", ""),
        "fiscal_year": year,
        "project": {
            "competent_department": department,
            "department_code": f"{rng.randrange(10**9):09d}",
        },
        "filler": dict(filler),
        "funding": {
            "medium_term": {},
            "annual": {
                "total": _sum(tasks, "total"),
                "fiscal": _sum(tasks, "fiscal"),
                "other": _sum(tasks, "transfer"),
            },
        },
        "goals": {"annual": clean_text(goal)},
        "indicators": _indicators(rng, chosen),
        "tasks": tasks,
    }
    digest = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
    record["source"]["sha256"] = hashlib.sha256(digest).hexdigest()
    origin = f"synthetic:department-{number}"
    return TruthForm(f"dept-synth-{number:02d}", origin, canonical(record))


def synthesize_departments(pool: Sequence[TruthForm], count: int, seed: int) -> list[TruthForm]:
    """`count` department records built from `pool`'s project forms (same seed, same records)."""
    grouped = _projects_by_department(pool)
    departments = sorted(name for name, projects in grouped.items() if len(projects) >= 2)
    if not departments:
        return []
    rng = random.Random(f"department-synthesis-{seed}")
    return [
        synthesize_department(rng, (name := rng.choice(departments)), grouped[name], number)
        for number in range(1, count + 1)
    ]
