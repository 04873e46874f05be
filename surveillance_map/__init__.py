# The Celery app is loaded with Django, so that tasks bind to it (see celery.py).
from surveillance_map.celery import app as celery_app

__all__ = ["celery_app"]
