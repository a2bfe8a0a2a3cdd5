"""Load test: how many trainees one machine's JupyterHub classroom carries (issue 15, part 1).

For each class size N a fresh classroom is started on loopback (``tests/hub/launch.py``:
the shipped ``deploy/jupyterhub_config.py`` with a shared password and the local process
spawner). The trainer logs in and releases the tiny exercise ``kpi-mini``; then N simulated
trainees start **at the same moment** (one thread each, as a class does when the trainer
says "log in now") and each, through the proxy as a browser would:

1. logs in, starts a server, opens a kernel on a real chapter (``chapters/00_start_here``
   unless ``--chapter`` names another, copied into the trainee's home by the hub);
2. runs the chapter cell by cell over the kernel's websocket, timing every cell, and saves it;
3. fetches the exercise, answers it (even-numbered trainees right: 5/5; odd-numbered with
   NPS as a fraction: 2/5), runs it in a second kernel, saves and submits it.

The trainer then collects through formgrader's API and grades with
``coursekit.trainer.grade.grade_assignment``; the formgrader API must show every trainee
who submitted with the hand-known score. Anything lost is a failure (exit status 1).

Memory per trainee server is the peak, over the run, of the summed PSS (proportional set
size: shared pages split between the processes sharing them, so the sum over all servers is
what the machine really holds) of the server's process tree (jupyter server and kernels),
sampled from ``/proc`` every second (less often with many servers, so that sampling never
takes more than a tenth of a core). All servers run as one Unix user, so each tree is found
by its ``JUPYTERHUB_USER`` environment variable.

Baseline, measured in the same invocation: one trainee alone (N=1); for every N the ratio
of its p50/p95 time to a running kernel and cell latency to N=1's is printed. Usage::

    python benchmarks/classroom.py --n 5 10 20 [--chapter 01_concepts] [--json out.json]
                                   [--budget-min 20]

Larger N stop being tried once a run has failures, loses a submission, or its p95 time to a
running kernel exceeds 60 s, or when the next run would not fit the memory or time budget.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.hub.hubclient import HubUser, cell_by_id  # noqa: E402
from tests.hub.launch import TRAINER, Classroom, hub_missing, start_classroom  # noqa: E402

ASSIGNMENT = "kpi-mini"
EXERCISE = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
COURSE_ID = "kpi-mini-class"  # tests/hub/fixtures/classroom/course/nbgrader_config.py
MAX_SCORE = 5.0
FCR = "def fcr(first, total):\n    return first / total"
NPS_RIGHT = ("def nps(promoters, passives, detractors):\n"
             "    return (promoters - detractors) / (promoters + passives + detractors) * 100")
NPS_FRACTION = ("def nps(promoters, passives, detractors):\n"
                "    return (promoters - detractors) / (promoters + passives + detractors)")
KERNEL_LIMIT_S = 60.0   # p95 time to a running kernel beyond which larger classes are not tried
SAMPLE_EVERY_S = 1.0


def trainee_names(n: int) -> list[str]:
    """``n`` user names: t001, t002, ...

    >>> trainee_names(3)
    ['t001', 't002', 't003']
    """
    return [f"t{i:03d}" for i in range(1, n + 1)]


def expected_score(name: str) -> float:
    """Even-numbered trainees answer both tasks right (2 + 3); odd ones get NPS wrong (2 + 0).

    >>> expected_score("t002"), expected_score("t003")
    (5.0, 2.0)
    """
    return 5.0 if int(name[1:]) % 2 == 0 else 2.0


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks; NaN for no values.

    >>> percentile([1, 2, 3, 4], 50), percentile([10], 95), percentile([0, 10], 95)
    (2.5, 10.0, 9.5)
    """
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (pos - low)


# --- memory and CPU of the servers, from /proc ---------------------------------------------
TICK = os.sysconf("SC_CLK_TCK")


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:  # the process ended, or is not ours
        return None


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds used so far) of a process."""
    raw = _read(f"/proc/{pid}/stat")
    if raw is None:
        return None
    fields = raw[raw.rindex(b")") + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process in kB, from /proc/<pid>/smaps_rollup; zeros if it is gone."""
    raw = _read(f"/proc/{pid}/smaps_rollup")
    pss = rss = 0
    for line in (raw or b"").splitlines():
        if line.startswith(b"Pss:"):
            pss = int(line.split()[1])
        elif line.startswith(b"Rss:"):
            rss = int(line.split()[1])
    return pss, rss


