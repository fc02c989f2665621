"""Issue 5, the matching workflow, in a real browser: a mentor finishing a training module and writing a story, a mentee
ranking mentors, a coordinator running a round (pin, forbid, swap, re-run, approve), and both students of the approved
pair signing their agreement until the match is active with its common-ground cards.

Every page visited is checked (status, no error page, axe) and screenshotted at desktop and phone size as workflow-*.
Names made here carry the run's id, and nothing assumes a fresh demo, so the file can run twice on the same demo.
"""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import REPO

TRAINING_FILES = REPO / "Sources/RapportApp/Resources/training"
PROGRAMME = "Peer mentoring 2026–27"
COMMON_GROUND_TITLES = {"You both like", "You both can't stand", "You're both free", "A story that might help"}
# What test_coordinator_runs_a_round approved, for test_both_students_sign_and_the_match_becomes_active.
APPROVED = {}
# The first names the demo mentee gave his 1st and 2nd choice, for the round's reasons.
RANKED = {}


# Helpers

def right_answers():
    """{module id: {question id: {option id: is right}}} read from the training course's files the app is built from."""
    modules = {}
    for path in sorted(TRAINING_FILES.glob("*.md")):
        text = path.read_text(encoding="utf8")
        module = modules.setdefault(re.search(r"^id: ([\w-]+)$", text, re.M).group(1), {})
        questions = text.split("\n# Questions\n", 1)[1]
        question = None
        for line in questions.splitlines():
            if line.startswith("## "):
                question = module.setdefault(line[3:].strip(), {})
            elif match := re.match(r"- (\w+)( \(right\))?: ", line):
                question[match[1]] = match[2] is not None
    assert modules and all(q and all(any(o.values()) for o in q.values()) for q in modules.values()), \
        "could not read the training questions and their right answers"
    return modules


def nav(site, label):
    """Follows a link of the main navigation."""
    site.click_and_wait(site.find("header nav").find_element(By.LINK_TEXT, label))


def notice(site):
    found = site.find_all("main .notice")
    return " ".join(n.text for n in found)


def choose_radio(site, question, option):
    site.find(f"label[for='{question}-{option}']").click()
    assert site.find(f"#{question}-{option}").is_selected()


def tick(site, css):
    box = site.find(css)
    if not box.is_selected():
        site.find(f"label[for='{box.get_attribute('id')}']").click()
    assert box.is_selected()


def proposed_rows(site):
    """The round's proposed pairs: [{mentee, mentor, score, reasons, pinned, row}] as shown."""
    pairs = []
    for row in site.find_all("main table tbody tr"):
        cells = {td.get_attribute("data-label"): td for td in row.find_elements(By.CSS_SELECTOR, "td")}
        mentee = re.fullmatch(r"(.+) \(Y\d+\)", cells["Mentee"].text.strip())
        mentor = re.match(r"(.+) \(Y\d+\)", cells["Mentor"].text.strip())
        assert mentee and mentor, f"a proposed pair without names and years: {row.text}"
        pairs.append({
            "mentee": mentee.group(1), "mentor": mentor.group(1), "score": cells["Score"].text.strip(),
            "reasons": [li.text for li in cells["Why"].find_elements(By.CSS_SELECTOR, "li")],
            "pinned": "pinned" in cells["Mentor"].text, "row": row,
        })
    return pairs


def section_after(site, heading):
    """The text between an h2/h3 with this text and the next heading."""
    main = site.find("main").text
    start = main.index("\n" + heading + "\n") + len(heading) + 2
    following = [main.find(h, start) for h in ("\nPin or forbid a pair", "\nPins and forbids", "\nApproved in this programme",
                                                 "\nDecisions", "\nSwap two mentors", "\nLeft unmatched")]
    end = min([f for f in following if f != -1], default=len(main))
    return main[start:end]


