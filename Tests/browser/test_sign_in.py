"""Signing in and out, and what each role sees first."""
import pytest

# A sentence from each role's home page (HomeController) that only that role sees.
HOME_TEXT = {
    "coordinator": "Profiles started",
    "safeguarding-lead": "You are the safeguarding lead for",
    "organisation-admin": "Your schools at a glance",
    "mentor": "You're a mentor",
    "mentee": "You're a mentee",
}


def test_sign_in_page(site, check_page):
    site.open("/login")
    check_page("sign-in")
    assert site.h1() == "Sign in"
    assert site.find("label[for=username]").text == "Username or email"
    assert site.find("label[for=password]").text == "Password"
    assert site.find("input[name=_csrf]").get_attribute("value")
    site.open("/login/code")
    check_page("sign-in-with-code")
    assert site.h1() == "Sign in with a code"


def test_wrong_password_says_so_and_keeps_the_username(site, check_page):
    username, password = site.login("coordinator")
    site.sign_in_as(username, password + "-wrong")
    check_page("sign-in-wrong-password")
    assert site.path().startswith("/login")
    assert "That username and password don't match" in site.text()
    assert site.find("input[name=username]").get_attribute("value") == username
    assert site.find("input[name=password]").get_attribute("value") == ""


def test_unknown_user_gets_the_same_message(site):
    site.sign_in_as("nobody.at.all", "whatever-password")
    site.expect_page()
    assert "That username and password don't match" in site.text()
    assert site.find("input[name=username]").get_attribute("value") == "nobody.at.all"


@pytest.mark.parametrize("role", list(HOME_TEXT))
def test_each_role_signs_in_sees_its_home_and_signs_out(site, check_page, role):
    username, _ = site.sign_in(role)
    check_page(f"home-{role}")
    assert site.h1(), "the home page has no heading"
    assert HOME_TEXT[role] in site.text()
    for other, text in HOME_TEXT.items():
        if other != role:
            assert text not in site.text(), f"{role}'s home shows {other}'s text {text!r}"
    assert "What comes next" in site.text()
    header = site.find("header").text
    assert "Sign out" in header
    site.sign_out()
    assert site.h1() == "Sign in"
