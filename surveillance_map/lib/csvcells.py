"""CSV cells a spreadsheet will not run as a formula: the one rule for every CSV we write.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
apostrophe (`'=1+1`), which spreadsheets show as text and which anyone can strip again
(remove one leading `'` where the next character is one of those). Numbers are never touched:
a longitude of -0.1 stays a number. GeoJSON, KML and OSM XML keep the exact text.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def safe_cell(value):
    """`value` for a CSV text cell; anything but a string is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return ESCAPE + value
    return value


def safe_cell_sql(expression: str) -> str:
    """The same in SQL (PostgreSQL), for a text `expression`; NULL stays NULL."""
    starts = ", ".join(["'='", "'+'", "'-'", "'@'", "E'\\t'", "E'\\r'"])
    return (
        f"CASE WHEN left({expression}, 1) IN ({starts}) "
        f"THEN '{ESCAPE}{ESCAPE}' || ({expression}) ELSE {expression} END"
    )
