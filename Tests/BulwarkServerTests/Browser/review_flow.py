#!/usr/bin/env python3
"""Clicks through Bulwark's review UI in a real headless Chromium (Debian's chromium and
chromium-driver, driven by selenium from PyPI) and reports what it saw as JSON.

Input (JSON on stdin): base URL, a reviewer key, the id of a case in another team, and a
directory for screenshots. Output (JSON on stdout): observations the Swift test checks.
Exit status 3 when chromium, chromedriver or selenium is missing (the test then fails
under CI and is skipped otherwise).
"""
import json
import os
import shutil
import sys

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
    from selenium.common.exceptions import TimeoutException
except ImportError:
    sys.exit(3)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    sys.exit(3)

config = json.load(sys.stdin)
base = config["base"]
shots = config["screenshots"]
os.makedirs(shots, exist_ok=True)
seen = {}

options = Options()
options.binary_location = CHROMIUM
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000",
                 "--disable-dev-shm-usage", "--force-prefers-reduced-motion"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service(DRIVER), options=options)
# Generous limits: the test suite runs many tests at once on few cores, and a starved
# renderer answers late rather than never.
driver.set_page_load_timeout(120)
driver.set_script_timeout(60)
wait = WebDriverWait(driver, 60)


def load(url):
    """Navigates to url, once more if the busy browser timed out the first time."""
    try:
        driver.get(url)
    except TimeoutException:
        driver.get(url)


def shot(name):
    driver.save_screenshot(os.path.join(shots, name + ".png"))


def fetch_status(method, path, body=None):
    """The status of a same-origin fetch from the page (cookies included)."""
    return driver.execute_async_script("""
        const [method, path, body, done] = arguments;
        const init = {method: method, credentials: "same-origin"};
        if (body !== null) { init.body = body; init.headers = {"Content-Type": "application/x-www-form-urlencoded"}; }
        fetch(path, init).then(r => done(r.status)).catch(e => done(-1));
    """, method, path, body)


