import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from surveillance_map.lib.lean import LeanHandler, dispatching

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "surveillance_map.settings")
# Tiles skip the middleware they do not need (lib/lean.py); everything else gets all of it.
application = dispatching(get_wsgi_application(), LeanHandler(), tuple(settings.LEAN_PATHS))
