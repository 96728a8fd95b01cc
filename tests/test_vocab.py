"""Code lists: the shipped TOML files, the loader, and municipality overrides (good and hostile)."""

from __future__ import annotations

import ast
import dataclasses
import os
import shutil
import sys
import tempfile
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hfdesk.errors import ValidationError
from hfdesk.vocab import (
    CODE_RE,
    MAX_FILE_BYTES,
    Code,
    Vocabularies,
    default,
    is_code,
    load,
    shipped_dir,
)
from hfdesk.vocab.parse import MAX_CODE_LEN, MAX_LABEL_LEN, merge_override, parse_list

EXPECTED_LISTS = {
    "support_method",
    "legal_basis",
    "housing_situation",
    "homelessness_situation_nat",
    "end_reason",
    "end_type",
    "course_status",
    "journal_entry_type",
    "journal_status",
    "missed_reason",
    "life_area",
    "course_event_kind",
    "transition_kind",
    "gender",
    "actor_type",
    "referral_source",
    "role",
}
SKIPPED = "sprunget over"  # every override warning says the file was skipped


# --- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture
def shipped() -> Vocabularies:
    return default()


@pytest.fixture
def overrides(tmp_path: Path) -> Path:
    d = tmp_path / "kommune"
    d.mkdir()
    return d


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A writable copy of resources/vocab, under a path that ends in resources/vocab too."""
    d = tmp_path / "resources" / "vocab"
    shutil.copytree(shipped_dir(), d)
    return d


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_shipped_intact(v: Vocabularies) -> None:
    base = default()
    assert set(v.lists) == set(base.lists)
    for name, vl in base.lists.items():
        assert v.lists[name].entries == vl.entries, name


def assert_one_warning(v: Vocabularies, *needles: str) -> str:
    assert len(v.warnings) == 1, v.warnings
    (message,) = v.warnings
    assert SKIPPED in message
    assert "uventet fejl" not in message, message
    for needle in needles:
        assert needle in message, (needle, message)
    return message


def minimal_list(code: Any = "woman", label_da: Any = "Kvinde", **extra: Any) -> dict[str, Any]:
    entry = {
        "code": code,
        "label_da": label_da,
        "label_en": "Woman",
        "source": "test",
        "sort_order": 10,
        **extra,
    }
    return {"list": {"name": "gender", "description": "Køn."}, "codes": [entry]}


# --- the shipped lists ----------------------------------------------------------------------


def test_every_shipped_list_loads_and_validates(shipped: Vocabularies) -> None:
    assert EXPECTED_LISTS <= set(shipped.lists)
    assert shipped.warnings == ()
    for path in sorted(shipped_dir().glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["list"]["name"] == path.stem
    for name, vl in shipped.lists.items():
        assert vl.name == name and vl.description
        assert len(vl.entries) >= 3, name
        orders = [c.sort_order for c in vl.entries]
        assert orders == sorted(orders)
        for c in vl.entries:
            assert is_code(c.code), c.code
            assert c.label_da and c.label_en and c.source
            assert c.label_da == c.label_da.strip()


def test_default_is_loaded_once(shipped: Vocabularies) -> None:
    assert default() is shipped


def test_andet_is_other_and_uoplyst_is_unknown(shipped: Vocabularies) -> None:
    for vl in shipped.lists.values():
        for c in vl.entries:
            if c.code == "other":
                assert c.label_da.startswith(("Andet", "Anden")), (vl.name, c.label_da)
                assert c.label_en.startswith("Other")
            if c.code == "unknown":
                assert any(w in c.label_da.lower() for w in ("uoplyst", "ved ikke")), c.label_da
            if c.label_da.lower().startswith(("uoplyst", "ved ikke")):
                assert c.code == "unknown", (vl.name, c.code)


def test_other_asks_for_free_text_except_gender(shipped: Vocabularies) -> None:
    for vl in shipped.lists.values():
        other = vl.get("other")
        if other is not None:
            assert other.requires_text is (vl.name != "gender"), vl.name


def test_life_area_says_rusmidler_never_misbrug(shipped: Vocabularies) -> None:
    assert shipped.label("life_area", "substance") == "Rusmidler"
    for c in shipped.codes("life_area", include_inactive=True):
        assert "misbrug" not in c.label_da.lower()
    assert [c.code for c in shipped.codes("life_area")][-1] == "other"


def test_housing_situation_is_domain_12_2(shipped: Vocabularies) -> None:
    codes = shipped.codes("housing_situation")
    assert [(c.code, c.group) for c in codes] == [
        ("almen_family", "H"),
        ("almen_youth", "H"),
        ("private_flat", "H"),
        ("private_room", "H"),
        ("start_home", "H"),
        ("shared_community", "H"),
        ("skaev_bolig", "H"),
        ("residential_107_108", "H"),
        ("with_parents_settled", "H"),
        ("placement", "H"),
        ("placement_own_room", "H"),
        ("other_own_home", "H"),
        ("awaiting_move_in", "N"),
        ("shelter_110", "N"),
        ("transitional_110", "N"),
        ("temp_family_friends", "N"),
        ("other_homeless", "N"),
        ("unknown", "U"),
    ]
    nat = {c.code: c.extra.get("nat") for c in codes if "nat" in c.extra}
    assert nat == {
        "shelter_110": 3,
        "transitional_110": 6,
        "temp_family_friends": 5,
        "other_homeless": (1, 2, 4, 7, 8, 9),
    }
    assert shipped.label("housing_situation", "temp_family_friends", "en") == "Sofa-surfing"


def test_national_codes_map_back_to_housing_situation(shipped: Vocabularies) -> None:
    nat_codes = shipped.codes("homelessness_situation_nat")
    assert [c.code for c in nat_codes] == [f"nat_{n}" for n in range(1, 10)] + ["unknown"]
    for c in nat_codes:
        target = shipped.get("housing_situation", c.extra["housing_situation"])
        assert target is not None
        if c.code != "unknown":
            wanted = target.extra["nat"]
            assert c.extra["nat"] in (wanted if isinstance(wanted, tuple) else (wanted,))
    assert shipped.label("homelessness_situation_nat", "nat_9") == "Andet"


def test_referral_source_is_domain_12_1(shipped: Vocabularies) -> None:
    assert [c.code for c in shipped.codes("referral_source")] == [
        "jobcentre",
        "youth_guidance",
        "child_family_dept",
        "caseworker_general",
        "school_education",
        "psychiatry",
        "substance_treatment",
        "placement_setting",
        "support_contact_person",
        "housing_support",
        "shelter",
        "drop_in_centre",
        "outreach_team",
        "other_municipal",
        "self_referral",
        "other",
    ]
    assert shipped.label("referral_source", "other") == "Andet (angiv)"
    assert shipped.get("referral_source", "self_referral").extra["label_003"] == "Selvhenvendelse"


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("support_method", ["cti", "icm", "act", "preventive", "ordinary_85", "other"]),
        ("end_type", ["planned", "unplanned", "deceased"]),
        ("course_status", ["phase_zero", "active", "paused", "ended"]),
        ("journal_status", ["planned", "done", "cancelled", "no_show"]),
        ("gender", ["woman", "man", "other", "not_stated"]),
        ("role", ["bostoettemedarbejder", "myndighedsraadgiver", "teamleder"]),
        (
            "course_event_kind",
            [
                "admission",
                "discharge",
                "incarceration",
                "release",
                "paused",
                "moved_municipality",
                "death",
            ],
        ),
        ("transition_kind", ["move_in", "discharge", "release", "leaving_shelter", "other"]),
        (
            "journal_entry_type",
            [
                "home_visit",
                "outreach",
                "phone",
                "sms_mail",
                "video",
                "escort",
                "meeting",
                "partner_contact",
            ],
        ),
    ],
)
def test_list_codes_in_order(shipped: Vocabularies, name: str, codes: list[str]) -> None:
    assert [c.code for c in shipped.codes(name)] == codes


def test_domain_labels_verbatim(shipped: Vocabularies) -> None:
    assert shipped.label("course_status", "phase_zero") == "Fase nul / afventer afgørelse"
    assert shipped.label("course_status", "paused") == "Sat i bero"
    assert shipped.label("gender", "not_stated") == "Ønsker ikke at oplyse"
    assert shipped.label("role", "myndighedsraadgiver") == "Myndighedsrådgiver"
    assert shipped.label("actor_type", "gp") == "Egen læge"
    assert shipped.label("end_reason", "cti_completed") == "Ni måneders CTI-forløb afsluttes"
    assert shipped.label("transition_kind", "leaving_shelter") == "Udflytning fra boform"
    assert shipped.lists["end_reason"].multi is True
    assert shipped.lists["gender"].multi is False


def test_partner_contact_is_not_citizen_contact(shipped: Vocabularies) -> None:
    flags = {c.code: c.extra["citizen_contact"] for c in shipped.codes("journal_entry_type")}
    assert flags.pop("partner_contact") is False
    assert set(flags.values()) == {True}


def test_legal_basis_carries_law_and_paragraph(shipped: Vocabularies) -> None:
    for c in shipped.codes("legal_basis", include_inactive=True):
        if c.code != "other":
            assert c.extra["law"] and c.extra["paragraph"].startswith("§")


@pytest.mark.parametrize(
    ("code", "day", "valid"),
    [
        ("sel_85a", date(2023, 9, 30), False),
        ("sel_85a", date(2023, 10, 1), True),
        ("sel_85a", date(2030, 1, 1), True),
        ("sel_76_aftercare", date(2023, 12, 31), True),
        ("sel_76_aftercare", date(2024, 1, 1), False),
        ("sel_76_aftercare", date(2024, 6, 15), False),
        ("barnets_lov_32", date(2023, 12, 31), False),
        ("barnets_lov_32", date(2024, 1, 1), True),
        ("ungestoette_111_121", date(2024, 1, 1), True),
        ("sel_85", date(2015, 1, 1), True),
    ],
)
def test_legal_basis_is_dated(shipped: Vocabularies, code: str, day: date, valid: bool) -> None:
    assert shipped.is_valid("legal_basis", code, on=day) is valid
    assert (code in [c.code for c in shipped.codes("legal_basis", on=day)]) is valid


def test_legal_basis_lists_on_dates(shipped: Vocabularies) -> None:
    in_2023 = {c.code for c in shipped.codes("legal_basis", on=date(2023, 9, 30))}
    assert "sel_76_aftercare" in in_2023 and "sel_85a" not in in_2023
    in_2024 = {c.code for c in shipped.codes("legal_basis", on=datetime(2024, 3, 1, 12, 0))}
    assert "sel_76_aftercare" not in in_2024 and "sel_85a" in in_2024
    everything = {c.code for c in shipped.codes("legal_basis", include_inactive=True)}
    assert everything == in_2023 | in_2024
    # A retired code still has its label: old courses must print.
    assert shipped.label("legal_basis", "sel_76_aftercare").startswith("SEL § 76")


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
@settings(max_examples=50, deadline=None)
def test_codes_on_a_date_are_exactly_the_valid_ones(day: date) -> None:
    v = default()
    for name in ("legal_basis", "gender"):
        listed = [c.code for c in v.codes(name, on=day)]
        expected = [
            c.code
            for c in v.lists[name].entries
            if (c.valid_from is None or c.valid_from <= day)
            and (c.valid_to is None or day <= c.valid_to)
        ]
        assert listed == expected


# --- lookups --------------------------------------------------------------------------------


def test_label_of_unknown_code_or_list_is_the_code(shipped: Vocabularies) -> None:
    assert shipped.label("gender", "woman") == "Kvinde"
    assert shipped.label("gender", "woman", "en") == "Woman"
    assert shipped.label("gender", "woman", "en_GB") == "Woman"
    assert shipped.label("gender", "woman", "da_DK") == "Kvinde"
    assert shipped.label("gender", "woman", "fr") == "Kvinde"
    assert shipped.label("gender", "female") == "female"
    assert shipped.label("no_such_list", "woman") == "woman"
    assert shipped.label("gender", None) == ""
    assert shipped.get("gender", "female") is None
    assert shipped.get("no_such_list", "woman") is None
    assert shipped.is_valid("gender", "female") is False
    assert shipped.is_valid("no_such_list", "woman") is False


def test_codes_of_unknown_list_is_a_bug(shipped: Vocabularies) -> None:
    with pytest.raises(KeyError):
        shipped.codes("gendre")


def test_check_gives_danish_errors(shipped: Vocabularies) -> None:
    assert shipped.check("gender", "woman") == "woman"
    with pytest.raises(ValidationError, match="ikke en kendt værdi") as exc:
        shipped.check("gender", "female", field="gender")
    assert exc.value.field == "gender"
    with pytest.raises(ValidationError, match="01.01.2024"):
        shipped.check("legal_basis", "sel_76_aftercare", on=date(2024, 1, 1))


def test_codes_are_immutable(shipped: Vocabularies) -> None:
    code = shipped.get("housing_situation", "shelter_110")
    assert isinstance(code, Code)
    with pytest.raises(dataclasses.FrozenInstanceError):
        code.label_da = "Herberg"  # type: ignore[misc]
    with pytest.raises(TypeError):
        code.extra["nat"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        shipped.lists["gender"] = shipped.lists["role"]  # type: ignore[index]
    assert hash(code) == hash(dataclasses.replace(code))


@given(st.text(), st.one_of(st.none(), st.text()), st.text())
@settings(max_examples=200, deadline=None)
def test_label_never_raises(list_name: str, code: str | None, lang: str) -> None:
    v = default()
    assert isinstance(v.label(list_name, code, lang), str)
    assert isinstance(v.label("gender", code, lang), str)
    if code is not None and v.get("gender", code) is None:
        assert v.label("gender", code) == code


@given(st.sampled_from(sorted(EXPECTED_LISTS)), st.data())
@settings(max_examples=50, deadline=None)
def test_label_of_every_shipped_code(name: str, data: st.DataObject) -> None:
    v = default()
    code = data.draw(st.sampled_from(v.lists[name].entries))
    assert v.label(name, code.code) == code.label_da
    assert v.label(name, code.code, "en") == code.label_en


# --- shipped files are ours: problems raise -------------------------------------------------


def test_bad_shipped_code_raises_with_the_file_and_a_fix(shipped_copy: Path) -> None:
    path = shipped_copy / "gender.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"woman"', '"Woman"'), "utf-8")
    with pytest.raises(ValidationError) as exc:
        load(shipped=shipped_copy)
    assert exc.value.message == (
        "resources/vocab/gender.toml: koden 'Woman' skal være små bogstaver, tal og _ (fx woman)."
    )


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ('code = "man"', 'code = "woman"', "mere end én gang"),
        ('label_da = "Mand"', 'label_da = "Kvinde"', "bruges af både"),
        ('label_en = "Man"', 'label_en = ""', "label_en er tom"),
        ("sort_order = 20", 'sort_order = "20"', "heltal"),
        ('name = "gender"', 'name = "genders"', "passer ikke med filnavnet"),
        ('label_da = "Mand"', 'label_da = "Mand"\nvalid_from = "2024-13-01"', "findes ikke"),
        (
            'label_da = "Mand"',
            'label_da = "Mand"\nvalid_from = "2025-01-01"\nvalid_to = "2024-01-01"',
            "ligger efter valid_to",
        ),
    ],
)
def test_shipped_mistakes_raise(shipped_copy: Path, old: str, new: str, needle: str) -> None:
    path = shipped_copy / "gender.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValidationError, match=needle) as exc:
        load(shipped=shipped_copy)
    assert exc.value.message.startswith("resources/vocab/gender.toml")


def test_missing_shipped_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="mangler"):
        load(shipped=tmp_path / "resources" / "vocab")


def test_frozen_bundle_uses_meipass(
    tmp_path: Path, shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert shipped_dir() == tmp_path / "resources" / "vocab"
    assert set(load().lists) == set(default().lists)


# --- municipality overrides: allowed changes ------------------------------------------------


def test_override_adds_and_relabels(overrides: Path) -> None:
    write(
        overrides,
        "actor_type.toml",
        """
