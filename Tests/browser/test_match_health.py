"""Match health in a real browser, on the demo's term at Northgate: the coordinator's "needs a check-in" list and
recording a check-in, the programme dashboard (its charts looked at on a desktop and a phone, for a coordinator and the
organisation admin), and a planned closure from the coordinator's side and then from both students' side (their
goodbye page, a reflection each, the mentee's record of the year). Every page is checked (status, no error page, axe)
and screenshotted as health-*.
"""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_matching_workflow import choose_radio, issue_login_code, nav, notice, sign_in_with_code


def test_the_coordinator_records_a_check_in_from_the_list(site, check_page, run_id):
    site.sign_in("coordinator")
    nav(site, "Check-ins")
    check_page("health-check-ins")
    assert site.h1() == "Needs a check-in"
    lead = site.find("main p.lead").text
    assert re.fullmatch(r"\d+ pairs? may need a check-in, most urgent first\.", lead), lead
    first = site.find_all("main .card.flagged")[0]
    pair_name = first.find_element(By.CSS_SELECTOR, "h3").text
    reasons = [li.text for li in first.find_elements(By.CSS_SELECTOR, "ul li")]
    assert reasons and all(r.endswith(".") for r in reasons), f"reasons in words: {reasons}"
    site.click_and_wait(first.find_element(By.LINK_TEXT, "Record a check-in or snooze"))
    check_page("health-check-in-pair")
    assert site.h1() == f"Check-ins: {pair_name}"
    assert "Early warnings:" in site.text()

    # Sent without a note, the form comes back with the message beside the field and the choices kept.
    choose_radio(site, "with_whom", 1)
    choose_radio(site, "how", 1)
    site.submit("Record check-in")
    check_page("health-check-in-refused", 422)
    assert site.find("#note-error").text == "Enter a short note of what you talked about."
    assert site.find("#with_whom-1").is_selected() and site.find("#how-1").is_selected(), "the choices were lost"
    site.fill("note", f"Talked with the mentor about moving their meetings ({run_id}).")
    site.fill("next_step", "Look again in a fortnight.")
    site.submit("Record check-in")
    assert site.path() == "/check-ins?notice=recorded", site.path()
    check_page("health-check-ins-after")
    assert "Check-in recorded." in notice(site)
    # The pair stays on the list while its other reasons stand (nothing closes by itself), now with the check-in beside it.
    card = [c for c in site.find_all("main .card.flagged") if c.find_element(By.CSS_SELECTOR, "h3").text == pair_name]
    assert card and "the mentor, phone call." in card[0].text, "the list shows the check-in"


def test_the_dashboard_draws_each_chart_with_its_numbers(site, check_page):
    site.sign_in("coordinator")
    nav(site, "Dashboard")
    check_page("health-dashboard")
    assert site.h1() == "Programme dashboard"
    charts = site.find_all("main svg[role=img]")
    assert len(charts) == 7, f"{len(charts)} charts"
    for chart in charts:
        labelled = chart.get_attribute("aria-labelledby").split()
        assert len(labelled) == 2 and all(site.find(f"#{i}").get_attribute("textContent").strip() for i in labelled), "each chart has a title and a description"
    assert len(site.find_all("main table.numbers")) >= 7
    assert re.search(r"Northgate Learning Centre · \d+ matches", site.text())
    # A backwards range is refused beside its field, and the figures stay on the page.
    site.set_value("from", "2026-11-01")
    site.set_value("to", "2026-10-01")
    site.submit("Show", form_css="main form.filters")
    check_page("health-dashboard-backwards", 400)
    assert site.find("#to-error").text == "The last day must not come before the first."
    Select(site.find("select[name=year]")).select_by_visible_text("Year 8")
    site.set_value("from", "2026-09-07")
    site.set_value("to", "2026-11-29")
    site.submit("Show", form_css="main form.filters")
    check_page("health-dashboard-year-8")
    assert "year=8" in site.path()
    nav(site, "Report")
    check_page("health-report")
    assert site.h1() == "Programme report"
    assert len(site.find_all("main table.numbers")) == 2 and "Download as CSV" in site.text()
    site.sign_out()

    site.sign_in("organisation-admin")
    nav(site, "Dashboard")
    check_page("health-dashboard-organisation")
    assert re.search(r"All 2 schools · \d+ matches", site.text())
    assert "Leah" not in site.text() and "Sam Carter" not in site.text(), "aggregates only"


