"""WSGI entry point (gunicorn plaza.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from plaza import datadir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plaza.settings")
datadir.prepare()  # the data folder and its secret key, before the settings read them

application = get_wsgi_application()
