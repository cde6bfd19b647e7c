"""The ingest progress bar's rate and time left (provenance.cli.progress): results arrive a batch at
a time, so the rate is the average since the start, not rich's speed over the last burst."""

from __future__ import annotations

from rich.progress import Progress

from provenance.cli.progress import RateColumn, TimeLeftColumn


def _columns_after(bursts: list[tuple[float, int]], total: int) -> tuple[str, str]:
    now = [0.0]
    progress = Progress(get_time=lambda: now[0])
    task_id = progress.add_task("ingest", total=total)
    progress.start_task(task_id)
    for at, count in bursts:
        now[0] = at
        for _ in range(count):  # one advance per article, all of a batch at once
            progress.advance(task_id)
    task = progress.tasks[0]
    return RateColumn().render(task).plain, TimeLeftColumn().render(task).plain


def test_a_burst_of_a_batch_s_results_gives_the_average_rate():
    rate, left = _columns_after([(5.0, 200)], total=600)
    assert rate == "40.0 articles/s"
    assert left == "0:00:10"  # 400 left at 40 a second


def test_the_rate_follows_the_whole_run():
    rate, left = _columns_after([(5.0, 200), (15.0, 200)], total=4000)
    assert rate == "26.7 articles/s"
    assert left == "0:02:15"  # 3600 left at 26.67 a second


def test_nothing_done_yet_has_no_rate():
    assert _columns_after([], total=10) == ("", "-:--:--")
