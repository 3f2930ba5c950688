"""Symfony 5.4 (Debian php-symfony-framework-bundle, php-symfony-security-bundle and the
components they need) under PHP's built-in server (`php -S`, Debian php-cli) on 127.0.0.1:
a small application made here (a MicroKernelTrait kernel, Debian's autoloaders, no
Composer) with FrameworkBundle and SecurityBundle (in-memory users; /admin needs ROLE_ADMIN
behind HTTP basic authentication; /members is behind a firewall with no entry point), run in
production (prod, debug off) and development (dev, debug on) mode, English only (Symfony's
error pages are not translated).

Pages: production: Symfony's error page ("Oops! An Error Occurred / The server returned a
"404 Not Found".") for an unknown URL and a controller's createNotFoundException (404), a
GoneHttpException (410), an AccessDeniedHttpException and a signed-in user without the role
on /admin (403), an UnauthorizedHttpException and a visitor on /members (401: "Full
authentication is required"); each distinct page once. Development: the exception page of
each of these requests ("No route found for "GET ...""; the exception, its message and the
stack trace). Healthy: the application's home and about pages; in development, with no route
configured, Symfony's "Welcome to Symfony" page (answered with 404).
Left out: the 401 of HTTP basic authentication (/admin, a visitor or a wrong password): its
body is empty. SecurityBundle has no sign-in form of its own (an application renders it)."""

from __future__ import annotations

import base64
import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "symfony"
PACKAGES = (
    "php-cli",
    "php-symfony-framework-bundle",
    "php-symfony-security-bundle",
    "php-symfony-error-handler",
)
USER = ("reader", "harvest-only-password")
# (path, who, label, name, note); who: "" a visitor, "reader" signed in (HTTP basic)
REQUESTS = (
    ("/", "", "ok", "home", "the application's home page"),
    ("/about", "", "ok", "about", "the application's about page"),
    ("/no-such-page", "", "soft_404", "not-found", "an unknown URL (404)"),
    (
        "/articles/999",
        "",
        "soft_404",
        "article-not-found",
        "a controller's createNotFoundException('There is no article 999.') (404)",
    ),
    ("/gone", "", "soft_404", "gone", "a controller throws GoneHttpException (410)"),
    (
        "/forbidden",
        "",
        "soft_403",
        "forbidden",
        "a controller throws AccessDeniedHttpException (403)",
    ),
    (
        "/admin",
        "reader",
        "soft_403",
        "admin-denied",
        "a signed-in user without ROLE_ADMIN on /admin (access_control; 403)",
    ),
    (
        "/unauthorized",
        "",
        "soft_401",
        "unauthorized",
        "a controller throws UnauthorizedHttpException (401)",
    ),
    (
        "/members",
        "",
        "soft_401",
        "members-unauthorized",
        "a visitor on /members (a firewall with no entry point: Full authentication is"
        " required; 401)",
    ),
)
KERNEL = r"""<?php
namespace App;

use Symfony\Bundle\FrameworkBundle\FrameworkBundle;
use Symfony\Bundle\FrameworkBundle\Kernel\MicroKernelTrait;
use Symfony\Bundle\SecurityBundle\SecurityBundle;
use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;
use Symfony\Component\HttpKernel\Kernel as BaseKernel;
use Symfony\Component\Routing\Loader\Configurator\RoutingConfigurator;

class Kernel extends BaseKernel
{
    use MicroKernelTrait;

    public function registerBundles(): iterable
    {
        return [new FrameworkBundle(), new SecurityBundle()];
    }

    public function getProjectDir(): string
    {
        return \dirname(__DIR__);
    }

    protected function configureContainer(ContainerConfigurator $container): void
    {
        $container->extension('framework', ['secret' => 'harvest-only-secret']);
        $container->extension('security', [
            'enable_authenticator_manager' => true,
            'password_hashers' => [
                'Symfony\Component\Security\Core\User\InMemoryUser' => 'plaintext',
            ],
            'providers' => ['users' => ['memory' => ['users' => [
                'reader' => ['password' => 'harvest-only-password', 'roles' => ['ROLE_USER']],
            ]]]],
            'firewalls' => [
                'members' => ['pattern' => '^/members', 'provider' => 'users', 'remote_user' => []],
                'main' => [
                    'lazy' => true, 'provider' => 'users', 'http_basic' => ['realm' => 'Harvest'],
                ],
            ],
            'access_control' => [
                ['path' => '^/admin', 'roles' => 'ROLE_ADMIN'],
                ['path' => '^/members', 'roles' => 'ROLE_USER'],
            ],
        ]);
        $container->services()->set(Pages::class)->public()->tag('controller.service_arguments');
    }

    protected function configureRoutes(RoutingConfigurator $routes): void
    {
        if (getenv('HARVEST_NO_ROUTES') === '1') {
            return;
        }
        foreach (['home' => '/', 'about' => '/about', 'admin' => '/admin', 'members' => '/members',
                  'article' => '/articles/{id}', 'gone' => '/gone', 'forbidden' => '/forbidden',
                  'unauthorized' => '/unauthorized'] as $name => $path) {
            $routes->add($name, $path)->controller([Pages::class, $name]);
        }
    }
}
"""
PAGES = r"""<?php
namespace App;

use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpKernel\Exception\AccessDeniedHttpException;
use Symfony\Component\HttpKernel\Exception\GoneHttpException;
use Symfony\Component\HttpKernel\Exception\NotFoundHttpException;
use Symfony\Component\HttpKernel\Exception\UnauthorizedHttpException;

class Pages
{
    private function page(string $title, string $body): Response
    {
        return new Response("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\">"
            ."<title>$title</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/about\">"
            ."About</a></nav><h1>$title</h1>$body</body></html>\n");
    }

    public function home(): Response
    {
        return $this->page('Harbour timetables', '<p>Ferry departures from the old harbour, '
            .'updated every morning.</p><ul><li><a href="/articles/1">Winter timetable</a></li>'
            .'<li><a href="/articles/2">Summer timetable</a></li></ul>');
    }

    public function about(): Response
    {
        return $this->page('About', '<p>This site lists the ferry timetables of the old '
            .'harbour. Write to the harbour office with corrections.</p>');
    }

    public function admin(): Response
    {
        return $this->page('Administration', '<p>Timetable editing.</p>');
    }

    public function members(): Response
    {
        return $this->page('Members', '<p>Members only.</p>');
    }

    public function article(string $id): Response
    {
        throw new NotFoundHttpException("There is no article $id.");
    }

    public function gone(): Response
    {
        throw new GoneHttpException('This timetable was withdrawn.');
    }

    public function forbidden(): Response
    {
        throw new AccessDeniedHttpException('Only the harbour office may see this page.');
    }

    public function unauthorized(): Response
    {
        throw new UnauthorizedHttpException('Basic realm="Harvest"', 'Sign in to see this page.');
    }
}
"""
FRONT = r"""<?php
require '/usr/share/php/Symfony/Bundle/FrameworkBundle/autoload.php';
require '/usr/share/php/Symfony/Bundle/SecurityBundle/autoload.php';
require __DIR__.'/../src/Kernel.php';
require __DIR__.'/../src/Pages.php';

use App\Kernel;
use Symfony\Component\ErrorHandler\Debug;
use Symfony\Component\HttpFoundation\Request;

$debug = getenv('APP_DEBUG') === '1';
if ($debug) {
    Debug::enable();
}
$kernel = new Kernel($debug ? 'dev' : 'prod', $debug);
$request = Request::createFromGlobals();
$response = $kernel->handle($request);
$response->send();
$kernel->terminate($request, $response);
"""