def machine_used_mb() -> float:
    """Memory the machine uses now: MemTotal − MemAvailable, in MB."""
    info = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        key, value = line.split(":", 1)
        info[key] = int(value.split()[0])
    return (info["MemTotal"] - info["MemAvailable"]) / 1024


def machine_facts() -> dict[str, Any]:
    total = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0]) / 1024 ** 2
    return {"cores": os.cpu_count(), "ram_gb": round(total, 1),
            "load_avg_1m": round(os.getloadavg()[0], 2)}


@dataclass
class Usage:
    """Peaks of one process tree over the run."""
    pss_mb: float = 0.0
    rss_mb: float = 0.0
    cpu_by_pid: dict[int, float] = field(default_factory=dict)

    @property
    def cpu_s(self) -> float:
        return sum(self.cpu_by_pid.values())


class Sampler(threading.Thread):
    """Samples every ``interval`` s the memory and CPU of each user server's process tree.

    A server is a ``jupyterhub.singleuser`` process whose command line mentions ``marker``
    (this hub's state folder); its user is its ``JUPYTERHUB_USER``. Everything else under
    the hub's PID (the proxy) counts as the hub.
    """

    def __init__(self, marker: str, hub_pid: int, interval: float = SAMPLE_EVERY_S) -> None:
        super().__init__(daemon=True)
        self.marker, self.hub_pid, self.interval = marker, hub_pid, interval
        self.users: dict[str, Usage] = {}
        self.hub = Usage()
        self.machine_peak_mb = 0.0
        self.samples = 0
        self.busy_s = 0.0  # time spent sampling
        self._owner: dict[int, str | None] = {}  # pid -> user of a server process (None: not one)
        self._halt = threading.Event()

    def _server_user(self, pid: int) -> str | None:
        if pid not in self._owner:
            cmdline = (_read(f"/proc/{pid}/cmdline") or b"").replace(b"\0", b" ").decode(errors="replace")
            user = None
            if "jupyterhub.singleuser" in cmdline and self.marker in cmdline:
                for entry in (_read(f"/proc/{pid}/environ") or b"").split(b"\0"):
                    if entry.startswith(b"JUPYTERHUB_USER="):
                        user = entry.split(b"=", 1)[1].decode()
            self._owner[pid] = user
        return self._owner[pid]

    def sample(self) -> None:
        procs: dict[int, tuple[int, float]] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                stat = _stat(int(entry.name))
                if stat:
                    procs[int(entry.name)] = stat
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in procs.items():
            children.setdefault(ppid, []).append(pid)

        def tree(root: int, skip: set[int]) -> list[int]:
            found, todo = [], [root]
            while todo:
                pid = todo.pop()
                if pid in skip:
                    continue
                found.append(pid)
                todo.extend(children.get(pid, []))
            return found

        servers = {pid: user for pid in procs if (user := self._server_user(pid))}
        for pid, user in servers.items():
            self._account(self.users.setdefault(user, Usage()), tree(pid, set()), procs)
        if self.hub_pid in procs:
            self._account(self.hub, tree(self.hub_pid, set(servers)), procs)
        self.machine_peak_mb = max(self.machine_peak_mb, machine_used_mb())
        self.samples += 1

    @staticmethod
    def _account(usage: Usage, pids: list[int], procs: dict[int, tuple[int, float]]) -> None:
        pss = rss = 0
        for pid in pids:
            p, r = _memory_kb(pid)
            pss, rss = pss + p, rss + r
            usage.cpu_by_pid[pid] = max(usage.cpu_by_pid.get(pid, 0.0), procs[pid][1])
        usage.pss_mb = max(usage.pss_mb, pss / 1024)
        usage.rss_mb = max(usage.rss_mb, rss / 1024)

    def run(self) -> None:
        # Reading smaps_rollup costs ~3 ms per process: with many servers the pause grows so
        # that sampling takes at most a tenth of one core away from the class it measures.
        pause = self.interval
        while not self._halt.wait(pause):
            started = time.monotonic()
            try:
                self.sample()
            except Exception:  # a sampling glitch must not end the measurement silently
                traceback.print_exc()
            spent = time.monotonic() - started
            self.busy_s += spent
            pause = max(self.interval, 10 * spent)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=30)
        self.sample()  # CPU totals of whatever still runs


