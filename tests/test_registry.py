"""The portal registry and `pesp-a11y portals`: the facts of shared/reference/portals.md hold."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from harness.cli import main
from harness.errors import HarnessError
from harness.registry import (
    LegacyUnit,
    Portal,
    Registry,
    UnknownPortalError,
    load_registry,
    normalize,
)

# portals.md, "Addresses": the [seen] list and the weaker sightings.
SEEN = {
    "hanoi", "hochiminhcity", "haiphong", "danang", "cantho", "quangninh", "hatinh", "quangtri",
    "angiang", "binhduong", "laocai", "thainguyen", "thanhhoa", "nghean", "thuathienhue", "daklak",
    "lamdong", "ninhbinh", "quangngai", "laichau", "bacninh", "soctrang", "hoabinh",
}  # fmt: skip
WEAKER = {"langson", "bacgiang", "dongnai", "kiengiang", "vinhlong", "hue"}

# portals.md, "Provinces": the review's order.
_REVIEW_TEXT = (
    "Ha Noi, Ha Giang, Cao Bang, Bac Kan, Tuyen Quang, Lao Cai, Dien Bien, Lai Chau, Son La, "
    "Yen Bai, Hoa Binh, Thai Nguyen, Lang Son, Quang Ninh, Bac Giang, Phu Tho, Vinh Phuc, "
    "Bac Ninh, Hai Duong, Hai Phong, Hung Yen, Thai Binh, Ha Nam, Nam Dinh, Ninh Binh, Thanh Hoa, "
    "Nghe An, Ha Tinh, Quang Binh, Quang Tri, Thua Thien Hue, Da Nang, Quang Nam, Quang Ngai, "
    "Binh Dinh, Phu Yen, Khanh Hoa, Ninh Thuan, Binh Thuan, Kon Tum, Gia Lai, Dak Lak, Dak Nong, "
    "Lam Dong, Binh Phuoc, Tay Ninh, Binh Duong, Dong Nai, Ba Ria-Vung Tau, HCMC, Long An, "
    "Tien Giang, Ben Tre, Tra Vinh, Vinh Long, Dong Thap, An Giang, Kien Giang, Can Tho, "
    "Hau Giang, Soc Trang, Bac Lieu, Ca Mau"
)
REVIEW_ORDER = [name.strip() for name in _REVIEW_TEXT.split(",")]

# portals.md, "Provinces": new unit <- old units, from 1 July 2025.
MERGERS = {
    "tuyenquang": {"hagiang", "tuyenquang"},
    "laocai": {"yenbai", "laocai"},
    "thainguyen": {"backan", "thainguyen"},
    "phutho": {"vinhphuc", "hoabinh", "phutho"},
    "bacninh": {"bacgiang", "bacninh"},
    "hungyen": {"thaibinh", "hungyen"},
    "haiphong": {"haiduong", "haiphong"},
    "ninhbinh": {"hanam", "namdinh", "ninhbinh"},
    "quangtri": {"quangbinh", "quangtri"},
    "danang": {"quangnam", "danang"},
    "quangngai": {"kontum", "quangngai"},
    "gialai": {"binhdinh", "gialai"},
    "khanhhoa": {"ninhthuan", "khanhhoa"},
    "lamdong": {"daknong", "binhthuan", "lamdong"},
    "daklak": {"phuyen", "daklak"},
    "hochiminhcity": {"binhduong", "bariavungtau", "hochiminhcity"},
    "dongnai": {"binhphuoc", "dongnai"},
    "tayninh": {"longan", "tayninh"},
    "cantho": {"soctrang", "haugiang", "cantho"},
    "vinhlong": {"bentre", "travinh", "vinhlong"},
    "dongthap": {"tiengiang", "dongthap"},
    "camau": {"baclieu", "camau"},
    "angiang": {"kiengiang", "angiang"},
}
UNCHANGED = {
    "hanoi": "hanoi", "hue": "thuathienhue", "laichau": "laichau", "dienbien": "dienbien",
    "sonla": "sonla", "langson": "langson", "quangninh": "quangninh", "thanhhoa": "thanhhoa",
    "nghean": "nghean", "hatinh": "hatinh", "caobang": "caobang",
}  # fmt: skip
# portals.md, "Provinces": 28 provinces and 6 centrally run cities (Hue since 1 January 2025).
CITIES = {"hanoi", "hue", "haiphong", "danang", "hochiminhcity", "cantho"}
FAMILIES = {
    "igate2": {"danang", "ninhbinh", "lamdong", "quangngai", "hochiminhcity", "angiang",
               "tuyenquang"},
    "igate1": {"laocai", "laichau"},
    "justice-eform": {"quangninh"},
    "liferay": {"bacninh", "cantho"},
    "portaldvc": {"thanhhoa"},
}  # fmt: skip


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def host_label(url: str) -> str:
    """`https://dichvucong.<label>.gov.vn` -> label."""
    host = urlsplit(url).hostname or ""
    assert host.startswith("dichvucong.") and host.endswith(".gov.vn"), url
    return host.removeprefix("dichvucong.").removesuffix(".gov.vn")


# --- the data ---------------------------------------------------------------------------------


def test_counts(registry: Registry) -> None:
    assert len(registry.current) == 34
    assert len(registry.legacy) == 63
    assert registry.national.slug == "nesp"
    assert all(isinstance(p, Portal) and p.kind == "current" for p in registry.current)
    assert all(isinstance(u, LegacyUnit) for u in registry.legacy)
    assert len({p.slug for p in registry.current}) == 34
    assert len({u.slug for u in registry.legacy}) == 63


def test_load_registry_is_cached() -> None:
    assert load_registry() is load_registry()


def test_portals_are_frozen(registry: Registry) -> None:
    with pytest.raises(AttributeError):
        registry.current[0].slug = "x"  # type: ignore[misc]


def test_legacy_units_follow_the_review_order(registry: Registry) -> None:
    assert [u.order for u in registry.legacy] == list(range(1, 64))
    names = [u.name_ascii for u in registry.legacy]
    expected = [n.replace("HCMC", "Thanh pho Ho Chi Minh") for n in REVIEW_ORDER]
    assert [normalize(n) for n in names] == [normalize(n) for n in expected]


def test_every_legacy_unit_is_absorbed_by_a_current_portal(registry: Registry) -> None:
    current = {p.slug for p in registry.current}
    for unit in registry.legacy:
        assert unit.absorbed_by in current, unit
        assert registry.find(unit.absorbed_by).slug == unit.absorbed_by


def test_merged_from_matches_the_legacy_units(registry: Registry) -> None:
    for portal in registry.current:
        absorbed = {u.slug for u in registry.legacy if u.absorbed_by == portal.slug}
        assert set(portal.merged_from) == absorbed, portal.slug
        assert len(portal.merged_from) == len(absorbed)


def test_mergers_and_unchanged_units_match_the_reference(registry: Registry) -> None:
    by_slug = {p.slug: p for p in registry.current}
    assert set(by_slug) == set(MERGERS) | set(UNCHANGED)
    assert len(MERGERS) == 23 and len(UNCHANGED) == 11
    for slug, predecessors in MERGERS.items():
        assert set(by_slug[slug].merged_from) == predecessors, slug
    for slug, predecessor in UNCHANGED.items():
        assert by_slug[slug].merged_from == (predecessor,), slug


def test_only_the_unconfirmed_mergers_are_marked_pattern(registry: Registry) -> None:
    marked = {u.slug for u in registry.legacy if u.absorbed_by_mark == "pattern"}
    assert marked == {"kontum", "phuyen"}
    assert all(u.absorbed_by_mark in (None, "pattern") for u in registry.legacy)


def test_address_marks_are_seen_or_pattern(registry: Registry) -> None:
    everything = [*registry.current, *registry.legacy, registry.national]
    assert {item.address for item in everything} <= {"seen", "pattern"}


def test_seen_addresses_match_the_reference(registry: Registry) -> None:
    provincial = [*registry.current, *registry.legacy]
    seen = {host_label(item.base_url) for item in provincial if item.address == "seen"}
    # "hue" is only a weaker sighting: the registry keeps the seen thuathienhue host instead.
    assert seen == (SEEN | WEAKER) - {"hue"}
    for item in provincial:
        label = host_label(item.base_url)
        if label in WEAKER:
            assert item.address_note and "weaker" in item.address_note, item.slug
        if item.address == "pattern":
            assert label not in SEEN | WEAKER, item.slug


def test_base_urls_follow_the_pattern(registry: Registry) -> None:
    for item in [*registry.current, *registry.legacy]:
        expected = "thuathienhue" if item.slug == "hue" else item.slug
        assert item.base_url == f"https://dichvucong.{expected}.gov.vn", item.slug
        assert item.slug.isascii() and item.slug.islower() and " " not in item.slug


def test_hue_is_marked_honestly(registry: Registry) -> None:
    hue = registry.find("hue")
    assert hue.base_url == "https://dichvucong.thuathienhue.gov.vn"
    assert hue.address == "seen"
    assert hue.address_note and "dichvucong.hue.gov.vn" in hue.address_note


def test_special_paths_are_noted(registry: Registry) -> None:
    assert registry.legacy_unit("soctrang").paths["home"] == "/home"
    assert registry.legacy_unit("hoabinh").paths["home"] == "/hoabinh-portal/"
    assert "/home" in (registry.legacy_unit("soctrang").address_note or "")


def test_families_match_the_reference(registry: Registry) -> None:
    for family, slugs in FAMILIES.items():
        assert {p.slug for p in registry.filter(family=family)} == slugs, family
    assert registry.families == sorted([*FAMILIES, "national"])
    assert registry.filter(family="national") == [registry.national]
    known = set().union(*FAMILIES.values())
    assert all(p.family is None for p in registry.current if p.slug not in known)


def test_national_portal(registry: Registry) -> None:
    nesp = registry.national
    assert nesp.kind == "national" and nesp.family == "national"
    assert nesp.base_url == "https://dichvucong.gov.vn"
    assert nesp.url("home") == "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"
    assert nesp.url("lookup") == "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html"
    for name in ("nesp", "dichvucong", "national", "quocgia", "Quốc gia"):
        assert registry.find(name) is nesp


def test_every_unit_applies_through_its_own_police(registry: Registry) -> None:
    """portals.md: on the national portal the applicant chooses the province's police."""
    agencies = {p.slug: p.receiving_agency for p in registry.current}
    assert agencies["hue"] == "Công an thành phố Huế"
    assert agencies["nghean"] == "Công an tỉnh Nghệ An"
    assert agencies["hochiminhcity"] == "Công an Thành phố Hồ Chí Minh"  # the city's own name
    assert {slug for slug, agency in agencies.items()
            if normalize(agency).startswith("conganthanhpho")} == CITIES
    for portal in registry.current:
        police = "Công an thành phố " if portal.slug in CITIES else "Công an tỉnh "
        unit = portal.name_vi.removeprefix("Thành phố ")
        assert normalize(portal.receiving_agency or "") == normalize(police + unit), portal.slug
    assert len(set(agencies.values())) == 34
    assert registry.national.receiving_agency is None