try:
    # 1. Sign in.
    load(base + "/ui/queue")
    seen["redirected_to_login"] = driver.current_url.endswith("/ui/login")
    shot("01-sign-in")
    driver.find_element(By.ID, "key").send_keys(config["key"])
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(lambda d: d.current_url.endswith("/ui/queue"))
    seen["queue_heading"] = driver.find_element(By.TAG_NAME, "h1").text
    rows = driver.find_elements(By.CSS_SELECTOR, "table.queue tbody tr[data-href]")
    seen["queue_rows"] = len(rows)
    seen["queue_first_case"] = rows[0].get_attribute("data-href") if rows else None
    seen["queue_case_links"] = [row.get_attribute("data-href") for row in rows]
    shot("02-queue")

    # 2. Keyboard: j selects the first case, Enter opens it; ? shows the help.
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("?")
    seen["help_visible"] = driver.find_element(By.ID, "shortcuts").is_displayed()
    shot("03-shortcuts")
    driver.find_element(By.CSS_SELECTOR, "#shortcuts [data-close]").click()
    driver.find_element(By.TAG_NAME, "body").send_keys("j")
    seen["selected_rows"] = len(driver.find_elements(By.CSS_SELECTOR, "tr.selected"))
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait.until(lambda d: "/ui/cases/" in d.current_url)
    seen["opened_case"] = driver.current_url[len(base):]

    # 3. The case: media shielded (blurred, greyscale) until revealed; the reveal counts.
    figures = driver.find_elements(By.CSS_SELECTOR, "figure[data-media]")
    seen["media_items"] = len(figures)
    exposure = driver.find_elements(By.ID, "exposure")
    seen["exposure_before"] = exposure[0].text if exposure else None
    if figures:
        image = figures[0].find_element(By.TAG_NAME, "img")
        wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image))
        seen["image_loaded"] = True
        seen["filter_before"] = driver.execute_script("return getComputedStyle(arguments[0]).filter", image)
        shot("04-case-shielded")
        driver.find_element(By.TAG_NAME, "body").send_keys("r")
        wait.until(lambda d: "revealed" in figures[0].get_attribute("class"))
        seen["filter_after"] = driver.execute_script("return getComputedStyle(arguments[0]).filter", image)
        seen["exposure_after"] = driver.find_element(By.ID, "exposure").text
        shot("05-case-revealed")

    # 4. Assess: a forged post (no token) and a replay of a used token are refused.
    case_path = seen["opened_case"]
    seen["forged_status"] = fetch_status("POST", case_path + "/assess", "category=A&age_band=0-2")
    form = driver.find_element(By.ID, "assessment")
    token = form.find_element(By.NAME, "form_token").get_attribute("value")
    form.find_element(By.CSS_SELECTOR, "input[name=category][value='%s']" % config["category"]).click()
    driver.find_element(By.ID, "age_band").send_keys(config["age_band_label"])
    form.find_element(By.CSS_SELECTOR, "input[name=ai_generated][value=suspected]").click()
    form.find_element(By.ID, "note").send_keys("benign test assessment")
    shot("06-assessment-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".notice, .problem"))
    seen["assessment_notice"] = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".notice"))
    seen["assessment_problem"] = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".problem"))
    seen["history"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#history-title + ol li")]
    shot("07-assessed")
    seen["replay_status"] = fetch_status("POST", case_path + "/assess",
                                         "form_token=%s&category=%s&age_band=x" % (token, config["category"]))

    # 4b. Report the assessed case (two reviewers agree): to the reports page, filed.
    report_form = driver.find_elements(By.CSS_SELECTOR, "form[action$='/report']")
    seen["report_form"] = len(report_form)
    if report_form:
        # Without a URL (a bank match has none) the case is refused, saying what is missing.
        report_form[0].find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".problem"))
        seen["report_refusal"] = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".problem"))
        form = driver.find_element(By.CSS_SELECTOR, "form[action$='/report']")
        form.find_element(By.ID, "reported_url").send_keys("https://example.org/uploads/benign-picture")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: "/ui/reports" in d.current_url)
        seen["report_notice"] = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".notice"))
        seen["report_problem"] = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".problem"))
        shot("08-reported")
        load(base + case_path)
        seen["case_report_line"] = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, "#report-title + p"))

    # 5. Another team's case is out of reach.
    seen["other_team_status"] = fetch_status("GET", "/ui/cases/%d" % config["other_team_case"])
    load(base + "/ui/cases/%d" % config["other_team_case"])
    seen["other_team_heading"] = driver.find_element(By.TAG_NAME, "h1").text
    shot("08b-other-team")

    # 6. Banks, audit and reports pages.
    for page in ["banks", "audit", "reports"]:
        load(base + "/ui/" + page)
        seen[page + "_heading"] = driver.find_element(By.TAG_NAME, "h1").text
        seen[page + "_rows"] = len(driver.find_elements(By.CSS_SELECTOR, "tbody tr"))
        if page == "audit":
            seen["audit_status"] = driver.find_element(By.CSS_SELECTOR, "main p[role=status]").text
            driver.find_element(By.LINK_TEXT, "Verify the whole chain now").click()
            seen["audit_verified"] = driver.find_element(By.CSS_SELECTOR, "main p[role=status]").text
        shot("09-" + page)

    # 7. Accessibility basics on every page visited: one h1, labelled form controls, lang.
    load(base + "/ui/queue")
    seen["lang"] = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
    seen["unlabelled_controls"] = driver.execute_script("""
        return Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea"))
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label")).length;""")

    # 8. Sign out.
    driver.find_element(By.CSS_SELECTOR, "form[action='/ui/logout'] button").click()
    wait.until(lambda d: d.current_url.endswith("/ui/login"))
    load(base + "/ui/queue")
    seen["signed_out"] = driver.current_url.endswith("/ui/login")
finally:
    try:
        shot("99-last")
    finally:
        driver.quit()

json.dump(seen, sys.stdout)
