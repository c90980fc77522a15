"""The review pages in a real browser (Debian's headless Chromium through its chromedriver), opened from disk.

Skipped, with the reason printed, only when no browser can be started.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from pipeline.render.report import run_render

from ..conftest import ROOT
from .synthetic import SENTENCE, record_for, write_corpus

SEED = ROOT / "seeds" / "000_18d6ab6d74ca80e2.txt"
SCREENSHOT = ROOT / "output" / "review-page.png"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
]


def _start_browser(profile: str):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:
        pytest.skip(f"no browser: selenium is not installed ({exc}); pip install -e '.[test]'")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if not binary or not driver:
        pytest.skip(f"no browser: chromium={binary} chromedriver={driver}; apt-get install chromium chromium-driver (.ci/run does)")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never try to download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in [*CHROMIUM_ARGS, f"--user-data-dir={profile}"]:
        options.add_argument(arg)
    try:
        return webdriver.Chrome(service=Service(executable_path=driver), options=options)
    except Exception as exc:  # noqa: BLE001 - whatever stops the browser from starting is the skip reason
        pytest.skip(f"no browser: headless {binary} did not start through {driver}: {str(exc).splitlines()[0]}")


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="newsfacts-chromium-")
    driver = _start_browser(profile)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def seed_report(nlp, tmp_path_factory):
    """`newsfacts extract seeds/...` then `newsfacts render` of that output, as a user would."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    folder = tmp_path_factory.mktemp("seed")
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(SEED), "--out", str(folder / "out"), "-q"]).exit_code == 0
    assert runner.invoke(app, ["render", str(folder / "out"), "--out", str(folder / "report"), "-q"]).exit_code == 0
    record = json.loads((folder / "out" / "000_18d6ab6d74ca80e2.json").read_text(encoding="utf-8"))
    return folder / "report", record


def _open(browser, path: Path) -> None:
    browser.get(path.resolve().as_uri())


def _count(browser, css: str) -> int:
    return browser.execute_script("return document.querySelectorAll(arguments[0]).length", css)


