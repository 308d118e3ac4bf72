"""The HTML report in a real browser: headless Chromium (Debian's `chromium`, which .ci/run
installs when it is absent) driven by Playwright, which is told where it is and never
downloads a browser of its own.

The rendered DOM is checked against the JSON report of the same letters: one `.finding`
per finding, filters that hide and show the right ones, keys that move between findings,
letter text that is only ever text, and no request leaving the page.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.support.cli import Run, imrcheck
from tests.support.paths import EXAMPLES, ROOT, SEEDS, needs_seeds

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium)")

HOSTILE = '"><img src=x onerror="window.pwned=1">'
SCRIPT = "<script>window.pwned=2</script>"


def check(*args: str) -> Run:
    return imrcheck("check", "--exit-zero", *args, timeout=600)


def reports(tmp: Path, name: str, *paths: str) -> tuple[Path, dict]:
    """The HTML report of the letters, and their JSON report."""
    html = tmp / f"{name}.html"
    made = check("--output-format", "html", "--output-file", str(html), *paths)
    assert html.exists(), made.stderr
    document = json.loads(check("--output-format", "json", *paths).stdout)
    return html, document


def json_findings(document: dict) -> Counter:
    return Counter((r["path"], f["code"], f["severity"], "" if f["item"] is None else str(f["item"]))
                   for r in document["results"] for f in r["findings"])


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        # Root (as in CI) cannot use Chromium's sandbox.
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield browser
        browser.close()


class Page:
    """A report opened in a fresh page, with every request and console complaint recorded."""

    def __init__(self, browser, report: Path):
        self.url = report.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("console", lambda m: self.problems.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("dialog", lambda dialog: (self.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        self.page.goto(self.url)

    def shown_findings(self) -> Counter:
        return Counter(tuple(row) for row in self.page.evaluate("""() =>
            Array.from(document.querySelectorAll('.finding'))
              .filter(f => !f.hidden && !f.closest('article').hidden)
              .map(f => [f.closest('article').dataset.path, f.dataset.code, f.dataset.severity, f.dataset.item])"""))

    def quiet(self) -> bool:
        """Nothing but the report itself was requested, and nothing complained (CSP included)."""
        return set(self.requests) == {self.url} and self.problems == []


@pytest.fixture(scope="module")
def examples_report(tmp_path_factory):
    return reports(tmp_path_factory.mktemp("examples"), "examples", str(EXAMPLES))


def test_one_finding_element_per_finding_of_the_json_report(browser, examples_report, tmp_path):
    html, document = examples_report
    page = Page(browser, html)
    assert page.shown_findings() == json_findings(document)
    assert page.page.locator(".finding").count() == sum(len(r["findings"]) for r in document["results"])
    page.page.screenshot(path=str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert page.quiet(), (page.requests, page.problems)


def test_filters_hide_and_show_exactly_the_matching_findings(browser, examples_report):
    html, document = examples_report
    every = json_findings(document)
    report = Page(browser, html)
    page = report.page

    page.uncheck("input[name=severity][value=error]")
    assert report.shown_findings() == Counter({k: n for k, n in every.items() if k[2] != "error"})
    page.uncheck("input[name=family][value=structure]")
    assert report.shown_findings() == Counter({k: n for k, n in every.items() if k[2] != "error" and k[1][:3] != "STR"})
    page.click("#reset-filters")
    assert report.shown_findings() == every

    page.uncheck("input[name=code][value=FCT001]")
    assert report.shown_findings() == Counter({k: n for k, n in every.items() if k[1] != "FCT001"})
    page.click("#reset-filters")

    # A bar of the chart shows the letters it counts, and only those.
    page.click("#chart-codes a[href='#code=OUT001']")
    assert report.shown_findings() == Counter({k: n for k, n in every.items() if k[1] == "OUT001"})
    shown_letters = set(page.eval_on_selector_all("article.letter:not([hidden])", "ls => ls.map(l => l.dataset.path)"))
    with_out001 = {r["path"] for r in document["results"] if any(f["code"] == "OUT001" for f in r["findings"])}
    assert shown_letters == with_out001
    page.click("#reset-filters")

    page.fill("#search", "chiropractic")
    shown = report.shown_findings()
    texts = page.eval_on_selector_all(".finding:not([hidden])", "fs => fs.map(f => f.textContent.toLowerCase())")
    assert shown and sum(shown.values()) < sum(every.values())
    assert all("chiropractic" in t for t in texts)
    page.fill("#search", "")
    assert report.shown_findings() == every


def test_items_chart_shows_the_letters_with_that_outcome(browser, examples_report):
    html, document = examples_report
    page = Page(browser, html).page
    page.click("#chart-outcomes a[href='#outcome=overturned']")
    shown = set(page.eval_on_selector_all("article.letter:not([hidden])", "ls => ls.map(l => l.dataset.path)"))
    assert shown == {r["path"] for r in document["results"] if any(i["outcome"] == "overturned" for i in r["items"])}
    assert page.is_visible("#facet")


def test_keys_move_between_findings_and_to_their_highlighted_evidence(browser, examples_report):
    html, _ = examples_report
    page = Page(browser, html).page
    ids = page.eval_on_selector_all(".finding", "fs => fs.map(f => f.id)")
    assert page.locator(".letter-text .line").count() == 0  # 29 letters: collapsed, nothing rendered
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == ids[1]
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == ids[0]
    quoted = page.text_content(f"#{ids[0]} .evidence q")
    page.keyboard.press("Enter")
    label = page.evaluate("document.activeElement.id")
    assert label == ids[0] + "-S1"
    # The highlight that follows the label holds the quoted evidence, inside the letter's text.
    marked = page.evaluate("""id => { const label = document.getElementById(id);
        return label.closest('.letter-text') !== null ? label.nextSibling.textContent : null; }""", label)
    assert marked and " ".join(quoted.split()).startswith(" ".join(marked.split()))
    # Only the letters opened on the way were rendered.
    opened = page.locator("details.letter-details[open]").count()
    assert 1 <= opened < 29 and page.locator(".letter-text:has(.line)").count() == opened


def test_explain_opens_the_checks_documentation(browser, examples_report):
    html, _ = examples_report
    page = Page(browser, html).page
    page.keyboard.press("j")
    page.locator(".finding .explain").first.click()
    assert page.is_visible("#explain-dialog")
    assert "Why:" in page.text_content("#explain-text")


def test_print_shows_the_findings_of_collapsed_letters(browser, examples_report):
    html, _ = examples_report
    page = Page(browser, html).page
    finding = page.locator(".finding").first
    assert not finding.is_visible()
    page.emulate_media(media="print")
    assert finding.is_visible()
    assert not page.is_visible("#filters")


def test_a_hostile_letter_is_shown_as_text_and_runs_nothing(browser, tmp_path):
    source = EXAMPLES / "imr-final" / "pt-overturned-rationale-denies.txt"
    letter = tmp_path / f"letter{HOSTILE}.txt"
    letter.write_text(source.read_text().replace("Physical therapy", f"Physical therapy {HOSTILE}{SCRIPT}", 1))
    html, document = reports(tmp_path, "hostile", str(letter))
    page = Page(browser, html)
    assert page.page.evaluate("window.pwned") is None
    assert page.page.evaluate("document.images.length") == 0
    assert page.page.evaluate("document.querySelectorAll('script').length") == 2  # its data and the page's code
    assert HOSTILE in page.page.text_content("article.letter h3")
    assert HOSTILE + SCRIPT in page.page.text_content(".letter-text")  # one letter: opened and rendered
    assert page.shown_findings() == json_findings(document)
    assert page.quiet(), (page.requests, page.problems)


@needs_seeds
def test_the_seed_letters(browser, tmp_path):
    html, document = reports(tmp_path, "seeds", str(SEEDS))
    page = Page(browser, html)
    assert page.shown_findings() == json_findings(document) and document["results"]
    assert page.page.locator(".letter-text .line").count() > 100
    assert page.quiet(), (page.requests, page.problems)


def test_two_thousand_letters_open_collapsed_filter_and_grow_linearly(browser, tmp_path):
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--count", "2000", "--seed", "7",
                    "--out", str(corpus)], check=True, capture_output=True, timeout=300)
    html, document = reports(tmp_path, "corpus", "-j", "2", str(corpus))
    assert len(document["results"]) + len(document["errors"]) == 2000
    # Each generated letter depends only on the seed and its number: the first 200 are a sample.
    first = sorted(str(p) for p in corpus.rglob("*.txt"))[:200]
    small = tmp_path / "small.html"
    check("--output-format", "html", "--output-file", str(small), *first)
    assert 8.5 < html.stat().st_size / small.stat().st_size < 11.5

    page = Page(browser, html)
    every = json_findings(document)
    assert page.shown_findings() == every
    assert page.page.locator(".letter-text .line").count() == 0
    page.page.uncheck("input[name=severity][value=warning]")
    assert page.shown_findings() == Counter({k: n for k, n in every.items() if k[2] != "warning"})
    assert page.quiet(), (page.requests, page.problems)
