"""The nn/nb/en catalogues are complete, compiled and used.

The .po files are read with a small parser of our own and the .mo files with the standard
library, so the check needs neither gettext nor polib. No database is needed.
"""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES]
NORWEGIAN = ["nn", "nb"]

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")


def _unquote(text):
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a PO string: {text!r}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], text[1:-1])


def parse_po(path):
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr, flags.

    `msgstr` is a string, or a dict {index: string} for a plural entry. Obsolete entries
    (`#~`) are skipped.
    """
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": ""}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            keyword, index, value = match.groups()
            if index is not None:
                if not isinstance(entry["msgstr"], dict):
                    entry["msgstr"] = {}
                entry["msgstr"][int(index)] = _unquote(value)
                field = ("msgstr", int(index))
            else:
                entry[keyword] = _unquote(value)
                field = (keyword, None)
        elif line.startswith('"') and field is not None:
            keyword, index = field
            if index is None:
                entry[keyword] += _unquote(line)
            else:
                entry["msgstr"][index] += _unquote(line)
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    return entries


def po_path(language):
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def mo_path(language):
    return LOCALE / language / "LC_MESSAGES" / "django.mo"


def messages(language):
    """The translatable entries of a catalogue (the header left out)."""
    return [e for e in parse_po(po_path(language)) if e["msgid"] != ""]


def header(language):
    return next(e for e in parse_po(po_path(language)) if e["msgid"] == "")


def expected_catalog(language):
    """What msgfmt puts in the .mo: every translated, non-fuzzy entry, keyed like gettext."""
    catalog = {}
    for entry in messages(language):
        if "fuzzy" in entry["flags"]:
            continue
        key = entry["msgid"]
        if entry["msgctxt"] is not None:
            key = f"{entry['msgctxt']}\x04{key}"
        if isinstance(entry["msgstr"], dict):
            if all(entry["msgstr"].values()):
                catalog.update({(key, i): text for i, text in entry["msgstr"].items()})
        elif entry["msgstr"]:
            catalog[key] = entry["msgstr"]
    return catalog


def compiled_catalog(language):
    with mo_path(language).open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    return {key: text for key, text in catalog.items() if key != ""}


def msgstrs(entry):
    text = entry["msgstr"]
    return list(text.values()) if isinstance(text, dict) else [text]


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_a_catalogue_and_a_compiled_file_for_every_language(language):
    assert po_path(language).is_file(), f"run `make messages` to create {po_path(language)}"
    assert mo_path(language).is_file(), f"run `make messages` to compile {po_path(language)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_a_valid_header_that_is_not_fuzzy(language):
    entry = header(language)
    assert "fuzzy" not in entry["flags"]
    fields = dict(line.split(": ", 1) for line in entry["msgstr"].splitlines() if line)
    assert fields["Language"] == language
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("language", NORWEGIAN)
def test_it_translates_every_message_and_leaves_none_fuzzy(language):
    entries = messages(language)
    assert entries, f"{po_path(language)} has no messages"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in entries if not all(msgstrs(e))]
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"
    assert not empty, f"untranslated in {language}: {empty}"


def test_it_leaves_no_english_entry_fuzzy():
    fuzzy = [e["msgid"] for e in messages("en") if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy in en: {fuzzy}"


@pytest.mark.parametrize("language", NORWEGIAN)
def test_it_keeps_the_placeholders_of_every_message(language):
    wrong = []
    for entry in messages(language):
        wanted = sorted(_PLACEHOLDER.findall(entry["msgid"]))
        for text in msgstrs(entry):
            if text and sorted(_PLACEHOLDER.findall(text)) != wanted:
                wrong.append((entry["msgid"], text))
    assert not wrong, f"placeholders differ in {language}: {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_compiled_files_that_match_the_catalogues(language):
    expected, compiled = expected_catalog(language), compiled_catalog(language)
    stale = {
        key: (expected.get(key), compiled.get(key))
        for key in expected.keys() | compiled.keys()
        if expected.get(key) != compiled.get(key)
    }
    assert not stale, (
        f"{mo_path(language)} is out of date with its .po; run `make messages` (po vs mo): {stale}"
    )


@pytest.mark.parametrize(
    ("language", "text"), [("nn", "Møte"), ("nb", "Møter"), ("en", "Meetings")]
)
def test_it_shows_the_menu_in_the_active_language(language, text):
    with translation.override(language):
        assert translation.gettext("Meetings") == text


def test_it_uses_the_domains_words_for_the_bodies():
    with translation.override("nn"):
        assert translation.gettext("Strategic committee") == "Strategisk samarbeidsutval"
        assert translation.gettext("Committees") == "Utval"
    with translation.override("nb"):
        assert translation.gettext("Strategic committee") == "Strategisk samarbeidsutvalg"
        assert translation.gettext("Committees") == "Utvalg"
