"""Accessibility with a current axe (axe-core 4.12 where scripts/test-all installs it): every page each role reaches
by following links from its home, one page an address pattern, has no serious or critical violation.

Links are followed within the site, never to sign out, downloads (CSV, calendar files) or the JSON API. Forms are
not sent: the pages behind them are covered by the other browser tests, each of which runs axe too.
"""
import re
import urllib.parse

import pytest

from conftest import describe_violations, run_axe, serious_violations

ROLES = ["coordinator", "safeguarding-lead", "organisation-admin", "mentor", "mentee"]
SKIP = re.compile(r"^/(logout|api/|calendar/feed/)|\.(ics|csv|pdf)$|/meeting\.ics$")
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MAX_PAGES = 80


def pattern(path):
    """The address with its record ids and query left out, so one page of each kind is checked."""
    return ID.sub(":id", path.split("?")[0].split("#")[0])


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_has_no_serious_axe_violation(site, role):
    site.sign_in(role)
    base = site.base_url
    queue, seen, problems = ["/home"], set(), []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if pattern(path) in seen:
            continue
        seen.add(pattern(path))
        site.open(path)
        if site.status() != 200:
            continue
        results = run_axe(site.driver)
        serious = serious_violations(results)
        if serious:
            problems.append(f"{path} (axe {results['axeVersion']}):\n{describe_violations(serious)}")
        for link in site.driver.find_elements("css selector", "a[href]"):
            href = link.get_attribute("href") or ""
            if not href.startswith(base):
                continue
            target = urllib.parse.urlsplit(href)
            local = target.path + (f"?{target.query}" if target.query else "")
            if not SKIP.search(target.path) and pattern(local) not in seen:
                queue.append(local)
    print(f"\n{role}: {len(seen)} kinds of page checked with axe {run_axe(site.driver)['axeVersion']}")
    assert len(seen) > 3, f"the crawl for {role} reached only {sorted(seen)}"
    assert not problems, "\n\n".join(problems)
