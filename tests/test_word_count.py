"""A page's words in scripts written without spaces: a Japanese, Chinese or Thai article is as
long as its English twin, not one word per space (and so not "thin" like an error page)."""

from gatewatch.crawler.detectors import signals
from gatewatch.crawler.parse import parse_html, word_count

ARTICLE_EN = (
    "The old harbour was rebuilt in the spring. Fishing boats now moor along the new quay, "
    "and the market opens every Saturday morning beside the lighthouse. Visitors can walk "
    "the breakwater at low tide, watch the boats come in, and buy the catch of the day from "
    "the stalls. The harbour office lends bicycles for the coastal path, which follows the "
    "cliffs for twelve kilometres to the next village."
)
ARTICLE_JA = (
    "古い港は春に再建されました。漁船は新しい岸壁に沿って停泊し、土曜日の朝には灯台のそばで"
    "市場が開かれます。干潮時には防波堤を歩いて、船が戻ってくるのを眺め、屋台でその日の"
    "獲れたての魚を買うことができます。港の事務所では海岸沿いの小道のために自転車を貸し出して"
    "おり、その小道は崖に沿って十二キロメートル先の隣村まで続いています。"
)
ARTICLE_TH = (
    "ท่าเรือเก่าได้รับการสร้างใหม่ในฤดูใบไม้ผลิ เรือประมงจอดเรียงตามท่าเทียบเรือแห่งใหม่ "
    "และตลาดเปิดทุกเช้าวันเสาร์ข้างประภาคาร ผู้มาเยือนสามารถเดินบนเขื่อนกันคลื่นในช่วงน้ำลง "
    "ชมเรือกลับเข้าฝั่ง และซื้อปลาสดของวันจากแผงขายของ สำนักงานท่าเรือให้ยืมจักรยานสำหรับ"
    "เส้นทางริมชายฝั่ง ซึ่งเลียบหน้าผาไปสิบสองกิโลเมตรจนถึงหมู่บ้านถัดไป"
)


def page(lang: str, text: str) -> bytes:
    return (
        f"<!doctype html><html lang={lang}><head><meta charset=utf-8><title>Harbour</title>"
        f"</head><body><main><h1>Harbour</h1><p>{text}</p></main></body></html>"
    ).encode()


def test_unspaced_scripts_count_about_as_many_words_as_the_english_twin():
    # (Chinese and Japanese on the side of fewer words: four characters a word, as the
    # detectors count a heading's, where prose takes about three)
    english = word_count(ARTICLE_EN)
    for text in (ARTICLE_JA, ARTICLE_TH):
        assert 0.5 * english <= word_count(text) <= 1.3 * english


def test_spaced_text_counts_its_spaces():
    assert word_count("") == 0
    assert word_count("Page not found") == 3
    assert word_count("Страница не найдена") == 3


def test_a_japanese_or_thai_article_is_not_thin_when_its_english_twin_is_not():
    settings_thin = 60
    for lang, text in (("en", ARTICLE_EN * 2), ("ja", ARTICLE_JA * 2), ("th", ARTICLE_TH * 2)):
        parsed = parse_html(page(lang, text))
        assert parsed.main_word_count > settings_thin, lang
        url = f"https://example.test/{lang}/harbour"
        observed = signals(url, 200, {}, parsed, "https://example.test/")
        assert "thin_main" not in observed.found, lang