# --- one trainee ----------------------------------------------------------------------------
@dataclass
class TraineeRun:
    name: str
    login_s: float = float("nan")
    server_s: float = float("nan")    # server start requested -> server ready and opened
    kernel_s: float = float("nan")    # server start requested -> first kernel answers
    chapter_s: float = float("nan")   # all chapter cells
    exercise_s: float = float("nan")  # fetch, answer, run, save, submit
    cells_ms: list[float] = field(default_factory=list)
    cell_errors: list[str] = field(default_factory=list)
    submitted: bool = False
    failure: str | None = None


def trainee_session(url: str, password: str, name: str, chapter: str) -> TraineeRun:
    """One trainee's whole session, timed; any exception is recorded as the failure."""
    run = TraineeRun(name)
    user = HubUser(url, name)
    t0 = time.monotonic()
    try:
        user.login(password)
        t1 = time.monotonic()
        run.login_s = t1 - t0
        user.request_server()
        user.wait_server(timeout=600)
        run.server_s = time.monotonic() - t1

        path = f"chapters/{chapter}.ipynb"
        notebook = user.read_notebook(path)
        kernel = user.kernel(path)
        try:
            status, _ = kernel.execute("pass")
            run.kernel_s = time.monotonic() - t1
            started = time.monotonic()
            code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
            for count, cell in enumerate(code, 1):
                source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                before = time.monotonic()
                status, cell["outputs"] = kernel.execute(source, timeout=600)
                run.cells_ms.append((time.monotonic() - before) * 1000)
                cell["execution_count"] = count
                if status != "ok":
                    errors = [f"{o['ename']}: {o['evalue']}" for o in cell["outputs"] if o["output_type"] == "error"]
                    run.cell_errors.append(f"cell {count}: {status} {'; '.join(errors)}"[:300])
            run.chapter_s = time.monotonic() - started
            user.write_notebook(path, notebook)

            # The exercise, with the chapter's kernel still running (JupyterLab keeps it).
            started = time.monotonic()
            listing = user.json("POST", "/assignments/fetch",
                                data={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT})
            if not listing.get("success"):
                raise RuntimeError(f"fetch failed: {str(listing)[:300]}")
            exercise = user.read_notebook(EXERCISE)
            cell_by_id(exercise, "fcr")["source"] = FCR
            cell_by_id(exercise, "nps")["source"] = NPS_RIGHT if expected_score(name) == MAX_SCORE else NPS_FRACTION
            user.run_and_save(EXERCISE, exercise)  # a second kernel: the chapter's keeps running
            listing = user.json("POST", "/assignments/submit",
                                data={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT})
            if not listing.get("success"):
                raise RuntimeError(f"submit failed: {str(listing)[:300]}")
            run.submitted = True
            run.exercise_s = time.monotonic() - started
        finally:
            kernel.close()
    except Exception as error:  # every failure is counted; none stops the other trainees
        run.failure = f"{type(error).__name__}: {error}"[:500]
    return run


# --- one class size --------------------------------------------------------------------------
def _start_trainer(hub: Classroom) -> HubUser:
    trainer = HubUser(hub.url, TRAINER)
    trainer.login(hub.admin_password)
    trainer.request_server()
    trainer.wait_server(timeout=300)
    for action in ("assign", "release"):
        result = trainer.json("POST", f"/formgrader/api/assignment/{ASSIGNMENT}/{action}")
        if not result.get("success"):
            raise RuntimeError(f"trainer could not {action} {ASSIGNMENT}: "
                               f"{result.get('error') or result.get('log')}")
    return trainer


