"""Run the whole test suite: `python tools/test.py` (sets the hosts up first if needed).

Tiers, each its own pytest process:
  unit          samplers/ math in plain torch (no ComfyUI), parity against diffusers;
  <host>        integration tests inside each real ComfyUI host (`tools/host.py` HOSTS):
                the pack loaded by ComfyUI's own loader, prompts run by its executor.
Two ComfyUI trees cannot share one process (both are the top-level `comfy`), hence one
pytest per host. Extra arguments go to every pytest run (e.g. `-k tcd -x`).
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import host  # noqa: E402


def run_tier(name: str, path: str, env: dict, extra: list[str]) -> dict:
    report = host.ROOT / ".cache" / f"junit-{name}.xml"
    cmd = [sys.executable, "-m", "pytest", path, f"--junitxml={report}", "-o", f"junit_suite_name={name}", *extra]
    print(f"\n=== {name}: {' '.join(cmd)}", flush=True)
    code = subprocess.run(cmd, cwd=host.ROOT, env=env).returncode
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    if report.is_file():
        suite = ET.parse(report).getroot().find("testsuite")
        tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
        counts = {"passed": tests - failures - errors - skipped, "failed": failures + errors, "skipped": skipped}
    if code not in (0, 1) or (code == 1 and counts["failed"] == 0):  # a crash or a collection error
        counts["failed"] += 1
    return counts


def main() -> int:
    host.reexec_in_venv()
    extra = sys.argv[1:]
    tiers = [("unit", "tests/unit", {})]
    tiers += [(name, "tests/integration", {"FEWSTEP_HOST": name}) for name in host.HOSTS]
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    lines = []
    for name, path, env in tiers:
        counts = run_tier(name, path, {**os.environ, **env}, extra)
        lines.append(f"{name:>18}: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
        for key in totals:
            totals[key] += counts[key]
    print("\n".join(["", "=== summary"] + lines))
    print(f"fewstep: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return 1 if totals["failed"] or not totals["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
