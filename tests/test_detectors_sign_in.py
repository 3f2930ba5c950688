"""Sign-in pages that say so in their heading, at a URL that does not (a deep link): their
form is read however long the page is (terms, a product pitch), and a form that asks for the
user name or e-mail alone is the first step of a sign-in."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

PITCH = " ".join(["Our platform helps teams ship faster with reliable tooling."] * 25)
PASSWORD_FORM = (
    "<form method='post'><label>User name <input name='username'></label><label>Password "
    "<input type='password' name='password'></label><button>Log in</button></form>"
)


def judge(title: str, content: str):
    body = f"<!doctype html><title>{title}</title><body><main>{content}</main></body>"
    found = signals("https://app.test/p/4f2a9c", 200, {}, parse_html(body.encode()), START)
    return found.found, {verdict.flag for verdict in conclude(found)}


def test_a_long_sign_in_page_still_shows_its_password_form():
    found, flags = judge("Log in · App", f"<h1>Log in</h1>{PASSWORD_FORM}<p>{PITCH}</p>")
    assert found["password_main"] == 1
    assert flags == {"soft_401"}


def test_a_long_page_without_a_sign_in_heading_is_not_read_for_forms():
    found, flags = judge("Pricing · App", f"<h1>Pricing</h1>{PASSWORD_FORM}<p>{PITCH}</p>")
    assert "password_main" not in found
    assert flags == set()


@pytest.mark.parametrize(
    "field",
    [
        "<input type='email' name='address'>",
        "<input name='login'>",
        "<input name='id' autocomplete='username'>",
    ],
)
def test_a_sign_in_heading_over_a_user_name_form_is_a_sign_in_page(field):
    form = f"<form action='/identify' method='post'>{field}<button>Next</button></form>"
    found, flags = judge("Sign in", f"<h1>Sign in</h1>{form}")
    assert found["login_identifier"] == "/identify"
    assert flags == {"soft_401"}


def test_an_e_mail_form_under_another_heading_is_no_sign_in():
    form = "<form action='/subscribe'><input type='email' name='email'><button>Go</button></form>"
    found, flags = judge("Newsletter", f"<h1>Subscribe to our newsletter</h1>{form}")
    assert "login_identifier" not in found
    assert flags == set()


def test_a_password_form_named_for_signing_in_is_a_second_sign():
    form = (
        "<form name='frmLogin' method='post' class='form-signin'><input name='fUser'>"
        "<input type='password' name='fPassword'><button>Go</button></form>"
    )
    languages = "".join(f"<option>Language {n}</option>" for n in range(40))
    content = f"<p>Mailbox users log in to change passwords.</p>{form}<select>{languages}</select>"
    found, flags = judge("Mail admin", content)
    assert found["login_markup"] == "form-signin"
    assert flags == {"soft_401"}


def test_a_registration_form_is_no_wall_even_if_it_says_please_sign_in():
    form = (
        "<form method='post'><input name='username'><input type='password' name='password1'>"
        "<input type='password' name='password2'><button>Sign up</button></form>"
    )
    found, flags = judge(
        "Sign up", f"<h1>Sign up</h1><p>Have an account? Please sign in.</p>{form}"
    )
    assert found["auth_page"].startswith("a form asks for a new password twice")
    assert flags == set()