[list]
name = "actor_type"

[[codes]]
code = "debt_advice"
label_da = "Gældsrådgivning"
label_en = "Debt advice"
source = "Kommune X"

[[codes]]
code = "gp"
label_da = "Praktiserende læge"
sort_order = 5

[[codes]]
code = "police"
is_active = false
""",
    )
    v = load(overrides)
    assert v.warnings == ()
    assert v.label("actor_type", "debt_advice") == "Gældsrådgivning"
    assert v.label("actor_type", "gp") == "Praktiserende læge"
    assert v.label("actor_type", "gp", "en") == "General practitioner"
    codes = [c.code for c in v.codes("actor_type")]
    assert codes[0] == "gp"
    assert codes[-1] == "debt_advice"  # added codes go last by default
    assert "police" not in codes
    assert v.label("actor_type", "police") == "Politi"  # retired, still printable
    assert "police" in [c.code for c in v.codes("actor_type", include_inactive=True)]
    added = v.get("actor_type", "debt_advice")
    assert added is not None and added.source == "Kommune X"
    assert v.lists["actor_type"].files[-1].endswith("actor_type.toml")
    # Other lists are untouched.
    assert v.lists["gender"].entries == default().lists["gender"].entries


def test_override_minimal_new_code_gets_defaults(overrides: Path) -> None:
    write(
        overrides,
        "gender.toml",
        '[list]\nname = "gender"\n\n[[codes]]\ncode = "nonbinary"\nlabel_da = "Nonbinær"\n',
    )
    v = load(overrides)
    assert v.warnings == ()
    c = v.get("gender", "nonbinary")
    assert c is not None
    assert c.label_en == "Nonbinær" and c.source == "Kommunal tilføjelse"
    assert c.sort_order > max(x.sort_order for x in default().codes("gender"))


def test_override_retires_a_code_with_valid_to(overrides: Path) -> None:
    write(
        overrides,
        "legal_basis.toml",
        '[list]\nname = "legal_basis"\n\n[[codes]]\ncode = "lab_167"\nvalid_to = "2025-06-30"\n',
    )
    v = load(overrides)
    assert v.warnings == ()
    assert v.is_valid("legal_basis", "lab_167", on=date(2025, 6, 30))
    assert not v.is_valid("legal_basis", "lab_167", on=date(2025, 7, 1))


def test_override_may_reuse_the_label_of_a_code_it_retires(overrides: Path) -> None:
    write(
        overrides,
        "actor_type.toml",
        """[list]
