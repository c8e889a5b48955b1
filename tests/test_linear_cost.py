"""The checks' cost grows with the page, findings included (issue 21): measured by counting
work (nodes walked, findings compared, selectors built) on hand-made snapshots of n and 2n
elements, never by a timer. Quadratic work shows as four times the count when n doubles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from harness import checks
from harness.findings import Evidence, Finding, PageResult
from harness.fingerprints import fingerprints, name_elements
from harness.snapshot import Accessible, Node, Snapshot
from wcag.registry import absorb, page_outcomes

DISPLAY = {"html": "block", "body": "block", "main": "block", "ul": "block", "li": "list-item",
           "form": "block", "div": "block", "p": "block", "h1": "block", "a": "inline",
           "input": "inline-block"}
ROLE = {"main": "main", "ul": "list", "li": "listitem", "form": "form", "p": "paragraph",
        "h1": "heading", "a": "link", "input": "textbox", "#text": "StaticText"}
LINEAR = 2.3  # doubling the page may double the work, with some slack for fixed costs


class Page:
    """A snapshot built by hand, in document order, as take_snapshot would give it."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []

    def add(self, parent: Node | None, tag: str, attrs: dict[str, str] | None = None,
            name: str = "", text: str = "") -> Node:
        node = Node(backend_id=len(self.nodes) + 1, tag=tag, attrs=attrs or {}, value=text,
                    style={"display": DISPLAY.get(tag, "inline"), "visibility": "visible",
                           "opacity": "1", "font-size": "16px", "font-weight": "400",
                           "cursor": "pointer" if tag == "a" else "auto"},
                    bounds=(0.0, float(len(self.nodes)) * 20, 200.0, 18.0), parent=parent)
        focusable = tag in ("a", "input")
        node.ax = Accessible(role=ROLE.get(tag, "generic"), name=name or text,
                             name_from=["contents"] if name else [], description="", value="",
                             states=[], focusable=focusable, ignored=False,
                             properties={"focusable": True} if focusable else {})
        if parent is not None:
            parent.children.append(node)
        self.nodes.append(node)
        return node


def broken_portal(links: int, flat_form: bool) -> Snapshot:
    """`links` generic "Xem thêm" links, each in its own list item and to its own address, and
    links/5 unlabelled fields: each in a paragraph, or (`flat_form`) side by side in one box,
    where a check looking round each field for other fields meets them all."""
    page = Page()
    html = page.add(None, "html", {"lang": "vi"})
    body = page.add(html, "body")
    main = page.add(body, "main")
    page.add(page.add(main, "h1"), "#text", text="Danh sách thủ tục")
    items = page.add(main, "ul")
    for i in range(links):
        link = page.add(page.add(items, "li"), "a", {"href": f"/thu-tuc/{i}"}, name="Xem thêm")
        page.add(link, "#text", text="Xem thêm")
    form = page.add(main, "form")
    box = page.add(form, "div")
    for i in range(links // 5):
        page.add(box if flat_form else page.add(box, "p"), "input", {"name": f"f{i}"})
    return Snapshot("http://cong.example/thu-tuc", "Danh sách thủ tục", page.nodes)


class Work:
    """Counts of what the checks do, by kind, while installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts: Counter[str] = Counter()
        lineage, descendants = Node.lineage, Node.descendants
        same_problem, selector_of = Finding.same_problem, Node.selector.fget

        def counted_lineage(node: Node) -> Iterator[Node]:
            for step in lineage(node):
                self.counts["ancestors walked"] += 1
                yield step

        def counted_descendants(node: Node) -> Iterator[Node]:
            self.counts["descendants walked"] += 1  # called once per node it walks
            return descendants(node)

        def counted_same_problem(finding: Finding, other: Finding) -> bool:
            self.counts["findings compared"] += 1
            return same_problem(finding, other)

        def counted_selector(node: Node) -> str:
            self.counts["selectors built"] += 1
            return selector_of(node)

        monkeypatch.setattr(Node, "lineage", counted_lineage)
        monkeypatch.setattr(Node, "descendants", counted_descendants)
        monkeypatch.setattr(Finding, "same_problem", counted_same_problem)
        monkeypatch.setattr(Node, "selector", property(counted_selector))

    def of(self, step: Callable[[], object]) -> Counter[str]:
        self.counts.clear()
        step()
        return Counter(self.counts)


def audit_without_browser(snapshot: Snapshot) -> PageResult:
    """What check_page does after axe and the snapshot: the probes, merging, naming, the
    verdicts and the fingerprints a report gives each finding."""
    evidence = Evidence()
    findings: list[Finding] = []
    for outcome in page_outcomes(snapshot):
        absorb(outcome, findings, evidence)
    result = PageResult(url=snapshot.url, status="ok", findings=findings, criteria={},
                        notes={}, evidence=evidence)
    checks._judge(result)
    name_elements([*result.findings, *result.reviews], snapshot)
    fingerprints([finding.to_json() for finding in result.findings], "/thu-tuc")
    return result


@pytest.mark.parametrize("flat_form", [False, True], ids=["fields-in-paragraphs", "flat-form"])
def test_the_checks_work_grows_in_proportion_to_the_page_and_its_findings(monkeypatch,
                                                                          flat_form):
    work = Work(monkeypatch)
    results = {}
    counts = {}
    for links in (200, 400):
        snapshot = broken_portal(links, flat_form)
        counts[links] = work.of(lambda s=snapshot: results.__setitem__(
            len(s.nodes), audit_without_browser(s)))
    small, big = (results[n] for n in sorted(results))
    generic = [f for f in big.findings if f.check == "link-generic-name"]
    unlabelled = [f for f in big.findings if "field-unlabelled" in (f.check, *f.also)]
    assert len(generic) == 400 and len(unlabelled) == 80  # every defect is still found
    assert len(big.findings) - len(small.findings) == 200 + 40  # one per added link and field
    for kind in ("ancestors walked", "descendants walked", "findings compared",
                 "selectors built"):
        assert counts[200][kind] > 0, kind  # the count measures something
        assert counts[400][kind] <= LINEAR * counts[200][kind], (kind, counts)
