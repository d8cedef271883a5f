"""Search and the pages for people in a real browser: Debian's Chromium driven by Playwright, against ``napkg serve``.

What the issue asks to see: the search finds the child-labour actions in
French and in English; the Belgian plan's page lists its 33 actions in order
with their SDGs and responsible bodies; a body's page lists its actions by
plan; CSV downloads parse; no console errors; inputs labelled and reachable
by keyboard. Screenshots of each page go to ``var/screenshots/`` (test
artefacts, not committed). Skips, saying why, without Playwright or Chromium.
"""

from __future__ import annotations

import csv
import io

import pytest

from kg.settings import ROOT

pytestmark = pytest.mark.slow

SHOTS = ROOT / "var" / "screenshots"


@pytest.fixture
def page(browser):  # its own: JavaScript off, downloads on, an English locale
    context = browser.new_context(java_script_enabled=False, accept_downloads=True, locale="en-GB",
                                  viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _real_data(server):
    import urllib.request

    with urllib.request.urlopen(server.url + "/api/plans") as r:
        import json

        ids = {p["id"] for p in json.load(r)["data"]}
    if "be-nap-bhr-2017" not in ids:
        pytest.skip("the real data did not build; these checks are about the Belgian plan")


def _unlabelled(page) -> list[str]:
    """Form controls a screen reader could not name."""
    return page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.outerHTML)""")


def _download_csv(page, link) -> list[dict]:
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(io.StringIO(f.read())))


@pytest.mark.parametrize("q, name", [("travail des enfants", "search-fr"), ("child labour", "search-en")])
def test_search_from_the_header_by_keyboard_finds_child_labour_actions(server, page, q, name):
    _real_data(server)
    page.goto(server.url + "/")
    # keyboard only: tab to the header's search box, type, Enter
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            break
    assert page.evaluate("document.activeElement.id") == "site-search"
    page.keyboard.type(q)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(server.url + "/search?q=")
    assert page.locator("ol.hits > li").count() > 0
    assert page.locator("ol.hits mark").count() > 0
    # narrow to actions with the kind facet
    with page.expect_navigation():
        page.locator("aside.facets a", has_text="action").first.click()
    kinds = page.locator("ol.hits > li .kind").all_inner_texts()
    assert kinds and set(kinds) == {"action"}
    titles = " ".join(page.locator("ol.hits a.hit").all_inner_texts()).lower()
    assert "child" in titles or "enfant" in titles or "travail" in titles
    assert _unlabelled(page) == []
    _shot(page, name)
    assert page.console_errors == []


def test_the_belgian_plan_page_lists_33_actions_in_order_with_sdgs_and_bodies(server, page):
    _real_data(server)
    page.goto(server.url + "/plan/be-nap-bhr-2017")
    rows = page.locator("#actions tbody tr")
    assert rows.count() == 33
    assert page.locator("#actions tbody tr td:first-child").all_inner_texts() == [str(n) for n in range(1, 34)]
    headers = page.locator("#actions thead th").all_inner_texts()
    sdg_col, resp_col = headers.index("SDGs") + 1, headers.index("Responsible") + 1
    first = rows.first
    assert "SDG 5" in first.locator(f"td:nth-child({sdg_col})").inner_text()
    assert "Federal Institute for Sustainable Development" in first.locator(f"td:nth-child({resp_col})").inner_text()
    with_bodies = sum(1 for t in page.locator(f"#actions tbody td:nth-child({resp_col})").all_inner_texts() if t.strip())
    assert with_bodies >= 30
    # the source quote is a click (or Enter) away, no script
    summary = first.locator("details.quote summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert first.locator("details.quote blockquote").first.is_visible()
    assert _unlabelled(page) == []
    _shot(page, "plan-be-nap-bhr-2017")
    rows_csv = _download_csv(page, page.locator("#actions p.downloads a", has_text="CSV"))
    assert [r["notation"] for r in rows_csv] == [str(n) for n in range(1, 34)]
    assert all(r["title"] for r in rows_csv)
    # the filter form: SDG 8 only
    page.select_option("#filter-sdg", value="8")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert 0 < page.locator("#actions tbody tr").count() < 33
    assert page.console_errors == []


def test_a_body_page_lists_its_actions_by_plan_and_switches_language(server, page):
    _real_data(server)
    page.goto(server.url + "/body/spf-justice")
    assert page.locator("h1").inner_text().startswith("FPS Justice")
    plans = page.locator("#actions tbody td:first-child").all_inner_texts()
    assert plans and "National Action Plan on Business and Human Rights" in plans
    _shot(page, "body-spf-justice")
    rows = _download_csv(page, page.locator("#actions p.downloads a", has_text="CSV"))
    assert {"plan", "action", "roles"} <= set(rows[0]) and len(rows) == len(plans)
    with page.expect_navigation():
        page.locator("nav.langs a", has_text="fr").click()
    assert page.locator("h1").inner_text().startswith("SPF Justice")
    assert page.locator("html").get_attribute("lang") == "fr"
    with page.expect_navigation():
        page.locator("nav.langs a", has_text="nl").click()
    assert page.locator("h1").inner_text().startswith("FOD Justitie")
    _shot(page, "body-spf-justice-nl")
    assert page.console_errors == []


@pytest.mark.parametrize("path, name", [("/sdg/8", "sdg-8"), ("/instrument/ungp/pillar/2", "ungp-pillar-2"),
                                        ("/instrument/ungp/principle/3", "ungp-principle-3"),
                                        ("/instrument/oecd-guidelines", "instrument-oecd-guidelines")])
def test_sdg_ungp_and_instrument_pages(server, page, path, name):
    _real_data(server)
    page.goto(server.url + path)
    assert page.locator("#linked tbody tr").count() > 0
    assert page.locator("a", has_text="all statements").count() == 1
    _shot(page, name)
    assert page.console_errors == []