def harvest(work: Path) -> list[Page]:
    apt_install(*PACKAGES)
    source = (
        f"{deb_version('php-symfony-framework-bundle')}, "
        f"{deb_version('php-symfony-security-bundle')}, {deb_version('php8.2-cli')}"
    )
    shutil.rmtree(work, ignore_errors=True)
    for folder, name, text in (
        ("src", "Kernel.php", KERNEL),
        ("src", "Pages.php", PAGES),
        ("public", "index.php", FRONT),
    ):
        (work / folder).mkdir(parents=True, exist_ok=True)
        (work / folder / name).write_text(text)
    pages: list[Page] = []
    kept: set[bytes] = set()
    for mode, debug in (("prod", False), ("dev", True)):
        with _server(work, debug) as base:
            for path, who, label, name, note in REQUESTS:
                if debug and label == "ok":
                    continue  # the same pages
                headers = {"Authorization": _basic(*USER)} if who else {}
                status, answer, body = fetch(base + path, headers=headers)
                if "html" not in answer.get("content-type", "") or not body.strip():
                    raise RuntimeError(f"{path} ({mode}) answered {status} with no page")
                if body in kept:
                    continue  # the same page as another request's
                kept.add(body)
                how = f"GET {path} ({mode} mode"
                how += ", signed in as a user without ROLE_ADMIN)" if who else ", a visitor)"
                suffix = "-debug" if debug else ""
                pages.append(Page(f"{name}{suffix}.en.html", body, source, GROUP, how, "en",
                                  label, status, note))  # fmt: skip
    with _server(work, debug=True, routes=False) as base:
        status, _, body = fetch(base + "/")
    if b"Welcome to" not in body:
        raise RuntimeError(f"no welcome page with no routes ({status})")
    pages.append(
        Page("welcome-debug.en.html", body, source, GROUP,
             "GET / (dev mode, no route configured)", "en", "ok", status,
             "Symfony's 'Welcome to Symfony' page (debug mode, no homepage configured; 404)")
    )  # fmt: skip
    return pages


@contextlib.contextmanager
def _server(work: Path, debug: bool, routes: bool = True) -> Iterator[str]:
    """PHP's built-in server with the application's front controller: its base URL."""
    shutil.rmtree(work / "var", ignore_errors=True)  # the container is built again
    port = free_port()
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", "public", "public/index.php"]
    environment = {
        "PATH": "/usr/bin:/bin",
        "APP_DEBUG": "1" if debug else "0",
        "HARVEST_NO_ROUTES": "0" if routes else "1",
    }
    with running(command, port, work / "php.log", cwd=work, env=environment):
        yield f"http://127.0.0.1:{port}"


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
