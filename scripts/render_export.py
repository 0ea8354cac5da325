"""See the rollup as the leadership will: run the demo, print the workbook to PDF with
LibreOffice, and turn every page into a PNG to look at.

Needs Debian's libreoffice-calc-nogui and poppler-utils:
    apt-get install -y libreoffice-calc-nogui poppler-utils fonts-noto-cjk
Usage:
    python scripts/render_export.py [OUT_DIR]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="huikan-render-"))
    out.mkdir(parents=True, exist_ok=True)
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: apt-get install -y libreoffice-calc-nogui poppler-utils fonts-noto-cjk")
    demo = out / "demo"
    subprocess.run([sys.executable, "-m", "huikan", "demo", "--dir", str(demo)], check=True, capture_output=True)
    [workbook] = demo.glob("*.xlsx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(workbook)],
                   check=True, capture_output=True, timeout=300)
    pdf = out / f"{workbook.stem}.pdf"
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(out / "page")], check=True)
    pages = sorted(out.glob("page-*.png"))
    print(f"workbook: {workbook}\npdf: {pdf}\npages: {len(pages)}")
    for page in pages:
        print(f"  {page}")


if __name__ == "__main__":
    main()
