"""Every vendor of the demo fixture cites a source for its country of origin and its aliases."""

import json

from django.conf import settings


def test_every_fixture_vendor_cites_its_country_of_origin_and_aliases():
    data = json.loads((settings.BASE_DIR / "fixtures" / "transparency.json").read_text())
    for vendor in data["vendors"]:
        supported = {f for e in vendor["evidence"] if e.get("url") for f in e["supports"]}
        if vendor["country_of_origin"]:
            assert "country_of_origin" in supported, vendor["slug"]
        if vendor["aliases"]:
            assert "aliases" in supported, vendor["slug"]