def test_a_planned_closure_from_the_coordinator_and_both_students(site, check_page, run_id):
    site.sign_in("coordinator")
    site.open("/matches?state=active")
    site.expect_page()
    rows = [r for r in site.find_all("main table tbody tr") if "Leah Price" not in r.text]
    assert rows, "no active demo pair besides Sam and Leah"
    cells = rows[0].find_elements(By.CSS_SELECTOR, "td")
    mentee, mentor = cells[0].text.strip(), cells[1].text.strip()
    site.click_and_wait(cells[0].find_element(By.CSS_SELECTOR, "a"))
    check_page("health-match")
    assert "Close this match well" in site.text()
    site.submit("Start closing")
    check_page("health-closing-refused", 422)
    assert site.find("#closure_reason-error").text == "Choose why the match is ending."
    assert site.find("#contact_after-error").text == "Choose what contact is allowed after."
    Select(site.find("select[name=closure_reason]")).select_by_visible_text("Planned end")
    choose_radio(site, "contact_after", 0)
    # The demo's pairs are younger than three months: closing them early needs words too.
    site.fill("closing_note", f"They have both moved to the sixth-form site ({run_id}).")
    site.submit("Start closing")
    check_page("health-match-closing")
    assert "Planned end" in site.text() and "Saying hello around school is fine" in site.text()
    codes = {name: issue_login_code(site, check_page, name, "health-" + role) for name, role in [(mentor, "mentor"), (mentee, "mentee")]}
    site.sign_out()

    password = f"Goodbye-{run_id}-pass"
    for name, role in [(mentor, "mentor"), (mentee, "mentee")]:
        username, code = codes[name]
        sign_in_with_code(site, check_page, username, code, password, "health-" + role)
        site.open("/my-matches")
        closing = [a for a in site.find_all("main ul a") if a.text.endswith("· Closing")]
        if closing:  # a mentor with an earlier match sees a list first
            site.click_and_wait(closing[0])
        goodbye = [a for a in site.find_all("nav.pair-nav a") if a.text == "Goodbye"]
        assert goodbye, f"no Goodbye in the pair's pages on {site.path()}"
        site.click_and_wait(goodbye[0])
        check_page(f"health-goodbye-{role}")
        assert site.h1() == "Saying goodbye"
        assert "What am I proud of?" in site.text() and "The programme's planned end" in site.text()
        site.submit("Save my words")
        check_page(f"health-goodbye-{role}-refused", 422)
        assert site.find("#reflection-error").text == "Enter a few words."
        site.fill("reflection", f"Thank you for this year, from the {role} ({run_id}).")
        site.submit("Save my words")
        check_page(f"health-goodbye-{role}-saved")
        assert "Your words are saved." in notice(site)
        assert f"Thank you for this year, from the {role}" in site.text()
        if role == "mentee":
            # The end of the match asks the "About me" questions again.
            match_path = re.match(r"(/my-matches/[0-9a-f-]{36})", site.path()).group(1)
            site.open(match_path + "/about-me")
            check_page("health-about-me")
            questions = site.find_all("main form fieldset")
            assert len(questions) == 25, f"{len(questions)} questions"
            for index in range(len(questions)):
                choose_radio(site, f"q{index}", 3)
            site.submit("Save my answers")
            check_page("health-about-me-saved")
            assert "Thank you: your answers are saved." in notice(site)
            site.open(match_path + "/goodbye")
            site.expect_page()
            assert "Thank you for this year, from the mentor" in site.text(), "the mentee reads the mentor's words"
            site.click_and_wait(site.find("main a.button[href$='/record']"))
            check_page("health-record")
            assert site.h1() == "My year of mentoring"
            assert "Thank you for this year, from the mentor" in site.text(), "the mentor's closing words are in the record"
        site.sign_out()