def test_seed_page_highlights_hover_legend_and_screenshot(browser, seed_report):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    report, record = seed_report
    _open(browser, report / "articles" / "000_18d6ab6d74ca80e2.html")
    expected = {
        "ORG": sum(len(o["mentions"]) for o in record["organizations"]),
        "PLACE": sum(len(p["mentions"]) for p in record["places"]),
        "MONEY": len(record["amounts"]),
        "DATE": len(record["dates"]),
    }
    assert {label: _count(browser, f'#article mark.entity[data-label="{label}"]') for label in expected} == expected
    # The seed's first amount, by its hand label (shared/gold/seed.jsonl): 710 billion won, KRW, exact.
    won = browser.find_element(By.CSS_SELECTOR, '#article mark[data-label="MONEY"][data-start="28"]')
    ActionChains(browser).move_to_element(won).perform()
    tip = browser.find_element(By.ID, "tip")
    assert tip.is_displayed()
    assert "KRW 710,000,000,000 (exact)" in tip.text and "≈ USD" in tip.text
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).perform()
    assert not tip.is_displayed()
    # Self-contained: the page fetched nothing (no style sheet, script, font or image from anywhere).
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    legend = browser.find_element(By.ID, "legend").text
    assert all(label in legend for label in ("ORG", "MONEY", "DATE", "PLACE"))
    SCREENSHOT.parent.mkdir(exist_ok=True)
    ActionChains(browser).move_to_element(won).perform()
    browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def test_index_rows_sorting_search_and_paging(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _, records = write_corpus(tmp_path / "in", 230, errors_every=7)
    lines = records.read_text(encoding="utf-8").splitlines()
    lines.insert(0, json.dumps(record_for("zz-two", SENTENCE * 2, f"{tmp_path / 'in' / 'articles.jsonl'}:1")))
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_render([str(records)], out=tmp_path / "report")
    _open(browser, tmp_path / "report" / "index.html")

    def ids():
        return [row.get_attribute("data-id") for row in browser.find_elements(By.CSS_SELECTOR, "#rows tbody tr")]

    assert len(ids()) == 100 and ids()[:2] == ["art-00001", "art-00002"]
    assert browser.find_element(By.ID, "count").text == "1–100 of 231"
    browser.find_element(By.ID, "next").click()
    browser.find_element(By.ID, "next").click()
    assert ids()[0] == "art-00201" and len(ids()) == 31
    header = {th.text.strip(" ▲▼"): th for th in browser.find_elements(By.CSS_SELECTOR, "#rows th")}
    header["ORG"].click()  # numbers sort largest first: the article of two sentences has 4 organization mentions
    assert ids()[0] == "zz-two" and browser.find_element(By.CSS_SELECTOR, "#rows tbody tr td:nth-child(3)").text == "4"
    header["article"].click()
    header["article"].click()  # descending
    assert ids()[0] == "zz-two" and ids()[1] == "art-00230"
    failed = browser.find_elements(By.CSS_SELECTOR, "#rows tbody tr.failed")
    assert failed and "error: internal" in failed[0].text  # error records are rows, not skipped
    search = browser.find_element(By.ID, "search")
    search.send_keys("error")
    assert len(ids()) == 230 // 7 and browser.find_element(By.ID, "count").text == f"1–{230 // 7} of {230 // 7} (of 231)"
    link = browser.find_element(By.CSS_SELECTOR, "#rows tbody tr a")
    link.click()
    assert browser.find_element(By.ID, "error").is_displayed()


def test_injected_markup_does_not_run(browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException

    payload = (
        '<script>alert(1);window.pwned=1</script> "onmouseover="alert(2)" </body> <!-- '
        "<a href=\"javascript:alert(3)\">x</a> <img src=x onerror=\"alert(4);window.pwned=4\"> "
    )
    text = payload + SENTENCE + payload
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": payload, "text": text, "published": "2025-03-04", "note": payload}) + "\n", encoding="utf-8")
    record = record_for(payload, text[len(payload):len(payload) + len(SENTENCE)], f"{articles}:1")
    shift = len(payload)
    for entity in [*record["organizations"], *record["places"]]:
        entity["name"] = payload
        entity["mentions"] = [{**m, "start": m["start"] + shift, "end": m["end"] + shift} for m in entity["mentions"]]
    record["amounts"] = [{**a, "start": a["start"] + shift, "end": a["end"] + shift} for a in record["amounts"]]
    record["dates"] = [{**d, "start": d["start"] + shift, "end": d["end"] + shift, "value": payload} for d in record["dates"]]
    record.update(text_length=len(text), text_sha256=__import__("hashlib").sha256(text.encode()).hexdigest(), meta={"note": payload}, warnings=[payload])
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    run_render([str(records)], out=tmp_path / "report")
    [page] = (tmp_path / "report" / "articles").iterdir()
    for target in (page, tmp_path / "report" / "index.html"):
        _open(browser, target)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text
        assert browser.execute_script("return window.pwned === undefined")
        assert _count(browser, "img") == 0 and _count(browser, "a[href^='javascript']") == 0
        assert browser.execute_script("return [...document.querySelectorAll('*')].filter(e => e.hasAttribute('onmouseover') || e.hasAttribute('onerror')).length") == 0
        assert _count(browser, "script") == (1 if target == page else 3)  # ours only (the index has two JSON blocks)
        assert _count(browser, "body") == 1
    _open(browser, page)
    body = browser.execute_script("return document.getElementById('article').textContent")
    assert body.count("<script>alert(1);window.pwned=1</script>") == 2 and body.count("<!--") == 2
    assert _count(browser, "#article .entities mark.entity") == 5  # the five mentions, nothing the payload made up
    assert browser.execute_script("return document.querySelector('h1').textContent") == payload
