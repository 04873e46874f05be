"""The time written into automatic timestamps, which an anonymous contribution keeps coarse.

An anonymous "still there" confirmation changes a camera at once. Its exact time could be
matched against an operator's own camera footage, so it must not reach the database, let alone
public output (docs/security.md). Code acting for an anonymous contributor runs inside
`day_precision()`: every timestamp field below then takes the start of the day (UTC) instead of
the moment, and a "last changed" timestamp never moves back in time.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db import models
from django.utils import timezone

_DAY_ONLY: ContextVar[bool] = ContextVar("day_only", default=False)


@contextmanager
def day_precision() -> Iterator[None]:
    """Within the block, automatic timestamps keep only the day."""
    token = _DAY_ONLY.set(True)
    try:
        yield
    finally:
        _DAY_ONLY.reset(token)


def is_day_precision() -> bool:
    return _DAY_ONLY.get()


def now() -> datetime:
    """The current time, or the start of today (UTC) inside `day_precision()`."""
    current = timezone.now()
    if _DAY_ONLY.get():
        return current.replace(hour=0, minute=0, second=0, microsecond=0)
    return current


class ClockDateTimeField(models.DateTimeField):
    """A DateTimeField whose auto_now/auto_now_add read `clock.now()`.

    It deconstructs as a plain DateTimeField: the column is the same, only the value chosen on
    save differs, so no migration is involved.
    """

    def pre_save(self, model_instance, add):
        if not (self.auto_now or (self.auto_now_add and add)):
            return super().pre_save(model_instance, add)
        value = now()
        previous = getattr(model_instance, self.attname)
        if self.auto_now and _DAY_ONLY.get() and previous is not None and previous > value:
            value = previous  # "updated today" already: keep the earlier, public-safe value
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
