"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from plaza import datadir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plaza.settings")
datadir.prepare()  # the data folder and its secret key, before the settings read them

application = get_asgi_application()
