"""Two-step sign-in on a phone: the organisation admin resets a lead's lost authenticator, the lead sets it up again by
scanning the QR code the server draws (decoded here from the screenshot, as a phone's camera would), keeps the recovery
codes, and later signs in with one of them."""
import io
import re

import zxingcpp
from PIL import Image

from conftest import PHONE, TOTP_SECRETS, next_totp_code


def test_a_lead_sets_up_two_step_sign_in_again_after_a_reset(site, driver, check_page):
    lead_username, lead_password = site.login("safeguarding-lead", 1)
    driver.set_window_size(*PHONE)

    # The admin resets it from the Staff page.
    site.sign_in("organisation-admin")
    site.open("/staff")
    check_page("staff-two-step")
    assert "Safeguarding leads and organisation admins always use two-step sign-in" in site.text()
    reset = [b for b in site.find_all("main button") if (b.get_attribute("aria-label") or "").startswith("Reset two-step sign-in for Funmi")]
    assert reset, "no reset button for the lead"
    site.click_and_wait(reset[0])
    site.expect_page()
    assert "Two-step sign-in was reset" in site.text()
    site.sign_out()

    # The lead's password now leads to setting it up.
    site.open("/login")
    site.fill("username", lead_username)
    site.fill("password", lead_password)
    site.submit("Sign in")
    assert site.path() == "/login/two-step/set-up", site.path()
    check_page("two-step-set-up")
    shown_key = site.find("code.secret").text.replace(" ", "")
    qr = site.find("div.qr svg")
    # The decoder may report one code twice (found by two of its detectors): what counts is one address.
    decoded = list({code.text: code for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot_as_png)))}.values())
    assert len(decoded) == 1 and decoded[0].format == zxingcpp.BarcodeFormat.QRCode, decoded
    address = decoded[0].text
    assert address.startswith(f"otpauth://totp/Rapport:{lead_username}?"), address
    assert re.search(r"[?&]secret=([A-Z2-7]+)", address).group(1) == shown_key
    assert "issuer=Rapport" in address

    # A wrong code is refused plainly; the app's code turns it on and shows ten recovery codes once.
    site.fill("code", "000000")
    site.submit("Turn on two-step sign-in")
    check_page("two-step-set-up-wrong-code")
    assert "That code didn't match" in site.text()
    TOTP_SECRETS[lead_username] = shown_key
    site.fill("code", next_totp_code(lead_username))
    site.submit("Turn on two-step sign-in")
    check_page("two-step-recovery-codes")
    codes = [element.text for element in site.find_all("ul.recovery-codes code")]
    assert len(codes) == 10 and all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code) for code in codes), codes
    site.click_and_wait(site.find("main a.button"))
    assert site.path() == "/home"
    site.open("/account/two-step")
    check_page("two-step-status")
    assert "You have 10 unused recovery codes" in site.text()
    site.sign_out()

    # A lost phone: a recovery code signs in once.
    site.open("/login")
    site.fill("username", lead_username)
    site.fill("password", lead_password)
    site.submit("Sign in")
    assert site.path().startswith("/login/two-step")
    check_page("two-step-code")
    site.fill("code", codes[0].lower())
    site.submit("Sign in")
    assert site.path() == "/home", site.text()[:300]
    site.sign_out()
