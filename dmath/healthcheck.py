"""Container health check: `python -m dmath.healthcheck` exits 0 when /healthz answers 200.

It asks for an allowed host name and says it came through TLS, as the load balancer would, so that
neither ALLOWED_HOSTS nor the HTTPS redirect gets in the way.
"""

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    host = (os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost").lstrip(".")
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError):
        return 1


if __name__ == "__main__":
    sys.exit(main())
