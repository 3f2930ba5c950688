# ruff: noqa: RUF001  (pages in their own scripts)
"""Healthy pages the eleventh round's new rules could misread, written by its last read as an
adversary: pages in many languages that speak of access, denial, blocking and actions for
some people only, with a site's chrome around them (navigation, a sign-in link or the name of
the account signed in, a cookie banner, a footer). Each is judged as
bench/real_accuracy.judge_offline judges the real corpus and must get no finding; beside
them, the error page each narrowed rule was written for still gets its flag."""

import pytest

from bench.real_accuracy import judge_offline
from gatewatch.crawler.detectors.permission_denials import permission_denied
from gatewatch.crawler.detectors.requested_pages import requested_page_absent
from gatewatch.crawler.detectors.restated_denials import restated_denial
from gatewatch.crawler.detectors.signed_in_denials import signed_in_denial
from gatewatch.crawler.detectors.unopened_files import unopened_file
from gatewatch.crawler.parse import parse_html

FINDINGS = {"soft_404", "soft_401", "soft_403"}
COOKIES = "<div class='cookie-banner' role='dialog'><p>{}</p><button>OK</button></div>"


def shell(lang: str, title: str, header: str, main: str, footer: str, cookies: str = "") -> bytes:
    banner = COOKIES.format(cookies) if cookies else ""
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}"
        f"</title><meta name='viewport' content='width=device-width'></head><body>"
        f"<header>{header}</header><main>{main}</main><footer>{footer}</footer>{banner}"
        "</body></html>"
    ).encode()


def forum(lang: str, title: str, board: str, heading: str, posts: list[tuple[str, str]]) -> bytes:
    header = (
        f"<a class='logo' href='/'>{board}</a><nav><a href='/'>Index</a> <a href='/faq'>FAQ</a>"
        " <a href='/search'>🔍</a> <a href='/ucp.php?mode=register'>Register</a>"
        " <a href='/ucp.php?mode=login'>Login</a></nav>"
    )
    body = "".join(
        f"<article class='post'><div class='author'>{author}</div><div class='content'>"
        f"<p>{text}</p></div></article>"
        for author, text in posts
    )
    return shell(
        lang,
        title,
        header,
        f"<h1>{heading}</h1>{body}",
        f"<p>Powered by phpBB® · {board}</p>",
        "We use cookies / Çerezler / Cookies.",
    )


def article(lang: str, title: str, site: str, heading: str, paragraphs: list[str]) -> bytes:
    header = (
        f"<a class='brand' href='/'>{site}</a><nav><a href='/'>⌂</a> <a href='/a'>A</a>"
        " <a href='/b'>B</a> <a href='/login'>👤</a></nav>"
    )
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return shell(
        lang,
        title,
        header,
        f"<article><h1>{heading}</h1>{body}</article>",
        f"<p>© 2026 {site}</p><a href='/impressum'>§</a> <a href='/privacy'>🔒</a>",
    )


def signed_in(lang: str, title: str, account: str, heading: str, content: str) -> bytes:
    header = (
        "<a class='brand' href='/'>Console</a><nav><a href='/projects'>▦</a>"
        f" <a href='/settings'>⚙</a></nav><div class='account'>{account}"
        " · <a href='/logout'>⎋</a></div>"
    )
    return shell(lang, title, header, f"<h1>{heading}</h1>{content}", "<p>v4.2.1</p>")


