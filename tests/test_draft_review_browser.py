"""The review page of a draft in a real browser (Debian's Chromium through Playwright, as the page tests).

Skips, saying why, when Playwright or a Chromium binary is missing.
"""

from __future__ import annotations

import pytest

from draft_helpers import data_without, run

pytest.importorskip("spacy", reason="the draft extra is not installed (pip install 'napkg[draft]')")
pytestmark = [pytest.mark.slow, pytest.mark.needs_seeds]


@pytest.fixture(scope="module")
def review_page(seeds_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("review")
    data = data_without(tmp)
    html = tmp / "review.html"
    r = run("draft", seeds_dir / "000_be310143d1ea1315.txt", "--source-id", "be-nap-bhr-2017-progress",
            "--force", "--review", html, data=data)
    assert r.exit_code == 0, r.output
    return html, (seeds_dir / "000_be310143d1ea1315.txt").read_text(encoding="utf-8")


def test_the_page_shows_the_document_with_each_fact_highlighted_and_listed(browser, review_page):
    html, seed = review_page
    context = browser.new_context()
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(html.as_uri())
    # the whole document is there, as written
    text = page.inner_text("#text")
    assert " ".join(seed.split())[:2000] in " ".join(text.split())
    facts = page.locator("#facts .fact")
    marks = page.locator("#text mark")
    assert facts.count() > 100 and marks.count() > 100
    # a highlighted span is the quote itself: the title of action 2
    title = "Elaborer une brochure sur les mécanismes de réparation liés à l’autorité publique"
    fid = page.locator("#facts .fact", has_text=title).first.get_attribute("data-fact")
    highlighted = page.evaluate(
        "id => Array.from(document.querySelectorAll('#text mark')).filter(m => m.dataset.facts.split(' ')"
        ".includes(id)).map(m => m.textContent).join('')", fid)
    assert highlighted == title
    # what a reviewer must decide is listed beside the text
    todo = int(page.inner_text("#todo"))
    assert todo > 0 and page.locator("#facts .fact.review").count() == todo
    assert page.locator("#facts .todo", has_text="French text").count() > 0
    # clicking a fact shows its span in the text
    fact = page.locator("#facts .fact", has_text="26").first
    fact.click()
    active = page.locator("#text mark.active")
    assert active.count() >= 1 and active.first.inner_text().strip()
    assert active.first.get_attribute("data-facts").split().count(fact.get_attribute("data-fact")) == 1
    # self-contained: nothing but the file itself was requested
    assert all(u.startswith("file://") for u in requests) and not errors
    context.close()
