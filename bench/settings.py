"""Production settings with one extra URL, the baseline view: every endpoint the
benchmark measures goes through exactly the same middleware stack."""

from psoasapp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