PAGES: dict[str, bytes] = {
    # -- a title that says access is denied, and a first line that says it again: a help
    # article, a forum thread, a film, an exhibition, a notice of a place
    "help-en-access-denied-article": article(
        "en",
        "Access denied - Help Center",
        "Help Center",
        "Access denied",
        [
            "You see this message when the owner of a shared folder has not given your account"
            " access, or when an administrator removed it. Access that was denied is not lost:"
            " ask the owner to share the folder again, or request access from the folder's"
            " page. Requests can take a few minutes to apply.",
            "Related: Sharing a folder · Managing members",
        ],
    ),
    "forum-tr-erisim-engellendi-hatasi": forum(
        "tr",
        "Erişim engellendi hatası - Technoforum",
        "Technoforum",
        "Erişim engellendi hatası",
        [
            (
                "mert_34",
                "Merhaba, okul ağında bazı sitelere girince erişim engellendi uyarısı"
                " alıyorum. Evde sorun yok. Ne yapabilirim?",
            ),
            (
                "ayse.k",
                "Okul ağı filtre kullanıyor, erişim orada engelleniyor. BT birimine yaz,"
                " siteyi listeden çıkarabilirler.",
            ),
        ],
    ),
    "film-sk-pristup-odmietnuty": article(
        "sk",
        "Prístup odmietnutý (2019) | Filmová databáza",
        "Filmová databáza",
        "Prístup odmietnutý",
        [
            "Dráma, Slovensko, 2019, 94 min. Réžia: Marek Horváth.",
            "Novinárka Eva pátra po osude zmiznutého brata. Keď jej úrady odmietnu prístup k"
            " spisom, začne s pomocou hackera hľadať cestu k archívu sama.",
            "Hodnotenie: 71 % · 1 204 hodnotení",
        ],
    ),
    "museum-hu-hozzaferes-tiltva": article(
        "hu",
        "Hozzáférés tiltva – Városi Múzeum",
        "Városi Múzeum",
        "Hozzáférés tiltva",
        [
            "Időszaki kiállítás a megfigyelésről, 2026. március 1-től június 30-ig. A"
            " látogatók titkos archívumok másolatai között járnak, ahol a hozzáférés sokáig"
            " tiltva volt a kutatók elől is.",
            "Jegyár: 2400 Ft. Nyitva keddtől vasárnapig 10–18 óráig.",
        ],
    ),
    "park-ms-akses-tidak-dibenarkan": article(
        "ms",
        "Akses tidak dibenarkan | Taman Negara Endau",
        "Taman Negara Endau",
        "Akses tidak dibenarkan",
        [
            "Zon C ditutup semasa musim penyu bertelur dari Mei hingga Ogos. Akses ke pantai"
            " itu tidak dibenarkan kepada pelawat tanpa permit penyelidikan.",
            "Zon A dan B dibuka seperti biasa, 8 pagi hingga 6 petang.",
        ],
    ),
    "episode-de-zugriff-verweigert": article(
        "de",
        "Zugriff verweigert - Tatort - Das Programm",
        "Das Programm",
        "Zugriff verweigert",
        [
            "Sonntag, 20:15 Uhr. Eine Klinik wird erpresst: Hacker haben die Patientendaten"
            " verschlüsselt, den Ärzten wird der Zugriff auf die Akten verweigert.",
            "Mit Anna Berg, Tom Keller. Regie: Jule Roth. 90 Minuten.",
        ],
    ),
    "opinion-he-hagisha-nidchet": article(
        "he",
        "הגישה של האוצר נדחית - דעות | חדשות היום",
        "חדשות היום",
        "הגישה של האוצר נדחית",
        [
            "הגישה של משרד האוצר, שלפיה יש לקצץ בתקציב התחבורה הציבורית, נדחית שוב בוועדת"
            " הכספים. חברי הוועדה דורשים תוכנית אחרת עד סוף החודש.",
        ],
    ),
    "help-fr-acces-refuse-banque": article(
        "fr",
        "Accès refusé | Aide - Banque du Rhône",
        "Banque du Rhône",
        "Accès refusé",
        [
            "Après trois codes erronés, l'accès à l'espace client est refusé pendant une"
            " heure. Vous pouvez aussi réinitialiser votre code depuis l'application.",
            "Cet article vous a-t-il aidé ? Oui · Non",
        ],
    ),
    "film-ru-dostup-zapreshchen": article(
        "ru",
        "Доступ запрещён (2021) — Кинопоиск клуб",
        "Кинопоиск клуб",
        "Доступ запрещён",
        [
            "Триллер, 2021. Системному администратору запрещён доступ к серверной после"
            " странной аварии, и он начинает своё расследование.",
            "Рейтинг 6,8 · 312 оценок",
        ],
    ),
    "game-es-acceso-denegado-logro": article(
        "es",
        "Acceso denegado - Logro - Guía de Cyber Run",
        "Guía de Cyber Run",
        "Acceso denegado",
        [
            "Logro de plata. Termina la misión 4 sin que te denieguen el acceso a ninguna"
            " terminal: el acceso se deniega si la alarma suena dos veces.",
            "Desbloqueado por el 23 % de los jugadores.",
        ],
    ),
    # -- the new words for denied, in sentences about other things
    "settings-tr-konum-erisimi-engellendi": signed_in(
        "tr",
        "Gizlilik ayarları",
        "Giriş yapıldı: deniz",
        "Gizlilik",
        "<ul><li>Harita uygulamasının konum erişimi engellendi.</li>"
        "<li>Kamera: izin verildi</li><li>Mikrofon: sor</li></ul>",
    ),
    "rules-ms-makmal-tidak-dibenarkan": article(
        "ms",
        "Peraturan makmal | Fakulti Sains",
        "Fakulti Sains",
        "Peraturan makmal",
        [
            "Pelajar tidak dibenarkan akses ke makmal tanpa penyelia.",
            "Makanan dan minuman tidak dibenarkan.",
            "Kot makmal wajib dipakai.",
        ],
    ),
    "notifications-sk-ziadost-odmietnuta": signed_in(
        "sk",
        "Upozornenia",
        "Prihlásený: Peter K.",
        "Upozornenia",
        "<ul><li>Jana odmietla žiadosť o prístup k priečinku Faktúry 2026.</li>"
        "<li>Marek zdieľal priečinok Zmluvy.</li></ul>",
    ),
    "museum-hu-raktar-tiltva": article(
        "hu",
        "Házirend | Városi Múzeum",
        "Városi Múzeum",
        "Házirend",
        [
            "A raktárhoz a látogatók hozzáférése tiltva.",
            "Fényképezni vaku nélkül lehet.",
        ],
    ),
    "news-he-hagisha-nidchet-brief": article(
        "he",
        "מבזקים | חדשות היום",
        "חדשות היום",
        "מבזקים",
        ["הגישה של הממשלה נדחית על ידי בית המשפט.", "מחר: מזג אוויר חם."],
    ),
    # -- Chinese "no right": a law term, terms of service said to the reader
    "law-zh-wuquan-daili": article(
        "zh",
        "无权代理 - 法律百科",
        "法律百科",
        "无权代理",
        [
            "无权代理是指行为人没有代理权、超越代理权或者代理权终止后仍以被代理人名义实施的"
            "民事法律行为。",
            "未经被代理人追认的，对被代理人不发生效力。",
        ],
    ),
    "law-zh-tw-wuquan-chufen": article(
        "zh-TW",
        "無權處分 - 法律小百科",
        "法律小百科",
        "無權處分",
        ["無權處分是指無處分權人就權利標的物所為之處分行為。", "參見民法第118條。"],
    ),
    "faq-zh-wuquan-zhuanrang": article(
        "zh",
        "账户可以转让吗？ - 帮助中心",
        "帮助中心",
        "账户可以转让吗？",
        ["您无权转让您的账户，详见用户协议第5条。", "相关问题：如何注销账户"],
    ),
    # -- the information, data, item or entry asked for, said absent in the world of a
    # page about something
    "wiki-en-item-does-not-exist-in-edition": article(
        "en",
        "Copper Sword – BlockCraft Wiki",
        "BlockCraft Wiki",
        "Copper Sword",
        [
            "The item you are thinking of does not exist in Java Edition.",
            "It was added to Bedrock Edition in 1.21.",
        ],
    ),
    "privacy-de-daten-gibt-es-nicht": article(
        "de",
        "Datenschutz kurz erklärt | Notizblock",
        "Notizblock",
        "Datenschutz kurz erklärt",
        [
            "Die Notizen bleiben auf Ihrem Gerät.",
            "Daten, die Sie nie hochladen, gibt es bei uns nicht.",
        ],
    ),
    # -- a body after an early </html>, a </html> in a script of the head
    "early-end-en-recipe": (
        b"<html><head><meta charset='utf-8'><title>Lemon cake | Kitchen notes</title>"
        b"<style>body{font-family:serif}</style></head></html><body><header><a href='/'>"
        b"Kitchen notes</a> <a href='/login'>Log in</a></header><main><h1>Lemon cake</h1>"
        b"<p>Beat 200 g butter with 200 g sugar, add four eggs one by one, then 200 g flour"
        b" and the zest of two lemons. Bake 45 minutes at 170 degrees. Pour the juice with"
        b" 80 g icing sugar over the warm cake.</p></main></body>"
    ),
    "script-end-en-widget": (
        b"<html><head><meta charset='utf-8'><title>Opening hours | Town library</title>"
        b"<script>var frame = '<html><body>Loading</body></html>';</script></head><body>"
        b"<header><a href='/'>Town library</a></header><main><h1>Opening hours</h1><p>Monday"
        b" to Friday 9 to 19, Saturday 10 to 14. Closed on public holidays. The reading room"
        b" stays open until 21 on Thursdays during the exam weeks.</p></main></body></html>"
    ),
    # -- actions for some people only, said in notes, help texts and changelogs
    "changelog-en-error-handling-only-admins": shell(
        "en",
        "Changelog 4.2 | Tracker",
        "<a href='/'>Tracker</a> <a href='/login'>Log in</a>",
        "<h1>Changelog 4.2</h1><h2>Error handling</h2><ul><li>Only administrators can see"
        " stack traces now.</li></ul>",
        "<p>© 2026 Tracker</p>",
    ),
    "forum-de-nur-mitglieder-koennen-antworten": forum(
        "de",
        "Fehler beim Speichern - Forum",
        "Vereinsforum",
        "Fehler beim Speichern",
        [
            ("karl", "Beim Speichern kommt nichts. Hat jemand eine Idee?"),
            ("moni", "Nur Mitglieder können Anhänge hochladen, das ist kein Fehler."),
        ],
    ),
    "help-fr-seuls-les-admins": article(
        "fr",
        "Erreur de droits ? | Aide",
        "Aide",
        "Erreur de droits ?",
        [
            "Seuls les administrateurs peuvent modifier ce réglage.",
            "Demandez-leur de vous ajouter au groupe.",
        ],
    ),
    "docs-ru-tolko-administratory": article(
        "ru",
        "Ошибки и журналы — Документация",
        "Документация",
        "Ошибки и журналы",
        [
            "Только администраторы могут просматривать журналы.",
            "Журналы хранятся 30 дней.",
        ],
    ),
    "docs-zh-zhiyou-guanliyuan": article(
        "zh",
        "错误日志 - 文档",
        "文档",
        "错误日志",
        ["只有管理员可以查看错误日志。", "日志保留三十天。"],
    ),
    # -- signed in as someone, beside what is or is not allowed
    "roles-en-signed-in-permissions-table": signed_in(
        "en",
        "Roles - Console",
        "Signed in as admin",
        "Roles",
        "<table><tr><th>Role</th><th>Delete projects</th></tr>"
        "<tr><td>Guest</td><td>not allowed</td></tr><tr><td>Editor</td><td>allowed</td>"
        "</tr></table>",
    ),
    "profile-de-angemeldet-als": signed_in(
        "de",
        "Profil - Konsole",
        "Angemeldet als lena",
        "Profil",
        "<p>Sie sind als lena angemeldet. Gäste dürfen keine Kommentare schreiben, Sie schon.</p>",
    ),
    "account-fr-connecte-en-tant-que": signed_in(
        "fr",
        "Mon compte",
        "Connecté en tant que paul",
        "Mon compte",
        "<p>Vous êtes connecté en tant que paul. Les invités ne sont pas autorisés à"
        " commenter.</p>",
    ),
    # -- a report's Error columns, a tutorial's error in a preformatted block
    "stats-en-error-columns": article(
        "en",
        "Statistics for www.example.org - December 2026",
        "Web statistics",
        "Statistics for December 2026",
        [
            "<table><tr><th>URL</th><th>Hits</th><th>Error Hits</th><th>Errors %</th></tr>"
            "<tr><td>/</td><td>1520</td><td>3</td><td>0.2</td></tr><tr><td>/old-page</td>"
            "<td>44</td><td>44</td><td>100</td></tr></table>",
        ],
    ),
    "tutorial-en-pre-error": shell(
        "en",
        "Troubleshooting: Error messages - Manual",
        "<a href='/'>Manual</a>",
        "<h1>Error messages</h1><p>Running the report on a missing section prints:</p>"
        "<pre>ERROR: Section 'intro' does not exist (display webpage). at report.pl line 41."
        "</pre><p>Add the section to sections.yml and run it again.</p>",
        "<p>Manual 3.1</p>",
    ),
    "tutorial-de-pre-error": shell(
        "de",
        "Fehler: Datei nicht gefunden – Tutorial",
        "<a href='/'>Tutorial</a>",
        "<h1>Fehler: Datei nicht gefunden</h1><p>So sieht die Meldung aus:</p>"
        "<pre>Fehler: Datei /etc/app.conf nicht gefunden</pre><p>Legen Sie die Datei an.</p>",
        "<p>Tutorial</p>",
    ),
    # -- a file that cannot be opened, said in a status post and a changelog
    "status-de-kann-nicht-oeffnen": article(
        "de",
        "lena (@lena@social.example)",
        "social.example",
        "lena",
        ["Kann /etc/fstab nicht öffnen, morgen weiter. #linux"],
    ),
    "changelog-en-cannot-open-fixed": article(
        "en",
        "Release 2.3.1 | Logview",
        "Logview",
        "Release 2.3.1",
        ["Fixed: cannot open /var/log/app.log on Windows."],
    ),
    # -- more of the same, in more languages
    "help-ja-access-kyohi": article(
        "ja",
        "アクセス拒否 - よくある質問",
        "サポート",
        "アクセス拒否",
        [
            "共有フォルダを開くと「アクセス拒否」と表示される場合は、フォルダの所有者に共有を"
            "依頼してください。管理者がアクセスを拒否した場合も同じ表示になります。",
        ],
    ),
    "router-en-access-denied-faq": article(
        "en",
        "Access denied - Router FAQ",
        "NetBox Support",
        "Access denied",
        [
            "If the admin page at http://192.168.0.1 says access is denied, your computer is"
            " on the guest network: access to the settings is denied to guests. Join the main"
            " network and open the page again.",
        ],
    ),
    "news-tr-erisim-engeli-kaldirildi": article(
        "tr",
        "Erişim engeli kaldırıldı - Gündem | Haber Ekspres",
        "Haber Ekspres",
        "Erişim engeli kaldırıldı",
        [
            "Mahkeme, üç yıldır erişimi engellenen ansiklopedi sitesine yeniden erişim izni"
            " verdi. Kullanıcılar siteye bu sabahtan itibaren girebiliyor.",
        ],
    ),
    "settings-tr-engellenen-kullanicilar": signed_in(
        "tr",
        "Engellenen kullanıcılar",
        "Giriş yapıldı: deniz",
        "Engellenen kullanıcılar",
        "<p>Engellediğiniz kişilerin profilinize erişimi engellenir.</p>"
        "<ul><li>spam_hesap_12 · Engeli kaldır</li></ul>",
    ),
    "news-he-hagisha-lechof-nidchet": article(
        "he",
        "מבזקים | חדשות הים",
        "חדשות הים",
        "מבזקים",
        ["הגישה לחוף הצפוני נדחית עד לסיום העבודות.", "מחר: גלים נמוכים."],
    ),
    "notice-hu-epitkezes-tiltva": article(
        "hu",
        "Lezárások | Kerületi Hírek",
        "Kerületi Hírek",
        "Lezárások",
        ["A Fő utcai építkezéshez illetéktelenek hozzáférése tiltva.", "Terelés a Kis utcán."],
    ),
    "terms-ms-kanak-kanak": article(
        "ms",
        "Terma penggunaan | KedaiBuku",
        "KedaiBuku",
        "Terma penggunaan",
        [
            "Akses tidak dibenarkan kepada kanak-kanak di bawah 13 tahun tanpa ibu bapa.",
            "Harga termasuk SST.",
        ],
    ),
    "songs-sk-pristup-odmietnuty": article(
        "sk",
        "Piesne | Kapela Mráz",
        "Kapela Mráz",
        "Piesne",
        ["1. Prístup odmietnutý", "2. Nočný vlak", "3. Dážď nad Tatrami"],
    ),
    "faq-zh-gongzidan": article(
        "zh",
        "我可以查看同事的工资吗？ - 员工手册",
        "员工手册",
        "我可以查看同事的工资吗？",
        ["你无权查看他人的工资单。", "如有疑问，请联系人事部。"],
    ),
    "early-end-fr-cookies": (
        "<html><head><meta charset='utf-8'><title>Horaires | Piscine municipale</title>"
        "<link rel='stylesheet' href='/s.css'></head><script>window.dataLayer=[];</script>"
        "</html><body><div class='cookies'>Ce site utilise des cookies. <a href='#'>OK</a>"
        "</div><header><a href='/'>Piscine municipale</a> <a href='/connexion'>Connexion"
        "</a></header><main><h1>Horaires</h1><p>Lundi au vendredi de 7 h à 20 h, samedi de"
        " 9 h à 18 h. Accès au bassin refusé aux enfants de moins de 10 ans non"
        " accompagnés.</p></main></body>"
    ).encode(),
    "product-de-nur-fuer-mitglieder": article(
        "de",
        "Kletterschuh Vento – Bergsportladen",
        "Bergsportladen",
        "Kletterschuh Vento",
        [
            "129,90 € · Größen 36–46 · auf Lager",
            "Nur Mitglieder können Bewertungen schreiben.",
        ],
    ),
    "forum-en-only-admins-error-heading": forum(
        "en",
        "Error when saving a draft - Community",
        "Community",
        "Error when saving a draft",
        [
            ("sam", "The Save button shows an error for me, not for my colleague."),
            ("admin_lee", "Only administrators can save drafts in shared spaces."),
        ],
    ),
    # -- errors quoted by people asking about them
    "question-en-relation-does-not-exist": shell(
        "en",
        'ERROR: relation "users" does not exist in PostgreSQL - Q&amp;A',
        "<a href='/'>Q&amp;A</a> <a href='/questions'>Questions</a> <a href='/login'>Log in</a>",
        '<h1>ERROR: relation "users" does not exist in PostgreSQL</h1><p>Asked 2 days ago ·'
        ' Viewed 53 times</p><pre>ERROR:  relation "users" does not exist\nLINE 1: SELECT *'
        " FROM users;</pre><p>I created the table in pgAdmin and can see it there. Why does"
        " psql not find it? I am connected to the same database.</p><p>1 answer</p><p>The table"
        ' was created with quotes as "Users"; quote the name the same way, or rename it in'
        " lower case.</p>",
        "<p>Q&amp;A · Terms · Privacy</p>",
    ),
    "forum-en-cannot-open-ttyusb": forum(
        "en",
        "Cannot open /dev/ttyUSB0 - Maker Forum",
        "Maker Forum",
        "Cannot open /dev/ttyUSB0",
        [
            ("tomas · 3 Dec 2026 · 2 replies", "Cannot open /dev/ttyUSB0 after the update."),
            ("ines · 3 Dec 2026", "Add your user to the dialout group and log in again."),
        ],
    ),
    "help-it-solo-gli-amministratori": article(
        "it",
        "Errore nelle impostazioni? | Assistenza",
        "Assistenza",
        "Errore nelle impostazioni?",
        [
            "Solo gli amministratori possono modificare questa impostazione.",
            "Chiedi all'amministratore del tuo gruppo.",
        ],
    ),
    "settings-pl-zalogowany-jako": signed_in(
        "pl",
        "Ustawienia forum",
        "Zalogowany jako marek",
        "Ustawienia forum",
        "<p>Jesteś zalogowany jako marek. Goście nie są uprawnieni do pobierania plików.</p>",
    ),
    "settings-pt-conectado-como": signed_in(
        "pt",
        "Comentários",
        "Conectado como ana",
        "Comentários",
        "<p>Você está conectado como ana. Visitantes não estão autorizados a comentar.</p>",
    ),
    "changelog-ru-ne-udaetsya-otkryt": article(
        "ru",
        "Версия 2.3.1 | Logview",
        "Logview",
        "Версия 2.3.1",
        ["Исправлено: невозможно открыть /var/log/app.log в Windows."],
    ),
    # -- works, signs and help pages named by the words of a refusal, in more languages
    "novel-id-akses-ditolak": article(
        "id",
        "Akses Ditolak - Novel | Toko Buku Nusantara",
        "Toko Buku Nusantara",
        "Akses Ditolak",
        [
            "Novel thriller karya Rina Putri. Saat akses Dimas ke server bank ditolak, ia"
            " menemukan bahwa orang lain sudah lama masuk ke sistem itu.",
            "Rp 89.000 · 312 halaman · Stok tersedia",
        ],
    ),
    "episode-nl-toegang-geweigerd": article(
        "nl",
        "Toegang geweigerd - Seizoen 2 - Recherche Noord | Omroep",
        "Omroep",
        "Toegang geweigerd",
        [
            "Aflevering 5. De rechercheurs krijgen geen toegang tot het archief: hun toegang"
            " wordt geweigerd door een officier die iets te verbergen heeft.",
            "Zondag 21.05 uur · 48 minuten",
        ],
    ),
    "shop-pl-tablica-dostep-zabroniony": article(
        "pl",
        "Tablica Dostęp zabroniony – Sklep BHP",
        "Sklep BHP",
        "Tablica Dostęp zabroniony",
        [
            "Znak informujący, że dostęp osób nieupoważnionych jest zabroniony. PCV 1 mm,"
            " 30×20 cm, folia odblaskowa.",
            "19,90 zł · Dodaj do koszyka",
        ],
    ),
    "shop-en-no-access-sign": article(
        "en",
        "No Access Sign - Authorized Personnel Only | SafetySigns",
        "SafetySigns",
        "No Access Sign - Authorized Personnel Only",
        [
            "Aluminium sign, 300 × 200 mm. Tells visitors that access is denied to anyone who"
            " is not authorized staff. Only authorized staff may enter.",
            "£12.50 · In stock · Add to basket",
        ],
    ),
    "game-ja-access-kyohi": article(
        "ja",
        "アクセス拒否 - 実績 - サイバーラン攻略",
        "サイバーラン攻略",
        "アクセス拒否",
        ["ミッション4で、端末へのアクセスを一度も拒否されずにクリアすると解除される実績。"],
    ),
    "help-ar-rafd-alwusul": article(
        "ar",
        "تم رفض الوصول - مركز المساعدة",
        "مركز المساعدة",
        "تم رفض الوصول",
        [
            "تظهر هذه الرسالة عندما لا يشارك مالك المجلد المجلد مع حسابك. تم رفض الوصول لأن"
            " المالك لم يمنحك الإذن بعد، اطلب منه مشاركة المجلد.",
        ],
    ),
    "help-vi-truy-cap-bi-tu-choi": article(
        "vi",
        "Truy cập bị từ chối - Trung tâm trợ giúp",
        "Trung tâm trợ giúp",
        "Truy cập bị từ chối",
        [
            "Thông báo này xuất hiện khi chủ thư mục chưa chia sẻ với tài khoản của bạn. Quyền"
            " truy cập bị từ chối cho đến khi chủ thư mục cấp quyền.",
        ],
    ),
    "film-ko-jeopgeun-geobu": article(
        "ko",
        "접근 거부 (2022) - 영화 정보",
        "영화 정보",
        "접근 거부",
        ["스릴러, 2022. 서버실 접근이 거부된 관리자가 사건의 진실을 쫓는다.", "평점 7.1"],
    ),
    "novel-it-accesso-negato": article(
        "it",
        "Accesso negato - romanzo di Luca Neri | Libreria",
        "Libreria",
        "Accesso negato",
        [
            "Un thriller informatico: quando l'accesso al server della banca le viene negato,"
            " Giulia scopre di non essere la sola a cercarlo.",
            "€ 16,00 · 280 pagine",
        ],
    ),
    "song-pt-acesso-negado": article(
        "pt",
        "Acesso Negado - Banda Vértice | Letras e cifras",
        "Letras e cifras",
        "Acesso Negado",
        [
            "Faixa 3 do álbum Rede (2024). A canção fala de um acesso negado a um amor que"
            " não responde mais às mensagens.",
            "Ouça também: Sinal Fraco",
        ],
    ),
    "docs-zh-roles-table": article(
        "zh",
        "角色说明 - 文档",
        "文档",
        "角色说明",
        [
            "<table><tr><th>角色</th><th>项目设置</th></tr><tr><td>访客</td><td>无权限</td>"
            "</tr><tr><td>管理员</td><td>可编辑</td></tr></table>",
        ],
    ),
    "notice-zh-tw-feigongzuo": article(
        "zh-TW",
        "參觀須知 - 市立美術館",
        "市立美術館",
        "參觀須知",
        ["非工作人員無權進入庫房。", "館內請勿飲食。"],
    ),
    # -- a build's failed job: a page that reports an error of the build, not its own
    "ci-en-failed-job-log": shell(
        "en",
        "Job #482 · Pipelines · shop-web · CI",
        "<a href='/'>CI</a> <a href='/shop-web/pipelines'>Pipelines</a>"
        " <span class='account'>Signed in as dana</span>",
        "<h1>Job #482</h1><div class='alert alert-danger'>Error: this job failed after"
        " 41 seconds.</div><pre>ERROR: Section 'deploy' does not exist (ci.yml). at"
        " /usr/share/ci/Runner.pm line 88.\nJob failed: exit code 1</pre><p>Retry · Download"
        " the log · Browse artifacts</p>",
        "<p>CI 16.4</p>",
    ),
    "ci-de-fehlgeschlagen": shell(
        "de",
        "Job #77 · Fehler · Pipelines",
        "<a href='/'>CI</a> <span class='account'>Angemeldet als jonas</span>",
        "<h1>Fehler</h1><p>Job #77 ist fehlgeschlagen.</p><pre>Datei /builds/app/.env nicht"
        " gefunden\nexit code 2</pre><p>Erneut starten · Protokoll herunterladen</p>",
        "<p>CI</p>",
    ),
}


