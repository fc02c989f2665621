"""One journey per role with the keyboard alone (Tab, Shift+Tab, Enter, Space): signing in, moving through the page to
a link of the role's navigation, opening it, and (for students) ticking a box and saving a form. At every stop the
focused element must show it: the :focus-visible outline (or a box shadow) is drawn.
"""
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import next_totp_code

JOURNEYS = {
    "coordinator": "Students",
    "safeguarding-lead": "Concerns",
    "organisation-admin": "Schools",
    "mentor": "My mentoring",
    "mentee": "My profile",
}


def press(site, *keys):
    ActionChains(site.driver).send_keys(*keys).perform()


def focused(site):
    return site.driver.switch_to.active_element


def focus_is_visible(site):
    return site.driver.execute_script("""
        const e = document.activeElement;
        if (!e || e === document.body) return false;
        const s = getComputedStyle(e);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    """)


def tab_to(site, matches, limit=80, backwards=False):
    """Presses Tab until `matches(element)`, checking the focus is visible at every stop; returns the element."""
    visited = []
    for _ in range(limit):
        press(site, (Keys.SHIFT + Keys.TAB) if backwards else Keys.TAB)
        element = focused(site)
        visited.append(f"{element.tag_name}:{element.get_attribute('name') or element.text.strip()[:20]}")
        assert focus_is_visible(site), f"no visible focus on {element.tag_name} {element.get_attribute('outerHTML')[:120]}"
        if matches(element):
            return element
    raise AssertionError(f"never reached the element with the keyboard on {site.path()}; went through {visited}")


def wait_for_new_page(site):
    WebDriverWait(site.driver, 30).until(
        lambda driver: driver.execute_script("return window.__rapportOldPage === undefined && document.readyState === 'complete'"))


def submit_with_enter(site):
    site.driver.execute_script("window.__rapportOldPage = true")
    press(site, Keys.ENTER)
    wait_for_new_page(site)


def keyboard_sign_in(site, role):
    username, password = site.login(role)[:2]
    site.open("/login")
    tab_to(site, lambda e: e.get_attribute("name") == "username")
    press(site, username)
    tab_to(site, lambda e: e.get_attribute("name") == "password")
    press(site, password)
    submit_with_enter(site)
    for _ in range(2):  # a code another test used moments ago is refused once
        if not site.path().startswith("/login/two-step"):
            break
        tab_to(site, lambda e: e.get_attribute("name") == "code")
        press(site, next_totp_code(username))
        submit_with_enter(site)
    assert site.path().startswith("/home"), f"signing in with the keyboard went to {site.path()}"


@pytest.mark.parametrize("role", list(JOURNEYS))
def test_a_journey_with_the_keyboard_alone(site, check_page, role):
    keyboard_sign_in(site, role)
    label = JOURNEYS[role]
    link = tab_to(site, lambda e: e.tag_name == "a" and e.text.strip() == label)
    submit_with_enter(site)
    check_page(f"keyboard-{role}")
    if role == "mentee":
        box = tab_to(site, lambda e: e.get_attribute("type") == "checkbox" and e.get_attribute("name") == "interests[]")
        was = box.is_selected()
        press(site, Keys.SPACE)
        assert box.is_selected() != was, "Space did not tick the box"
        press(site, Keys.SPACE)
        tab_to(site, lambda e: e.tag_name == "button" and e.text.strip() == "Save my profile", limit=400)
        submit_with_enter(site)
        assert "Saved." in site.text()
