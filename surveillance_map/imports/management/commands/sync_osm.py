"""Follow an OpenStreetMap replication directory (minutely, hourly or daily diffs).

    manage.py sync_osm --replication-url https://planet.openstreetmap.org/replication/minute/ --once

Needs: a replication directory (state.txt, 000/000/NNN.osc.gz and their .state.txt; a file://
URL works for a local copy) and either a stored sequence (from an earlier run), the header
timestamp of an imported OSM extract, or --start-sequence. Each diff is one transaction: on a
dead URL, a missing (gap) or corrupt diff, or a diff older than the stored state, it stops with
the reason, exits non-zero, and nothing of that diff is applied; the sequence stays put.
"""

from django.core.management.base import BaseCommand, CommandError

from surveillance_map.imports.replication import ReplicationError
from surveillance_map.imports.sync import DiffResult, sync


class Command(BaseCommand):
    help = "Apply OpenStreetMap replication diffs to the cameras (see the module docstring)."

    def add_arguments(self, parser):
        parser.add_argument("--replication-url", required=True, metavar="URL")
        parser.add_argument("--start-sequence", type=int, metavar="N")
        parser.add_argument(
            "--once", action="store_true", help="Catch up and stop (default: keep polling)"
        )

    def handle(self, *args, **options):
        if options["start_sequence"] is not None and options["start_sequence"] < 0:
            raise CommandError("--start-sequence must be 0 or more")

        def progress(diff: DiffResult) -> None:
            c = diff.counts
            self.stdout.write(
                f"diff {diff.sequence} ({diff.timestamp:%Y-%m-%d %H:%M:%S} UTC): "
                f"{diff.nodes:,} surveillance nodes → created {c.created}, linked {c.linked}, "
                f"updated {c.updated}, retired {c.retired}, unchanged {c.unchanged}, "
                f"conflicts {c.conflicts}"
            )

        summary = None
        try:
            summary = sync(
                url=options["replication_url"],
                start_sequence=options["start_sequence"],
                once=options["once"],
                progress=progress,
            )
        except ReplicationError as error:
            raise CommandError(f"sync stopped, nothing of that diff applied: {error}") from None
        if summary.last is None:
            self.stdout.write(f"Up to date: nothing after sequence {summary.newest}.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Applied diffs {summary.first}–{summary.last} (newest {summary.newest}): "
                f"created {summary.total('created')}, linked {summary.total('linked')}, "
                f"updated {summary.total('updated')}, retired {summary.total('retired')}, "
                f"conflicts sent to moderators {summary.total('conflicts')}"
            )
        )
