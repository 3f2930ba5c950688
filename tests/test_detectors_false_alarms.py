"""Healthy pages of applications the detectors must leave alone, each beside the error page
or sign-in page that must still be flagged: an application's page whose content its scripts
draw, a form that creates a user or sets a new password, a sign-in page's error boxes.

Some are real pages of the tune split (tests/fixtures/real), read as the bench reads them.
"""

from pathlib import Path

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html

START = "https://app.test/"
REAL = Path(__file__).parent / "fixtures" / "real"
NOINDEX = '<meta name="robots" content="noindex,nofollow">'
NAV = (
    "<nav><ul><li><a href='/graphs'>Graphs</a></li><li><a href='/console'>Console</a></li>"
    "<li><a href='/settings'>Settings</a></li></ul></nav>"
)
SCRIPTS = "".join(f"<script src='/js/{name}.js'></script>" for name in ("jquery", "tree", "app"))


def page(title: str, main: str, head: str = NOINDEX + SCRIPTS) -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title>{head}</head><body>"
        f"<header>{NAV}</header><main>{main}</main></body></html>"
    ).encode()


def flags(body: bytes, url: str = "https://app.test/p/3f2a9c") -> set[str]:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag for verdict in conclude(found)}


def judge_reasons(body: bytes, url: str = "https://app.test/p/3f2a9c") -> dict[str, set[str]]:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: set(verdict.reasons) for verdict in conclude(found)}


def real(name: str) -> set[str]:
    return flags((REAL / name).read_bytes())


# ---- an empty main content on a page that asks not to be indexed


def test_an_application_page_whose_content_scripts_draw_is_no_soft_404():
    # Cacti's graph tree, Prometheus's graph page, SOGo's calendar: noindex, a menu, and a
    # main content a script fills in
    assert flags(page("Tree Mode", "<div id='graph_tree'></div><div id='graphs'></div>")) == set()
    assert flags(page("Service Discovery", "<h1>Service Discovery</h1><ul></ul>")) == set()
    for name in ("cacti/guest-graphs.en.html", "prometheus/graph.html", "sogo/calendar.en.html"):
        assert real(name) == set(), name


def test_a_thin_not_found_page_that_asks_not_to_be_indexed_is_still_a_soft_404():
    assert flags(page("Page not found", "<h1>Page not found</h1>")) == {"soft_404"}
    assert flags(page("Graph", "<p>GRAPH DOES NOT EXIST</p>")) == {"soft_404"}
    assert real("cacti/graph-does-not-exist.en.html") == {"soft_404"}
    assert real("sogo/not-found.en.html") == {"soft_404"}


def test_an_empty_template_seconded_by_more_than_noindex_is_still_a_soft_404():
    # an empty main content and a canonical to the home page: a template without its data
    head = NOINDEX + '<link rel="canonical" href="https://app.test/">'
    assert flags(page("Wedding 2017", "<h2>Wedding 2017</h2><div></div>", head)) == {"soft_404"}


# ---- forms that create a user or set a new password


def test_a_form_that_adds_a_user_is_no_sign_in_form():
    # ejabberd's user list: a user name, a new user's password, a table of the users
    users = "".join(f"<tr><td><a href='/user/{n}/'>{n}@localhost</a></td></tr>" for n in "ab")
    add_user = (
        "<h1>Users</h1><form action='' method='post'><table>"
        "<tr><td>User:</td><td><input type='text' name='newusername'></td></tr>"
        "<tr><td>Password:</td><td><input type='password' name='newuserpassword'></td></tr>"
        "<tr><td><input type='submit' name='addnewuser' value='Add User'></td></tr></table>"
        f"<table>{users}</table></form>"
    )
    assert flags(page("Users", add_user, head="")) == set()
    assert real("ejabberd/users.en.html") == set()
    assert real("ejabberd/users.ja.html") == set()


def test_a_form_that_posts_to_a_password_reset_is_no_sign_in_form():
    reset = (
        "<form method='post' action='/app/auth/request_reset_password'><label>Username or"
        " Email</label><input name='email' type='text'><input type='submit' value='Request'>"
        "</form>"
    )
    assert flags(page("Reset", reset, head="")) == set()
    assert real("py4web/request-reset-password.html") == set()


def test_a_sign_in_form_is_still_a_login_wall():
    # the same table layout signing in: a password field with no "new" in its name
    sign_in = (
        "<form action='' method='post'><table>"
        "<tr><td>User:</td><td><input type='text' name='username'></td></tr>"
        "<tr><td>Password:</td><td><input type='password' name='password'></td></tr>"
        "<tr><td><input type='submit' value='OK'></td></tr></table></form>"
    )
    assert flags(page("Users", sign_in, head="")) == {"soft_401"}
    # a form that posts to an /auth/ sign-in URL without a password field yet
    step = "<form method='post' action='/app/auth/login'><input name='email' type='text'></form>"
    assert flags(page("Sign in", step, head="")) == {"soft_401"}
    # the password step of a sign-in that posts to ".../login/password" still signs in
    second = (
        "<h1>Enter your password</h1><form method='post' action='/u/login/password'>"
        "<input type='password' name='password'></form>"
    )
    assert judge_reasons(page("Sign in", second, head=""))["soft_401"] >= {"login_action"}
    # Cacti's sign-in form marks its password autocomplete='new-password': still a sign-in
    assert real("cacti/sign-in-wall-device.en.html") == {"soft_401"}
    assert real("py4web/login.html") == {"soft_401"}