def test_provincial_portals_since_june_2025_are_unknown_with_sourced_facts(
    registry: Registry,
) -> None:
    """Only what portals.md says: every state unknown until seen live, each fact sourced and
    dated, the HCMC announcement on HCMC alone."""
    assert {p.portal_state for p in registry.current} == {"unknown"}
    assert registry.portal_states["unknown"]["en"] == "unknown until seen live"
    assert registry.procedure_code == "2.000488"
    by_id = {fact.id: fact for fact in registry.facts}
    assert by_id["sole-gateway"].date == "2025-06-27"
    assert "96/CĐ-TTg" in by_id["sole-gateway"].vi and "SGGP" in by_id["sole-gateway"].source
    assert by_id["vnpt-all-stopped"].source == "vietnam.vn"
    assert by_id["vnpt-all-stopped"].date == "2025-06-30"
    assert "32" in by_id["32-of-34-closed"].en and by_id["32-of-34-closed"].date == "2025-06-28"
    for portal in registry.current:
        ids = {fact.id for fact in portal.facts}
        assert ("hcmc-deactivated" in ids) == (portal.slug == "hochiminhcity"), portal.slug
        assert {"sole-gateway", "vnpt-all-stopped", "32-of-34-closed"} <= ids
    for fact in registry.facts:
        assert fact.vi and fact.en and fact.source and fact.vi != fact.en