# Flagged before this round (on 2ee62bee too), most by a title's segment the phrase lists read
# as a denial over a thin page (a film's, a novel's, a song's, a sign's, a help article's page
# named by the words): older rules, left for a later round.
EARLIER: dict[str, str] = {
    "episode-de-zugriff-verweigert": "soft_403: access_denied (title: zugriff verweigert)",
    "forum-tr-erisim-engellendi-hatasi": "soft_403: access_denied (title: erişim engellendi)",
    "help-fr-acces-refuse-banque": "soft_403: access_denied (title: accès refusé)",
    "law-zh-tw-wuquan-chufen": "soft_403: access_denied (title: 無權)",
    "episode-nl-toegang-geweigerd": "soft_403: access_denied (title: toegang geweigerd)",
    "shop-pl-tablica-dostep-zabroniony": "soft_403: access_denied (title: dostęp zabroniony)",
    "shop-en-no-access-sign": "soft_403: access_denied_text (access is denied)",
    "help-ar-rafd-alwusul": "soft_403: access_denied (title: تم رفض الوصول)",
    "help-vi-truy-cap-bi-tu-choi": "soft_403: access_denied (title: truy cập bị từ chối)",
    "novel-it-accesso-negato": "soft_403: access_denied (title: accesso negato)",
    "song-pt-acesso-negado": "soft_403: access_denied (title: acesso negado)",
    "docs-zh-roles-table": "soft_403: permission_denied (无 ... 权限: 无权限), a table's cell",
    "question-en-relation-does-not-exist": (
        "soft_404: heading_not_found_words (title: does not exist), error_heading (title)"
    ),
    "router-en-access-denied-faq": "soft_403: access_denied (title: access denied)",
    "tutorial-de-pre-error": "soft_404: heading_not_found (title: datei nicht gefunden)",
}


