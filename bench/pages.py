"""Server time, SQL queries and size of the main pages, through Django's test client: `make bench`.

Runs against a throwaway SQLite database loaded with the seed content, with DEBUG off.
"""

import gzip
import statistics
import time

from django_env import setup  # bench/django_env.py

setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = [
    "/programmes/msc-machine-learning-mathematics/",
    "/courses/mlm-504/",
    "/activities/gradient-descent/",
    "/programmes/msc-machine-learning-mathematics/enrol/",
]


def main(repeats: int = 40) -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    client = Client()
    print(f"{'page':<52}{'median':>9}{'p95':>9}{'queries':>9}{'HTML':>9}{'gzip':>8}")
    for path in PAGES:
        client.get(path)  # warm-up
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        body = response.content
        p95 = sorted(times)[round(0.95 * (len(times) - 1))]
        print(
            f"{path:<52}{statistics.median(times):>7.1f}ms{p95:>7.1f}ms{len(queries.captured_queries):>9}"
            f"{len(body) // 1024:>7}kB{len(gzip.compress(body)) // 1024:>6}kB"
        )


if __name__ == "__main__":
    main()
