"""loadtest/run.py's report reads the logs of every server of a run: a 5xx
or a traceback in any instance's logs fails it, not only the first's."""

import pytest

from loadtest import run


@pytest.fixture
def servers(tmp_path):
    folders = [tmp_path / "web1", tmp_path / "web2"]
    for folder in folders:
        folder.mkdir()
        (folder / "gunicorn.log").write_text("")
    (folders[0] / "access.log").write_text("200 GET /journal/ 40\n302 POST /x/ 70\n")
    (folders[1] / "access.log").write_text("200 GET /journal/ 50\n")
    return folders


def test_the_times_of_every_server_are_counted(servers):
    assert sorted(run.server_times(servers)) == [40.0, 50.0, 70.0]


def test_a_5xx_or_a_traceback_on_the_second_server_is_a_problem(servers):
    with (servers[1] / "access.log").open("a") as log:
        log.write("502 GET /journal/ 3\n")
    (servers[1] / "gunicorn.log").write_text("Traceback (most recent call last):\n")

    problems = run.server_log_problems(servers)

    assert problems["server 5xx (access log)"] == 1
    assert problems["tracebacks (server log)"] == 1
    assert run.server_log_problems(servers[:1])["server 5xx (access log)"] == 0
