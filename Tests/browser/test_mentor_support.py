"""Issue 13, peer mentors supported too, in a real browser: a mentor's monthly check-in and a request for help, and the
coordinator's Mentor support page where the request arrives and a supervision session is booked.

Every page visited is checked (status, no error page, axe) and screenshotted at desktop and phone size as support-*.
Nothing assumes a fresh demo: a check-in already made this month is read rather than made again.
"""
import datetime


def test_a_mentor_checks_in_and_asks_for_help_and_the_coordinator_sees_it(site, check_page, run_id):
    site.sign_in("mentor")
    site.click_and_wait(site.find("header nav").find_element("link text", "My mentoring"))
    check_page("support-mentor")
    assert site.h1() == "My mentoring"
    if "This month:" not in site.text():
        site.find("label[for='feeling-3']").click()
        site.find("label[for='load-2']").click()
        site.fill("note", f"Busy with mocks ({run_id})")
        site.submit("Save my check-in")
        check_page("support-mentor-checked-in")
        assert "Thanks for checking in." in site.text()
        assert "Kept to yourself." in site.text()
    words = f"My mentee keeps cancelling, what do I do? ({run_id})"
    site.fill("help", words)
    site.submit("Ask my coordinator")
    assert "Your coordinator has been told" in site.text()
    site.click_and_wait(site.find("main").find_element("link text", "Your certificate to print"))
    check_page("support-certificate")
    assert site.h1() == "Certificate of peer mentoring"
    site.sign_out()

    site.sign_in("coordinator")
    site.click_and_wait(site.find("header nav").find_element("link text", "Mentor support"))
    check_page("support-coordinator")
    assert words in site.text()
    day = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    site.set_value("day", day)
    site.set_value("time", "12:30")
    topic = f"Keeping going when it is hard ({run_id})"
    site.fill("topic", topic)
    site.submit("Book the session")
    check_page("support-session-booked")
    assert "Saved." in site.text() and topic in site.text()
