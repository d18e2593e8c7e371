#!/usr/bin/env python3
"""Load digestlint HTML reports in headless Chromium and check that every finding is visible.

usage: html_check.py --chromedriver PATH HTML JSON PNG [HTML JSON PNG ...]

For each report: the page has one finding card per diagnostic of the JSON report (same rules and
severities), every card is displayed, every finding has at least one displayed highlight in the
rendered digest, the summary counts agree, and the severity and category filters hide and show
cards and highlights. A full-page screenshot is saved to PNG.
"""
import argparse
import collections
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def driver(chromedriver):
    opts = Options()
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"):
        opts.add_argument(a)
    for b in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(b):
            opts.binary_location = b
            break
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=opts)


def check(d, html, report_json, png):
    with open(report_json, encoding="utf-8") as f:
        report = json.load(f)
    diags = [x for file in report["files"] for x in file["diagnostics"]]
    d.get("file://" + os.path.abspath(html))
    problems = []

    cards = d.find_elements(By.CSS_SELECTOR, ".finding")
    if len(cards) != len(diags):
        problems.append(f"{len(cards)} finding cards for {len(diags)} diagnostics")
    want = collections.Counter((x["rule"], x["severity"]) for x in diags)
    got = collections.Counter((c.find_element(By.CSS_SELECTOR, ".rule").text, c.get_attribute("data-severity")) for c in cards)
    if want != got:
        problems.append(f"cards by rule and severity differ: want {dict(want)}, got {dict(got)}")

    marks = d.find_elements(By.CSS_SELECTOR, "mark.hl")
    shown_marks = collections.defaultdict(int)
    for m in marks:
        if m.is_displayed() and m.size["width"] > 0 and m.size["height"] > 0:
            for fid in m.get_attribute("data-findings").split():
                shown_marks[fid] += 1
    for c in cards:
        fid = c.get_attribute("data-finding")
        if not c.is_displayed():
            problems.append(f"card {fid} is not displayed")
        if shown_marks[fid] == 0:
            problems.append(f"finding {fid} ({c.find_element(By.CSS_SELECTOR, '.rule').text}) has no visible highlight")
        # Each card shows its message.
        if not c.find_element(By.CSS_SELECTOR, ".msg").text.strip():
            problems.append(f"card {fid} has no message")

    s = report["summary"]
    total_row = d.find_element(By.CSS_SELECTOR, "table.summary tr.total").text.split()
    if total_row[1:] != [str(s["errors"]), str(s["warnings"]), str(s["infos"]), str(len(diags))]:
        problems.append(f"summary row {total_row} disagrees with {s}")

    # Filters: unticking a severity hides exactly its cards (and their highlights), ticking it back shows them.
    for sev in ("error", "warning", "info"):
        n = sum(1 for x in diags if x["severity"] == sev)
        box = d.find_element(By.CSS_SELECTOR, f'input[name="severity"][value="{sev}"]')
        box.click()
        visible = [c for c in d.find_elements(By.CSS_SELECTOR, ".finding") if c.is_displayed()]
        if len(visible) != len(diags) - n:
            problems.append(f"hiding {sev}: {len(visible)} cards visible, expected {len(diags) - n}")
        if any(c.get_attribute("data-severity") == sev for c in visible):
            problems.append(f"hiding {sev}: a {sev} card is still visible")
        shown = d.find_element(By.ID, "shown").text
        if shown != str(len(diags) - n):
            problems.append(f"hiding {sev}: counter says {shown}")
        box.click()
    cats = sorted({x["category"] for x in diags})
    for cat in cats:
        box = d.find_element(By.CSS_SELECTOR, f'input[name="category"][value="{cat}"]')
        box.click()
        visible = [c for c in d.find_elements(By.CSS_SELECTOR, ".finding") if c.is_displayed()]
        if any(c.get_attribute("data-category") == cat for c in visible):
            problems.append(f"hiding {cat}: a card is still visible")
        hidden_ids = {c.get_attribute("data-finding") for c in d.find_elements(By.CSS_SELECTOR, ".finding") if c.get_attribute("data-category") == cat}
        for m in d.find_elements(By.CSS_SELECTOR, "mark.hl:not(.off)"):
            if set(m.get_attribute("data-findings").split()) <= hidden_ids:
                problems.append(f"hiding {cat}: a highlight of only hidden findings stays on")
                break
        box.click()
    if len([c for c in d.find_elements(By.CSS_SELECTOR, ".finding") if c.is_displayed()]) != len(diags):
        problems.append("after restoring the filters not every card is visible")

    # Full-page screenshot: size the window to the page.
    height = d.execute_script("return document.documentElement.scrollHeight")
    d.set_window_size(1400, min(max(height, 800), 6000))
    os.makedirs(os.path.dirname(png) or ".", exist_ok=True)
    d.save_screenshot(png)
    return problems, len(cards), sum(1 for m in marks if m.is_displayed())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chromedriver", required=True)
    ap.add_argument("triples", nargs="+")
    a = ap.parse_args()
    if len(a.triples) % 3:
        ap.error("arguments come in threes: HTML JSON PNG")
    d = driver(a.chromedriver)
    failed = False
    try:
        for i in range(0, len(a.triples), 3):
            html, js, png = a.triples[i:i + 3]
            problems, n, marks = check(d, html, js, png)
            for p in problems:
                print(f"{html}: {p}", file=sys.stderr)
            failed |= bool(problems)
            print(f"{html}: {n} findings, {marks} highlights visible, filters work: {'no' if problems else 'yes'}; screenshot {png}")
    finally:
        d.quit()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
