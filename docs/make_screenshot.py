"""Make docs/html-report.png, the README's picture of the HTML report on examples/.

    imrcheck check --exit-zero --output-format html --output-file /tmp/report.html examples/
    python docs/make_screenshot.py /tmp/report.html

Needs playwright (the test extra) and Debian's chromium; it shows the letters with an OUT001
finding, the first one opened at its highlighted evidence.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "html-report.png"


def main(report: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1360, "height": 1180})
        page.goto(Path(report).resolve().as_uri())
        page.click("#chart-codes a[href='#code=OUT001']")
        page.keyboard.press("j")
        # The letter at its top, its text scrolled to the first highlighted span.
        page.evaluate("""() => {
            const finding = document.activeElement, article = finding.closest('article');
            const label = document.getElementById(finding.id + '-S1'), text = label.closest('.letter-text');
            article.scrollIntoView();
            text.scrollTop = label.offsetTop - text.offsetTop - 40;
        }""")
        page.screenshot(path=str(OUT))
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1])
