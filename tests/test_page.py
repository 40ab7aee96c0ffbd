"""The search page end to end: headless Chromium (Debian's /usr/bin/chromium) against the real app on loopback."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from tzqa.api.main import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SCREENSHOT = ROOT / "bench" / "out" / "page.png"
MUC4_Q = "Which cytokine induces MUC4 and mediates trastuzumab resistance?"
MUC4_DOI_URL = "https://doi.org/10.1158/1078-0432.CCR-16-0970"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def server(retriever) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from live_server import LiveServer

    with LiveServer(create_app(retriever=retriever)) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
                    "(apt-get update && apt-get install -y chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


class PageProblems:
    """JS errors, console errors and any request that tried to leave 127.0.0.1."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.offsite: list[str] = []

    def check(self, allow_console: tuple[str, ...] = ()) -> None:
        errors = [e for e in self.errors if not any(a in e for a in allow_console)]
        assert not errors, f"errors in the page: {errors}"
        assert not self.offsite, f"the page tried to reach the network: {self.offsite}"


@pytest.fixture
def page(browser, server) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
    context.set_default_timeout(TIMEOUT_MS)
    problems = PageProblems()

    def guard(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            problems.offsite.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.on("pageerror", lambda exc: problems.errors.append(f"pageerror: {exc}"))
    pg.on("console", lambda msg: problems.errors.append(f"console.{msg.type}: {msg.text}")
          if msg.type == "error" else None)
    pg.problems = problems  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        context.close()


def open_page(page: Any, path: str = "/") -> None:
    page.goto(path)
    page.wait_for_function("() => !/Checking/.test(document.getElementById('health').textContent)")


def wait_idle(page: Any) -> None:
    """Until the last search has rendered (results and evidence no longer busy)."""
    page.wait_for_function(
        "() => document.getElementById('results').getAttribute('aria-busy') === 'false'"
        " && document.getElementById('evidence-body').getAttribute('aria-busy') === 'false'"
        " && !document.querySelector('#results .loading-note')")


def search(page: Any, q: str) -> None:
    page.fill("#q", q)
    with page.expect_response(lambda r: "/answer?" in r.url):
        page.press("#q", "Enter")
    wait_idle(page)


def test_search_flow(page):  # type: ignore[no-untyped-def]
    open_page(page)
    assert re.search(r"\d+ passages · 60 references", page.text_content("#health")), page.text_content("#health")
    page.evaluate("window.__marker = 1")
    search(page, MUC4_Q)

    hits = page.locator("#results article.hit")
    assert hits.count() >= 3
    first = hits.first
    assert "MUC4" in first.locator(".hit-text").inner_text()
    assert first.get_attribute("data-passage-id")
    assert first.get_attribute("data-topic") in {"mechanism", "biomarker", "agent", "background"}
    assert first.get_attribute("data-source") in {"review", "reference"}
    assert first.locator(".hit-text mark.hl").count() >= 1, "the best sentence is not highlighted"
    terms = {t.lower() for t in page.locator("#results .hit-text mark.term").all_inner_texts()}
    assert any(t.startswith("muc4") for t in terms), terms
    assert any(t.startswith(("trastuzumab", "cytokine", "resistance", "induces")) for t in terms), terms
    assert page.locator("#error").is_hidden()
    assert re.search(r"\d+ passages", page.text_content("#status"))

    assert page.evaluate("window.__marker") == 1, "the page reloaded"
    params = parse_qs(urlparse(page.url).query)
    assert params.get("q") == [MUC4_Q], page.url

    page.wait_for_selector("#evidence-list li.ev-item")
    ev = page.locator("#evidence-list li.ev-item")
    assert ev.first.get_attribute("data-ref") == "18"
    assert "Mercogliano" in ev.first.inner_text()

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)

    chip = first.locator('.hit-refs button.ref-chip[data-ref="18"]')
    assert chip.count() == 1, "the MUC4 passage does not cite [18]"
    chip.click()
    dialog = page.locator("dialog#ref-dialog")
    page.wait_for_function("() => document.getElementById('ref-dialog').open")
    assert "Mercogliano" in page.text_content("#ref-citation")
    doi = page.locator("#ref-links a.doi")
    assert doi.count() == 1 and doi.get_attribute("href") == MUC4_DOI_URL
    page.wait_for_selector("#ref-cited-by li")
    assert page.locator("#ref-cited-by li").count() >= 1
    assert "MUC4" in page.locator("#ref-cited-by").inner_text()
    assert page.evaluate("document.activeElement.id") == "ref-close"
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('ref-dialog').open")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.getAttribute('data-ref')") == "18", "focus did not return to the chip"
    page.problems.check()