@pytest.mark.parametrize(("change", "reason"), [
    (lambda d: d["current"][0].update(receiving_agency="Sở Tư pháp Hà Nội"),
     "receiving_agency of hanoi"),
    (lambda d: d["current"][1].update(receiving_agency="Công an tỉnh Nghệ An"),
     "receiving_agency of caobang"),
    (lambda d: d["current"][0].update(portal_state="closed"), "portal_state of hanoi"),
    (lambda d: d["since_june_2025"]["facts"][0].update(date="27/6/2025"), "YYYY-MM-DD"),
    (lambda d: d["since_june_2025"]["facts"][0].pop("source"), "fact 1 needs"),
    (lambda d: d["since_june_2025"]["facts"][3].update(applies_to=["atlantis"]), "applies_to"),
    (lambda d: d["since_june_2025"].pop("facts"), "missing key 'facts'"),
])
def test_malformed_facts_are_one_line_errors(change, reason) -> None:
    from importlib import resources

    from harness.registry import registry_from_data

    raw = resources.files("harness").joinpath("data/portals.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    change(data)
    with pytest.raises(ValueError) as caught:
        registry_from_data(data)
    assert reason in str(caught.value) and "\n" not in str(caught.value)


def test_names_have_diacritics_and_ascii_forms_agree(registry: Registry) -> None:
    for item in [*registry.current, *registry.legacy]:
        assert item.name_ascii.isascii(), item.slug
        assert normalize(item.name_vi) == normalize(item.name_ascii), item.slug
    assert registry.find("hanoi").name_vi == "Hà Nội"
    assert registry.find("hue").name_vi == "Huế"
    assert registry.find("hcm").name_vi == "Thành phố Hồ Chí Minh"


# --- look-ups ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("hue", "hue"),
        ("thuathienhue", "hue"),
        ("Thừa Thiên Huế", "hue"),
        ("thua thien-hue", "hue"),
        ("Huế", "hue"),
        ("HUE", "hue"),
        ("hcm", "hochiminhcity"),
        ("HCMC", "hochiminhcity"),
        ("TP.HCM", "hochiminhcity"),
        ("TP Hồ Chí Minh", "hochiminhcity"),
        ("Ho Chi Minh City", "hochiminhcity"),
        ("Đà Nẵng", "danang"),
        ("da nang", "danang"),
        ("Da-Nang", "danang"),
        ("Tỉnh Nghệ An", "nghean"),
        ("Đắk Lắk", "daklak"),
        ("Thanh Hoá", "thanhhoa"),  # old-style accent placement
        ("Thanh Hóa", "thanhhoa"),
    ],
)
def test_find(registry: Registry, name: str, slug: str) -> None:
    assert registry.find(name).slug == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Hà Giang", "tuyenquang"),
        ("hagiang", "tuyenquang"),
        ("Bà Rịa - Vũng Tàu", "hochiminhcity"),
        ("Bình Dương", "hochiminhcity"),
        ("Kon Tum", "quangngai"),
        ("Sóc Trăng", "cantho"),
        ("yen bai", "laocai"),
    ],
)
def test_former_province_resolves_to_the_absorbing_portal(
    registry: Registry, name: str, slug: str
) -> None:
    assert registry.find(name).slug == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Sài Gòn", "hochiminhcity"),
        ("sai gon", "hochiminhcity"),
        ("SG", "hochiminhcity"),
        ("TPHCM", "hochiminhcity"),
        ("TP. HCM", "hochiminhcity"),
        ("Thành phố HCM", "hochiminhcity"),
        ("HCM City", "hochiminhcity"),
        ("TT Huế", "hue"),
        ("TT-Huế", "hue"),
        ("TTH", "hue"),
        ("Thừa Thiên - Huế", "hue"),
        ("TP Huế", "hue"),
        ("Thành phố Huế", "hue"),
        ("HN", "hanoi"),
        ("Đắc Lắk", "daklak"),
        ("BRVT", "hochiminhcity"),
        ("Vũng Tàu", "hochiminhcity"),
        ("Bắc Cạn", "thainguyen"),
        ("Đắc Nông", "lamdong"),
    ],
)
def test_what_people_type_for_a_unit_finds_it(registry: Registry, name: str, slug: str) -> None:
    """Aliases from the data file: "Sài Gòn" was answered "did you mean: langson?"."""
    assert registry.find(name).slug == slug