def start_round(site, check_page, shot):
    nav(site, "Matching")
    check_page(f"workflow-{shot}-matching")
    assert site.h1() == "Matching"
    programme = Select(site.find("select[name=programme]"))
    options = [o.text for o in programme.options]
    assert any(text.startswith(PROGRAMME) for text in options), f"no demo programme to choose: {options}"
    programme.select_by_visible_text(next(text for text in options if text.startswith(PROGRAMME)))
    site.submit("Start a matching round")
    assert re.fullmatch(r"/rounds/[0-9a-f-]{36}", site.path()), f"starting a round went to {site.path()}"
    check_page(f"workflow-{shot}-round")
    assert site.h1() == f"Matching round: {PROGRAMME}"
    return site.path()


def approve(site, pair):
    label = f"Approve {pair['mentee']} with {pair['mentor']}"
    buttons = site.find_all(f"main button[aria-label='{label}']")
    assert len(buttons) == 1, f"no single button {label!r}"
    site.click_and_wait(buttons[0])


def approvable(pairs):
    """A proposed pair whose students can be given login codes: no demo login (their demo passwords must keep working)."""
    demo = {"Tyler Brooks", "Jade Mensah", "Sam Carter", "Leah Price"}
    return [p for p in pairs if p["mentee"] not in demo and p["mentor"] not in demo]


def issue_login_code(site, check_page, full_name, shot):
    """As the coordinator: finds the student, gives a new login code; returns (username, code) read from the card."""
    site.open("/students?q=" + full_name.split()[-1])
    site.expect_page()
    links = [a for a in site.find_all("main table tbody a") if a.text.strip() == full_name]
    assert len(links) == 1, f"{full_name} is not listed once when searching the students"
    site.click_and_wait(links[0])
    check_page(f"workflow-{shot}-student")
    assert site.h1() == full_name
    site.submit("Give a new login code")
    check_page(f"workflow-{shot}-login-card")
    cards = site.find_all(".login-card")
    assert len(cards) == 1 and full_name in cards[0].text, "the login card is not this student's"
    username = re.search(r"Username: (\S+)", cards[0].text)
    code = cards[0].find_element(By.CSS_SELECTOR, ".code").text.strip()
    assert username and re.fullmatch(r"[A-Z0-9]{3,}(-[A-Z0-9]{3,})+", code), f"no username or code on the card: {cards[0].text}"
    return username.group(1), code


def sign_in_with_code(site, check_page, username, code, password, shot):
    site.open("/login/code")
    check_page(f"workflow-{shot}-code")
    site.fill("username", username)
    site.fill("code", code.lower())
    site.submit("Continue")
    assert site.path() == "/account/choose-password", f"signing in with a code went to {site.path()}: {site.text()[:300]}"
    check_page(f"workflow-{shot}-choose-password")
    site.fill("new_password", password)
    site.fill("confirm_password", password)
    site.submit("Save my password")
    assert site.path().startswith("/home"), f"choosing a password went to {site.path()}: {site.text()[:300]}"
    check_page(f"workflow-{shot}-home")


def open_notification(site, check_page, text, shot):
    """Opens the notifications from the bell and follows the newest one that says `text`."""
    bell = site.find("header nav a.bell")
    assert re.fullmatch(r"Notifications \(\d+ new\)", bell.text), f"the bell shows no new notification: {bell.text!r}"
    site.click_and_wait(bell)
    check_page(f"workflow-{shot}-notifications")
    assert site.h1() == "Notifications"
    buttons = [b for b in site.find_all("main ul.notifications button") if text in b.text]
    assert buttons, f"no notification saying {text!r}: {site.find('main').text[:600]}"
    site.click_and_wait(buttons[0])
    assert re.fullmatch(r"/my-matches/[0-9a-f-]{36}", site.path()), f"the notification led to {site.path()}"


def sign_agreement(site, typed_name):
    tick(site, "#agree")
    site.fill("typed_name", typed_name)
    site.submit("Sign the agreement")