name = "actor_type"
[[codes]]
code = "gp"
is_active = false
[[codes]]
code = "own_doctor"
label_da = "Egen læge"
label_en = "General practitioner"
""",
    )
    v = load(overrides)
    assert v.warnings == ()
    assert [c.code for c in v.codes("actor_type")].count("own_doctor") == 1


def test_override_with_bom_and_windows_newlines(overrides: Path) -> None:
    text = '[list]\r\nname = "gender"\r\n[[codes]]\r\ncode = "man"\r\nlabel_da = "Mand (M)"\r\n'
    write(overrides, "gender.toml", b"\xef\xbb\xbf" + text.encode("utf-8"))
    v = load(overrides)
    assert v.warnings == ()
    assert v.label("gender", "man") == "Mand (M)"


def test_override_ignores_dotfiles_and_other_files(overrides: Path) -> None:
    write(overrides, "._gender.toml", b"\x00\x05\x16\x07Mac OS X resource fork")
    write(overrides, "README.txt", "Kommunens kodelister")
    write(overrides, "gender.toml.bak", "not toml at all {{{")
    v = load(overrides)
    assert v.warnings == ()
    assert_shipped_intact(v)


def test_empty_override_setting_means_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "gender.toml", "not toml")
    monkeypatch.chdir(tmp_path)  # "" must not be read as the working directory
    for empty in ("", "   "):
        v = load(empty)
        assert v.warnings == ()
        assert_shipped_intact(v)


def test_missing_override_folder_is_a_warning(tmp_path: Path) -> None:
    v = load(tmp_path / "findes_ikke")
    assert len(v.warnings) == 1 and "findes ikke" in v.warnings[0]
    assert_shipped_intact(v)


# --- municipality overrides: forbidden changes ----------------------------------------------


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('code = "woman"\nrename_to = "female"', "kan ikke slettes eller omdøbes"),
        ('code = "woman"\nremove = true', "kan ikke slettes eller omdøbes"),
        ('code = "woman"\ndeleted = true', "is_active = false"),
        ('code = "female"\nlabel_da = "Kvinde"', "bruges af både"),
        ('code = "Woman"\nlabel_da = "Kvinde"', "(fx woman)"),
        ('code = "woman"\ngroup = "X"', "kan ikke ændres"),
        ('code = "woman"\nsource = "os"', "kan ikke ændres"),
        ('code = "woman"\nlable_da = "Kvinde"', "kan ikke ændres"),
        ('code = "woman"\nlabel_da = "Kvinde"\n[[codes]]\ncode = "woman"', "mere end én gang"),
    ],
)
def test_override_cannot_rename_or_remove(overrides: Path, body: str, needle: str) -> None:
    write(overrides, "gender.toml", f'[list]\nname = "gender"\n\n[[codes]]\n{body}\n')
    v = load(overrides)
    assert_one_warning(v, "gender.toml", needle)
    assert_shipped_intact(v)


def test_override_cannot_revive_a_repealed_basis(overrides: Path) -> None:
    write(
        overrides,
        "legal_basis.toml",
        '[list]\nname = "legal_basis"\n[[codes]]\ncode = "sel_76_aftercare"\nvalid_to = "2030-01-01"\n',
    )
    v = load(overrides)
    assert_one_warning(v, "senere end hfdesks egen slutdato")
    assert not v.is_valid("legal_basis", "sel_76_aftercare", on=date(2024, 1, 1))


def test_override_cannot_change_meaning_or_multi(overrides: Path) -> None:
    write(
        overrides,
        "housing_situation.toml",
        '[list]\nname = "housing_situation"\n[[codes]]\ncode = "shelter_110"\nnat = 5\n',
    )
    write(
        overrides,
        "end_reason.toml",
        '[list]\nname = "end_reason"\nmulti = false\n[[codes]]\ncode = "other"\n',
    )
    v = load(overrides)
    assert len(v.warnings) == 2
    assert any("'nat'" in w for w in v.warnings)
    assert any("multi kan ikke ændres" in w for w in v.warnings)
    assert_shipped_intact(v)


def test_one_bad_file_does_not_stop_the_good_ones(overrides: Path) -> None:
    write(overrides, "gender.toml", "this is = = not toml")
    write(
        overrides,
        "role.toml",
        '[list]\nname = "role"\n[[codes]]\ncode = "teamleder"\nlabel_da = "Teamkoordinator"\n',
    )
    v = load(overrides)
    assert_one_warning(v, "gender.toml", "linje 1")
    assert v.label("role", "teamleder") == "Teamkoordinator"
    assert v.lists["gender"].entries == default().lists["gender"].entries


@pytest.mark.parametrize(
    ("filename", "needle"),
    [("genders.toml", "ingen kodeliste ved navn 'genders'"), ("Gender.toml", "gender.toml")],
)
def test_override_for_unknown_list(overrides: Path, filename: str, needle: str) -> None:
    write(overrides, filename, '[list]\nname = "gender"\n[[codes]]\ncode = "x"\nlabel_da = "X"\n')
    v = load(overrides)
    assert_one_warning(v, needle)
    assert_shipped_intact(v)


# --- hostile override files -----------------------------------------------------------------

HEAD = '[list]\nname = "gender"\n\n[[codes]]\n'
HOSTILE: list[tuple[str, str | bytes, str]] = [
    ("empty", b"", "filen er tom"),
    ("whitespace", "   \n\n\t\n", "filen er tom"),
    ("comments only", "# bare en kommentar\n", "filen er tom"),
    ("not toml", "Kvinde, Mand, Andet\n", "kan ikke læses som TOML"),
    ("unclosed string", HEAD + 'code = "woman\n', "linje 5"),
    ("huge 5 MB label", HEAD + 'code = "x"\nlabel_da = "' + "a" * 5_000_000 + '"\n', "for stor"),
    ("long label", HEAD + 'code = "x"\nlabel_da = "' + "å" * 300 + '"\n', "for lang (300 tegn"),
    ("long code", HEAD + 'code = "' + "a" * 100 + '"\nlabel_da = "X"\n', "for lang"),
    ("bell in label", HEAD + 'code = "man"\nlabel_da = "Ma\\u0007nd"\n', "styretegn (U+0007)"),
    ("nul in label", HEAD + 'code = "man"\nlabel_da = "Ma\\u0000nd"\n', "styretegn (U+0000)"),
    ("newline in label", HEAD + 'code = "man"\nlabel_da = "Ma\\nnd"\n', "styretegn (U+000A)"),
    ("bidi override", HEAD + 'code = "man"\nlabel_da = "\\u202eMand"\n', "styretegn (U+202E)"),
    ("raw control byte", HEAD.encode() + b'code = "man"\nlabel_da = "Ma\x07nd"\n', "TOML"),
    ("not utf-8", HEAD.encode() + 'code = "man"\nlabel_da = "Mænd"\n'.encode("latin-1"), "UTF-8"),
    ("utf-16", (HEAD + 'code = "man"\n').encode("utf-16"), "UTF-8"),
    ("code is a number", HEAD + "code = 5\n", "code skal være tekst"),
    ("label is a number", HEAD + 'code = "man"\nlabel_da = 3\n', "label_da skal være tekst"),
    ("empty label", HEAD + 'code = "man"\nlabel_da = "   "\n', "label_da er tom"),
    ("sort_order text", HEAD + 'code = "man"\nsort_order = "1"\n', "heltal"),
    ("sort_order bool", HEAD + 'code = "man"\nsort_order = true\n', "heltal"),
    ("sort_order huge", HEAD + 'code = "man"\nsort_order = 9223372036854775807\n', "uden for"),
    ("is_active text", HEAD + 'code = "man"\nis_active = "nej"\n', "true eller false"),
    ("danish date", HEAD + 'code = "man"\nvalid_to = "31.12.2025"\n', "ikke en dato"),
    ("impossible date", HEAD + 'code = "man"\nvalid_to = "2025-02-30"\n', "findes ikke"),
    ("datetime", HEAD + 'code = "man"\nvalid_to = 2025-01-01T10:00:00\n', "klokkeslæt"),
    ("year 9999", HEAD + 'code = "man"\nvalid_to = "9999-12-31"\n', "1900–2100"),
    ("codes is a string", 'codes = "woman"\n[list]\nname = "gender"\n', "[[codes]]"),
    ("codes under list", '[list]\nname = "gender"\ncodes = "woman"\n', "står under [list]"),
    ("code under list", '[list]\nname = "gender"\ncode = "woman"\n', "skriv [[codes]]"),
    ("codes is a table", '[list]\nname = "gender"\n[codes]\ncode = "woman"\n', "[[codes]]"),
    ("codes list of ints", 'codes = [1, 2]\n[list]\nname = "gender"\n', "nr. 1"),
    ("no codes", '[list]\nname = "gender"\n', "ingen koder"),
    ("no list", '[[codes]]\ncode = "man"\nlabel_da = "M"\n', "[list]"),
    ("list is a string", 'list = "gender"\n', "[list]"),
    ("wrong name", '[list]\nname = "role"\n[[codes]]\ncode = "man"\n', "passer ikke"),
    ("stray key", 'label_da = "Mand"\n' + HEAD + 'code = "man"\n', "ukendt felt"),
    ("unknown list key", '[list]\nname = "gender"\nmode = "replace"\n', "ukendt felt"),
    ("inline table extra", HEAD + 'code = "x"\nlabel_da = "X"\nmeta = {a = 1}\n', "en tabel"),
    ("float extra", HEAD + 'code = "x"\nlabel_da = "X"\nweight = 1.5\n', "decimaltal"),
    ("nested list extra", HEAD + 'code = "x"\nlabel_da = "X"\nnat = [[1]]\n', "lister i lister"),
    ("quoted odd key", HEAD + 'code = "x"\nlabel_da = "X"\n"Æble grød" = 1\n', "feltnavnet"),
    ("deep nesting", "x = " + "[" * 100_000 + "]" * 100_000 + "\n", "dybt"),
    (
        "too many codes",
        '[list]\nname = "gender"\n' + '[[codes]]\ncode = "c"\n' * 1001,
        "højst 1000",
    ),
]


@pytest.mark.parametrize(
    ("content", "needle"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_hostile_override_is_a_danish_warning(
    overrides: Path, content: str | bytes, needle: str
) -> None:
    write(overrides, "gender.toml", content)
    v = load(overrides)
    assert_one_warning(v, "gender.toml", needle)
    assert_shipped_intact(v)


def test_override_that_is_a_folder_or_device(overrides: Path) -> None:
    (overrides / "gender.toml").mkdir()
    if os.path.exists("/dev/zero"):
        (overrides / "role.toml").symlink_to("/dev/zero")
    v = load(overrides)
    assert all("almindelig fil" in w and SKIPPED in w for w in v.warnings)
    assert len(v.warnings) == (2 if os.path.exists("/dev/zero") else 1)
    assert_shipped_intact(v)


def test_file_size_cap_is_generous_for_real_lists() -> None:
    biggest = max(p.stat().st_size for p in shipped_dir().glob("*.toml"))
    assert biggest * 10 < MAX_FILE_BYTES


# --- properties ------------------------------------------------------------------------------

codes_strategy = st.one_of(
    st.text(max_size=80),
    st.from_regex(r"[a-z][a-z0-9_]{0,80}", fullmatch=True),
    st.sampled_from(["woman", "Woman", "kvinde ", "1abc", "_x", "a-b", "æble", "abc\n", ""]),
)


@given(codes_strategy)
@settings(max_examples=300, deadline=None)
def test_codes_are_accepted_only_if_they_match_the_rule(code: str) -> None:
    try:
        vl = parse_list(minimal_list(code=code), origin="test.toml")
    except ValidationError as exc:
        assert not (CODE_RE.fullmatch(code) and len(code) <= MAX_CODE_LEN), exc.message
        assert exc.message.startswith("test.toml")
    else:
        assert CODE_RE.fullmatch(code) is not None and len(code) <= MAX_CODE_LEN
        assert vl.get(code) is not None
    assert is_code(code) is bool(CODE_RE.fullmatch(code) and len(code) <= MAX_CODE_LEN)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_labels_are_accepted_only_if_printable_and_short(label: str) -> None:
    try:
        vl = parse_list(minimal_list(label_da=label), origin="test.toml")
    except ValidationError as exc:
        assert exc.message.startswith("test.toml")
    else:
        shown = vl.entries[0].label_da
        assert 0 < len(shown) <= MAX_LABEL_LEN
        assert all(ch >= " " and ch != "\x7f" for ch in shown)
        assert shown == shown.strip()


toml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
code_tables = st.dictionaries(
    st.one_of(
        st.sampled_from(
            ["code", "label_da", "label_en", "sort_order", "valid_to", "is_active", "group", "nat"]
        ),
        st.text(max_size=10),
    ),
    st.one_of(st.sampled_from(["woman", "man", "new_code", "Kvinde"]), toml_values),
    max_size=6,
)


@given(
    st.one_of(
        st.dictionaries(st.text(max_size=8), toml_values, max_size=3),
        st.builds(
            lambda codes, multi: {"list": {"name": "gender", **multi}, "codes": codes},
            st.lists(code_tables, max_size=4),
            st.one_of(st.just({}), st.builds(lambda m: {"multi": m}, toml_values)),
        ),
    )
)
@settings(max_examples=300, deadline=None)
def test_any_parsed_override_merges_or_gives_a_danish_error(data: dict[str, Any]) -> None:
    base = default().lists["gender"]
    try:
        merged = merge_override(base, data, origin="kommune/gender.toml")
    except ValidationError as exc:
        assert exc.message.startswith("kommune/gender.toml")
    else:
        # Whatever was accepted kept every shipped code under its own code.
        for c in base.entries:
            assert merged.get(c.code) is not None
            assert merged.get(c.code).group == c.group  # type: ignore[union-attr]


@given(st.one_of(st.text(max_size=400), st.binary(max_size=400)))
@settings(max_examples=100, deadline=None)
def test_any_override_file_never_crashes_loading(content: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        write(d, "gender.toml", content)
        v = load(d)
    assert len(v.warnings) <= 1
    assert all("uventet fejl" not in w for w in v.warnings)
    for c in default().lists["gender"].entries:
        assert v.get("gender", c.code) is not None


# --- house rule -----------------------------------------------------------------------------


def test_vocab_is_qt_free() -> None:
    package = Path(__file__).resolve().parents[1] / "hfdesk" / "vocab"
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] in ("PySide6", "ui") for n in names), path