def test_keyboard(page):  # type: ignore[no-untyped-def]
    open_page(page)
    search(page, MUC4_Q)
    page.locator("#results-title").click()  # focus away from the box
    assert page.evaluate("document.activeElement.id") != "q"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q", "'/' does not focus the search box"
    assert page.input_value("#q") == MUC4_Q, "'/' was typed into the box"

    order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        el = page.evaluate("(() => { const e = document.activeElement;"
                           " return e.id || (e.classList.contains('ref-chip') ? 'chip' : e.tagName); })()")
        order.append(el)
        if el == "chip":
            break
    assert order[:3] == ["topic", "source", "search-btn"], order
    assert order[-1] == "chip", f"Tab never reached a reference chip: {order}"
    page.keyboard.press("Enter")  # a focused chip opens its dialog from the keyboard
    page.wait_for_function("() => document.getElementById('ref-dialog').open")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('ref-dialog').open")
    page.problems.check()


def test_topic_filter(page):  # type: ignore[no-untyped-def]
    open_page(page)
    search(page, MUC4_Q)
    with page.expect_response(lambda r: "/answer?" in r.url and "topic=agent" in r.url):
        page.select_option("#topic", "agent")
    wait_idle(page)
    topics = page.locator("#results article.hit").evaluate_all("els => els.map(e => e.dataset.topic)")
    assert topics and set(topics) == {"agent"}, topics
    assert parse_qs(urlparse(page.url).query).get("topic") == ["agent"]

    with page.expect_response(lambda r: "/answer?" in r.url and "source=reference" in r.url):
        page.select_option("#source", "reference")
    wait_idle(page)
    hits = page.locator("#results article.hit")
    sources = hits.evaluate_all("els => els.map(e => e.dataset.source)")
    assert set(sources) <= {"reference"}
    if not sources:
        assert page.locator("#results .empty-state").count() == 1
    page.problems.check()


def test_url_restores_search(page):  # type: ignore[no-untyped-def]
    page.goto("/?q=PIK3CA+mutation&topic=biomarker")
    wait_idle(page)
    page.wait_for_selector("#results article.hit")
    assert page.input_value("#q") == "PIK3CA mutation"
    assert page.input_value("#topic") == "biomarker"
    topics = page.locator("#results article.hit").evaluate_all("els => els.map(e => e.dataset.topic)")
    assert set(topics) == {"biomarker"}
    page.problems.check()


def test_empty_and_invalid_queries(page):  # type: ignore[no-untyped-def]
    open_page(page)
    for q in ("", "   "):
        page.fill("#q", q)
        page.press("#q", "Enter")
        wait_idle(page)
        assert page.locator("#results article.hit").count() == 0
        error = page.locator("#error")
        assert error.is_hidden() or error.inner_text().strip(), "an empty error box"
        assert page.evaluate("document.activeElement.id") == "q"

    # a query the API rejects: the detail appears in the alert, the page keeps working
    search(page, "x" * 2001)
    error = page.locator("#error")
    assert error.is_visible() and error.get_attribute("role") == "alert"
    assert "2000" in error.inner_text(), error.inner_text()
    search(page, MUC4_Q)
    assert page.locator("#error").is_hidden()
    assert page.locator("#results article.hit").count() >= 3
    # the 422 logs one "Failed to load resource" console error; nothing else may go wrong
    page.problems.check(allow_console=("status of 422",))


def test_reference_filter(page):  # type: ignore[no-untyped-def]
    # ?ref= without a question: the page asks for one instead of sending q= (which the API rejects)
    page.goto("/?ref=18")
    wait_idle(page)
    assert page.locator("#active-filter").is_visible()
    assert page.locator("#error").is_hidden(), f"error shown: {page.locator('#error').inner_text()}"
    assert "[18]" in page.locator("#results").inner_text()

    with page.expect_response(lambda r: "/answer?" in r.url and "ref=18" in r.url):
        page.fill("#q", "tumor necrosis factor")
        page.press("#q", "Enter")
    wait_idle(page)
    hits = page.locator("#results article.hit")
    assert hits.count() >= 1
    assert all("[18]" in t for t in hits.all_inner_texts()), "a hit that does not cite [18]"

    with page.expect_response(lambda r: "/answer?" in r.url and "ref=" not in r.url):
        page.click("#clear-ref")
    wait_idle(page)
    assert page.locator("#active-filter").is_hidden()
    assert "ref" not in parse_qs(urlparse(page.url).query)
    page.problems.check()


