"""The replica's truth: both variants serve every page of the path, the defective one carries
its catalogued defects, and the accessible twin comes out clean."""

from __future__ import annotations

import json
from collections import Counter
from contextlib import suppress

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness.audit import Auditor
from harness.replica.server import FAMILY_DIRS
from wcag.criteria import REVIEW_CRITERIA, categories

REPLICA_DIR = FAMILY_DIRS["igate2"]
CATALOGUE = json.loads((REPLICA_DIR / "defects.json").read_text(encoding="utf-8"))["defects"]
PATH = json.loads((REPLICA_DIR / "path.json").read_text(encoding="utf-8"))["pages"]


def test_catalogue_is_complete_and_well_formed():
    ids = [d["id"] for d in CATALOGUE]
    assert len(ids) == len(set(ids)) >= 20
    for defect in CATALOGUE:
        assert defect["category"] in categories(), defect["id"]
        assert set(defect["criteria"]) <= set(REVIEW_CRITERIA) | {"4.1.2"}, defect["id"]
        assert defect["description_en"] and defect["description_vi"] and defect["selector"]
    blind_tester_categories = set(categories()) - {"keyboard"}
    assert blind_tester_categories <= {d["category"] for d in CATALOGUE}
    assert set(REVIEW_CRITERIA) <= {c for d in CATALOGUE for c in d["criteria"]}
    assert Counter(d["keyboard_blocking"] for d in CATALOGUE)[True] >= 1


def test_every_defect_is_tagged_in_the_replica_source():
    sources = "".join(
        path.read_text(encoding="utf-8")
        for path in [*REPLICA_DIR.glob("templates/*.html"), *REPLICA_DIR.glob("static/*.js"),
                     *REPLICA_DIR.glob("*.py")]
    )
    missing = [d["id"] for d in CATALOGUE if f"defect {d['id']}" not in sources]
    assert missing == []


@pytest.mark.browser
def test_both_variants_serve_every_page_and_only_the_defective_one_fails(replica, context):
    auditor = Auditor(context)
    auditor.page.goto(replica.url("/__replica__/sign-in"))
    for page in PATH:
        url = replica.url(page["path"])
        result = auditor.audit(url)
        assert result.status == "ok", (page["name"], result.reason)
        assert result.final_url == url, f"{page['name']} redirected to {result.final_url}"
        failing = [f"{f.check} {f.target}" for f in result.findings]
        if replica.variant == "accessible":
            assert failing == [], page["name"]
        else:
            assert failing, page["name"]


@pytest.mark.browser
def test_defects_present_on_load_are_where_the_catalogue_says(context):
    from harness.replica.server import ReplicaServer

    with ReplicaServer("Huế", "defective") as replica:
        page = context.new_page()
        page.goto(replica.url("/__replica__/sign-in"))
        for defect in CATALOGUE:
            if defect["when"] != "load":
                continue
            path = defect["path"]
            page.goto(replica.url(path))
            # the element itself, not network idle: a page drawn by script may keep a request
            # or a timer going, and on a loaded machine idle can take longer than any timeout
            with suppress(PlaywrightTimeout):
                page.locator(defect["selector"]).first.wait_for(state="attached", timeout=15_000)
            assert page.locator(defect["selector"]).count() >= 1, defect["id"]


