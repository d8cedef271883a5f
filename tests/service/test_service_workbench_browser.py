"""The workbench in a real browser (Debian's Chromium through Playwright, against ``napkg serve``): the network
drawn and clickable, the query editor's parameter forms, sorting, paging, completion and downloads, and a
bounded crawl from the home page on which no link answers 404 or 500 and no page logs a console error.

Skips, saying why, when Playwright or Chromium is missing (as ``test_service_browser.py``).
"""

from __future__ import annotations

import csv
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
import requests


pytestmark = pytest.mark.slow

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#: The crawl's bounds: pages in all, and pages of one shape (/id/action/..., /resource?iri=...).
CRAWL_MAX_URLS = 400
CRAWL_PER_SHAPE = 6


def _path(iri: str) -> str:
    return "/id/" + iri.split("/id/", 1)[1]


# ---------------------------------------------------------------- the network page

def test_network_page_draws_nodes_and_a_click_opens_the_body_s_page(server, page):
    page.goto(server.url + "/network")
    page.wait_for_selector("#network-graph[data-drawn]", timeout=30_000)
    drawn = int(page.get_attribute("#network-graph", "data-drawn"))
    assert drawn > 0 and page.locator("#network-graph canvas").count() > 0
    assert page.locator("#ranking tbody tr").count() > 0
    # the highest ranked node: where it is drawn, and where it leads
    node = page.evaluate("""() => { const n = window.napkgNetwork.nodes()[0], p = n.renderedPosition();
        const box = document.getElementById('network-graph').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y, href: n.data('href'), label: n.data('label')}; }""")
    assert node["href"].startswith("/id/")
    page.mouse.move(node["x"], node["y"])
    page.wait_for_selector(".net-tip:not([hidden])")
    assert page.locator(".net-tip").inner_text().startswith(node["label"])
    with page.expect_navigation():
        page.mouse.click(node["x"], node["y"])
    assert page.url == server.url + node["href"]
    assert page.locator("h1").inner_text().strip() == node["label"]
    assert page.console_errors == []


def test_network_colour_choice_recolours_without_a_request(server, page):
    page.goto(server.url + "/network")
    page.wait_for_selector("#network-graph[data-drawn]", timeout=30_000)
    before = page.evaluate("() => window.napkgNetwork.nodes().map(n => n.data('color')).join()")
    page.select_option("form.filters select[name=colour]", "country")
    after = page.evaluate("() => window.napkgNetwork.nodes().map(n => n.data('color')).join()")
    assert after != before and "FRA" in page.locator(".net-legend").inner_text()
    assert page.console_errors == []


# ---------------------------------------------------------------- the query editor

def test_editor_runs_a_parameterised_example_and_its_csv_download_parses(server, page, samples):
    page.goto(server.url + "/sparql")
    page.wait_for_selector("html[data-editor=ready]")
    # napkg's prefixes are declared but folded out of sight
    assert "prefixes" in page.locator(".CodeMirror-foldmarker").first.inner_text()
    assert not page.locator(".CodeMirror-line", has_text="PREFIX napid:").is_visible()
    # the actor picker lists the bodies
    page.wait_for_selector("#pick-actor[data-loaded]", state="attached")
    assert page.locator(f'#pick-actor option[value="{samples["actor_iri"]}"]').count() == 1
    # and the action picker (no API lists actions: a query on the endpoint does) lists the actions
    page.wait_for_selector("#pick-action[data-loaded]", state="attached")
    assert page.locator(f'#pick-action option[value="{samples["action_iri"]}"]').count() == 1
    form = page.locator('form[data-example="02-actions-of-actor"]')
    form.locator("input[name=actor]").fill(samples["actor_iri"])
    form.locator("button").click()
    page.wait_for_selector('#editor-results[data-shown="02-actions-of-actor"]')
    shown = int(re.match(r"(\d+) rows?", page.locator("#editor-results .editor-bar span").first.inner_text())[1])
    assert shown > 0
    links = page.locator("#editor-results tbody tr td:first-child a")
    assert {links.nth(i).get_attribute("href") for i in range(min(links.count(), 20))} == {_path(samples["actor_iri"])}
    with page.expect_download() as download:
        page.click("#editor-results a.download-csv")
    with open(download.value.path(), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == shown and {r["actor"] for r in rows} == {samples["actor_iri"]}
    assert {"plan", "action", "notation"} <= set(rows[0])
    # the link reopens the example with its parameter
    share = page.url
    assert "#example=02-actions-of-actor" in share
    page.goto(server.url + "/")
    page.goto(share)
    page.wait_for_selector('#editor-results[data-shown="02-actions-of-actor"]')
    assert page.locator('form[data-example="02-actions-of-actor"] input[name=actor]').input_value() == samples["actor_iri"]
    assert page.locator("#editor-results tbody tr").count() == min(shown, 50)
    assert page.console_errors == []


def test_editor_results_sort_page_and_show_typed_literals_as_values(server, page):
    values = " ".join(str(n) for n in range(1, 61))
    page.goto(server.url + "/sparql?query=" + quote(f"SELECT ?n WHERE {{ VALUES ?n {{ {values} }} }}"))
    page.wait_for_selector("html[data-editor=ready]")
    table = page.locator("#editor-results table")
    assert "^^" not in table.inner_text()  # xsd:integer shows as a number, its datatype in a tooltip
    assert page.locator("#editor-results .pager span").inner_text() == "rows 1–50 of 60"
    page.click("#editor-results .pager button:has-text('next')")
    assert page.locator("#editor-results .pager span").inner_text() == "rows 51–60 of 60"
    page.click("#editor-results th")
    page.click("#editor-results th")  # descending, numerically (60 before 9)
    first = table.locator("tbody tr:not([hidden]) td").first.inner_text()
    assert first == "60"
    # the editor's own run (no page load): same table, downloads, and a link to reopen it
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" # again")
    page.click("main form button[type=submit]")
    page.wait_for_selector('#editor-results[data-shown="query"]')
    assert "60 rows." in page.locator("#editor-results .editor-bar").first.inner_text()
    assert page.url.startswith(server.url + "/sparql?query=") and "PREFIX" not in page.url
    assert page.console_errors == []


