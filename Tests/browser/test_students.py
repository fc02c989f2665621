"""Students: signing in with a one-time code, their own profile, and what they may not open."""
import re


def new_student(site, run_id, given="Robin", family=None, year="8"):
    """Adds a student through the coordinator's form; returns (username, the student's page path)."""
    family = family or f"Codetest{run_id.capitalize()}"
    site.open("/students/new")
    site.expect_page()
    site.fill("given_name", given)
    site.fill("family_name", family)
    site.find("select[name=year_group]").send_keys(f"Year {year}")
    site.submit("Save")
    site.expect_page()
    assert "Changes saved." in site.text() or "Student added." in site.text(), site.text()[:500]
    username = site.driver.execute_script(
        "const dt=[...document.querySelectorAll('dt')].find(e=>e.textContent==='Username');return dt&&dt.nextElementSibling.textContent")
    assert username, "the new student's page shows no username"
    return username, site.path().split("?")[0]


def issue_code(site, student_path):
    """Presses "Give a new login code" on a student's page; returns the code shown on the card."""
    site.open(student_path)
    site.expect_page()
    site.submit("Give a new login code")
    site.expect_page()
    cards = site.find_all(".login-card")
    assert len(cards) == 1, f"expected one login card, found {len(cards)}"
    code = cards[0].find_element("css selector", ".code").text.strip()
    assert re.fullmatch(r"[A-Z0-9]{3,}(-[A-Z0-9]{3,})+", code), f"the card's code looks wrong: {code!r}"
    return code


def test_student_signs_in_with_a_code_then_chooses_a_password(site, check_page, run_id):
    site.sign_in("coordinator")
    username, path = new_student(site, run_id)
    check_page("student-new-saved")
    code = issue_code(site, path)
    check_page("login-card")
    assert username in site.text()
    assert "/login/code" in site.text()
    site.sign_out()

    site.open("/login/code")
    site.fill("username", username)
    site.fill("code", code.lower().replace("-", " "))
    site.submit("Continue")
    assert site.path().startswith("/account/choose-password"), f"after the code: {site.path()} {site.text()[:300]}"
    check_page("choose-password")
    assert username in site.text()

    # Two different passwords: told so, nothing saved.
    site.fill("new_password", "maple-otter-lantern")
    site.fill("confirm_password", "maple-otter-lanterns")
    site.submit("Save my password")
    site.expect_page()
    assert "The two passwords are different" in site.text()
    check_page("choose-password-mismatch")

    password = f"maple-otter-{run_id}"
    site.fill("new_password", password)
    site.fill("confirm_password", password)
    site.submit("Save my password")
    assert site.path().startswith("/home"), f"after choosing a password: {site.path()} {site.text()[:300]}"
    check_page("home-after-choosing-password")
    assert "Your password is saved" in site.text()
    assert "Fill in my profile" in site.text()

    # The code worked once; the new password works from now on.
    site.sign_out()
    site.open("/login/code")
    site.fill("username", username)
    site.fill("code", code)
    site.submit("Continue")
    assert site.path().startswith("/login/code")
    assert "the code has been used" in site.text()
    site.sign_in_as(username, password)
    assert site.path().startswith("/home"), site.text()[:300]

    # Changing it: the wrong current password is refused with the new ones kept out; the right one works.
    site.click_and_wait(site.find("header").find_element("link text", "Password"))
    check_page("change-password")
    assert site.h1() == "Change your password"
    new_password = f"quiet-harbour-{run_id}"
    site.fill("current_password", "not-my-password-at-all")
    site.fill("new_password", new_password)
    site.fill("confirm_password", new_password)
    site.submit("Change password")
    site.expect_page()
    assert site.find("#current_password-error").text == "That is not your current password."
    check_page("change-password-error")
    site.fill("current_password", password)
    site.fill("new_password", new_password)
    site.fill("confirm_password", new_password)
    site.submit("Change password")
    assert site.path().startswith("/home")
    assert "Your password is changed." in site.text()
    site.sign_out()
    site.sign_in_as(username, password)
    assert "That username and password don't match" in site.text(), "the old password still works"
    site.sign_in_as(username, new_password)
    assert site.path().startswith("/home"), site.text()[:300]


def test_mentor_fills_in_my_profile(site, check_page):
    site.sign_in("mentor")
    site.click_and_wait(site.find("nav").find_element("link text", "My profile"))
    site.status()
    assert site.path().startswith("/profile")
    check_page("my-profile-mentor")
    assert site.h1() == "My profile"

    # Untick everything in two groups, then tick two interests and three free periods.
    for box in site.find_all("input[name='interests[]']:checked, input[name='free[]']:checked"):
        site.driver.execute_script("arguments[0].click()", box)
    interests = site.find_all("input[name='interests[]']")[:2]
    chosen_interests = [box.get_attribute("value") for box in interests]
    free = site.find_all("input[name='free[]']")
    chosen_free = [free[0].get_attribute("value"), free[3].get_attribute("value"), free[len(free) - 1].get_attribute("value")]
    # Ticked by clicking their labels, as a person would.
    for name, values in (("interests[]", chosen_interests), ("free[]", chosen_free)):
        for value in values:
            box = site.find(f"input[name='{name}'][value='{value}']")
            site.find(f"label[for='{box.get_attribute('id')}']").click()
            assert box.is_selected(), f"clicking the label of {value} did not tick it"
    site.submit("Save my profile")
    site.expect_page()
    assert site.path().startswith("/profile")
    assert "Saved" in site.find("main").text
    check_page("my-profile-saved")
    ticked_interests = {b.get_attribute("value") for b in site.find_all("input[name='interests[]']:checked")}
    ticked_free = {b.get_attribute("value") for b in site.find_all("input[name='free[]']:checked")}
    assert ticked_interests == set(chosen_interests)
    assert ticked_free == set(chosen_free)
    # The demo mentor has not done training yet, so home points there next.
    site.open("/home")
    assert "Do your mentor training" in site.text()


def test_a_student_opening_the_students_page_is_not_allowed(site, check_page):
    site.sign_in("mentee")
    site.open("/students")
    check_page("students-as-student-forbidden", expected_status=403)
    assert site.h1() == "Not allowed"
    assert site.find_all("main table") == [], "the refused page shows a table of students"
    for path in ("/staff", "/roster/import", "/programmes"):
        site.open(path)
        site.expect_page(403)
        assert site.h1() == "Not allowed"
