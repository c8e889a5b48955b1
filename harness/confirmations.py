"""Settle what only a person can judge: the automated verdicts of a run, with the blind
evaluators' answers on the verify page applied.

The checks never say "pass" (no check can judge whether a heading describes its section or a
CAPTCHA's alternative says what the CAPTCHA says). A person can: when an evaluator confirms a
criterion the checks found no failure for, it passes; when they say it is not met, it fails with
their comment as the note. An automated "fail" is evidence of a failure and no answer turns it
into a pass. summary.json stays the automated record; this module only computes the settled
table beside it.
"""

from __future__ import annotations

from wcag.criteria import categories, criteria

NO_FAILURE = "no-failure-found"
AUTOMATED = "automated"
BY_EVALUATOR = "confirmed by evaluator"
# what an evaluator may answer to a criterion's question: (Vietnamese, English)
ANSWERS = {
    "confirmed": ("Đúng, đạt yêu cầu", "Yes, it meets this"),
    "not-met": ("Không, chưa đạt (ghi rõ ở đâu trong ô ghi chú)",
                "No, it is not met (say where in the comment)"),
    "unsure": ("Tôi không xác định được", "I cannot tell"),
}
KINDS = ("criteria", "categories")
NO_CHECK_RAN = "no check of this category ran"  # harness/verdicts.py's note for that case
VERDICT_VI = {"pass": "đạt", "fail": "không đạt", NO_FAILURE: "không phát hiện lỗi",
              "inconclusive": "chưa kết luận được", "not-applicable": "không áp dụng"}
VERDICT_EN = {NO_FAILURE: "no failure found", "not-applicable": "not applicable"}
# criteria.json gives the criteria what a person must confirm; the blind testers' categories
# have no such text there, so their questions live here, in the same "that ..." form
CATEGORY_CONFIRM = {
    "captcha": (
        "CAPTCHA có cách để người khiếm thị vượt qua (mã đọc được, âm thanh hoặc cách xác thực "
        "khác), ô nhập mã có nhãn và nút đổi mã có tên",
        "that the CAPTCHA offers a way through for a blind user (a code that can be read, audio "
        "or another check), that its field is labelled and its refresh button named"),
    "links-buttons": (
        "mọi liên kết và nút bấm đều có tên cho biết chúng dẫn đến đâu hoặc làm gì",
        "that every link and button has a name that says where it leads or what it does"),
    "headings": (
        "các tiêu đề có cấp hợp lý và giúp bạn đi nhanh tới phần cần tìm",
        "that the headings have sensible levels and take you quickly to the part you look for"),
    "combobox-editbox": (
        "mọi hộp kết hợp và ô nhập đều đọc tên, giá trị và các lựa chọn, và đặt được bằng bàn phím",
        "that every combo box and edit box reads its name, value and options, and can be set "
        "from the keyboard"),
    "status": (
        "mọi thông báo (lỗi, đang tải, đã lưu, sang bước mới) đều được trình đọc màn hình đọc lên",
        "that every message (an error, loading, saved, a new step) is read out by the screen "
        "reader"),
    "keyboard": (
        "bạn làm được mọi việc trên các trang chỉ bằng bàn phím, không bị kẹt",
        "that you can do everything on the pages with the keyboard alone, without getting stuck"),
}


def item_key(kind: str, item_id: str) -> str:
    """"criteria:2.4.6", "categories:captcha": one form field names one question."""
    return f"{kind}:{item_id}"


def split_key(key: str) -> tuple[str, str]:
    """The inverse of item_key; ValueError for anything else."""
    kind, _, item_id = key.partition(":")
    if kind not in KINDS or not item_id:
        raise ValueError(f"unknown question {key!r}")
    return kind, item_id


def names(kind: str, item_id: str) -> tuple[str, str]:
    """(Vietnamese, English) name of a criterion or category, as sentences use it."""
    if kind == "criteria":
        known = criteria().get(item_id)
        return ((f"tiêu chí {item_id} {known.name_vi}", f"criterion {item_id} {known.name_en}")
                if known else (f"tiêu chí {item_id}", f"criterion {item_id}"))
    category = categories().get(item_id)
    return ((f"nhóm {category.name_vi}", f"category {category.name_en}")
            if category else (f"nhóm {item_id}", f"category {item_id}"))


