"""Importing a roster through the page, with the file input a person would use."""
import csv
import pathlib
import re
import zipfile


def template_rows(run_id):
    header = ["student_id", "given_name", "family_name", "username", "year_group", "designation", "capacity", "gender", "email"]
    students = [
        [f"BT{run_id}-1", "Priya", f"Shah{run_id}", f"priya.bt{run_id}", "10", "mentor", "2", "girl", ""],
        [f"BT{run_id}-2", "Tomás", f"Nowicki{run_id}", f"tomas.bt{run_id}", "7", "mentee", "", "boy", ""],
        [f"BT{run_id}-3", "Kemi", f"Adebayo{run_id}", f"kemi.bt{run_id}", "8", "mentee", "", "prefer-not-to-say", ""],
        [f"BT{run_id}-4", "Alex", f"Lindqvist{run_id}", f"alex.bt{run_id}", "12", "mentor", "1", "non-binary", ""],
    ]
    return header, students


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def upload(site, path):
    site.open("/roster/import")
    site.expect_page()
    site.find("input[type=file][name=roster]").send_keys(str(pathlib.Path(path).resolve()))
    return site.submit("Import")


def test_roster_import_page_adds_then_changes_nothing(site, check_page, run_id, tmp_path):
    site.sign_in("coordinator")
    site.click_and_wait(site.find("nav").find_element("link text", "Import roster"))
    check_page("roster-import")
    assert site.h1() == "Import a roster"
    assert site.find("label[for=roster]").text == "Roster file (zip or CSV)"

    header, students = template_rows(run_id)
    path = write_csv(tmp_path / "roster.csv", header, students)
    upload(site, path)
    check_page("roster-imported")
    notice = site.find("main .notice").text
    assert "Roster imported" in notice
    assert "4 added" in notice and "0 updated" in notice, notice

    site.open(f"/students?q=bt{run_id}")
    listed = {tr.find_elements("css selector", "td")[4].text for tr in site.find_all("main table tbody tr")}
    assert listed == {row[3] for row in students}

    upload(site, path)
    site.expect_page()
    notice = site.find("main .notice").text
    assert "Roster imported" in notice
    assert "0 added" in notice and "0 updated" in notice and "4 unchanged" in notice, notice
    check_page("roster-reimported")

    # A changed row updates that student by id.
    students[1][4] = "8"
    upload(site, write_csv(tmp_path / "roster-changed.csv", header, students))
    notice = site.find("main .notice").text
    assert "0 added" in notice and "1 updated" in notice, notice


def test_roster_with_bad_rows_imports_nothing_and_lists_each(site, check_page, run_id, tmp_path):
    site.sign_in("coordinator")
    header, students = template_rows("x" + run_id)
    bad = [
        students[0],                                                   # line 2: fine
        [f"BX{run_id}-2", "", "Nobody", f"noname.bx{run_id}", "9", "mentee", "", "", ""],     # line 3: no first name
        [f"BX{run_id}-3", "Ola", "Year", f"ola.bx{run_id}", "42", "mentee", "", "", ""],       # line 4: bad year group
        [f"BX{run_id}-4", "Ben", "Role", f"ben.bx{run_id}", "9", "teacher", "", "", ""],      # line 5: not mentor/mentee
        [f"BX{run_id}-5", "Dup", "Name", students[0][3], "9", "mentee", "", "", ""],         # line 6: duplicate username
    ]
    upload(site, write_csv(tmp_path / "bad-roster.csv", header, bad))
    site.expect_page(422)
    check_page("roster-bad-rows", expected_status=422)
    problems = site.find("#problems")
    assert "Nothing was imported" in problems.text
    items = [li.text for li in problems.find_elements("css selector", "li")]
    assert len(items) == 4, items
    for line, words in ((3, "first name"), (4, "year group 42"), (5, "designation teacher"), (6, "also on line 2")):
        assert any(item.startswith(f"Line {line}:") and words in item for item in items), f"line {line} ({words}) not listed: {items}"
    assert "Roster imported" not in site.text()

    site.open(f"/students?q=bx{run_id}")
    assert "0 students." in site.text(), "a refused roster added students"
    site.open(f"/students?q={students[0][3]}")
    assert "0 students." in site.text(), "a refused roster added its good row"


def test_a_oneroster_12_bundle_imports_through_the_page(site, check_page, run_id, tmp_path):
    site.sign_in("coordinator")
    site.open("/roster/import")
    school = re.search(r"this school's sourcedId, ([^)]+)\)", site.text()).group(1)
    users = ("sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,"
             "phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,"
             "preferredFamilyName,primaryOrgSourcedId,pronouns\r\n"
             f"OR{run_id}-1,,,true,noor.or{run_id},,Noor,\"Al-Sayed, Jr\",,,,,,,08,,,,,,,{school},\r\n"
             f"OR{run_id}-2,,,true,t.or{run_id},,Tom,Teacher,,,,,,,,,,,,,,{school},\r\n")
    roles = ("sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\r\n"
             f"R{run_id}-1,,,OR{run_id}-1,primary,student,,,{school},\r\nR{run_id}-2,,,OR{run_id}-2,primary,teacher,,,{school},\r\n")
    path = tmp_path / "oneroster.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.csv", "propertyName,value\r\noneroster.version,1.2\r\nfile.orgs,bulk\r\nfile.users,bulk\r\nfile.roles,bulk\r\n")
        bundle.writestr("orgs.csv", f"sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n{school},,,School,school,,\r\n")
        bundle.writestr("users.csv", "\ufeff" + users)
        bundle.writestr("roles.csv", roles)
    upload(site, path)
    check_page("roster-bundle-imported")
    notice = site.find("main .notice").text
    assert "1 added" in notice and "1 row skipped" in notice, notice
    site.open(f"/students?q=or{run_id}")
    assert [tr.find_elements("css selector", "td")[4].text for tr in site.find_all("main table tbody tr")] == [f"noor.or{run_id}"]
