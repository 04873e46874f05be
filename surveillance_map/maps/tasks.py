"""The scheduled application of queued tile-cell changes (Celery beat, every minute).

Imports apply their queue when they commit; this catches the changes queued by writes that
committed after a rebuild beside the table had stopped waiting for them (maps/cells.py).
"""

from celery import shared_task

from surveillance_map.maps.cells import apply_pending_cells


@shared_task(name="maps.apply_queued_cells", ignore_result=True)
def apply_queued_cells_task() -> int:
    """Apply whatever cell changes are queued; how many."""
    return apply_pending_cells()
