"""What a coordinator does: students (search, filters, one student, editing, login codes and cards), staff, programmes."""
import base64
import re

from selenium.webdriver.support.ui import Select

from conftest import OUTPUT, take_screenshots


def print_to_pdf(driver, path):
    """Prints the page as chromium would on A4 (the page's own @page size); saves it, returns the number of pages."""
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def shown_count(site):
    """The number in the list's "N students." line."""
    match = re.fullmatch(r"(\d+) students?\.", site.find("main p[role=status]").text.strip())
    assert match, f"no count line on the students page: {site.find('main').text[:300]}"
    return int(match.group(1))


def rows(site):
    """The students table as [{Name, Year, Role, Username, Profile}]."""
    headers = [th.text.strip() for th in site.find_all("main table thead th")]
    return [dict(zip(headers, [td.text.strip() for td in tr.find_elements("css selector", "td")]))
            for tr in site.find_all("main table tbody tr")]


def filter_students(site, q=None, year=None, role=None):
    site.open("/students")
    if q is not None:
        site.fill("q", q)
    if year is not None:
        Select(site.find("select[name=year]")).select_by_visible_text(year)
    if role is not None:
        Select(site.find("select[name=role]")).select_by_visible_text(role)
    site.submit("Show")
    site.expect_page()
    count = shown_count(site)
    assert count == len(rows(site)), f"the page says {count} students but shows {len(rows(site))}"
    return count