@pytest.mark.parametrize(
    ("name", "lang", "line"),
    [
        ("Hà Giang", "vi", "Từ ngày 1/7/2025, Hà Giang thuộc Tuyên Quang: dùng Tuyên Quang."),
        ("tinh ha giang", "en",
         "Since 1 July 2025, Hà Giang has been part of Tuyên Quang: using Tuyên Quang."),
        ("BRVT", "vi", "Từ ngày 1/7/2025, Bà Rịa - Vũng Tàu thuộc Thành phố Hồ Chí Minh: dùng "
                       "Thành phố Hồ Chí Minh."),
        ("Kon Tum", "en", "Since 1 July 2025, Kon Tum has been part of Quảng Ngãi (not yet "
                          "confirmed by a source): using Quảng Ngãi."),
        ("Tuyên Quang", "vi", None),  # a current unit's own name: nothing to say
        ("Sài Gòn", "vi", None),
        ("Thừa Thiên Huế", "vi", None),  # renamed, not merged into another unit
        ("demo", "vi", None),
        ("atlantis", "vi", None),  # the look-up itself says it is unknown
    ],
)
def test_a_former_province_is_said_to_belong_to_its_unit(name, lang, line) -> None:
    from harness.targets import former_unit_line

    assert former_unit_line(name, lang) == line


