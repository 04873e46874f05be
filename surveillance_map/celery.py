"""The Celery app: background jobs with Redis as the broker (see surveillance_map/jobs).

    celery -A surveillance_map worker --loglevel WARNING   # runs jobs
    celery -A surveillance_map beat --loglevel WARNING     # schedules them (one per site)

Without REDIS_URL (`make run`) jobs run at once, in the process that asks for them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "surveillance_map.settings")

app = Celery("surveillance_map")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # each app's tasks.py
