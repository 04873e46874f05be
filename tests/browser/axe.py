"""axe-core in the Playwright tests: the rules of WCAG 2.2 A and AA, run in the page.

axe-core is pinned in package.json (devDependencies) and read from node_modules by the tests
only: visitors never get it. `make install` runs npm; without node_modules these tests skip.
"""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def violations(page) -> list[str]:
    """One line per violated rule and element: rule, impact, the element's selector."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make install runs npm)")
    # Evaluated through the DevTools protocol: not a <script> the page's CSP would refuse.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    found = page.evaluate(
        "(tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } })"
        ".then((r) => r.violations.map((v) => v.nodes.map((n) =>"
        " `${v.id} (${v.impact}): ${n.target.join(' ')}:"
        " ${n.failureSummary.split('\\n')[1] || ''}`)).flat())",
        WCAG_22_AA,
    )
    return found