def check_agreement(site, mentor_given, mentee_given):
    agreement = site.find("main .agreement").text
    assert f"{mentor_given} (mentor) and {mentee_given} (mentee)" in agreement
    assert f"{PROGRAMME}" in agreement
    assert "the mentor must tell the safeguarding lead" in agreement, "the agreement does not say the mentor must tell the safeguarding lead"
    assert re.search(r"tell the safeguarding lead \([A-Z][a-z]+ Hughes\)", agreement), "the agreement does not name the school's safeguarding lead"
    assert "Rapport never promises to keep a secret" in agreement
    assert re.search(r"Wording \S+ v\d+\.", agreement), "the agreement does not say which wording it is"


# 1. Mentor training and stories

def test_mentor_finishes_a_training_module_and_writes_a_story(site, check_page, run_id):
    answers = right_answers()
    site.sign_in("mentor")
    check_page("workflow-mentor-home")
    nav(site, "Training")
    check_page("workflow-training")
    assert site.h1() == "Mentor training"
    lead = site.find("main p.lead").text
    done_before = re.search(r"Done (\d+) of (\d+)\.", lead)
    assert done_before, f"the demo mentor should still have training to do: {lead!r}"
    total = int(done_before.group(2))
    assert total == len(answers), f"the page lists {total} modules, the content has {len(answers)}"
    cards = site.find_all("main ol.modules > li")
    assert len(cards) == total
    first = cards[0].find_element(By.CSS_SELECTOR, "h2 a")
    title = first.text
    first_done_before = "Done" in cards[0].find_element(By.CSS_SELECTOR, ".hint strong").text.split()
    module_id = first.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    assert module_id in answers, f"the first module {module_id!r} is not in the training content"
    questions = answers[module_id]

    site.click_and_wait(first)
    check_page("workflow-training-module")
    assert site.h1() == title
    assert site.find_all("main h2")[0].text, "the module has no reading"
    shown = {fieldset.find_element(By.CSS_SELECTOR, "input[type=radio]").get_attribute("name")
             for fieldset in site.find_all("main form fieldset")}
    assert shown == set(questions), f"the module shows questions {shown}, the content has {set(questions)}"

    # One wrong answer: feedback on it, the module is not done.
    wrong_question = sorted(questions)[0]
    right = {q: next(o for o, ok in options.items() if ok) for q, options in questions.items()}
    wrong = next(o for o, ok in questions[wrong_question].items() if not ok)
    for question, option in right.items():
        choose_radio(site, question, wrong if question == wrong_question else option)
    site.submit("Check my answers")
    check_page("workflow-training-wrong-answer")
    assert "All right: module done." not in site.text()
    assert "Some answers need another think" in site.find("main .notice.error").text
    fieldsets = {fs.find_element(By.CSS_SELECTOR, "input[type=radio]").get_attribute("name"): fs for fs in site.find_all("main form fieldset")}
    wrong_feedback = fieldsets[wrong_question].find_element(By.CSS_SELECTOR, ".feedback")
    assert wrong_feedback.text.startswith("Not quite."), f"a wrong answer got {wrong_feedback.text!r}"
    assert "wrong" in wrong_feedback.get_attribute("class").split(), "the wrong answer's feedback is not marked as wrong"
    assert site.find(f"#{wrong_question}-{wrong}").is_selected(), "the wrong answer was not kept ticked"
    for question in right:
        if question != wrong_question:
            feedback = fieldsets[question].find_element(By.CSS_SELECTOR, ".feedback")
            assert "right" in feedback.get_attribute("class").split() and not feedback.text.startswith("Not quite"), feedback.text
            assert not re.match(r"(Right|Yes)\. (Right|Yes)\.", feedback.text), f"feedback repeats itself: {feedback.text!r}"

    # All right: the module is done.
    choose_radio(site, wrong_question, right[wrong_question])
    site.submit("Check my answers")
    check_page("workflow-training-module-done")
    assert "All right: module done." in site.find("main .notice").text
    assert "Not quite" not in site.find("main").text
    assert all("right" in fb.get_attribute("class").split() for fb in site.find_all("main .feedback")), "not every answer is marked right"
    assert len(site.find_all("main .notice a")) == 1, "no link to the next module"

    # The module list shows it done, and the count went up when it was new.
    nav(site, "Training")
    check_page("workflow-training-after")
    cards = site.find_all("main ol.modules > li")
    assert cards[0].find_element(By.CSS_SELECTOR, ".hint strong").text == "Done", "the finished module is not shown as done"
    lead = site.find("main p.lead").text
    done_after = re.search(r"Done (\d+) of", lead)
    expected = int(done_before.group(1)) + (0 if first_done_before else 1)
    assert done_after and int(done_after.group(1)) == expected, f"after finishing a module the page says {lead!r}"

    # A story: without a topic the form says so and keeps what was typed; with one it is listed.
    nav(site, "My stories")
    check_page("workflow-stories")
    assert site.h1() == "My stories"
    story_title = f"Finding my feet at a new school {run_id}"
    story_body = f"I moved here in Year 8 and knew nobody. Joining the lunchtime chess club helped most. ({run_id})"
    site.fill("title", story_title)
    site.fill("body", story_body)
    site.submit("Save story")
    check_page("workflow-story-error")
    assert "Choose at least one topic." in site.find("main form fieldset.invalid .error").text
    assert site.find("#title").get_attribute("value") == story_title
    assert site.find("#body").get_attribute("value") == story_body
    box = site.find("input[name='tags[]']")
    topic = site.find(f"label[for='{box.get_attribute('id')}']").text
    tick(site, f"#{box.get_attribute('id')}")
    site.submit("Save story")
    assert site.path() == "/stories?notice=saved", f"saving the story went to {site.path()}: {site.text()[:300]}"
    check_page("workflow-story-saved")
    assert "Story saved." in notice(site)
    cards = [card for card in site.find_all("main .card") if card.find_elements(By.CSS_SELECTOR, "h2")
             and card.find_element(By.CSS_SELECTOR, "h2").text == story_title]
    assert len(cards) == 1, "the new story is not listed once"
    assert story_body in cards[0].text
    assert [li.text for li in cards[0].find_elements(By.CSS_SELECTOR, "ul.tags li")] == [topic]


