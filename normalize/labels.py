"""The printed header labels of the project and department forms.

Keys are what the layouts code against; variants are the printed forms collected from the
seeds (a key's canonical text first). Matching rules live in declform.normalize.vocabulary: notes in
brackets, leading years and year ranges do not count, OCR noise is matched fuzzily and
reported with `exact=False`, and keys of three characters or fewer match exactly only.
"""

from __future__ import annotations

from declform.normalize.vocabulary import Entry, VocabMatch, Vocabulary

LABEL_ENTRIES = (
    Entry("project_name", "项目名称", ("项目",)),
    Entry(
        "competent_department",
        "主管部门及代码",
        ("主管部门", "主管部门代码", "主管单位", "项目主管部门", "主管部门名称"),
    ),
    Entry("implementing_unit", "实施单位", ("项目实施单位", "项目执行单位", "执行单位")),
    Entry("attribute", "项目属性", ("项目性质", "项目类型", "项目类别")),
    Entry(
        "period",
        "项目期",
        ("项目日期", "项目周期", "项目期限", "实施周期", "实施期", "项目实施期", "实施期限"),
    ),
    Entry(
        "funding",
        "项目资金(万元)",
        ("资金情况(万元)", "项目资金", "资金情况", "项目资金申请", "资金投入"),
    ),
    # the whole project's funding counts as the medium term (项目资金总额, 项目总预算); as an
    # indicator's name (成本指标) it is no label: see anchors.grid_anchors
    Entry(
        "medium_total",
        "中期资金总额",
        ("中期预算总额", "实施期资金总额", "长期资金总额", "项目总预算", "项目资金总额"),
    ),
    Entry(
        "annual_total",
        "年度资金总额",
        ("年度预算总额", "年度资金申请总额", "当年资金总额", "本年资金总额", "项目当年预算"),
    ),
    Entry(
        "fiscal",
        "其中:财政拨款",
        ("财政拨款", "其中:财政资金", "财政资金", "当年财政拨款", "其中:当年财政拨款"),
    ),
    Entry("other", "其他资金", ("其中:其他资金", "自筹资金")),
    Entry("goals", "总体目标", ("绩效目标", "项目绩效目标")),
    Entry(
        "medium_goal",
        "中期目标",
        (
            "中期目标(2026年—2028年)", "中期目标 (2025-2027年)", "长期目标", "实施期目标",
            "项目绩效总目标", "项目总目标", "绩效总目标",
        ),
    ),
    Entry(
        "annual_goal",
        "年度目标",
        (
            "2026年度目标", "年度总体目标", "年度总体 目标", "年度绩效目标", "总体绩效目标",
            "当年绩效目标", "本年度目标",
        ),
    ),
    Entry("indicators", "绩效指标", ("年度绩效", "年度绩效指标", "绩效 指标", "项目绩效指标")),
    Entry("level1_header", "一级指标", ("一级",)),
    Entry("level2_header", "二级指标", ()),
    Entry("level3_header", "三级指标", ("指标内容", "指标名称", "三级指标名称")),
    Entry("value_header", "指标值", ("年度指标值", "中期指标值", "预期指标值", "目标值")),
    # the operator and the unit, where a form prints them in columns of their own
    Entry("operator_header", "指标性质", ("指标符号", "比较符")),
    Entry("unit_header", "计量单位", ("度量单位", "单位")),
    # columns a block may print that hold no part of the indicator: known, so never mistaken
    # for a lost indicator heading beside them
    Entry("weight_header", "权重", ("指标权重", "分值")),
    Entry("note_header", "备注", ("说明", "指标说明", "评分标准", "评价标准")),
    Entry("filler", "填报人及联系电话", ("填报人", "填报人联系电话", "联系人及联系电话")),
    Entry("fill_date", "填报日期", ()),
    Entry(
        "department_name",
        "部门(单位名称)",
        (
            "部门(单位)名称", "部门名称", "单位名称", "部门(单位)", "预算部门", "单位名称及代码",
            "部门名称及代码",
        ),
    ),
    Entry("main_tasks", "年度主要任务", ("年度重点工作任务", "重点工作任务", "年度重点任务")),
    Entry("task_name", "任务名称", ("名称",)),
    Entry("task_content", "主要内容", ("主要实施内容", "实施内容")),
    Entry("budget", "预算申请(万元)", ("预算申请",)),
    Entry("task_total", "总额", ("拟投入的资金", "拟投入资金")),
    Entry("task_transfer", "转移性资金", ()),
    Entry("task_goal", "期望达到的目标", ("预期达到的目标", "期望目标", "预期目标", "预期效果")),
    Entry("amount_total", "金额合计", ("合计",)),
)

LABELS = Vocabulary(LABEL_ENTRIES)

# Every key `canonical_label` can return; layout files may only name these.
LABEL_KEYS: tuple[str, ...] = tuple(entry.key for entry in LABEL_ENTRIES)


# The forms' first column holds labels only: there one misread character of a
# four-character label counts as one edit ("项目名脉" for 项目名称 on a heavy photocopy).
_LABEL_COLUMN = Vocabulary(LABEL_ENTRIES, closed_column=True)


def canonical_label(text: str | None, in_label_column: bool = False) -> VocabMatch | None:
    """The form label this cell prints, or None for content cells. `in_label_column`: the
    cell stands in a column of labels, so a four-character label may have one character
    misread."""
    return (_LABEL_COLUMN if in_label_column else LABELS).match(text)


def label_text(key: str) -> str:
    """The canonical printed text of a label key ("level2_header" → "二级指标")."""
    for entry in LABEL_ENTRIES:
        if entry.key == key:
            return entry.canonical
    raise KeyError(key)
