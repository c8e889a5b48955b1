"""Every axe rule the harness runs has its help and fix texts in Vietnamese and English, the
catalogue refuses an entry without them, and a run's findings.json carries them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import wcag.criteria
from harness.cli import main
from harness.errors import HarnessError
from wcag.criteria import HELP_TEXTS, axe_rules, checks

CATALOGUE = Path(wcag.criteria.__file__).parent / "checks.json"
VIETNAMESE_LETTERS = re.compile("[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụ"
                                "ứừửữựýỳỷỹỵ]", re.IGNORECASE)


def test_every_axe_rule_has_its_own_texts_in_both_languages():
    rules = axe_rules()
    assert len(rules) == len(json.loads(CATALOGUE.read_text(encoding="utf-8"))["axe"]) > 40
    for rule in rules.values():
        for text in HELP_TEXTS:
            assert getattr(rule, text).strip(), (rule.id, text)
        assert VIETNAMESE_LETTERS.search(rule.help_vi), rule.id  # written in Vietnamese
        assert VIETNAMESE_LETTERS.search(rule.fix_vi), rule.id
        assert rule.help_vi != rule.help_en and rule.fix_vi != rule.fix_en, rule.id
    helps = [rule.help_en for rule in rules.values()]
    assert len(set(helps)) == len(helps)  # each rule says what is wrong in its own words


def test_the_catalogue_keeps_its_formatting():
    text = CATALOGUE.read_text(encoding="utf-8")
    assert json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n" == text


@pytest.mark.parametrize("defect", [None, "", "   ", 3])
def test_an_entry_without_a_text_is_refused_in_one_line_naming_it(monkeypatch, defect):
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    if defect is None:
        del data["axe"]["frame-title"]["fix_vi"]
    else:
        data["axe"]["frame-title"]["fix_vi"] = defect
    real_load = wcag.criteria._load
    monkeypatch.setattr(wcag.criteria, "_load",
                        lambda name: data if name == "checks.json" else real_load(name))
    checks.cache_clear()
    try:
        with pytest.raises(HarnessError) as refused:
            checks()
    finally:
        monkeypatch.undo()
        checks.cache_clear()
    message = str(refused.value)
    assert "\n" not in message and "'frame-title'" in message and "fix_vi" in message
    assert "help_en" not in message  # only what is missing is named


@pytest.mark.browser
def test_a_defective_replica_run_explains_every_finding_in_vietnamese(tmp_path):
    out = tmp_path / "run"
    assert main(["run", "--out", str(out), "--plain", "--no-audio"]) == 0
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert any(f["source"] == "axe" for f in findings)  # axe rules are among those explained
    for finding in findings:
        for kind in ("help", "fix"):
            assert VIETNAMESE_LETTERS.search(finding[kind]["vi"]), (finding["check"], kind)
            assert finding[kind]["en"], (finding["check"], kind)
        if finding["source"] == "axe" and not finding["also"]:
            assert finding["help"]["vi"] == checks()[finding["check"]].help_vi
