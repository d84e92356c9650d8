"""WarningCode is the one list of warning codes: the package emits members only, and the schema,
the golden records and the enum cannot drift apart unnoticed."""

import ast
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

import declform
from declform.output import FormRecord, RecordWarning, schema_errors
from declform.output.codes import WarningCode
from declform.output.validate import schema
from tests.paths import GOLDEN

CODES = {code.value for code in WarningCode}


def _package_sources() -> list[Path]:
    # the stage folders are symlinks into declform/, which rglob does not follow before 3.13
    package = Path(declform.__file__).resolve().parent
    roots = [entry.resolve() for entry in package.iterdir() if entry.is_dir()]
    files = {path.resolve() for path in package.glob("*.py")}
    files.update(path.resolve() for root in roots for path in root.rglob("*.py"))
    return sorted(files)


def _code_argument(call: ast.Call) -> ast.expr | None:
    """The `code` a warning producer is called with: `RecordWarning(code, …)` or `….warn(code,
    …)` (the layouts' Findings), None for any other call."""
    match call.func:
        case ast.Name(id="RecordWarning") | ast.Attribute(attr="RecordWarning"):
            pass
        # the standard library's warnings.warn takes a message, not a code
        case ast.Attribute(attr="warn", value=value) if ast.unparse(value) != "warnings":
            pass
        case _:
            return None
    keyword = next((k.value for k in call.keywords if k.arg == "code"), None)
    return call.args[0] if call.args else keyword


def _emitted() -> tuple[set[str], list[str]]:
    """The WarningCode members the package's producers name, and every producer call whose code
    is no member (a string literal, an f-string, an unknown member …) as 'file:line: code'."""
    emitted: set[str] = set()
    offenders: list[str] = []
    for path in _package_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call) or (code := _code_argument(node)) is None:
                continue
            if (
                isinstance(code, ast.Attribute)
                and isinstance(code.value, ast.Name)
                and code.value.id == "WarningCode"
                and code.attr in WarningCode.__members__
            ):
                emitted.add(WarningCode[code.attr].value)
            elif not isinstance(code, ast.Name):  # a parameter passed on, typed by its function
                offenders.append(f"{path}:{node.lineno}: {ast.unparse(code)}")
    return emitted, offenders


def test_the_package_emits_warning_codes_as_members_only() -> None:
    emitted, offenders = _emitted()
    assert offenders == []
    # every member has a producer: a code nothing emits is a stale entry (or the scan above broke)
    assert emitted == CODES


def test_the_scan_catches_a_string_literal_code() -> None:
    tree = ast.parse(
        'findings.warn("low_confidence", "x")\nRecordWarning(code=f"a{b}", message="")'
    )
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    codes = [code for call in calls if (code := _code_argument(call)) is not None]
    assert [type(code) for code in codes] == [ast.Constant, ast.JoinedStr]


def _golden_record() -> FormRecord:
    text = (GOLDEN / "department-kexie-2026.json").read_text(encoding="utf-8")
    return FormRecord.from_dict(json.loads(text))


def test_schema_admits_every_warning_code_and_lists_no_other() -> None:
    code_schema = schema()["$defs"]["warning"]["properties"]["code"]
    if "enum" in code_schema:
        assert set(code_schema["enum"]) == CODES
    assert all(re.fullmatch(code_schema["pattern"], code) for code in CODES)
    record = _golden_record()
    warnings = tuple(RecordWarning(code, "x", "page 1") for code in WarningCode)
    assert schema_errors(replace(record, warnings=warnings).to_dict()) == []


def test_a_member_is_written_as_its_plain_value() -> None:
    record = _golden_record()
    member = replace(record, warnings=(RecordWarning(WarningCode.LABEL_CORRECTED, "x", "page 1"),))
    plain = replace(record, warnings=(RecordWarning("label_corrected", "x", "page 1"),))
    assert json.dumps(member.to_dict(), ensure_ascii=False) == json.dumps(
        plain.to_dict(), ensure_ascii=False
    )


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_warning_codes_are_warning_codes(path: Path) -> None:
    codes = {w["code"] for w in json.loads(path.read_text(encoding="utf-8"))["warnings"]}
    assert codes <= CODES