def to_confirm(kind: str, item_id: str) -> tuple[str, str]:
    """(Vietnamese, English) what a person must still confirm; empty when nothing is known."""
    if kind == "criteria":
        known = criteria().get(item_id)
        return (known.confirm_vi, known.confirm_en) if known else ("", "")
    return CATEGORY_CONFIRM.get(item_id, ("", ""))


def question(kind: str, item_id: str) -> tuple[str, str]:
    """The yes/no question a person answers, built from what must still be confirmed."""
    confirm_vi, confirm_en = to_confirm(kind, item_id)
    if not confirm_vi or not confirm_en:
        return ("", "")
    return f"Có đúng là {confirm_vi} không?", f"Is it true {confirm_en}?"


def settleable(kind: str, item_id: str, row: dict) -> bool:
    """Whether a person's answer can settle this verdict: the checks found no failure, or no
    check can decide it at all (2.4.6's wording has no deciding check). An inconclusive verdict
    for pages that could not be read, or a fail, is not theirs to settle."""
    verdict = row.get("verdict")
    if not question(kind, item_id)[0]:
        return False
    if verdict == NO_FAILURE:
        return True
    if verdict != "inconclusive":
        return False
    if kind == "criteria":
        known = criteria().get(item_id)
        return known is not None and row.get("note") == known.why_not
    return row.get("note") == NO_CHECK_RAN


def questions(summary: dict) -> list[dict]:
    """The questions the verify page asks for this run, criteria first, in summary order."""
    asked = []
    for kind in KINDS:
        rows = summary.get(kind)
        for item_id, row in (rows.items() if isinstance(rows, dict) else ()):
            if isinstance(row, dict) and settleable(kind, item_id, row):
                name_vi, name_en = names(kind, item_id)
                ask_vi, ask_en = question(kind, item_id)
                asked.append({"key": item_key(kind, item_id), "kind": kind, "id": item_id,
                              "anchor": anchor(kind, item_id), "name_vi": name_vi,
                              "name_en": name_en, "question_vi": ask_vi, "question_en": ask_en,
                              "verdict": str(row.get("verdict", "")),
                              "note": str(row.get("note", ""))})
    return asked


def anchor(kind: str, item_id: str) -> str:
    """An HTML id without dots, so "#crit-2-4-6-confirmed" is a plain selector."""
    prefix = "crit" if kind == "criteria" else "cat"
    return f"{prefix}-" + "".join(c if c.isalnum() else "-" for c in item_id)


def is_answer(answer: object) -> bool:
    """A chosen answer counts; a comment alone never does."""
    return isinstance(answer, dict) and answer.get("answer") in ANSWERS


def settle(summary: dict, answers: dict) -> dict:
    """The settled verdicts: {"criteria": {id: row}, "categories": {id: row}}.

    `summary` is summary.json's "criteria" and "categories" (other keys are ignored); `answers`
    is {"criteria": {id: {"answer", "comment", "saved_at", "by"?}}, "categories": {...}}. Each
    row keeps the automated verdict and says who decided the settled one."""
    settled: dict[str, dict] = {}
    for kind in KINDS:
        rows = summary.get(kind) if isinstance(summary.get(kind), dict) else {}
        given = answers.get(kind) if isinstance(answers.get(kind), dict) else {}
        settled[kind] = {item_id: _settle_row(kind, item_id, row, given.get(item_id))
                         for item_id, row in rows.items() if isinstance(row, dict)}
    return settled


