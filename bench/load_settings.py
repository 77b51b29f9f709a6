"""Settings for bench/load.py's server: Plaza's own, plus the floor view (bench/load_urls.py).

Only the URL configuration differs, so the floor passes through the same middleware, the
same gunicorn workers and threads, and the same database connections as every Plaza page.
"""

from plaza.settings import *  # noqa: F403

ROOT_URLCONF = "load_urls"