# 2. The mentee's voice

def test_mentee_ranks_mentors_on_the_shortlist(site, check_page):
    site.sign_in("mentee")
    check_page("workflow-mentee-home")
    nav(site, "Choose a mentor")
    assert site.path() == "/shortlist"
    check_page("workflow-shortlist")
    assert site.h1() == "Choose a mentor"
    cards = site.find_all("main .mentor-card")
    assert len(cards) >= 3, f"the demo mentee should see a few mentors to choose from, saw {len(cards)}"
    names = [card.find_element(By.CSS_SELECTOR, "h2").text.strip() for card in cards]
    for card, name in zip(cards, names):
        assert re.fullmatch(r"[^\s]+", name), f"a mentor card shows more than a first name: {name!r}"
        assert re.search(r"Year \d+", card.text), f"the card for {name} has no year"
    assert "Jade" not in names, "Jade has not finished training and should not be on a shortlist"
    selects = [card.find_element(By.CSS_SELECTOR, "select") for card in cards]
    fields = [select.get_attribute("name") for select in selects]
    assert all(re.fullmatch(r"rank-[0-9a-f-]{36}", f) for f in fields)

    # The same place twice: the page says so next to the field and keeps the choices.
    for select, value in zip(selects, ["1st choice", "1st choice"] + ["Not chosen"] * (len(selects) - 2)):
        Select(select).select_by_visible_text(value)
    site.submit("Save my choices")
    check_page("workflow-shortlist-same-place", expected_status=422)
    errors = [site.find(f"#{field}-error").text for field in fields[:2] if site.find_all(f"#{field}-error")]
    assert errors, "no error next to either of the two fields given 1st place"
    assert all("two mentors your 1st choice" in error for error in errors), errors
    assert "two mentors your 1st choice" in site.find("main .error-summary").text
    kept = [Select(site.find(f"select[name='{f}']")).first_selected_option.text for f in fields[:2]]
    assert kept == ["1st choice", "1st choice"], f"the choices were not kept: {kept}"
    assert "Thanks!" not in site.text()

    # A first and a second choice are saved and shown again.
    chosen = ["1st choice", "2nd choice"] + ["Not chosen"] * (len(fields) - 2)
    for field, value in zip(fields, chosen):
        Select(site.find(f"select[name='{field}']")).select_by_visible_text(value)
    site.submit("Save my choices")
    assert site.path() == "/shortlist?notice=saved", f"saving went to {site.path()}: {site.text()[:300]}"
    check_page("workflow-shortlist-saved")
    assert "Thanks! Your choices are saved" in notice(site)
    shown = [Select(site.find(f"select[name='{f}']")).first_selected_option.text for f in fields]
    assert shown == chosen, f"after saving the page shows {shown}, expected {chosen}"
    RANKED.update({1: names[0], 2: names[1]})


