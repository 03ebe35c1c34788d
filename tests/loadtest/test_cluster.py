"""`make loadtest INSTANCES=2` (loadtest/cluster.py): the cross-instance
checks against two real gunicorn instances with production settings and the
Redis cache, and the nginx site of deploy/ rendered for the loopback test and
for production, each checked by nginx itself."""

import os
import shutil
import subprocess
import sys

import pytest

from loadtest import cluster
from tests.conftest import REPO_ROOT

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
needs_nginx = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
TEMPLATE = cluster.NGINX_SITE.read_text()
PRODUCTION = {
    "LISTEN": "443 ssl http2",
    "SERVER_NAME": "psoasapp.example.org",
    "LOG_DIR": "/var/log/nginx",
    "STATIC_ROOT": "/srv/psoasapp/var/static",
    "MEDIA_ROOT": "/srv/psoasapp/var/media",
    "TLS_CERTIFICATE": "/etc/ssl/psoasapp/fullchain.pem",
    "TLS_CERTIFICATE_KEY": "/etc/ssl/psoasapp/privkey.pem",
}


def test_two_instances_share_the_login_limit_and_the_sessions(tmp_path):
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/6"
    if problem := cluster.redis_unreachable(redis_url):
        pytest.skip(f"Redis at {redis_url} does not answer: {problem}")
    env = {
        **{k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ},
        # No DATABASE_URL: a SQLite file in tmp_path, shared by both instances.
        "REDIS_URL": redis_url,
    }

    result = subprocess.run(
        [sys.executable, "-m", "loadtest.cluster", "--check-only"]
        + ["--out", str(tmp_path)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    # Five failures spread over the two instances; the sixth is refused on
    # the second one, and so is the right password then.
    for attempt, instance in [(1, 1), (2, 2), (3, 1), (4, 2), (5, 1)]:
        assert f"failed login {attempt} on instance {instance}: wrong password " in out
    assert "failed login 6 on instance 2: limited " in out
    assert "the right password on instance 2: limited " in out
    # Logged in on instance 1, signed in on instance 2; logged out there,
    # instance 1 sends the browser to the login page.
    assert "its session on instance 2: dashboard 200, signed in as session-" in out
    assert "the session on instance 1: 302 to /account/login/" in out


def test_the_loopback_site_has_no_tls_and_one_upstream_line_per_instance():
    site = cluster.render_nginx_site(
        TEMPLATE,
        values={
            "LISTEN": "127.0.0.1:8080",
            "SERVER_NAME": "127.0.0.1",
            "LOG_DIR": "/tmp/logs",
            "STATIC_ROOT": "/tmp/static",
            "MEDIA_ROOT": "/tmp/media",
        },
        app_servers=["127.0.0.1:9001", "127.0.0.1:9002", "127.0.0.1:9003"],
        tls=False,
    )

    assert "ssl" not in site
    assert "listen 80" not in site and "return 301" not in site
    assert "    listen 127.0.0.1:8080;\n" in site
    assert [line.strip() for line in site.splitlines() if "max_fails" in line] == [
        f"server 127.0.0.1:900{n} max_fails=3 fail_timeout=10s;" for n in (1, 2, 3)
    ]
    assert "@" not in site


def test_the_production_site_keeps_tls_and_needs_every_placeholder():
    site = cluster.render_nginx_site(
        TEMPLATE,
        values=PRODUCTION,
        app_servers=["10.0.0.11:8000", "10.0.0.12:8000"],
        tls=True,
    )

    assert "ssl_certificate /etc/ssl/psoasapp/fullchain.pem;  # tls" in site
    assert "return 301 https://$host$request_uri;" in site
    with pytest.raises(ValueError, match="TLS_CERTIFICATE"):
        cluster.render_nginx_site(
            TEMPLATE,
            values={k: v for k, v in PRODUCTION.items() if k != "TLS_CERTIFICATE"},
            app_servers=["10.0.0.11:8000"],
            tls=True,
        )


@needs_nginx
def test_nginx_accepts_the_loopback_site(tmp_path):
    site, main_conf = cluster.write_nginx_config(
        tmp_path, 8080, ["http://127.0.0.1:9001", "http://127.0.0.1:9002"]
    )

    result = _nginx_test(tmp_path, main_conf)

    assert result.returncode == 0, result.stderr
    assert "server 127.0.0.1:9002 " in site.read_text()


@needs_nginx
def test_nginx_accepts_the_production_site(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=psoasapp.example.org"]
        + ["-keyout", str(key), "-out", str(certificate)],
        capture_output=True,
        check=True,
    )
    site = tmp_path / "psoasapp.conf"
    site.write_text(
        cluster.render_nginx_site(
            TEMPLATE,
            values={
                **PRODUCTION,
                "LOG_DIR": str(tmp_path),
                "TLS_CERTIFICATE": str(certificate),
                "TLS_CERTIFICATE_KEY": str(key),
            },
            app_servers=["10.0.0.11:8000", "10.0.0.12:8000"],
            tls=True,
        )
    )
    (tmp_path / "nginx-temp").mkdir()
    main_conf = tmp_path / "nginx.conf"
    main_conf.write_text(cluster.nginx_main_conf(tmp_path, site))

    result = _nginx_test(tmp_path, main_conf)

    assert result.returncode == 0, result.stderr


def _nginx_test(prefix, main_conf) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-c", str(main_conf)]
        + ["-e", str(prefix / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--instances", "1"], "--instances must be 2 or more"),
        (["--users", "0"], "must be 1 or more"),
    ],
)
def test_the_runner_refuses_a_set_up_that_is_not_a_cluster(argv, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        cluster.parse_args(argv)

    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_the_runner_defaults_to_two_instances_of_two_workers_and_100_users():
    args = cluster.parse_args([])

    assert (args.instances, args.workers, args.users) == (2, 2, 100)
