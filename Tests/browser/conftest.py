"""Fixtures for Rapport's browser tests: a headless Debian chromium, the demo server's address and logins,
sign-in through the real form, an axe check and screenshots at desktop and phone sizes.

The full test command (scripts/test-all) starts `rapport demo` and sets:
  RAPPORT_BASE_URL   e.g. http://127.0.0.1:8095
  RAPPORT_LOGINS     the demo's `login: ROLE USERNAME PASSWORD [totp:SECRET]` lines, one a line
"""
import base64
import hashlib
import hmac
import importlib.util
import json
import struct
import os
import pathlib
import re
import time
import uuid

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROLES = ("coordinator", "safeguarding-lead", "organisation-admin", "mentor", "mentee")
REPO = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = pathlib.Path(os.environ.get("RAPPORT_TEST_OUTPUT", REPO / "test-output"))
SCREENSHOTS = OUTPUT / "screenshots"
DESKTOP = (1280, 900)
PHONE = (390, 844)
# Pages whose title says the server refused or failed; a test that expects one says so.
ERROR_TITLES = ("Not found", "Not allowed", "Something is not right")


# The authenticator secret of each staff login that uses two-step sign-in, by username; a test that sets it up again
# puts the new one here.
TOTP_SECRETS = {}
_last_step = {}


def parse_logins(text):
    """`login: ROLE USERNAME PASSWORD [totp:SECRET]` lines -> {role: [(username, password), ...]} in the order printed;
    the secrets go to TOTP_SECRETS."""
    logins = {}
    for line in text.splitlines():
        match = re.fullmatch(r"\s*login: (\S+) (\S+) (\S+)(?: totp:([A-Z2-7]+))?\s*", line)
        if match:
            role, username, password, secret = match.groups()
            logins.setdefault(role, []).append((username, password))
            if secret:
                TOTP_SECRETS[username] = secret
    return logins


def totp_code(secret, step):
    """RFC 6238 with SHA-1, six digits, 30-second steps: what an authenticator app shows."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def next_totp_code(username):
    """A code the server has not seen yet: each works once, and the server takes the next step's code too, so a test
    signing in twice within 30 seconds uses that, or waits for the step after."""
    while True:
        now = int(time.time() // 30)
        step = max(now, _last_step.get(username, -1) + 1)
        if step <= now + 1:
            _last_step[username] = step
            return totp_code(TOTP_SECRETS[username], step)
        time.sleep((step - 1) * 30 - time.time() + 0.5)


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("RAPPORT_BASE_URL", "").rstrip("/")
    if not url:
        pytest.exit("RAPPORT_BASE_URL is not set: run the browser tests with scripts/test-all", returncode=2)
    return url


@pytest.fixture(scope="session")
def logins():
    found = parse_logins(os.environ.get("RAPPORT_LOGINS", ""))
    missing = [role for role in ROLES if role not in found]
    if missing:
        pytest.exit(f"RAPPORT_LOGINS has no login for {', '.join(missing)}: run the browser tests with scripts/test-all",
                    returncode=2)
    return found


@pytest.fixture(scope="session")
def run_id():
    """A short tag that makes names made by this run unique, so the tests can run again on the same demo."""
    return uuid.uuid4().hex[:6]


@pytest.fixture
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("RAPPORT_CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--lang=en-GB", "--hide-scrollbars"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    service = Service(os.environ.get("RAPPORT_CHROMEDRIVER", "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(service=service, options=options)
    browser.set_page_load_timeout(30)
    browser.set_script_timeout(60)
    browser.execute_cdp_cmd("Network.enable", {})
    yield browser
    browser.quit()


class Site:
    """What a test does with the site: visit pages, read them, check them."""

    def __init__(self, driver, base_url, logins):
        self.driver = driver
        self.base_url = base_url
        self.logins = logins
        self.statuses = []

    # Navigation and reading

    def open(self, path):
        self.driver.get(self.base_url + path)
        return self.status()

    def status(self):
        """HTTP status of the last page (document) the browser loaded, read from the browser's network log."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.responseReceived" and message["params"].get("type") == "Document":
                self.statuses.append((message["params"]["response"]["url"], message["params"]["response"]["status"]))
        return self.statuses[-1][1] if self.statuses else None

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def h1(self):
        return self.find("h1").text

    def text(self):
        return self.find("body").text

    def path(self):
        return "/" + self.driver.current_url.split("/", 3)[3] if self.driver.current_url.count("/") >= 3 else "/"

    def fill(self, name, value):
        field = self.find(f"[name='{name}']")
        field.clear()
        field.send_keys(value)
        return field

    def set_value(self, name, value):
        """Sets a field by script, for inputs such as dates whose typing depends on the browser's locale."""
        self.driver.execute_script("arguments[0].value = arguments[1]", self.find(f"[name='{name}']"), value)

    def submit(self, button_text=None, form_css="main form"):
        """Clicks a submit button (the one showing `button_text`, else the first in `form_css`) and waits for the next page."""
        if button_text:
            buttons = [b for b in self.find_all("main button, main input[type=submit]") if b.text.strip() == button_text]
            assert buttons, f"no button {button_text!r} on {self.path()}"
            button = buttons[0]
        else:
            button = self.find(f"{form_css} button[type=submit]")
        self.click_and_wait(button)
        return self.status()

    def click_and_wait(self, element):
        """Clicks something that loads a new page, and waits until that page has loaded."""
        self.driver.execute_script("window.__rapportOldPage = true")
        element.click()

        def loaded(driver):
            try:
                return driver.execute_script("return window.__rapportOldPage === undefined && document.readyState === 'complete'")
            except WebDriverException:  # the old page went away while asking
                return False
        WebDriverWait(self.driver, 30).until(loaded)

    def expect_page(self, expected_status=200):
        """The page loaded with the status expected and is not an error page."""
        status = self.status()
        assert status == expected_status, f"{self.path()} answered {status}, expected {expected_status}: {self.text()[:500]}"
        if expected_status < 400:
            assert self.h1() not in ERROR_TITLES, f"{self.path()} shows an error page: {self.text()[:500]}"

    # Accounts

    def login(self, role, index=0):
        return self.logins[role][index]

    def sign_in(self, role, index=0):
        """Signs in through the real /login form as the demo login of `role`; returns (username, password)."""
        username, password = self.login(role, index)
        self.sign_in_as(username, password)
        assert self.path().startswith("/home"), f"signing in as {role} {username} ended on {self.path()}: {self.text()[:300]}"
        self.expect_page()
        return username, password

    def sign_in_as(self, username, password):
        """The password form, and for staff who use two-step sign-in the code from their authenticator after it."""
        self.open("/login")
        self.fill("username", username)
        self.fill("password", password)
        status = self.submit("Sign in")
        # A code another run used moments ago is refused once; the next step's code then works.
        for _ in range(2):
            if not self.path().startswith("/login/two-step") or self.path().startswith("/login/two-step/set-up"):
                break
            self.fill("code", next_totp_code(username))
            status = self.submit("Sign in")
        return status

    def sign_out(self):
        button = self.find("header form.signout button")
        assert button.text.strip() == "Sign out"
        self.click_and_wait(button)
        self.status()
        assert self.path().startswith("/login"), f"signing out ended on {self.path()}"
        self.open("/home")
        assert self.path().startswith("/login"), "after signing out, /home did not send the browser to sign in"