def test_aliases_must_be_a_list_of_names() -> None:
    from importlib import resources

    from harness.registry import registry_from_data

    raw = resources.files("harness").joinpath("data/portals.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    data["legacy"][1]["aliases"] = "HG"  # a string would make each letter a name
    with pytest.raises(ValueError, match="aliases of hagiang must be a list of names"):
        registry_from_data(data)
    data["legacy"][1]["aliases"] = ["Sài Gòn"]  # one name for two units
    with pytest.raises(ValueError, match="names both"):
        registry_from_data(data)


def test_run_says_once_which_unit_a_former_province_belongs_to(monkeypatch, capsys) -> None:
    """Before anything is opened, one line; the run then goes on with the unit."""
    from harness.commands import run as run_command

    def stop(args):
        raise HarnessError("stopped here")

    monkeypatch.setattr(run_command, "_open", stop)
    assert main(["run", "--province", "Bình Dương", "--replica", "--plain", "--lang", "en"]) == 2
    out = capsys.readouterr().out
    assert out == ("Since 1 July 2025, Bình Dương has been part of Thành phố Hồ Chí Minh: using "
                   "Thành phố Hồ Chí Minh.\n")
    assert main(["run", "--province", "Sài Gòn", "--replica", "--plain"]) == 2
    assert capsys.readouterr().out == ""


def test_legacy_unit(registry: Registry) -> None:
    assert registry.legacy_unit("Hà Giang").order == 2
    assert registry.legacy_unit("Hà Giang").absorbed_by == "tuyenquang"
    assert registry.legacy_unit("hue").slug == "thuathienhue"
    assert registry.legacy_unit("hcm").slug == "hochiminhcity"
    with pytest.raises(UnknownPortalError, match="unknown review unit 'hagian'.*hagiang"):
        registry.legacy_unit("hagian")


def test_unknown_name_suggests_close_names(registry: Registry) -> None:
    with pytest.raises(UnknownPortalError) as caught:
        registry.find("hueh")
    message = str(caught.value)
    assert message.startswith("unknown province 'hueh'; did you mean: hue")
    assert message.endswith("?")
    assert "\n" not in message
    assert isinstance(caught.value, HarnessError)


def test_unknown_name_without_close_match_points_to_the_list(registry: Registry) -> None:
    with pytest.raises(UnknownPortalError) as caught:
        registry.find("xyz\nabc")
    message = str(caught.value)
    assert "\n" not in message
    assert message == "unknown province 'xyz abc'; run `pesp-a11y portals` to list them"


def test_filter(registry: Registry) -> None:
    assert [p.slug for p in registry.filter("hue")] == ["hue"]
    assert [p.slug for p in registry.filter("Hà Giang")] == ["tuyenquang"]
    assert len(registry.filter(kind="current")) == 34
    assert registry.filter(kind="national") == [registry.national]
    assert {p.slug for p in registry.filter("nang", family="igate2")} == {"danang"}
    assert registry.filter("xyz") == []
    nameless = registry.filter(family="none", kind="current")
    assert len(nameless) == 34 - sum(len(s) for s in FAMILIES.values())


def test_inconsistent_data_is_refused() -> None:
    from importlib import resources

    from harness.registry import registry_from_data

    raw = resources.files("harness").joinpath("data/portals.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    data["legacy"][1]["absorbed_by"] = "atlantis"
    with pytest.raises(ValueError, match="hagiang"):
        registry_from_data(data)


# --- the command line -------------------------------------------------------------------------


def test_cli_portals_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["portals", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 35
    assert sum(1 for item in items if item["kind"] == "current") == 34
    hue = next(item for item in items if item["slug"] == "hue")
    assert hue["name_vi"] == "Huế"
    assert hue["address"] == "seen"
    assert set(hue) >= {"slug", "name_vi", "base_url", "address", "family", "merged_from"}
    assert hue["receiving_agency"] == "Công an thành phố Huế"
    assert hue["portal_state"] == "unknown"
    assert {fact["id"] for fact in hue["facts"]} >= {"sole-gateway", "vnpt-all-stopped"}
    assert all(set(fact) == {"id", "vi", "en", "source", "date"} for fact in hue["facts"])


def test_cli_portals_legacy_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["portals", "--legacy", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [item["order"] for item in items] == list(range(1, 64))
    assert items[1]["slug"] == "hagiang" and items[1]["absorbed_by"] == "tuyenquang"


def test_cli_portals_plain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["portals", "--plain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    count = lines.index("34 current portals and the national portal")
    assert count == 35
    hanoi = lines[0]
    assert hanoi.startswith("hanoi, Hà Nội, https://dichvucong.hanoi.gov.vn, seen")
    assert (", nộp tại Cổng Dịch vụ công quốc gia, cơ quan tiếp nhận Công an thành phố Hà Nội, "
            "cổng tỉnh từ 6/2025: chưa rõ cho đến khi xem trực tiếp (unknown until seen live)"
            ) in hanoi
    for line in lines:
        assert "│" not in line and "\x1b" not in line
    for line in lines[:count]:
        assert ", seen" in line or ", pattern" in line
    nesp = lines[count - 1]
    assert nesp.startswith("nesp, Cổng Dịch vụ công quốc gia, https://dichvucong.gov.vn")
    assert "thủ tục 2.000488" in nesp
    assert "lookup https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html" in nesp
    facts = lines[count + 1:]  # each fact the lines cite, once: Vietnamese, English, source
    assert [line.split("]")[0] + "]" for line in facts] == [
        "[sole-gateway]", "[vnpt-all-stopped]", "[32-of-34-closed]", "[hcmc-deactivated]",
        "[police-issue]"]
    for line in facts:
        assert line.index(" English: ") < line.index(" Nguồn / source: ")


def test_cli_portals_not_a_terminal_prints_plain_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["portals", "da nang"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        "danang, Đà Nẵng, https://dichvucong.danang.gov.vn, seen, family igate2, nộp tại Cổng "
        "Dịch vụ công quốc gia, cơ quan tiếp nhận Công an thành phố Đà Nẵng, ")
    assert out[1] == "1 current portal"
    assert [line.split("]")[0] for line in out[2:]] == [
        "[sole-gateway", "[vnpt-all-stopped", "[32-of-34-closed", "[police-issue"]


def test_cli_portals_family_and_legacy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["portals", "--family", "liferay", "--plain"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(",")[0] for line in out[:2]] == ["bacninh", "cantho"]
    assert out[2] == "2 current portals"

    assert main(["portals", "--legacy", "--plain", "cantho"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(", ")[1] for line in out[:-1]] == ["cantho", "haugiang", "soctrang"]
    assert out[-1] == "3 review-era units"

    assert main(["portals", "--legacy", "--plain", "kon tum"]) == 0
    assert "now quangngai (merger not confirmed)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["portals", "danag"], "unknown portal 'danag'; did you mean: danang"),
        (["portals", "xyz"], "run `pesp-a11y portals` to list them"),
        (["portals", "--family", "foo"], "unknown family 'foo'; known families: igate1"),
        (["portals", "--legacy", "--family", "igate2"], "--family applies to current portals"),
    ],
)
def test_cli_portals_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("pesp-a11y: error: ")
    assert expected in err[0]


def test_cli_serve_unknown_province(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--province", "nowhere"]) == 2
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("pesp-a11y: error: unknown province 'nowhere'")
    assert "Replica of" not in captured.out


def test_cli_serve_speaks_vietnamese_first_and_says_a_former_province(monkeypatch, capsys):
    """serve has no --lang: each line in Vietnamese, then in English."""
    from harness.commands import serve

    class Replica:
        base_url = "http://127.0.0.1:8765"

        def __init__(self, name, variant, port, slug, family):
            self.name = name

        def serve_forever(self):
            raise KeyboardInterrupt

    monkeypatch.setattr(serve, "ReplicaServer", Replica)
    assert main(["serve", "--province", "Hà Giang", "--variant", "accessible"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Từ ngày 1/7/2025, Hà Giang thuộc Tuyên Quang: dùng Tuyên Quang. / Since 1 July 2025, "
        "Hà Giang has been part of Tuyên Quang: using Tuyên Quang.",
        "Cổng mô phỏng (igate2) mang tên Tuyên Quang (biến thể đã sửa lỗi) tại "
        "http://127.0.0.1:8765/ ; nhấn Ctrl+C để dừng.",
        "Replica (igate2) of Tuyên Quang (accessible variant) at http://127.0.0.1:8765/ ; Ctrl+C "
        "stops it.",
        "Đã dừng. / Stopped."]
