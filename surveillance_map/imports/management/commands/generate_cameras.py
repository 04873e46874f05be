"""Generate synthetic cameras for benchmarks, or delete them all.

`generate_cameras --count 1000000 [--seed 0] [--batch-size 100000]` creates cameras clustered in
about 90 city centres plus sparse countryside, every one marked `dataset=synthetic` with its
create revision, in one transaction (all or nothing). On PostGIS the rows are built in SQL (a
million in under a minute); a load bigger than the table rebuilds the camera tables' indexes
and the map's tile cells at the end and keeps those tables locked meanwhile, so run it on a
benchmark database, not a live site (a smaller load queues its tile-cell changes, as an import
does). On SpatiaLite the rows go through the camera services, which suits a few thousand.
`generate_cameras --delete` removes every synthetic camera with its revisions and capability
links and leaves real data alone.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from surveillance_map.imports import synthetic


class Command(BaseCommand):
    help = "Create (or --delete) synthetic cameras for benchmarks; never mixed with real data."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, help="How many cameras to create")
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same cameras")
        parser.add_argument("--batch-size", type=int, default=100_000, metavar="B")
        parser.add_argument("--delete", action="store_true", help="Delete all synthetic cameras")

    def handle(self, *args, count, seed, batch_size, delete, **options):
        started = time.perf_counter()
        if delete:
            if count is not None:
                raise CommandError("--delete takes no --count")
            deleted = synthetic.delete()
            self.stdout.write(f"Deleted {deleted:,} synthetic cameras.")
        else:
            if count is None or count < 1:
                raise CommandError("--count must be a positive number of cameras")
            if batch_size < 1:
                raise CommandError("--batch-size must be positive")
            if not 0 <= seed < 2**40:
                raise CommandError("--seed must be between 0 and 2**40")

            def progress(done: int) -> None:
                elapsed = time.perf_counter() - started
                self.stderr.write(f"  … {done:,} / {count:,} cameras ({elapsed:.1f} s)")

            synthetic.generate(
                count=count,
                seed=seed,
                batch_size=batch_size,
                progress=progress if options["verbosity"] >= 1 and count >= 100_000 else None,
            )
            self.stdout.write(f"Created {count:,} synthetic cameras (seed {seed}).")
        self.stdout.write(f"Took {time.perf_counter() - started:.1f} s.")
