"""The Content-Security-Policy holds in a real browser: coach, athlete, staff and visitor pages, Swagger UI and the
admin raise no `securitypolicyviolation` event and log no CSP error, and they still work under it (htmx swaps
the water card, Swagger UI lists the operations, the admin's scripts run)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, new_page
from tests.browser.test_accessibility import a_lived_in_week
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Each document records the violations it sees; Playwright's init scripts are not subject to the page's policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " at " + event.sourceFile + ":" +
    event.lineNumber + " " + (event.sample || "")
  );
});
"""


class Watcher:
    """Collects violation events (read from each page before leaving it) and CSP messages from the console."""

    def __init__(self, page) -> None:
        self.page = page
        self.found: list[str] = []
        page.context.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"{page.url}: page error {error}"))

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.found.append(f"{self.page.url}: console {message.type}: {text}")

    def visit(self, url: str, ready: str | None = None) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        assert "default-src 'self'" in (response.headers.get("content-security-policy") or ""), url
        self.page.wait_for_load_state("load")
        if ready:
            self.page.locator(ready).first.wait_for()
        self.collect()

    def collect(self) -> None:
        self.page.wait_for_timeout(150)  # violation events are dispatched asynchronously
        for text in self.page.evaluate("window.__cspViolations || []"):
            self.found.append(f"{self.page.url}: {text}")
        self.page.evaluate("window.__cspViolations = []")


def test_pages_keep_the_policy_and_still_work(browser, site) -> None:
    coach, athlete, draft = a_lived_in_week()
    a = athlete.pk
    problems: list[str] = []

    # A visitor: sign-in, password reset, and an invitation link that no longer works (the older base template).
    watch = Watcher(new_page(browser, site, DESKTOP))
    watch.visit("/login/")
    watch.visit("/password-reset/")
    response = watch.page.goto("/invite/not-a-token/")
    assert response.status == 400 and "default-src 'self'" in response.headers["content-security-policy"]
    watch.collect()
    problems += watch.found
    watch.page.context.close()

    # The athlete: today (one-tap water through htmx), trends with four charts, the week, the API docs.
    watch = Watcher(new_page(browser, site, DESKTOP, user=athlete.user))
    page = watch.page
    watch.visit(f"/athletes/{a}/today/")
    total = page.locator("#water-total").inner_text()
    page.get_by_role("button", name="+250 ml").click()
    page.wait_for_function(f"() => document.querySelector('#water-total').textContent !== {total!r}")
    assert page.url.endswith("/today/")  # swapped in place by htmx, no page load
    watch.collect()
    watch.visit(f"/athletes/{a}/trends/", ready="figure.chart svg")
    assert page.locator("figure.chart svg").count() == 4
    # The charts' pygal styles arrive from charts.css: a target line is dashed, the tooltip hidden.
    dashed = page.evaluate("getComputedStyle(document.querySelector('svg.chart-load .serie-4 .line')).strokeDasharray")
    assert dashed not in ("", "none"), dashed
    assert page.evaluate("getComputedStyle(document.querySelector('svg.chart-load .tooltip')).display") == "none"
    watch.visit(f"/athletes/{a}/week/")
    watch.visit(f"/athletes/{a}/meals/new/?q=banana")
    watch.visit("/api/docs/", ready=".opblock")
    assert page.locator(".opblock").count() > 10  # Swagger UI rendered the operations
    page.locator(".opblock-summary").first.click()
    page.locator(".opblock-body").first.wait_for()
    watch.collect()
    problems += watch.found
    page.context.close()

    # The coach: roster, an athlete with charts, the plan editor (htmx forms), templates, invitations.
    watch = Watcher(new_page(browser, site, DESKTOP, user=coach))
    watch.visit("/coach/")
    watch.visit(f"/coach/athletes/{a}/", ready="figure.chart svg")
    watch.visit(f"/coach/plans/{draft.pk}/")
    watch.page.locator("summary", has_text="Change or move").first.click()
    watch.collect()
    watch.visit("/coach/templates/")
    watch.visit("/coach/invite/")
    watch.visit("/api/docs/", ready=".opblock")
    problems += watch.found
    watch.page.context.close()

    # Staff in the admin: index, a list with filters and actions, a change form with date widgets.
    watch = Watcher(new_page(browser, site, DESKTOP))
    page = watch.page
    watch.visit("/admin/login/")
    staff = StaffFactory()
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill("a-long-test-password-42")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    watch.collect()
    watch.visit("/admin/")
    watch.visit("/admin/trainer/user/", ready="#result_list")
    page.locator("#action-toggle").check()  # actions.js runs
    assert page.locator(".action-counter").inner_text().startswith(str(page.locator("tr input.action-select").count()))
    watch.visit(f"/admin/trainer/athleteprofile/{a}/change/", ready="#athleteprofile_form")
    watch.collect()
    problems += watch.found
    page.context.close()

    assert not problems, "\n".join(problems)
