"""The benchmark's verdict against another crawler is the median of rounds run side by side,
not the last pair: one slow minute on a shared machine must not decide it."""

from bench.crawl_benchmark import ratios


def _run(crawler: str, speed: float, cpu: float = 2.0, rss: float = 100.0) -> dict:
    return {
        "crawler": crawler,
        "requests_per_second": speed,
        "cpu_ms_per_request": cpu,
        "peak_rss_mb": rss,
    }


def test_rounds_are_paired_in_order_and_the_median_ratio_is_reported():
    rows = [
        _run("gatewatch", 500), _run("lean", 400),  # 1.25
        _run("gatewatch", 300), _run("lean", 600),  # 0.5: a slow minute for gatewatch
        _run("gatewatch", 550), _run("lean", 500),  # 1.1
    ]  # fmt: skip
    verdict = ratios(rows)["gatewatch/lean"]
    assert verdict["requests_per_second"] == 1.1
    assert verdict["requests_per_second_range"] == [0.5, 1.25]
    assert verdict["pairs"] == 3


def test_one_round_compares_each_crawler_with_gatewatch():
    rows = [_run("gatewatch", 600, cpu=3.0, rss=150), _run("plain", 150, cpu=6.0, rss=100)]
    verdict = ratios(rows)["gatewatch/plain"]
    assert (verdict["requests_per_second"], verdict["cpu_per_request"]) == (4.0, 0.5)
    assert verdict["peak_rss"] == 1.5


def test_rounds_alternate_the_order_of_the_crawlers():
    from bench.crawl_benchmark import _run_order

    order = _run_order(["gatewatch", "lean", "plain"], 3)
    first, second, third = order[0:3], order[3:6], order[6:9]
    assert first == third == ["gatewatch", "lean", "plain"]
    assert second == ["plain", "lean", "gatewatch"]