def test_answer_above_results_and_not_covered(page):  # type: ignore[no-untyped-def]
    open_page(page)
    search(page, MUC4_Q)
    answer = page.locator("#results section#answer")
    assert answer.count() == 1
    assert answer.locator("h3").inner_text() == "Answer"
    items = answer.locator(".answer-list li")
    assert 1 <= items.count() <= 8
    passages = set(page.locator("#results article.hit").evaluate_all("els => els.map(e => e.dataset.passageId)"))
    cited_from = items.evaluate_all("els => els.map(e => e.dataset.passageId)")
    assert set(cited_from) <= passages, "an answer sentence comes from a passage that is not listed"
    # the answer comes before the first passage in the document
    assert page.evaluate("() => document.getElementById('answer').compareDocumentPosition("
                         "document.querySelector('#results article.hit')) & Node.DOCUMENT_POSITION_FOLLOWING")

    search(page, "zongertinib for HER2-positive breast cancer")
    none = page.locator("#results section#answer.answer-none")
    assert none.count() == 1
    assert "Not covered by the review or the added papers" in none.inner_text()
    assert "zongertinib" in none.inner_text()
    assert page.locator("#results article.hit").count() >= 1, "the nearest passages are still listed"
    # Not covered: nothing below reads as an answer (no emphasised sentence), the papers are the nearest ones.
    assert page.locator("#nearest-note").count() == 1
    assert page.locator("#results article.hit mark.hl, #results article.hit .highlight").count() == 0
    assert page.locator("#evidence-title").inner_text() == "Nearest cited papers"
    assert "not a recommendation" in page.locator("#evidence-hint").inner_text()
    page.screenshot(path=str(SCREENSHOT.with_name("page-none.png")), full_page=True)


def test_partly_covered_question_names_what_is_missing_above_the_answer(page):  # type: ignore[no-untyped-def]
    open_page(page)
    search(page, "Does MUC4 or CD44 mask the trastuzumab binding site?")
    box = page.locator("#results section#answer")
    assert box.get_attribute("data-coverage") == "partial"
    assert box.locator("h3").inner_text() == "Partly covered"
    note = box.locator(".answer-note").inner_text()
    assert note.startswith("The review") and "CD44" in note and "MUC4" in note
    assert box.locator(".answer-list li").count() >= 1
    assert page.locator("#evidence-title").inner_text() == "Papers to read"
    page.screenshot(path=str(SCREENSHOT.with_name("page-partial.png")), full_page=True)
    # A covered question again: the page says "Answer" and the papers are to read.
    search(page, MUC4_Q)
    assert page.locator("#results section#answer h3").inner_text() == "Answer"
    assert page.locator("#nearest-note").count() == 0
    assert page.locator("#results section#answer .answer-note").count() == 0, "no note over a plain answer"
    # Two questions in one, the second about a drug nothing quoted names: the answer says so above it.
    search(page, "p95HER2: how does it cause trastuzumab resistance and does lapatinib overcome it?")
    box = page.locator("#results section#answer")
    assert box.locator("h3").inner_text() == "Answer"
    assert "lapatinib" in box.locator(".answer-note").inner_text()
    page.problems.check()


def test_library_hits_show_their_document_and_own_references(browser, library):  # type: ignore[no-untyped-def]
    """A library paper's hit names its document and links its own reference [64] to that entry's DOI."""
    from live_server import LiveServer

    *_, retriever = library
    with LiveServer(create_app(retriever=retriever)) as live:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live.url)
        context.set_default_timeout(TIMEOUT_MS)
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            open_page(pg)
            search(pg, "does zongertinib restore sensitivity in trastuzumab refractory organoids?")
            first = pg.locator("#results article.hit").first
            assert first.get_attribute("data-doc") == "pmc9900001"
            assert "Zongertinib in trastuzumab-refractory" in first.locator(".doc-title").inner_text()
            chip = first.locator("a.ref-chip-own[data-doc-ref='64']")
            assert chip.get_attribute("href") == "https://doi.org/10.99999/fixture.ref.64"
            assert pg.locator("#ref-dialog[open]").count() == 0
            assert errors == []
        finally:
            context.close()