def test_editor_completes_napkg_terms(server, page):
    page.goto(server.url + "/sparql")
    page.wait_for_selector("html[data-editor=ready]")
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n# nap:ActionP")
    page.wait_for_selector(".CodeMirror-hints li")
    assert page.locator(".CodeMirror-hints li").first.inner_text().startswith("nap:ActionPlan")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.querySelector('.CodeMirror').CodeMirror.getValue()").rstrip().endswith(
        "# nap:ActionPlan")


def test_plain_editor_works_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    try:
        pg.goto(server.url + "/sparql")
        pg.fill("textarea[name=query]", "SELECT ?n WHERE { VALUES ?n { 1 2 } }")
        pg.click("button[type=submit]")
        pg.wait_for_load_state()
        assert pg.locator("table td").count() == 2
        pg.goto(server.url + "/network")
        assert pg.locator("#ranking tbody tr").count() > 0 and not pg.locator("#network-graph").is_visible()
    finally:
        context.close()


# ---------------------------------------------------------------- every link answers

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "link", "script", "img"):
                self.links.append(a[key])


def _shape(path_and_query: str) -> str:
    """What kind of page a URL is: its first two path segments, and the query's parameter names."""
    parts = urlsplit(path_and_query)
    segments = [s for s in parts.path.split("/") if s][:2]
    names = sorted({kv.split("=", 1)[0] for kv in parts.query.split("&") if kv})
    return "/" + "/".join(segments) + ("?" + "&".join(names) if names else "")


def crawl(base: str) -> tuple[dict[str, tuple[int, str]], list[str]]:
    """Breadth-first from the home page over this server's links, a few of each shape: status and referrer."""
    seen: dict[str, tuple[int, str]] = {}
    per_shape: dict[str, int] = {}
    pages: list[str] = []
    queue = deque([("/", "(start)")])
    with requests.Session() as http:
        while queue and len(seen) < CRAWL_MAX_URLS:
            url, referrer = queue.popleft()
            if url in seen:
                continue
            shape = _shape(url)
            if per_shape.get(shape, 0) >= CRAWL_PER_SHAPE:
                continue
            per_shape[shape] = per_shape.get(shape, 0) + 1
            r = http.get(base + url, headers={"Accept": BROWSER_ACCEPT}, timeout=60, allow_redirects=True)
            seen[url] = (r.status_code, referrer)
            if r.headers.get("Content-Type", "").startswith("text/html") and r.status_code == 200:
                pages.append(url)
                parser = _Links()
                parser.feed(r.text)
                for link in parser.links:
                    target = urlsplit(urljoin(base + url, link))
                    if f"{target.scheme}://{target.netloc}" != base:
                        continue  # other sites (vocabulary IRIs, sources) are theirs to answer
                    local = target.path + ("?" + target.query if target.query else "")
                    if local not in seen:
                        queue.append((local, url))
    return seen, pages


def test_no_link_reachable_from_the_home_page_answers_404_or_500(server, page):
    seen, pages = crawl(server.url)
    bad = {url: s for url, s in seen.items() if s[0] >= 400}
    assert not bad, "\n".join(f"{s[0]} {url} (linked from {s[1]})" for url, s in sorted(bad.items()))
    shapes = {_shape(u) for u in seen}
    for reached in ("/network", "/sparql?query", "/api", "/ontology", "/id/actor", "/id/plan", "/dumps"):
        assert any(s.startswith(reached) for s in shapes), reached
    # and one page of each shape, opened in the browser, logs no error
    by_shape: dict[str, str] = {}
    for url in pages:
        by_shape.setdefault(_shape(url), url)
    for url in by_shape.values():
        page.goto(server.url + url)
        page.wait_for_load_state("networkidle")
        assert page.console_errors == [], url