# 3. The coordinator's round

def test_coordinator_runs_a_round_pins_forbids_swaps_and_approves(site, check_page):
    site.sign_in("coordinator")
    # Mentees who already have a match in the programme (from an earlier run) must not be proposed again.
    nav(site, "Matches")
    check_page("workflow-matches")
    taken = {row["Mentee"] for row in match_rows(site)
             if row["Programme"] == PROGRAMME and row["State"] in ("Waiting for the agreement", "Active", "Paused")}
    round_path = start_round(site, check_page, "round")
    summary = site.find("main > p").text
    counts = re.search(r"(\d+) proposed, (\d+) approved and waiting for the agreement, (\d+) left unmatched\. "
                       r"(\d+) trained mentors, (\d+) still training\.", summary)
    assert counts, f"the round has no summary line: {summary!r}"
    assert int(counts.group(4)) >= 9 and int(counts.group(5)) >= 1, f"the demo has 9 trained mentors and Jade training: {summary!r}"

    pairs = proposed_rows(site)
    assert len(pairs) == int(counts.group(1)) >= 4, f"expected at least 4 proposed pairs, the page shows {len(pairs)}"
    for pair in pairs:
        assert re.fullmatch(r"-?\d+", pair["score"]), f"{pair['mentee']}: the score is {pair['score']!r}"
        assert pair["reasons"] and all(re.search(r"[+-]\d+$", r) for r in pair["reasons"]), \
            f"{pair['mentee']} with {pair['mentor']}: reasons without points {pair['reasons']}"
        assert any("+" in r for r in pair["reasons"])
        assert pair["mentor"] != "Jade Mensah", "Jade has not finished training but is proposed"
        assert pair["mentee"] not in taken, f"{pair['mentee']} already has a match in the programme but is proposed again"
    # The demo mentee's ranking counts (test_mentee_ranks_mentors_on_the_shortlist saved a 1st and 2nd choice).
    tyler = next((p for p in pairs if p["mentee"] == "Tyler Brooks"), None)
    if RANKED and tyler:
        place = next((rank for rank, name in RANKED.items() if tyler["mentor"].split()[0] == name), None)
        ranked = [r for r in tyler["reasons"] if "ranked" in r]
        if place:
            assert ranked and re.fullmatch(rf"the mentee ranked this mentor {'1st' if place == 1 else '2nd'} choice \+\d+", ranked[0]), \
                f"Tyler ranked {tyler['mentor']} {place}, the reasons are {tyler['reasons']}"
        else:
            assert not ranked, f"Tyler did not rank {tyler['mentor']}, the reasons are {tyler['reasons']}"
    assert "Left unmatched" in [h.text for h in site.find_all("main h2")]
    unmatched = section_after(site, "Left unmatched").strip()
    if int(counts.group(3)):
        lines = [line for line in unmatched.splitlines() if line.strip()]
        assert len(lines) == int(counts.group(3)), f"the page counts {counts.group(3)} unmatched and lists {lines}"
        assert all(re.fullmatch(r".+: (no allowed mentor at all: .+|all allowed mentors are full \(\d+ allowed\))", l) for l in lines), lines
    else:
        assert unmatched == "Everyone has a proposed mentor."

    # Pin a proposed pair through the "Pin or forbid a pair" form.
    pin = pairs[0]
    Select(site.find("select[name=mentee]")).select_by_visible_text(pin["mentee"])
    Select(site.find("select[name=mentor]")).select_by_visible_text(pin["mentor"])
    site.submit("Pin this pair")
    assert site.path() == round_path + "/pin"
    check_page("workflow-round-pinned")
    assert f"Pinned {pin['mentee']} with {pin['mentor']}." in notice(site)
    assert f"Pinned: {pin['mentee']} with {pin['mentor']}" in site.find("main").text
    pinned = {p["mentee"]: p for p in proposed_rows(site)}
    assert pinned[pin["mentee"]]["mentor"] == pin["mentor"] and pinned[pin["mentee"]]["pinned"]

    # Forbid another proposed pair: it goes from the proposals.
    forbid = next(p for p in proposed_rows(site) if p["mentee"] != pin["mentee"])
    Select(site.find("select[name=mentee]")).select_by_visible_text(forbid["mentee"])
    Select(site.find("select[name=mentor]")).select_by_visible_text(forbid["mentor"])
    site.submit("Forbid this pair")
    check_page("workflow-round-forbidden")
    assert f"Forbade {forbid['mentee']} with {forbid['mentor']}." in notice(site)
    assert f"Forbidden: {forbid['mentee']} with {forbid['mentor']}" in site.find("main").text
    after = proposed_rows(site)
    assert not any(p["mentee"] == forbid["mentee"] and p["mentor"] == forbid["mentor"] for p in after), "the forbidden pair is still proposed"
    assert any(p["mentee"] == pin["mentee"] and p["mentor"] == pin["mentor"] for p in after), "the pin did not hold"

    # Swap the mentors of two other pairs; a swap the rules don't allow is refused with a reason, so try a few.
    others = [p for p in after if p["mentee"] != pin["mentee"] and p["mentor"] != pin["mentor"]]
    swapped = None
    for first, second in [(a, b) for i, a in enumerate(others) for b in others[i + 1:] if a["mentor"] != b["mentor"]][:6]:
        Select(site.find("select[name=first]")).select_by_visible_text(f"{first['mentee']} (with {first['mentor'].split()[0]})")
        Select(site.find("select[name=second]")).select_by_visible_text(f"{second['mentee']} (with {second['mentor'].split()[0]})")
        status = site.submit("Swap and re-run")
        if status == 409:
            check_page("workflow-round-swap-refused", expected_status=409)
            assert "can't run with these pins" in notice(site), f"a refused swap does not say why: {notice(site)!r}"
            continue
        check_page("workflow-round-swapped")
        swapped = (first, second)
        break
    assert swapped, "no swap between the proposed pairs was allowed"
    first, second = swapped
    assert (f"Swapped: {first['mentee'].split()[0]} now with {second['mentor'].split()[0]}, "
            f"{second['mentee'].split()[0]} with {first['mentor'].split()[0]}.") in notice(site)
    now = {p["mentee"]: p for p in proposed_rows(site)}
    assert now[first["mentee"]]["mentor"] == second["mentor"] and now[second["mentee"]]["mentor"] == first["mentor"]

    # Re-run: pins, forbids and swaps hold.
    site.submit("Re-run")
    check_page("workflow-round-rerun")
    assert "Re-run with the latest profiles." in notice(site)
    now = {p["mentee"]: p for p in proposed_rows(site)}
    assert now[pin["mentee"]]["mentor"] == pin["mentor"]
    assert now[first["mentee"]]["mentor"] == second["mentor"] and now[second["mentee"]]["mentor"] == first["mentor"]
    assert now.get(forbid["mentee"], {}).get("mentor") != forbid["mentor"]

    # Approve one pair.
    chosen = approvable([now[pin["mentee"]]]) or approvable(list(now.values()))
    assert chosen, "no proposed pair to approve"
    pair = chosen[0]
    approve(site, pair)
    check_page("workflow-round-approved")
    assert f"Approved {pair['mentee']} with {pair['mentor']}. They have been asked to sign their agreement." in notice(site)
    assert not any(p["mentee"] == pair["mentee"] for p in proposed_rows(site)), "the approved pair is still listed as proposed"
    approved = section_after(site, "Approved in this programme")
    assert f"{pair['mentee']} and {pair['mentor']} · waiting for the agreement" in approved
    decisions = section_after(site, "Decisions")
    assert re.search(rf"Okoye:? [Aa]pproved:? {pair['mentee']} with {pair['mentor']}", decisions), \
        f"the decisions do not record who approved {pair['mentee']} with {pair['mentor']}: {decisions}"
    for done in (f"Pinned {pin['mentee']} with {pin['mentor']}", f"Forbade {forbid['mentee']} with {forbid['mentor']}",
                 "Swapped: ", "Re-run with the latest profiles.", "started the round"):
        assert re.search(rf"\d\d?:\d\d(\s?[AP]M)? Grace Okoye:? .*{re.escape(done)}", decisions), \
            f"the decisions do not record who did {done!r} and when: {decisions}"
    APPROVED.update(mentee=pair["mentee"], mentor=pair["mentor"])


