"""WSGI entry point, for an application server such as gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
application = get_wsgi_application()
