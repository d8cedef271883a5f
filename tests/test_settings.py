from kg.settings import ROOT, SETTINGS, Settings
import pytest
from kg.errors import NapkgError


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for s in SETTINGS:
        assert f"`{s.name}`" in readme, f"setting {s.name} is not in README.md"


def test_environment_variables_override_defaults():
    s = Settings.from_env({"NAPKG_QUERY_TIME_LIMIT_MS": "500", "NAPKG_STORE_BACKEND": "memory"})
    assert s.query_time_limit_ms == 500 and s.store_backend == "memory"


def test_explicit_values_override_environment():
    s = Settings.from_env({"NAPKG_DATA_DIR": "a"}, data_dir="b")
    assert s.data_dir == "b"


def test_unknown_setting_and_bad_number_are_errors():
    with pytest.raises(NapkgError, match="unknown setting"):
        Settings({"nope": 1})
    with pytest.raises(NapkgError, match="whole number"):
        Settings({"max_result_rows": "many"})


def test_removed_base_iri_is_refused_with_why_and_what_to_do():
    # napkg mints every IRI under the fixed base kg.namespaces.BASE: a setting claiming otherwise is an error
    with pytest.raises(NapkgError, match=r"setting base_iri was removed: .*https://w3id.org/napkg/.*leave it out"):
        Settings({"base_iri": "https://example.org/kg/"})
    with pytest.raises(NapkgError, match=r"NAPKG_BASE_IRI is set.*base_iri was removed.*unset NAPKG_BASE_IRI"):
        Settings.from_env({"NAPKG_BASE_IRI": "https://example.org/kg/"})


def test_napkg_with_base_iri_in_the_environment_says_so_and_exits_2():
    from click.testing import CliRunner

    from kg.cli import cli

    r = CliRunner().invoke(cli, ["stats"], env={"NAPKG_BASE_IRI": "https://example.org/kg/"})
    assert r.exit_code == 2 and "NAPKG_BASE_IRI" in r.output and "Traceback" not in r.output


def test_the_minting_base_is_the_public_one():
    from kg.namespaces import BASE, GRAPH, NAPID, NAPSH, PREFIXES

    assert BASE == "https://w3id.org/napkg/"
    assert (str(NAPID), str(GRAPH), str(NAPSH)) == (BASE + "id/", BASE + "graph/", BASE + "shapes#")
    assert (PREFIXES["napid"], PREFIXES["napsh"]) == (str(NAPID), str(NAPSH))  # the rdflib-free prefix table agrees