def test_a_page_whose_form_posts_to_a_password_reset_is_no_login_wall():
    # Flask-Security's "Invalid reset password token." above its forgot-password form
    forgot = (
        "<div class='error'>Invalid reset password token.</div><form action='/reset'"
        " method='post' name='forgot_password_form'><input type='email' name='email'>"
        "<input type='submit' value='Recover Password'></form>"
    )
    assert "soft_401" not in flags(page("Forgot password", forgot, head=""))
    assert "soft_401" not in real("flask-security/reset-invalid-token.en.html")


def test_a_sign_in_page_with_a_forgot_password_form_is_still_a_login_wall():
    both = (
        "<h1>Please sign in</h1><form action='/login' method='post'><input name='user'>"
        "<input type='password' name='password'></form><form action='/reset' method='post'>"
        "<input type='email' name='email'></form>"
    )
    assert flags(page("Sign in", both, head="")) == {"soft_401"}


# ---- a sign-in form's error boxes


def test_the_error_box_of_a_sign_in_form_makes_no_soft_404():
    # LAM after a wrong password; OctoPrint's four error boxes a script shows one of
    wrong = (
        "<form action='login.php' method='post'><input name='username'>"
        "<input type='password' name='passwd'></form>"
        "<div class='statusError'>Combinación incorrecta de usuario/contraseña.</div>"
    )
    assert flags(page("LDAP Account Manager", wrong)) == {"soft_401"}
    for name in ("ldap-account-manager/wrong-password.es.html", "octoprint/login.de.html"):
        assert real(name) == {"soft_401"}, name


def test_a_not_found_box_without_a_sign_in_form_is_still_a_soft_404():
    box = "<div class='alert alert-error'>The requested page could not be found.</div>"
    assert flags(page("Error", box)) == {"soft_404"}
    # beside a password field that signs nowhere by its action or its markup (a form that
    # posts to the page itself), the box is read as before
    unlock = (
        "<div class='alert alert-error'>The requested page could not be found.</div>"
        "<form method='post'><input type='password' name='pin'></form>"
    )
    assert "soft_404" in flags(page("Error", unlock))


# ---- several password fields


def test_a_sign_in_form_that_also_changes_an_expired_password_is_a_sign_in_form():
    # SOGo's sign-in form: the password, and the old, new and repeated password a script
    # shows when the password expired; its markup names a sign-in
    sign_in = (
        "<form method='post' name='loginForm'><input name='user'><input type='password'"
        " name='pw'><input type='password' name='old'><input type='password' name='new1'>"
        "<input type='password' name='new2'></form>"
    )
    assert flags(page("SOGo", sign_in)) == {"soft_401"}
    assert real("sogo/sign-in-wall.en.html") == {"soft_401"}


def test_a_registration_form_asking_for_the_password_twice_is_no_login_wall():
    register = (
        "<h1>Register</h1><form method='post' action='/p/join'><input name='user'>"
        "<input type='password' name='password1'><input type='password' name='password2'></form>"
    )
    assert flags(page("Register", register)) == set()
    for name in ("flask-security/register.en.html", "allauth/signup.en.html"):
        assert real(name) == set(), name


def test_a_sign_up_form_styled_as_a_login_form_is_no_login_wall():
    # its class names a sign-in, but it posts to /register (a review's page)
    sign_up = (
        "<h1>Create your account</h1><form class='login-form' action='/register' method='post'>"
        "<input type='email' name='email'><input type='password' name='password'>"
        "<input type='password' name='password_confirm'><button>Sign up</button></form>"
    )
    assert flags(page("Create your account", sign_up, head="")) == set()


def test_a_settings_form_of_two_keys_named_login_is_no_sign_in_form():
    # a router's Wi-Fi form: id "loginSettings", no field for a user name
    wifi = (
        "<h1>Wireless settings</h1><form id='loginSettings' action='/cgi-bin/wifi' method='post'>"
        "<input name='ssid' value='Northwind'><input type='password' name='wpa_key'>"
        "<input type='password' name='guest_key'><button>Apply</button></form>"
    )
    assert flags(page("Wi-Fi settings", wifi, head="")) == set()


def test_a_client_side_sign_in_form_names_its_user_field_in_its_model_binding():
    # AngularJS binds the user name as ng-model="app.creds.username"; its name is generated
    sign_in = (
        "<form method='post' name='loginForm'><input name='3.1.5' ng-model='app.creds.username'>"
        "<input type='password' name='3.3.5' ng-model='app.creds.password'>"
        "<input type='password' name='3.9.1' ng-model='app.passwords.oldPassword'>"
        "<input type='password' name='3.9.3' ng-model='app.passwords.newPassword'></form>"
    )
    assert flags(page("Sign in", sign_in)) == {"soft_401"}