def _settle_row(kind: str, item_id: str, row: dict, answer: object) -> dict:
    automated = str(row.get("verdict", "inconclusive"))
    note = str(row.get("note", ""))
    settled = {"automated": automated, "verdict": automated, "decided_by": AUTOMATED,
               "note": note}
    if not is_answer(answer):
        return settled
    assert isinstance(answer, dict)
    chosen = answer["answer"]
    comment = " ".join(str(answer.get("comment", "")).split())
    settled["answer"] = chosen
    if comment:
        settled["comment"] = comment
    for field in ("by", "saved_at"):
        if answer.get(field):
            settled[field] = str(answer[field])
    if chosen == "unsure":
        settled["note"] = _joined(note, "an evaluator could not tell")
    elif automated == "fail":  # a finding is evidence; no answer outweighs it
        if chosen == "confirmed":
            settled["disagreement"] = (
                "an evaluator answered that it is met; the automated finding stands until the "
                "portal is fixed and the run repeated")
            settled["note"] = _joined(note, settled["disagreement"])
        else:
            settled["note"] = _joined(note, f"an evaluator agrees: {comment}" if comment
                                      else "an evaluator agrees")
    elif chosen == "not-met":
        settled.update(verdict="fail", decided_by=BY_EVALUATOR,
                       note=f"not met, says an evaluator: {comment}" if comment
                       else "not met, says an evaluator (no place given)")
    elif automated == NO_FAILURE or settleable(kind, item_id, row):
        settled.update(verdict="pass", decided_by=BY_EVALUATOR,
                       note=f"confirmed by an evaluator {to_confirm(kind, item_id)[1]}")
    else:  # confirmed, but the checks could not read everything: a person's word is not enough
        settled["note"] = _joined(note, "an evaluator answered that it is met")
    return settled


def _joined(note: str, more: str) -> str:
    return f"{note}; {more}" if note else more


def settled_lines(settled: dict) -> list[str]:
    """The settled verdicts as plain sentences: all in Vietnamese, then all in English, so a
    listener can stop after the language they need."""
    told_vi = ["Kết luận theo tiêu chí và nhóm, sau câu trả lời của người kiểm chứng:"]
    told_en = ["Verdicts per criterion and category, with the evaluators' answers:"]
    for kind in KINDS:
        for item_id, row in settled.get(kind, {}).items():
            line_vi, line_en = row_sentences(kind, item_id, row)
            told_vi.append(f"  {line_vi}")
            told_en.append(f"  {line_en}")
    return told_vi + told_en


def row_sentences(kind: str, item_id: str, row: dict) -> tuple[str, str]:
    """One settled verdict as a (Vietnamese, English) sentence, saying who decided it."""
    name_vi, name_en = names(kind, item_id)
    verdict = str(row.get("verdict", ""))
    words_vi, words_en = VERDICT_VI.get(verdict, verdict), VERDICT_EN.get(verdict, verdict)
    when_vi = f" lúc {row['saved_at']}" if row.get("saved_at") else ""
    when_en = f" at {row['saved_at']}" if row.get("saved_at") else ""
    who = f" {row['by']}" if row.get("by") else ""
    if row.get("decided_by") == BY_EVALUATOR:
        if verdict == "pass":
            told_vi = f"{name_vi}: {words_vi}, do người kiểm chứng{who} xác nhận{when_vi}"
            told_en = f"{name_en}: {words_en}, confirmed by evaluator{who}{when_en}"
        else:
            told_vi = f"{name_vi}: {words_vi}, người kiểm chứng{who} thấy chưa đạt{when_vi}"
            told_en = f"{name_en}: {words_en}, found not met by evaluator{who}{when_en}"
        if row.get("comment"):
            told_vi += f"; ghi chú: {row['comment']}"
            told_en += f"; comment: {row['comment']}"
    else:
        told_vi = f"{name_vi}: {words_vi}, theo kiểm tra tự động"
        told_en = f"{name_en}: {words_en}, automated"
        if row.get("disagreement"):
            told_vi += ("; người kiểm chứng trả lời là đạt, nhưng lỗi kiểm tra tự động phát hiện "
                        "vẫn giữ nguyên cho đến khi cổng được sửa và chạy lại")
            told_en += f"; {row['disagreement']}"
        elif row.get("answer") == "unsure":
            told_vi += "; người kiểm chứng không xác định được"
            told_en += "; the evaluator could not tell"
        elif row.get("answer") == "not-met":
            told_vi += "; người kiểm chứng cũng thấy chưa đạt"
            told_en += "; the evaluator agrees"
    return _capital(told_vi) + ".", _capital(told_en) + "."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
