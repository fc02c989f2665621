"""Issue 13, the matching rules a school sets from its pages, in a real browser: a coordinator keeps two students
apart with a reason and removes it again, tries a matching setting with Preview, and saves it; a student adds an
identity tag and keeps it private.

Every page visited is checked (status, no error page, axe) and screenshotted at desktop and phone size as rules-*.
Nothing assumes a fresh demo: what is added is removed again, and the settings are put back as they were.
"""
from selenium.webdriver.support.ui import Select


def test_a_coordinator_keeps_two_students_apart_then_removes_it(site, check_page, run_id):
    site.sign_in("coordinator")
    site.open("/students")
    site.click_and_wait(site.find("main table tbody tr td:nth-child(2) a"))
    name = site.h1()
    check_page("rules-student")
    assert "Never paired with" in site.text()
    # A reason is needed: the form comes back with the choice kept and the error beside the field.
    choice = Select(site.find("select[name=never_with]"))
    other = choice.options[1].text
    choice.select_by_index(1)
    # The browser asks for the reason itself; the server must too, for a browser that doesn't.
    site.driver.execute_script("document.querySelector('[name=never_reason]').removeAttribute('required')")
    site.submit("Add to the list")
    site.expect_page(422)
    assert "Enter why they must not be paired." in site.text()
    assert Select(site.find("select[name=never_with]")).first_selected_option.text == other
    reason = f"Cousins, keep apart ({run_id})"
    site.fill("never_reason", reason)
    site.submit("Add to the list")
    site.expect_page()
    check_page("rules-student-added")
    assert reason in site.text() and other.split(" (")[0] in site.text()
    assert site.h1() == name
    site.submit("Remove")
    site.expect_page()
    assert reason not in site.text()


def test_a_coordinator_previews_and_saves_matching_settings(site, check_page):
    site.sign_in("coordinator")
    site.open("/programmes")
    site.click_and_wait(site.find("main").find_element("partial link text", "Matching settings of"))
    check_page("rules-settings")
    interests = Select(site.find("select[name=weight_shared_interest]"))
    was = interests.first_selected_option.get_attribute("value")
    interests.select_by_value("0")
    site.submit("Preview")
    site.expect_page()
    check_page("rules-preview")
    assert "Preview: a round run now" in site.text()
    assert "Nothing is saved until you choose Save matching settings." in site.text()
    # The preview keeps what was chosen, so Save saves it.
    assert Select(site.find("select[name=weight_shared_interest]")).first_selected_option.get_attribute("value") == "0"
    site.submit("Save matching settings")
    assert "Matching settings saved." in site.text()
    assert Select(site.find("select[name=weight_shared_interest]")).first_selected_option.get_attribute("value") == "0"
    Select(site.find("select[name=weight_shared_interest]")).select_by_value(was)
    site.submit("Save matching settings")
    assert Select(site.find("select[name=weight_shared_interest]")).first_selected_option.get_attribute("value") == was


def test_a_student_adds_an_identity_tag_and_keeps_it_private(site, check_page):
    site.sign_in("mentee")
    site.open("/profile")
    check_page("rules-profile")
    box = site.find("input[name='identities[]']")
    label = site.find(f"label[for='{box.get_attribute('id')}']")
    if not box.is_selected():
        label.click()
    visible = site.find("#identities_visible")
    if visible.is_selected():
        site.find("label[for='identities_visible']").click()
    site.submit("Save my profile")
    site.expect_page()
    assert site.find("input[name='identities[]']").is_selected()
    assert not site.find("#identities_visible").is_selected()
    assert "Your mentor or mentee never sees them." in site.text()