# 4. Both students sign

def test_both_students_sign_and_the_match_becomes_active(site, check_page, run_id):
    site.sign_in("coordinator")
    if not APPROVED:  # run on its own: approve a pair first
        start_round(site, check_page, "sign")
        pair = approvable(proposed_rows(site))[0]
        approve(site, pair)
        site.expect_page()
        assert "They have been asked to sign their agreement." in notice(site)
        APPROVED.update(mentee=pair["mentee"], mentor=pair["mentor"])
    mentee, mentor = APPROVED["mentee"], APPROVED["mentor"]
    mentee_login = issue_login_code(site, check_page, mentee, "sign-mentee")
    mentor_login = issue_login_code(site, check_page, mentor, "sign-mentor")
    site.sign_out()
    password = f"Lantern-quiz-{run_id}-harbour"

    # The mentee signs first, after getting their own name wrong once.
    sign_in_with_code(site, check_page, *mentee_login, password, "sign-mentee")
    open_notification(site, check_page, "You have a new match: read and sign your agreement.", "sign-mentee")
    check_page("workflow-agreement-mentee")
    assert site.h1() == f"You and {mentor.split()[0]}, your mentor"
    assert "Your match is waiting for the agreement." in site.text()
    check_agreement(site, mentor.split()[0], mentee.split()[0])
    assert "Common ground" not in [h.text for h in site.find_all("main h2")], "common ground shows before both have signed"
    match_path = site.path()
    sign_agreement(site, "Somebody Else")
    check_page("workflow-agreement-wrong-name", expected_status=422)
    assert site.find("#typed_name-error").text == f"Type your full name as Rapport knows it: {mentee}."
    assert site.find("#typed_name").get_attribute("aria-invalid") == "true"
    assert site.find("#agree").is_selected(), "the tick was lost"
    assert site.find("#typed_name").get_attribute("value") == "Somebody Else"
    sign_agreement(site, mentee.upper())  # capitals don't matter
    assert site.path() == match_path + "?notice=signed", f"signing went to {site.path()}: {site.text()[:300]}"
    check_page("workflow-agreement-mentee-signed")
    assert f"When {mentor.split()[0]} signs too, your match starts." in notice(site)
    assert f"You have signed. {mentor.split()[0]} hasn't signed yet." in site.text()
    assert not site.find_all("main form[action$='/sign']"), "the signing form is still shown after signing"
    site.sign_out()

    # The mentor: told the mentee signed; forgetting the tick is refused next to the box; then signs.
    sign_in_with_code(site, check_page, *mentor_login, password, "sign-mentor")
    open_notification(site, check_page, f"{mentee.split()[0]} has signed your agreement. Your turn.", "sign-mentor")
    assert site.path() == match_path
    check_page("workflow-agreement-mentor")
    assert site.h1() == f"You and {mentee.split()[0]}"
    check_agreement(site, mentor.split()[0], mentee.split()[0])
    assert f"You haven't signed yet. {mentee.split()[0]} has signed." in site.text()
    site.fill("typed_name", mentor)
    site.submit("Sign the agreement")
    check_page("workflow-agreement-no-tick", expected_status=422)
    form_errors = [e.text for e in site.find_all("main form[action$='/sign'] .error")]
    assert form_errors == ["Tick the box to say you agree."], f"the signing form shows {form_errors}, not the tick box's error"
    assert "Tick the box to say you agree." in site.find("main .error-summary").text
    sign_agreement(site, mentor)
    assert site.path() == match_path + "?notice=signed"
    check_page("workflow-match-active-mentor")
    assert "You've both signed: your match is active." in notice(site)
    assert "Your match is active." in site.text()
    check_common_ground(site)
    site.sign_out()

    # The mentee sees the match active with the same cards.
    site.sign_in_as(mentee_login[0], password)
    assert site.path().startswith("/home")
    open_notification(site, check_page, "You've both signed: your match is active.", "active-mentee")
    check_page("workflow-match-active-mentee")
    assert "Your match is active." in site.text()
    check_common_ground(site)
    nav(site, "My mentor")
    if site.path() == "/my-matches":  # a mentee whose earlier match ended sees both, the new one linked
        site.click_and_wait(site.find(f"main a[href='{match_path}']"))
    assert site.path() == match_path, "My mentor should lead to the match"
    site.sign_out()

    # The coordinator's Matches page lists it as active.
    site.sign_in("coordinator")
    nav(site, "Matches")
    Select(site.find("select[name=state]")).select_by_visible_text("Active")
    site.submit("Show")
    check_page("workflow-matches-active")
    rows = match_rows(site)
    assert {"Mentee": mentee, "Mentor": mentor, "State": "Active"}.items() <= next(
        (r for r in rows if r["Mentee"] == mentee), {}).items(), f"the match is not listed as active: {rows}"
    site.click_and_wait(site.find("main table tbody").find_element(By.LINK_TEXT, mentee))
    check_page("workflow-match-detail")
    assert site.h1() == f"{mentee} and {mentor}"
    text = site.find("main").text
    assert text.splitlines()[1].startswith("Active ·")
    assert re.search(rf"Signed by: ({mentee.split()[0]} and {mentor.split()[0]}|{mentor.split()[0]} and {mentee.split()[0]})\.", text)
    assert "Waiting for the agreement → Active by Rapport" in text and "Proposed → Waiting for the agreement by" in text


def match_rows(site):
    """The coordinator's Matches table as [{Mentee, Mentor, State, Programme, Score}]."""
    return [{td.get_attribute("data-label"): td.text.strip() for td in tr.find_elements(By.CSS_SELECTOR, "td")}
            for tr in site.find_all("main table tbody tr")]


def check_common_ground(site):
    headings = [h.text for h in site.find_all("main h2")]
    assert "Common ground" in headings, f"no common ground on the active match: {headings}"
    cards = site.find_all("main section .cards .card")
    assert cards, "the active match shows no common-ground cards"
    for card in cards:
        assert card.find_element(By.CSS_SELECTOR, "h3").text in COMMON_GROUND_TITLES
        assert card.find_elements(By.CSS_SELECTOR, "ul.tags li"), "a common-ground card with nothing on it"
