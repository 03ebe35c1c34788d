"""gunicorn's settings that belong with the code. gunicorn reads this file from
its working directory: make bench, make loadtest and deploy/systemd's web unit
all start it in the repository's root. The address and the number of workers
stay on the command line (or GUNICORN_CMD_ARGS in production.env)."""

import gc


def post_worker_init(worker):
    """Once the worker has loaded Django, move what it holds so far (modules,
    settings, URL patterns, model metadata) out of the garbage collector's
    generations (gc.freeze): the collections that a request's allocations
    trigger then no longer walk those objects again and again. A page that
    builds many objects (the dashboard drawn after a write) was the one that
    paid for it."""
    gc.collect()
    gc.freeze()
