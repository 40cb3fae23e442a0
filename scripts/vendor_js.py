"""Copy the npm-installed browser libraries into the web UI's git-ignored vendor folder.

Usage: python scripts/vendor_js.py [NODE_MODULES]   (after `npm ci` at the repository root)
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsgraph.web.vendor import vendor

if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    node_modules = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "node_modules"
    try:
        files = vendor(node_modules)
    except FileNotFoundError as exc:
        sys.exit(f"vendor_js: {exc}")
    print(f"vendor_js: copied {len(files)} files to {files[0].parent}")
