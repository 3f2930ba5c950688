"""Rules of the seventh round that state a meaning in many languages, or a structure no
language has, each with the healthy page it could be mistaken for."""

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START, html


def judge(url: str, body: bytes) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


# -- a client-side sign-in form whose later steps (a new password for an expired one) are
# hidden until a script shows them: one password shown, no registration

SIGN_IN_STEPS = (
    "<form method=post name=loginForm ng-submit='app.login()'>"
    "<div ng-if='!app.loginState'><label>Benutzername</label>"
    "<input type=text ng-model='app.creds.username'><label>Passwort</label>"
    "<input type=password ng-model='app.creds.password'></div>"
    "<div class='md-flex ng-hide' ng-switch='app.loginState'>"
    "<div ng-switch-when='passwordchange'><input type=password ng-model='app.oldPassword'>"
    "<input type=password ng-model='app.newPassword'>"
    "<input type=password ng-model='app.newPasswordConfirmation'></div></div>"
    "<button type=submit>→</button></form>"
)


def test_a_sign_in_form_with_hidden_password_change_steps_is_a_login_wall():
    body = html("Groupware", SIGN_IN_STEPS, header="")
    verdict = judge("https://shop.test/SOGo/so/alice/Calendar", body)["soft_401"]
    assert "password_main" in verdict.reasons
    assert "login_markup" in verdict.reasons


def test_a_registration_form_showing_password_and_confirmation_is_no_wall():
    form = (
        "<form method=post name=signupForm><input type=text name=username>"
        "<input type=password name=password1><input type=password name=password2>"
        "<div class=d-none><input type=password name=legacy></div>"
        "<button>Create account</button></form>"
    )
    found = signals("https://shop.test/join", 200, {}, parse_html(html("Join", form)), START)
    assert "auth_page" in found.found
    assert conclude(found) == []
