"""A worry from a phone: a mentee raises it from the header, the lead acknowledges it and records a decision,
and the mentee sees that it was acknowledged, nothing more."""
from conftest import PHONE


def test_a_mentee_raises_a_worry_and_the_lead_acts_on_it(site, driver, check_page, run_id):
    driver.set_window_size(*PHONE)
    site.sign_in("mentee")
    # One tap from any page: the header's "I'm worried".
    site.open("/my-matches")
    link = [a for a in site.find_all("header nav a") if a.text.strip() == "I'm worried"]
    assert link, "the header has no 'I'm worried' link"
    site.click_and_wait(link[0])
    site.status()
    check_page("worried-form")
    assert site.h1() == "I'm worried"
    text = site.text()
    assert "call 999" in text and "can't be kept secret" in text and "Owen Hughes" in text

    # Sent empty (past the browser's own required-field check), the server says what is missing.
    driver.execute_script("document.querySelector('main form').noValidate = true")
    site.submit("Send to the safeguarding lead")
    check_page("worried-form-empty", expected_status=422)
    assert "Enter what happened or what was said." in site.text()

    words = f"Someone in my class keeps taking my lunch money {run_id}"
    site.find("input[name=about][value=myself]").click()
    site.fill("what", words)
    site.fill("when", "every day this week")
    site.find("input[name=danger_now][value=no]").click()
    site.submit("Send to the safeguarding lead")
    check_page("worried-receipt")
    assert "Your worry has gone to the safeguarding lead" in site.text()
    receipt = site.path().split("?")[0]
    assert "not yet" in site.find("dl.facts").text
    assert words not in site.text(), "the receipt does not repeat the words"
    site.sign_out()

    # The lead: the home page says one is waiting; the list puts it first; open, acknowledge, decide, close.
    site.sign_in("safeguarding-lead")
    assert "new concern" in site.text()
    site.open("/concerns")
    check_page("concerns-list")
    newest = site.find("ul.concerns li a")
    assert newest.text.startswith("New:"), newest.text
    site.click_and_wait(newest)
    site.status()
    check_page("concern")
    assert words in site.text()
    site.submit("Acknowledge")
    site.expect_page()
    assert "Acknowledged" in site.find("dl.facts").text
    site.find("input[name=kind][value=decision]").click()
    site.driver.execute_script("document.querySelector(\"select[name=category]\").value = 'monitor'")
    site.fill("text", "Spoke to the class teacher; watching lunchtimes for two weeks.")
    site.submit("Add")
    check_page("concern-decision")
    assert "Decision: Monitor" in site.text()
    site.submit("Close the concern")
    site.expect_page()
    assert "Closed" in site.find("dl.facts").text

    # The student's chronology, and everything held about them, exported with a reason.
    site.click_and_wait([a for a in site.find_all("main a") if a.text.endswith("chronology")][0])
    site.status()
    check_page("concern-chronology")
    assert site.h1().startswith("Chronology:") and words in site.text()
    site.click_and_wait([a for a in site.find_all("main a") if a.text.startswith("Everything Rapport holds")][0])
    site.status()
    check_page("student-record-form")
    site.fill("reason", f"Subject access request {run_id}")
    site.submit("Export")
    check_page("student-record")
    assert "Account" in site.text() and "Worries they raised" in site.text() and words in site.text()
    site.sign_out()

    # The mentee sees "acknowledged", and not what the lead wrote.
    site.sign_in("mentee")
    site.open(receipt)
    check_page("worried-acknowledged")
    facts = site.find("dl.facts").text
    assert "by the safeguarding lead" in facts
    assert "lunchtimes" not in site.text()


def test_the_organisation_admin_sets_a_schools_emergency_words(site, driver, check_page, run_id):
    driver.set_window_size(*PHONE)
    site.sign_in("organisation-admin")
    site.click_and_wait([a for a in site.find_all("header nav a") if a.text.strip() == "Schools"][0])
    site.status()
    check_page("schools")
    site.click_and_wait([a for a in site.find_all("main a") if a.text.startswith("Change what Harbour")][0])
    site.status()
    check_page("school-emergency-form")
    words = f"Go to the front office or ring 0161 496 0000 ({run_id})."
    site.fill("emergency_text", words)
    site.submit("Save")
    check_page("schools-saved")
    assert "Saved." in site.text() and words in site.text()
    site.sign_out()
    # Everyone at Harbour Street sees them on the form (its lead here); Northgate keeps the standard words.
    site.sign_in("safeguarding-lead", 1)
    site.open("/worried")
    check_page("worried-form-harbour")
    assert words in site.text()
    site.sign_out()
    site.sign_in("mentee")
    site.open("/worried")
    assert "call 999" in site.text() and words not in site.text()


def test_the_organisation_admin_answers_a_data_request_for_any_school(site, driver, check_page, run_id):
    driver.set_window_size(*PHONE)
    site.sign_in("organisation-admin")
    site.click_and_wait([a for a in site.find_all("header nav a") if a.text.strip() == "Data requests"][0])
    site.status()
    check_page("data-requests")
    site.fill("q", "leah")
    site.submit("Find")
    check_page("data-requests-found")
    results = site.find_all("ul.results li")
    assert any("leah.price" in r.text for r in results), [r.text for r in results]
    results = [r for r in results if "leah.price" in r.text]
    site.click_and_wait(results[0].find_element("css selector", "a"))
    site.status()
    check_page("data-request-record-form")
    site.fill("reason", f"Request from the student {run_id}")
    site.submit("Export")
    check_page("data-request-record")
    assert "Account" in site.text() and "leah.price" in site.text()