def _grade(hub: Classroom, trainer: HubUser, names: list[str]) -> dict[str, Any]:
    """Collect, grade, and read the scores back from formgrader; who arrived and who graded right."""
    import warnings

    from coursekit.trainer.grade import SandboxWarning, grade_assignment

    inbound = hub.exchange / COURSE_ID / "inbound"
    arrived = sorted({p.name.split("+")[0] for p in inbound.iterdir()} if inbound.is_dir() else set())
    result = trainer.json("POST", f"/formgrader/api/assignment/{ASSIGNMENT}/collect")
    if not result.get("success"):
        raise RuntimeError(f"collect failed: {result.get('error') or result.get('log')}")
    collected = sorted(n for n in names if (hub.course / "submitted" / n / ASSIGNMENT).is_dir())
    started = time.monotonic()
    statuses, sandbox = {}, "-"
    if collected:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SandboxWarning)  # the mode used is reported below
            graded_run = grade_assignment(hub.course, ASSIGNMENT)
        statuses, sandbox = {r.student: r.status for r in graded_run.results}, graded_run.sandbox
    grade_s = time.monotonic() - started
    shown = {s["student"]: s["score"] for s in trainer.json("GET", f"/formgrader/api/submissions/{ASSIGNMENT}")
             if s.get("score") is not None}
    right = sorted(n for n in names if statuses.get(n) == "graded" and shown.get(n) == expected_score(n))
    wrong = {n: (statuses.get(n), shown.get(n), expected_score(n)) for n in collected if n not in right}
    return {"arrived": arrived, "collected": collected, "graded_right": right, "wrong": wrong,
            "scores": {n: shown.get(n) for n in names},
            "grade_s": grade_s, "sandbox": sandbox}


def run_load(n: int, base: Path, *, chapter: str = "00_start_here") -> dict[str, Any]:
    """Start a classroom, run ``n`` trainees at once, grade; every figure of that class size.

    ``base`` must be an empty folder (the classroom's files go there).
    """
    source = ROOT / "chapters" / f"{chapter}.ipynb"
    if not source.exists():
        raise SystemExit(f"no chapter {source}: give --chapter as a name from chapters/, e.g. 00_start_here")
    names = trainee_names(n)
    t_total = time.monotonic()
    used_before = machine_used_mb()
    phases: dict[str, float] = {}
    with start_classroom(base, names, with_capstone=False) as hub:
        phases["hub_start"] = time.monotonic() - t_total
        # The chapter the trainees run: the real one, copied in before any server starts
        # (the hub seeds each trainee's home from this folder on first start).
        shutil.copy2(source, hub.root / "chapters" / source.name)
        sampler = Sampler(str(hub.state), hub.proc.pid)
        sampler.start()
        try:
            t_phase = time.monotonic()
            trainer = _start_trainer(hub)
            t_wave = time.monotonic()
            phases["trainer_release"] = t_wave - t_phase
            with ThreadPoolExecutor(n) as pool:
                runs = list(pool.map(lambda name: trainee_session(hub.url, hub.password, name, chapter), names))
            wave_s = time.monotonic() - t_wave
            phases["trainees"] = wave_s
            grading = _grade(hub, trainer, names)
            phases["collect_grade"] = time.monotonic() - t_wave - wave_s
        finally:
            sampler.stop()
            problems = [line for line in hub.log.read_text(encoding="utf-8", errors="replace").splitlines()
                        if any(word in line for word in ("ERROR", "Timeout", "timed out", "died", "Traceback"))]
        t_stop = time.monotonic()
    total_s = time.monotonic() - t_total
    phases["hub_stop"] = time.monotonic() - t_stop

    ok = [r for r in runs if r.failure is None]
    submitted = [r.name for r in runs if r.submitted]
    lost = sorted(set(submitted) - set(grading["graded_right"]))
    servers = [sampler.users[name] for name in names if name in sampler.users]
    pss = [u.pss_mb for u in servers]
    cells = [c for r in runs for c in r.cells_ms]

    def pair(values: list[float]) -> dict[str, float]:
        return {"p50": round(percentile(values, 50), 3), "p95": round(percentile(values, 95), 3)}

    trainer_usage = sampler.users.get(TRAINER, Usage())
    return {
        "n": n, "chapter": chapter,
        "failures": [f"{r.name}: {r.failure}" for r in runs if r.failure],
        "cell_errors": [f"{r.name} {e}" for r in runs for e in r.cell_errors],
        "servers_measured": len(servers),
        "mem_pss_mb": {"median": round(statistics.median(pss), 1) if pss else float("nan"),
                       "max": round(max(pss), 1) if pss else float("nan")},
        "mem_rss_max_mb": round(max((u.rss_mb for u in servers), default=float("nan")), 1),
        "cpu_s_per_trainee": round(statistics.median(u.cpu_s for u in servers), 1) if servers else float("nan"),
        "hub_proxy_pss_mb": round(sampler.hub.pss_mb, 1), "hub_proxy_cpu_s": round(sampler.hub.cpu_s, 1),
        "trainer_pss_mb": round(trainer_usage.pss_mb, 1),
        "machine_used_delta_mb": round(sampler.machine_peak_mb - used_before, 0),
        "login_s": pair([r.login_s for r in ok]),
        "server_ready_s": pair([r.server_s for r in ok]),
        "kernel_s": pair([r.kernel_s for r in ok]),
        "cell_ms": pair(cells), "cells": len(cells),
        "chapter_s": pair([r.chapter_s for r in ok]),
        "exercise_s": pair([r.exercise_s for r in ok]),
        "wave_s": round(wave_s, 1), "total_s": round(total_s, 1),
        "phases_s": {k: round(v, 1) for k, v in phases.items()},
        "submitted": len(submitted), "arrived": len(grading["arrived"]),
        "collected": len(grading["collected"]), "graded": len(grading["graded_right"]),
        "lost": lost, "wrong_scores": grading["wrong"], "scores": grading["scores"],
        "grade_s": round(grading["grade_s"], 1), "sandbox": grading["sandbox"],
        "hub_log_problems": problems[-40:],
        "samples": sampler.samples, "sampling_busy_s": round(sampler.busy_s, 1),
    }


