"""Run the whole test suite: `python3 tests/run.py [pytest arguments]` (sets the hosts up first).

Tiers, each its own pytest process:
  unit          samplers/ math in plain torch (no ComfyUI), parity against diffusers;
  <host>        integration tests inside each real ComfyUI host (`harness/host.py` HOSTS),
                with that host's venv: the pack loaded by ComfyUI's own loader, prompts run by
                its executor, workflows in its real frontend.
Two ComfyUI trees cannot share one process (both are the top-level `comfy`), hence one pytest
per host. FEWSTEP_HOSTS="comfyui-0.3.75 ..." runs a subset; a host that cannot be set up
counts as a failure, with the reason. Extra arguments go to every pytest run (e.g. `-k tcd -x`).
"""

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from harness import host  # noqa: E402


def run_tier(name: str, python: Path, path: str, env: dict, extra: list[str]) -> dict:
    report = host.ROOT / ".cache" / f"junit-{name}.xml"
    report.unlink(missing_ok=True)
    cmd = [str(python), "-m", "pytest", path, f"--junitxml={report}", "-o", f"junit_suite_name={name}", *extra]
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
    names = os.environ.get("FEWSTEP_HOSTS", "").split() or list(host.HOSTS)
    start = time.perf_counter()
    trees = host.setup(names, browser=True)
    print(f"setup: {time.perf_counter() - start:.0f} s", flush=True)
    extra = sys.argv[1:]
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    lines = []
    ready = [name for name in names if not isinstance(trees[name], host.Unavailable)]
    # the unit tier needs torch and diffusers: any host's venv has them
    tiers = [("unit", host.HOSTS[ready[0]].venv.python if ready else None, "tests/unit", {})]
    tiers += [(name, host.HOSTS[name].venv.python, "tests/integration", {"FEWSTEP_HOST": name}) for name in names]
    for name, python, path, env in tiers:
        tier_start = time.perf_counter()
        if python is None or isinstance(trees.get(name), host.Unavailable):
            counts = {"passed": 0, "failed": 1, "skipped": 0}
            note = f"NOT SET UP: {trees.get(name, 'no host could be set up for its venv')}"
        else:
            counts = run_tier(name, python, path, {**os.environ, **env}, extra)
            note = f"{time.perf_counter() - tier_start:.0f} s"
        lines.append(f"{name:>18}: {counts['passed']} passed, {counts['failed']} failed, "
                     f"{counts['skipped']} skipped ({note})")
        for key in totals:
            totals[key] += counts[key]
    print("\n".join(["", "=== summary"] + lines + [f"{'whole run':>18}: {time.perf_counter() - start:.0f} s"]))
    print(f"fewstep: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return 1 if totals["failed"] or not totals["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
