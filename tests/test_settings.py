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