def test_students_list_search_and_filters(site, check_page):
    site.sign_in("coordinator")
    site.click_and_wait(site.find("nav").find_element("link text", "Students"))
    check_page("students")
    assert site.h1() == "Students"
    everyone = shown_count(site)
    all_rows = rows(site)
    assert everyone == len(all_rows) >= 10, "the demo school should list its students"

    # Search by a family name: only students with that name, and at least the one it came from.
    family = all_rows[len(all_rows) // 2]["Name"].split()[-1]
    found = filter_students(site, q=family)
    check_page("students-search")
    assert 1 <= found < everyone
    assert all(family.lower() in (r["Name"] + r["Username"]).lower() for r in rows(site))
    assert site.find("input[name=q]").get_attribute("value") == family, "the search box lost what was typed"

    # Year group: every row is that year; the years add up to everyone.
    years = sorted({r["Year"] for r in all_rows})
    by_year = {}
    for year in years:
        by_year[year] = filter_students(site, year=year)
        assert all(r["Year"] == year for r in rows(site)), f"filtering by {year} shows other years"
        assert Select(site.find("select[name=year]")).first_selected_option.text == year
    check_page("students-year")
    assert sum(by_year.values()) == everyone
    assert filter_students(site, year="Year 5") == sum(1 for r in all_rows if r["Year"] == "Year 5")

    # Mentors and mentees: each row is of that kind and together they are everyone.
    mentors = filter_students(site, role="Mentors")
    assert all(r["Role"].startswith("Mentor") for r in rows(site))
    check_page("students-mentors")
    mentees = filter_students(site, role="Mentees")
    assert all(r["Role"] == "Mentee" for r in rows(site))
    assert mentors > 0 and mentees > 0 and mentors + mentees == everyone

    # Both filters at once.
    year = years[-1]
    both = filter_students(site, year=year, role="Mentors")
    assert both == sum(1 for r in all_rows if r["Year"] == year and r["Role"].startswith("Mentor"))

    # A search that matches nobody says so.
    assert filter_students(site, q="zzzz-nobody-zzzz") == 0
    assert "0 students." in site.text()


def test_open_a_student_edit_the_profile_and_issue_a_code(site, check_page, run_id):
    site.sign_in("coordinator")
    site.open("/students")
    first = site.find("main table tbody tr td:nth-child(2) a")
    name = first.text
    site.click_and_wait(first)
    check_page("student")
    assert site.h1() == name
    assert "Mentoring profile" in site.text()
    student_path = site.path()

    site.click_and_wait(site.find("main").find_element("link text", "Edit details and profile"))
    check_page("student-edit")
    assert site.h1() == f"Edit {name}"
    about = f"Loves chess and rock-pooling ({run_id})."
    site.fill("about", about)
    box = site.find("input[name='interests[]']")
    was_ticked = box.is_selected()
    interest_label = site.find(f"label[for='{box.get_attribute('id')}']").text
    site.find(f"label[for='{box.get_attribute('id')}']").click()
    site.submit("Save")
    assert site.path().split("?")[0] == student_path, f"saving went to {site.path()}: {site.text()[:300]}"
    check_page("student-saved")
    assert "Changes saved." in site.text()
    profile = site.find("main").text
    assert about in profile
    likes = [li.text for li in site.driver.find_elements(
        "xpath", "//main//h3[normalize-space()='Likes']/following-sibling::*[1]//li")]
    assert (interest_label in likes) != was_ticked, f"the interest {interest_label!r} did not change: {likes}"

    # A form with a mistake comes back with what was typed and the error next to the field.
    site.open(student_path + "/edit")
    site.fill("username", "Not A Username!")
    site.fill("about", "kept " + run_id)
    site.submit("Save")
    site.expect_page()
    check_page("student-edit-error")
    assert "lower-case letters" in site.find("#username-error").text
    assert site.find("#username").get_attribute("value") == "Not A Username!"
    assert site.find("textarea[name=about]").get_attribute("value") == "kept " + run_id
    assert "Changes saved." not in site.text()

    site.open(student_path)
    site.submit("Give a new login code")
    check_page("student-login-card")
    cards = site.find_all(".login-card")
    assert len(cards) == 1 and name in cards[0].text
    assert re.search(r"Code: [A-Z0-9]{3,}(-[A-Z0-9]{3,})+", cards[0].text), cards[0].text


def test_print_login_cards_for_ticked_students(site, check_page):
    site.sign_in("coordinator")
    site.open("/students")
    chosen = rows(site)[:3]
    boxes = site.find_all("main table tbody input[type=checkbox]")[:3]
    for box in boxes:
        box.click()
    site.submit("Print login cards for the ticked students")
    check_page("login-cards")
    assert site.h1() == "Login cards"
    cards = site.find_all(".login-card")
    assert sorted(card.find_element("css selector", "h2").text for card in cards) == sorted(r["Name"] for r in chosen)
    codes = [card.find_element("css selector", ".code").text for card in cards]
    assert len(set(codes)) == 3, f"each card needs its own code: {codes}"
    for card, row in zip(sorted(cards, key=lambda c: c.find_element("css selector", "h2").text),
                         sorted(chosen, key=lambda r: r["Name"])):
        assert f"Username: {row['Username']}" in card.text

    # Printed on A4: only the cards (no header, navigation or notice), several to a page.
    pages = print_to_pdf(site.driver, OUTPUT / "login-cards.pdf")
    assert pages == 1, f"three login cards took {pages} A4 pages"
    site.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for css in ("header.site", "nav", "footer", ".notice"):
            assert all(not e.is_displayed() for e in site.find_all(css)), f"{css} shows when printing"
        assert all(card.is_displayed() for card in site.find_all(".login-card"))
        take_screenshots(site.driver, "login-cards-print", phone=False)
    finally:
        site.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_print_login_cards_with_nothing_ticked_says_what_to_do(site):
    site.sign_in("coordinator")
    site.open("/students")
    site.submit("Print login cards for the ticked students")
    site.expect_page(400)
    assert "Tick at least one student" in site.text()


def test_staff_page(site, check_page, logins):
    site.sign_in("coordinator")
    site.click_and_wait(site.find("nav").find_element("link text", "Staff"))
    check_page("staff")
    assert site.h1() == "Staff"
    table = site.find("main table").text
    assert site.login("coordinator")[0] in table
    assert site.login("safeguarding-lead")[0] in table
    assert site.login("organisation-admin")[0] in table
    # The other school's coordinator is not this school's staff.
    if len(logins["coordinator"]) > 1:
        assert logins["coordinator"][1][0] not in table


def test_programmes_create_and_refuse_end_before_start(site, check_page, run_id):
    site.sign_in("coordinator")
    site.click_and_wait(site.find("nav").find_element("link text", "Programmes"))
    check_page("programmes")
    assert site.h1() == "Programmes"

    # End date before the start date: the error is next to the end date and everything typed is kept.
    name = f"Year 7 buddies {run_id}"
    site.fill("name", name)
    site.fill("school_year", "2026–27")
    site.set_value("starts_on", "2026-09-10")
    site.set_value("ends_on", "2026-09-01")
    Select(site.find("select[name=meeting_cadence_days]")).select_by_visible_text("Every two weeks")
    site.submit("Create programme")
    check_page("programmes-error", expected_status=422)
    error = site.find("#ends_on-error")
    assert error.text == "The end date must come after the start date."
    assert "ends_on-error" in site.find("#ends_on").get_attribute("aria-describedby")
    assert site.find("#ends_on").get_attribute("aria-invalid") == "true"
    assert site.find("#name").get_attribute("value") == name
    assert site.find("#school_year").get_attribute("value") == "2026–27"
    assert site.find("#starts_on").get_attribute("value") == "2026-09-10"
    assert site.find("#ends_on").get_attribute("value") == "2026-09-01"
    assert Select(site.find("select[name=meeting_cadence_days]")).first_selected_option.text == "Every two weeks"
    assert "Programme created." not in site.text()

    site.set_value("ends_on", "2027-07-16")
    site.submit("Create programme")
    check_page("programmes-created")
    assert "Programme created." in site.text()
    card = [c for c in site.find_all("main .card") if c.find_elements("css selector", "h2") and
            c.find_element("css selector", "h2").text == f"{name}, 2026–27"]
    assert card, f"the new programme is not listed: {site.find('main').text[:600]}"
    assert "Every two weeks" in card[0].text

    # Change it: the form opens with its settings, a bad time is refused beside the field, then the change shows.
    site.click_and_wait(card[0].find_element("partial link text", "Change the settings"))
    site.expect_page()
    check_page("programme-edit")
    assert site.h1() == f"Change {name}, 2026–27"
    assert site.find("#starts_on").get_attribute("value") == "2026-09-10"
    assert Select(site.find("select[name=meeting_cadence_days]")).first_selected_option.text == "Every two weeks"
    site.set_value("school_day_ends", "08:00")
    site.submit("Save changes")
    check_page("programme-edit-error", expected_status=422)
    assert site.find("#school_day_ends-error").text == "The school day must end after it starts."
    site.set_value("school_day_ends", "15:20")
    Select(site.find("select[name=meeting_cadence_days]")).select_by_visible_text("Every week")
    site.submit("Save changes")
    site.expect_page()
    assert "Changes saved." in site.text()
    card = [c for c in site.find_all("main .card") if c.find_elements("css selector", "h2") and
            c.find_element("css selector", "h2").text == f"{name}, 2026–27"]
    assert "08:30–15:20" in card[0].text and "Every week" in card[0].text


def test_bell_times(site, check_page):
    """The coordinator sets when lunch is; an overlap is refused beside the field; the standard times go back after."""
    site.sign_in("coordinator")
    site.click_and_wait(site.find("nav").find_element("link text", "Programmes"))
    site.click_and_wait(site.find("main").find_element("link text", "bell times"))
    check_page("bell-times")
    assert site.h1() == "Bell times"
    assert site.find("#lunch_start").get_attribute("value") == "13:20"
    site.set_value("lunch_start", "12:00")
    site.submit("Save bell times")
    check_page("bell-times-error", expected_status=422)
    assert site.find("#lunch_start-error").text == "Lunch starts at 12:00, before period 4 ends at 13:20."
    assert site.find("#lunch_start").get_attribute("value") == "12:00", "what was typed is kept"
    site.set_value("lunch_start", "13:25")
    site.set_value("lunch_minutes", "35")
    site.submit("Save bell times")
    site.expect_page()
    assert "Bell times saved." in site.text()
    assert site.find("#lunch_start").get_attribute("value") == "13:25"
    # Back to the standard times, so the pair's week keeps the demo's lunch.
    site.set_value("lunch_start", "13:20")
    site.set_value("lunch_minutes", "40")
    site.submit("Save bell times")
    assert "Bell times saved." in site.text()
