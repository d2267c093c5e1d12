"""The filters' QuickSelect writes the same markup as Django's Select."""

import pytest
from django import forms

from samarbeid.forms import QuickSelect

CHOICES = [
    ("", "Alle"),
    ("1", "Tiltak <1> & «meir»"),
    ("Plan 2026", [("2", "To"), ("3", "Tre")]),
]


@pytest.mark.parametrize("value", [None, "", "1", "3"])
def test_it_writes_what_djangos_select_writes(value):
    attrs = {"class": "ds-input", "id": "id_measure", "aria-describedby": "hjelp"}
    django = forms.Select(attrs=attrs, choices=CHOICES).render("measure", value)
    quick = QuickSelect(attrs=attrs, choices=CHOICES).render("measure", value)
    squeeze = lambda html: "".join(line.strip() for line in html.splitlines())  # noqa: E731
    assert squeeze(quick) == squeeze(django)
    assert quick.count(" selected") == 1
    assert f'<option value="{value or ""}" selected>' in quick
    assert "Tiltak &lt;1&gt; &amp; «meir»" in quick
