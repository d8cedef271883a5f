"""The pages in a real browser: Debian's headless Chromium driven by Playwright, against ``napkg serve``.

Skips, saying why, when Playwright or a Chromium binary is missing (``.ci/run``
installs Debian's ``chromium``; ``NAPKG_CHROMIUM`` may point at another).
``playwright install`` is never needed: the system binary is launched. The ``browser`` fixture is in
``tests/conftest.py``, ``page`` in ``tests/service/conftest.py``.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.slow


def test_home_example_query_results_and_resource_page(server, page, samples):
    page.goto(server.url + "/")
    assert page.title().startswith("Home")
    assert page.locator("h1").inner_text().startswith("napkg")
    # one click on the first competency question runs it
    page.locator('a[href^="/sparql?query="]').first.click()
    page.wait_for_load_state()
    assert page.locator("textarea[name=query]").input_value().strip()
    assert page.locator("table").first.is_visible()
    # IRIs in the results link to their pages
    link = page.locator('table a[href^="/id/"]').first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(href)
    assert page.locator("h1").inner_text()
    assert page.locator("text=Named graphs").is_visible()
    assert page.console_errors == []


def test_editor_form_runs_a_query_and_shows_injected_markup_as_text(server, page):
    page.goto(server.url + "/sparql")
    xss = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
    set_query(page, f"SELECT ?x WHERE {{ BIND({repr_literal(xss)} AS ?x) }}")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.title() != "pwned"
    cell = page.locator("table td").first
    assert cell.inner_text() == xss
    assert page.evaluate("document.querySelectorAll('main script, main img').length") == 0


def test_a_resource_page_shows_evidence(server, page, samples):
    page.goto(server.url + "/id/" + samples["action_iri"][len("https://w3id.org/napkg/id/"):])
    assert page.locator("blockquote").first.inner_text().strip() == samples["quote"]
    assert page.console_errors == []


def test_a_syntax_error_is_shown_in_the_editor(server, page):
    page.goto(server.url + "/sparql?query=" + quote("SELECT ?x WHERE {"))
    assert page.locator(".error").inner_text().startswith("SPARQL syntax error")
    assert page.locator("textarea[name=query]").input_value() == "SELECT ?x WHERE {"


def set_query(page, text: str) -> None:
    """Type the query into the editor: the enhanced one (CodeMirror over the form) when it runs, else the textarea."""
    page.wait_for_load_state()
    if page.locator(".CodeMirror").count():
        page.evaluate("t => document.querySelector('.CodeMirror').CodeMirror.setValue(t)", text)
    else:
        page.fill("textarea[name=query]", text)


def repr_literal(text: str) -> str:
    """A SPARQL string literal for ``text`` (test input only)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