@pytest.fixture
def site(driver, base_url, logins):
    return Site(driver, base_url, logins)


@pytest.fixture
def sign_in(site):
    return site.sign_in


# axe

def serious_violations(results):
    return [v for v in results.get("violations", []) if v.get("impact") in ("serious", "critical")]


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').replace(chr(10), ' ')}")
            lines.append(f"      {node.get('html', '')[:200]}")
    return "\n".join(lines)


def current_axe_script():
    """axe-core 4.12's axe.min.js from axe-playwright-python (found without importing it: it needs Playwright), else None."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = pathlib.Path(list(spec.submodule_search_locations)[0]) / "axe.min.js"
    return str(path) if path.exists() else None


def run_axe(driver):
    script = current_axe_script()
    axe = Axe(driver, script_url=script) if script else Axe(driver)
    axe.inject()
    version = driver.execute_script("return axe.version")
    options = {"resultTypes": ["violations"]}
    if version.startswith("3."):
        # axe-selenium-python before 3.0 (the newest for Python 3.11) ships axe-core 3.1 of 2018, which does not know
        # autocomplete="one-time-code" and calls it malformed; axe-core 4 knows it. scripts/test-all uses Python 3.12+
        # and axe-core 4 where it can.
        options["rules"] = {"autocomplete-valid": {"enabled": False}}
    results = axe.run(options=json.dumps(options))
    results["axeVersion"] = version
    return results


@pytest.fixture
def axe_check(driver, request):
    """Runs axe on the current page; fails on any serious or critical violation and prints them all."""
    def check(driver=driver, name=None):
        results = run_axe(driver)
        everything = results.get("violations", [])
        if everything:
            print(f"\naxe {results['axeVersion']} on {driver.current_url} ({name or request.node.name}):\n{describe_violations(everything)}")
        serious = serious_violations(results)
        assert not serious, f"axe found serious or critical problems on {driver.current_url}:\n{describe_violations(serious)}"
        return results
    return check


# Screenshots

def _full_page_shot(driver, width, height, mobile, path):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    time.sleep(0.2)
    full = driver.execute_script(
        "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)")
    full = max(height, min(int(full), 12000))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": full, "deviceScaleFactor": 1, "mobile": mobile})
    time.sleep(0.2)
    driver.save_screenshot(str(path))


def take_screenshots(driver, name, phone=True):
    """Both screenshots (only the desktop one when `phone` is false); returns how many pixels the page is wider
    than a phone (0 when it fits)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    overflow = 0
    try:
        _full_page_shot(driver, *DESKTOP, False, SCREENSHOTS / f"{safe}-desktop.png")
        if phone:
            _full_page_shot(driver, *PHONE, True, SCREENSHOTS / f"{safe}-phone.png")
            overflow = driver.execute_script("return document.documentElement.scrollWidth") - PHONE[0]
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    if overflow > 0:
        # A page wider than the phone makes people scroll sideways; tables may scroll inside their own box instead.
        message = f"{name}: the page is {overflow}px wider than a {PHONE[0]}px phone ({driver.current_url})"
        print("\nLAYOUT: " + message)
        OUTPUT.mkdir(parents=True, exist_ok=True)
        with open(OUTPUT / "layout-warnings.txt", "a", encoding="utf8") as warnings:
            warnings.write(message + "\n")
    return max(overflow, 0)


@pytest.fixture
def shoot(driver):
    """Saves test-output/screenshots/NAME-desktop.png (1280×900) and NAME-phone.png (390×844), each the page's full height."""
    def shoot(name):
        take_screenshots(driver, name)
    return shoot


@pytest.fixture
def check_page(site, axe_check, shoot):
    """Every page a test visits: the status it should have, no error page, axe clean, screenshots."""
    def check(name, expected_status=200):
        site.expect_page(expected_status)
        shoot(name)
        axe_check(name=name)
    return check
