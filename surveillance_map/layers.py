"""The apps in layers, bottom first: each may import only those listed before it.

`cameras` is the ground every other app stands on; `lib` holds small helpers without models.
Project modules (settings, urls, middleware) sit above every app. `tests/test_layers.py`
walks every import and fails on an upward one or a cycle.
"""

LAYERS = (
    "lib",  # helpers with no models: SQL files, database switch, gazetteer, country names
    "jobs",  # the record of background jobs and the runner that queues and retries them
    "cameras",  # cameras, capabilities, revisions, filters, OSM tag mapping
    "accounts",  # moderator and staff logins: throttling, second factor, the demo login
    "transparency",  # operators, vendors, programs and their evidence
    "areas",  # named boundaries; resolves area filters to geometries
    "sightings",  # anonymous submissions and their moderation
    "maps",  # tiles, tile cells, data version, search, camera pages
    "imports",  # sources, importers, demo and synthetic data
    "reports",  # area reports, vendor/program/country/world pages
    "exports",  # files, streams and published datasets
    "api",  # the public REST API
)
