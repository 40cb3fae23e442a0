"""Copy the browser libraries installed by npm into ``static/vendor/`` (git-ignored).

Third-party JavaScript is never committed: ``npm ci`` installs the locked versions into
``node_modules/`` and this copies the few files the page loads.  Module files are renamed to
``.js`` so every server sends them with a JavaScript MIME type.
"""

from __future__ import annotations

import shutil
from pathlib import Path

VENDOR = Path(__file__).parent / "static" / "vendor"

# node_modules path -> name under static/vendor/
FILES = {
    "cytoscape/dist/cytoscape.esm.min.mjs": "cytoscape.esm.min.js",
    # fcose, the layout of the network view, and the two libraries it is built on (UMD scripts
    # that define window.layoutBase, window.coseBase and window.cytoscapeFcose, in that order)
    "layout-base/layout-base.js": "layout-base.js",
    "cose-base/cose-base.js": "cose-base.js",
    "cytoscape-fcose/cytoscape-fcose.js": "cytoscape-fcose.js",
    "topojson-client/dist/topojson-client.min.js": "topojson-client.min.js",
    "world-atlas/countries-110m.json": "countries-110m.json",
    "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui-bundle.js",  # /docs, offline
    "swagger-ui-dist/swagger-ui.css": "swagger-ui.css",
    "cytoscape/LICENSE": "LICENSE.cytoscape",
    "layout-base/LICENSE": "LICENSE.layout-base",
    "cose-base/LICENSE": "LICENSE.cose-base",
    "cytoscape-fcose/LICENSE": "LICENSE.cytoscape-fcose",
    "topojson-client/LICENSE": "LICENSE.topojson-client",
    "world-atlas/LICENSE": "LICENSE.world-atlas",
    "swagger-ui-dist/LICENSE": "LICENSE.swagger-ui",
    "swagger-ui-dist/NOTICE": "NOTICE.swagger-ui",
}


def vendor(node_modules: Path, dest: Path = VENDOR) -> list[Path]:
    """Copy :data:`FILES` from ``node_modules`` to ``dest``; raise FileNotFoundError naming what is missing."""
    missing = [src for src in FILES if not (node_modules / src).exists()]
    if missing:
        raise FileNotFoundError(f"{node_modules}: missing {', '.join(missing)}; run `npm ci` first")
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for src, name in FILES.items():
        shutil.copyfile(node_modules / src, dest / name)
        out.append(dest / name)
    return out


def is_vendored(dest: Path = VENDOR) -> bool:
    return all((dest / name).exists() for name in FILES.values())
