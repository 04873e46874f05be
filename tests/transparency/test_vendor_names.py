"""Vendor names from the field are matched to one Vendor; seed facts load with their sources."""

import pytest

from surveillance_map.transparency.models import Evidence, Program, Vendor
from surveillance_map.transparency.services import VendorResolver, load_transparency, vendor_key
from tests.factories import make_vendor

FIXTURE = "fixtures/transparency.json"


@pytest.mark.parametrize(
    "spelling", ["Flock", "Flock Safety", "Flock Group Inc.", "FLOCK SAFETY", "flock-safety"]
)
def test_company_form_words_and_case_are_ignored(spelling):
    assert vendor_key(spelling) == "flock"


def test_different_companies_keep_different_keys():
    assert vendor_key("Axis Communications") != vendor_key("Bosch Security Systems")


def test_a_name_made_only_of_generic_words_is_not_emptied():
    assert vendor_key("Digital Systems") == "digital systems"


@pytest.mark.django_db
def test_resolver_matches_aliases_and_creates_unknown_vendors():
    hikvision = make_vendor("Hikvision", aliases=["Hangzhou Hikvision Digital Technology"])
    resolver = VendorResolver()
    assert resolver.resolve("Hangzhou Hikvision Digital Technology Co., Ltd.") == hikvision
    newcomer = resolver.resolve("Acme Cams Ltd")
    assert newcomer.name == "Acme Cams Ltd" and newcomer.country_of_origin == ""
    assert resolver.resolve("ACME CAMS") == newcomer
    assert resolver.resolve("  ") is None


@pytest.mark.django_db
def test_seed_file_loads_every_vendor_and_program_with_sources_idempotently():
    load_transparency(FIXTURE)
    load_transparency(FIXTURE)
    ecu = Program.objects.get(slug="ecu-911")
    assert ecu.country == "EC" and ecu.claimed_camera_count == 4300
    assert sorted(ecu.vendors.values_list("slug", flat=True)) == ["ceiec", "huawei"]
    assert ecu.evidence.get().published_on.isoformat() == "2019-04-24"
    assert Vendor.objects.get(slug="hikvision").evidence.count() == 3  # two lists, its origin
    assert Evidence.objects.filter(program__slug="bol-110", confidence="low").exists()
    assert not Evidence.objects.filter(url="").exists()
