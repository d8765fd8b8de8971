"""gunicorn settings for `make serve` and the container. Every value can be overridden by the environment."""

import logging
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
# Plot rendering is CPU-bound: one process per core plus one to cover I/O waits. One thread per
# worker keeps matplotlib's per-thread figure cache simple and the Agg canvases unshared.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# The longest URL an activity produces (a classifier state of 200 points) is under 6,000 characters;
# gunicorn's default request line (4,094) refused it with a bare 414. nginx in front accepts a request
# line of up to 8 kB (large_client_header_buffers) and answers its styled 414 beyond.
limit_request_line = 8190
# Recycle workers now and then, so that memory stays bounded whatever a long run leaves behind.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
preload_app = True
# Django's request log middleware writes one line per request with its id; gunicorn's own
# access log would duplicate it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl), which a second
# site on the same machine takes over and removes when it stops. make serve gives each site its own
# (GUNICORN_CONTROL_SOCKET, in its run folder); elsewhere (the container, the benchmarks) it is off.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def on_starting(server):
    """gunicorn's error log quotes the request line of a failed request: mask applicants' link tokens
    there as Django's handlers do. A filter on the logger (not a handler) survives gunicorn's own setup."""
    from dmath.logfilters import MaskSecretPaths

    logging.getLogger("gunicorn.error").addFilter(MaskSecretPaths())


def when_ready(server):
    """Draw every figure background once in the master, before the workers are forked.

    Each worker then starts with all 34 backgrounds (shared copy-on-write), so the first plot of a
    surface in a fresh or recycled worker costs what any other does (~100 ms less at scale 2). It
    delays the start by 5-10 s on a 2-core machine; GUNICORN_WARM_FIGURES=0 skips it.
    """
    if not preload_app or os.environ.get("GUNICORN_WARM_FIGURES", "1") == "0":
        return
    import activities.kinds  # noqa: F401  (registers every plot module's backgrounds)
    from activities.engine.scenes import warm_scenes

    server.log.info("Figure backgrounds drawn before forking: %d", warm_scenes())
    from activities.engine.memory import settle

    settle()  # what the master holds now lives as long as the workers: no collection walks it again