def healthy(result: dict[str, Any]) -> bool:
    """No failure, no error in a chapter cell, nothing lost, every trainee submitted and graded."""
    return (not result["failures"] and not result["cell_errors"] and not result["lost"]
            and result["graded"] == result["submitted"] == result["n"])


# --- report ------------------------------------------------------------------------------------
def _ratio(value: float, base: float) -> str:
    return f"{value / base:4.1f}x" if base and base == base and value == value else "  - "


def table(results: list[dict[str, Any]], baseline: dict[str, Any]) -> str:
    head = (f"{'N':>3} {'fail':>4} {'mem/server MB':>14} {'kernel p50/p95 s':>17} {'vs N=1':>11} "
            f"{'cell p50/p95 ms':>16} {'vs N=1':>11} {'wall s':>7} {'subm/arr/graded':>16}")
    lines = [head, "-" * len(head)]
    for r in results:
        k, c, m = r["kernel_s"], r["cell_ms"], r["mem_pss_mb"]
        fails = len(r["failures"]) + len(r["cell_errors"])
        lines.append(
            f"{r['n']:>3} {fails:>4} {m['median']:>6.0f} / {m['max']:<5.0f} "
            f"{k['p50']:>7.1f} / {k['p95']:<7.1f} "
            f"{_ratio(k['p50'], baseline['kernel_s']['p50'])}/{_ratio(k['p95'], baseline['kernel_s']['p95'])} "
            f"{c['p50']:>7.0f} / {c['p95']:<6.0f} "
            f"{_ratio(c['p50'], baseline['cell_ms']['p50'])}/{_ratio(c['p95'], baseline['cell_ms']['p95'])} "
            f"{r['total_s']:>7.0f} {r['submitted']:>6}/{r['arrived']}/{r['graded']}")
    lines.append("")
    lines.append(f"{'N':>3} {'server p50/p95 s':>17} {'chapter p50/p95 s':>18} {'exercise p50/p95 s':>19} "
                 f"{'CPU s/trainee':>13} {'hub+proxy MB':>12} {'machine +MB':>11} {'wave s':>7} {'grade s':>7}")
    for r in results:
        s, ch, ex = r["server_ready_s"], r["chapter_s"], r["exercise_s"]
        lines.append(f"{r['n']:>3} {s['p50']:>7.1f} / {s['p95']:<7.1f} {ch['p50']:>7.1f} / {ch['p95']:<8.1f} "
                     f"{ex['p50']:>7.1f} / {ex['p95']:<9.1f} {r['cpu_s_per_trainee']:>13.1f} "
                     f"{r['hub_proxy_pss_mb']:>12.0f} {r['machine_used_delta_mb']:>11.0f} "
                     f"{r['wave_s']:>7.0f} {r['grade_s']:>7.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[5, 10, 20],
                        help="class sizes to try, in order (N=1 always runs first as the baseline)")
    parser.add_argument("--chapter", default="00_start_here",
                        help="chapter every trainee runs, a notebook name from chapters/ (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--budget-min", type=float, default=None,
                        help="do not start a class size whose estimated run would end after this many minutes")
    args = parser.parse_args(argv)
    reason = hub_missing()
    if reason:
        print(f"cannot start a classroom: {reason}", file=sys.stderr)
        return 2
    if any(n < 1 for n in args.n):
        parser.error("--n: class sizes must be at least 1")

    facts = machine_facts()
    print(f"machine: {facts['cores']} cores, {facts['ram_gb']} GB RAM, load {facts['load_avg_1m']}; "
          f"chapter {args.chapter}; baseline: N=1 in this run", flush=True)
    started = time.monotonic()
    sizes = [1] + [n for n in args.n if n != 1]
    results: list[dict[str, Any]] = []
    stopped, broke = None, False
    for n in sizes:
        if results:
            last = results[-1]
            if not healthy(last):
                stopped = f"N={last['n']} had failures or lost submissions"
                break
            if last["kernel_s"]["p95"] > KERNEL_LIMIT_S:
                stopped = f"N={last['n']}: p95 time to a running kernel {last['kernel_s']['p95']:.0f} s > 60 s"
                break
            per_trainee_mb = max(last["mem_pss_mb"]["max"], 1.0)
            available = (int(Path("/proc/meminfo").read_text().split("MemAvailable:")[1].split()[0]) / 1024)
            if per_trainee_mb * n * 1.5 > available:
                stopped = f"N={n} would need ~{per_trainee_mb * n:.0f} MB, {available:.0f} MB available"
                break
            if args.budget_min is not None:
                estimate = last["total_s"] * n / last["n"]
                if time.monotonic() - started + estimate > args.budget_min * 60:
                    stopped = f"N={n} would take ~{estimate / 60:.0f} min, past the {args.budget_min:g}-min budget"
                    break
        print(f"-- N={n} ...", flush=True)
        try:
            with tempfile.TemporaryDirectory(prefix=f"classroom-load-{n}-") as base:
                result = run_load(n, Path(base), chapter=args.chapter)
        except Exception as error:  # the classroom itself broke down: report what was measured so far
            traceback.print_exc()
            stopped = f"N={n}: the classroom run broke down: {type(error).__name__}: {str(error)[:300]}"
            broke = True
            break
        results.append(result)
        print(f"   done in {result['total_s']:.0f} s: {len(result['failures'])} failures, "
              f"{len(result['cell_errors'])} cell errors, {result['graded']}/{n} graded", flush=True)
        for line in result["failures"] + result["cell_errors"]:
            print(f"   ! {line}")
        if result["failures"]:
            for line in result["hub_log_problems"][-12:]:
                print(f"   hub log: {line[:220]}")
        if result["lost"] or result["wrong_scores"]:
            print(f"   ! LOST {result['lost']}; wrong scores {result['wrong_scores']}")

    if not results:
        print(f"no class size could be measured: {stopped}", file=sys.stderr)
        return 1
    print()
    print(table(results, results[0]))
    print(f"\nmemory = peak PSS of a trainee's server tree (jupyter server + chapter and exercise kernels); "
          f"cell = one chapter cell over the websocket; kernel = server start requested -> first kernel "
          f"answers; ratios against N=1 (baseline) in this run; grading sandbox: {results[0]['sandbox']}")
    if stopped:
        print(f"stopped growing N: {stopped}")
    if args.json:
        args.json.write_text(json.dumps({"machine": facts, "stopped": stopped, "results": results},
                                        indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0 if all(healthy(r) for r in results) and not broke else 1


if __name__ == "__main__":
    sys.exit(main())