def page_params() -> list:
    params = []
    for name in sorted(PAGES):
        reason = EARLIER.get(name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[str, tuple[set[str], str]]:
    folder = tmp_path_factory.mktemp("eleventh-review")
    for name, body in PAGES.items():
        (folder / f"{name}.html").write_bytes(body)
    rows = [{"file": f"{name}.html", "label": "healthy"} for name in PAGES]
    return {
        result.row["file"].removesuffix(".html"): (result.flags, result.explained)
        for result in judge_offline(rows, folder)
    }


@pytest.mark.parametrize("name", page_params())
def test_a_healthy_page_gets_no_finding(verdicts, name):
    flags, explained = verdicts[name]
    assert FINDINGS.isdisjoint(flags), explained


def test_every_earlier_entry_names_a_page():
    assert set(EARLIER) <= set(PAGES)


# -- the narrowed rules, each beside the error page it was written for


def block_page(title: str, line: str, reasons: str) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><table><tr>"
        f"<td><b>{line}</b></td></tr><tr><td>{reasons}</td></tr></table></body></html>"
    ).encode()


REASONS = (
    "<p>Access to the page {} was denied for this reason: the site is in a category the"
    " network's policy does not allow. Ask your network administrator if you have"
    " questions.</p><p>Powered by a web filter</p>"
)


@pytest.mark.parametrize("address", ["http://shop.example.com/", "10.0.0.7"])
def test_a_block_page_that_names_the_address_it_refused_is_a_restated_denial(address):
    page = parse_html(
        block_page("Filter - Access denied", "Access denied", REASONS.format(address))
    )
    assert restated_denial(page)


def test_a_block_page_text_without_an_address_is_no_restated_denial():
    page = parse_html(block_page("Filter - Access denied", "Access denied", REASONS.format("")))
    assert restated_denial(page) is None


def test_a_denial_said_as_the_condition_of_advice_is_no_restated_denial():
    advice = (
        "<p>If the admin page at http://192.168.0.1 says access is denied, join the main"
        " network: the guest network cannot open it.</p>"
    )
    assert (
        restated_denial(parse_html(block_page("FAQ - Access denied", "Access denied", advice)))
        is None
    )


@pytest.mark.parametrize(
    "sentence",
    ["无权代理是指行为人没有代理权的行为。", "您无权转让您的账户。", "你无权查看他人的工资单。"],
)
def test_no_right_in_law_or_to_other_peoples_things_is_no_denial(sentence):
    assert permission_denied([sentence]) is None


@pytest.mark.parametrize("sentence", ["您无权访问此页面。", "你無權查看此內容", "无权限"])
def test_no_right_to_see_this_is_still_a_denial(sentence):
    assert permission_denied([sentence]) is not None


def test_an_item_said_absent_from_a_world_is_no_requested_page():
    assert (
        requested_page_absent(["The item you are thinking of does not exist in Java Edition."])
        is None
    )
    assert requested_page_absent(["The item you requested does not exist."])
    assert requested_page_absent(["The page you requested was not found on this server."])


@pytest.mark.parametrize(
    ("line", "denied"),
    [
        ("you are logged in as paul. guests are not allowed to comment.", False),
        ("you are authenticated as bob, but are not authorized to access this page.", True),
        ("sie sind als bob angemeldet. zugriff verweigert.", True),
    ],
)
def test_a_denial_beside_the_session_counts_only_when_it_is_the_visitors(line, denied):
    found: dict = {"access_denied_text": "a denial read before"}
    page = parse_html(f"<html><body><main><p>{line}</p></main></body></html>".encode())
    signed_in_denial(page, found)
    assert ("signed_in_denial" in found) is denied


def test_a_file_that_cannot_be_opened_is_a_missing_page_only_when_the_page_names_it():
    path = "/var/lib/backups/pc/web-01/XferLOG.99"
    assert unopened_file(f"File {path} Can't open log file {path}")
    assert unopened_file(f"Release 2.3.1 Fixed: cannot open {path} on Windows.") is None
