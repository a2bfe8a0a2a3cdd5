"""Readers and checks for deploy/k8s, as functions of the files' text (so tests can feed them mutants).

Each ``*_problems`` function returns a list of plain-language problems, empty when all is well.
"""

from __future__ import annotations

import fnmatch
import re
import shlex
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case, e.g. RUN
    args: str     # the rest, continuation lines joined
    line: int     # first line, 1-based


def instructions(dockerfile: str) -> list[Instruction]:
    """The Dockerfile's instructions; comment lines (also inside a continued RUN) are dropped."""
    found: list[Instruction] = []
    parts: list[str] = []
    start = 0
    for number, raw in enumerate(dockerfile.splitlines(), 1):
        stripped = raw.strip()
        if not parts and (not stripped or stripped.startswith("#")):
            continue
        if parts and stripped.startswith("#"):
            continue
        if not parts:
            start = number
        parts.append(stripped[:-1] if stripped.endswith("\\") else stripped)
        if not stripped.endswith("\\"):
            keyword, _, args = " ".join(parts).partition(" ")
            found.append(Instruction(keyword.upper(), args.strip(), start))
            parts = []
    return found


# --- hadolint's inline ignores ---------------------------------------------------------------

_IGNORE = re.compile(r"^#\s*hadolint\s+ignore=([A-Z0-9,\s]+)$")


def unjustified_ignores(dockerfile: str) -> list[str]:
    """``# hadolint ignore=`` lines whose comment block above does not name and explain each rule.

    A justification is a comment line right above (in the same comment block) that names the rule,
    e.g. ``# Not version-pinned (DL3008): ...``, with a reason of a few words after it.
    """
    lines = dockerfile.splitlines()
    problems = []
    for index, line in enumerate(lines):
        match = _IGNORE.match(line.strip())
        if not match:
            continue
        block = []
        for above in reversed(lines[:index]):
            if not above.strip().startswith("#"):
                break
            block.append(above.strip().lstrip("#").strip())
        text = " ".join(reversed(block))
        for rule in (r.strip() for r in match.group(1).split(",") if r.strip()):
            reason = text.split(rule, 1)[1] if rule in text else ""
            if len(re.findall(r"[A-Za-z]{3,}", reason)) < 5:
                problems.append(f"line {index + 1}: hadolint rule {rule} is ignored without a reason "
                                f"in the comment above (write '# ... ({rule}): why' before the ignore)")
    return problems


# --- pip installs against pyproject.toml --------------------------------------------------------

def _requirements(specs: list[str]) -> dict[str, Requirement]:
    found = {}
    for spec in specs:
        req = Requirement(spec)
        found[canonicalize_name(req.name)] = req
    return found


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def project_requirements(project: dict[str, Any], setup_sh: str) -> dict[str, list[Requirement]]:
    """Every requirement the project's own files name, by package: pyproject's dependencies and
    extras, and the ``pip install`` lines of scripts/setup.sh (e.g. a ``--no-deps`` install),
    with the requirements files those lines name (``-r deploy/.../requirements.txt``)."""
    own = canonicalize_name(project["project"]["name"])
    specs = list(project["project"].get("dependencies", []))
    for extra in project["project"].get("optional-dependencies", {}).values():
        specs.extend(extra)
    for command in pip_installs(setup_sh):
        specs.extend(arg for arg in command if not arg.startswith("-") and "==" in arg)
        for option, value in zip(command, command[1:], strict=False):
            if option in ("-r", "--requirement") and (ROOT / value).is_file():
                lines = (ROOT / value).read_text(encoding="utf-8").splitlines()
                specs.extend(line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip())
    found: dict[str, list[Requirement]] = {}
    for spec in specs:
        try:
            req = Requirement(spec)
        except InvalidRequirement:
            continue
        if canonicalize_name(req.name) != own:
            found.setdefault(canonicalize_name(req.name), []).append(req)
    return found


def pip_installs(text: str) -> list[list[str]]:
    """The arguments after ``pip install`` of every such command in shell text or RUN lines."""
    commands = []
    for match in re.finditer(r"pip\s+install\s+([^;&|>\n]+)", text.replace("\\\n", " ")):
        try:
            args = shlex.split(match.group(1), comments=True)
        except ValueError:  # e.g. inside a quoted log message: take the words as they are
            args = [a.strip("\"'") for a in match.group(1).split()]
        commands.append([a for a in args if a and not a.startswith("$")])
    return commands


_OPTIONS_WITH_VALUE = {"-r", "-c", "-e", "--index-url", "-i", "--extra-index-url", "--target", "-t"}


def install_problems(dockerfile: str, project: dict[str, Any], setup_sh: str, *, project_dir: str,
                     hub_jupyterhub: str) -> list[str]:
    """What the image's ``pip install`` lines get wrong against the project's own files.

    - the project itself (``<project_dir>[extras]``) with extras that pyproject.toml defines;
    - every other package pinned (``==``) to the version the project's files pin, or within their
      range; jupyterhub pinned to the hub's version ``hub_jupyterhub`` (and within pyproject's range);
    - nothing the project's files do not name, nothing unpinned, no requirements file or URL.
    """
    extras = set(project["project"].get("optional-dependencies", {}))
    known = project_requirements(project, setup_sh)
    problems = []
    runs = [i.args for i in instructions(dockerfile) if i.keyword == "RUN"]
    commands = [c for run in runs for c in pip_installs(run)]
    if not commands:
        return ["the Dockerfile has no pip install"]
    installs_project = False
    for command in commands:
        skip = False
        for arg in command:
            if skip:
                skip = False
                continue
            if arg in _OPTIONS_WITH_VALUE:
                skip = True
                problems.append(f"pip install option {arg} is not allowed (install the names pyproject.toml pins)")
                continue
            if arg.startswith("-"):
                continue
            path, _, extra_part = arg.partition("[")
            if path.startswith(("/", ".")):
                installs_project = True
                if path.rstrip("/") != project_dir:
                    problems.append(f"pip installs {path}, but the project is copied to {project_dir}")
                wanted = {e.strip() for e in extra_part.rstrip("]").split(",") if e.strip()}
                for extra in sorted(wanted - extras):
                    problems.append(f"pip install {arg}: pyproject.toml has no extra '{extra}' "
                                    f"(it has {', '.join(sorted(extras))})")
                continue
            try:
                req = Requirement(arg)
            except InvalidRequirement:
                problems.append(f"pip install {arg}: not a requirement")
                continue
            name = canonicalize_name(req.name)
            pins = [s.version for s in req.specifier if s.operator == "=="]
            if len(pins) != 1 or len(req.specifier) != 1:
                problems.append(f"pip install {arg}: pin it with == (the version the project's files use)")
                continue
            version = pins[0]
            if name == "jupyterhub" and version != hub_jupyterhub:
                problems.append(f"pip install {arg}: the hub runs JupyterHub {hub_jupyterhub}; "
                                f"the user servers must install the same version")
            if name not in known:
                problems.append(f"pip install {arg}: {req.name} is not named in pyproject.toml or "
                                "scripts/setup.sh; add it there with this pin")
                continue
            for spec in known[name]:
                exact = [s.version for s in spec.specifier if s.operator == "=="]
                if exact and exact[0] != version:
                    problems.append(f"pip install {arg}: the project pins {spec} (make them equal)")
                elif not spec.specifier.contains(version, prereleases=True):
                    problems.append(f"pip install {arg}: outside the project's range {spec}")
    if not installs_project:
        problems.append(f"the Dockerfile never installs the project ({project_dir}[extras])")
    return problems


def installed_extras(dockerfile: str, project_dir: str) -> set[str]:
    """The extras of the project that the image's pip installs name."""
    found: set[str] = set()
    for run in (i.args for i in instructions(dockerfile) if i.keyword == "RUN"):
        for command in pip_installs(run):
            for arg in command:
                path, _, extra_part = arg.partition("[")
                if path.rstrip("/") == project_dir:
                    found |= {e.strip() for e in extra_part.rstrip("]").split(",") if e.strip()}
    return found


def extra_requirements(project: dict[str, Any], extras: set[str]) -> list[Requirement]:
    """The requirements that installing the project with ``extras`` brings, self-references followed."""
    own = canonicalize_name(project["project"]["name"])
    optional = project["project"].get("optional-dependencies", {})
    found: list[Requirement] = [Requirement(r) for r in project["project"].get("dependencies", [])]
    todo, seen = list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in seen or extra not in optional:
            continue
        seen.add(extra)
        for spec in optional[extra]:
            req = Requirement(spec)
            if canonicalize_name(req.name) == own:
                todo.extend(req.extras)
            else:
                found.append(req)
    return found


# --- COPY lines, the build context and image paths ---------------------------------------------

def copies(dockerfile: str) -> list[tuple[list[str], str, int]]:
    """(sources, destination, line) of every COPY/ADD, destinations made absolute with WORKDIR."""
    found = []
    workdir = PurePosixPath("/")
    for ins in instructions(dockerfile):
        if ins.keyword == "WORKDIR":
            workdir = workdir / ins.args
        elif ins.keyword in ("COPY", "ADD"):
            args = [a for a in shlex.split(ins.args) if not a.startswith("--")]
            *sources, dest = args
            target = str(workdir / dest) + ("/" if dest.endswith("/") or dest in (".", "./") else "")
            found.append((sources, target, ins.line))
    return found


def ignored(path: str, dockerignore: str) -> bool:
    """Whether ``path`` (relative to the build context) is left out by the .dockerignore text."""
    parts = PurePosixPath(path).parts
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    result = False
    for line in dockerignore.splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        candidates = [pattern] if not pattern.startswith("**/") else [pattern, pattern[3:]]
        hit = any(fnmatch.fnmatchcase(prefix, p) or ("**/" in p and fnmatch.fnmatchcase(
                  prefix, p.replace("**/", "*/"))) for prefix in prefixes for p in candidates)
        if hit:
            result = not negate
    return result


#: What trainees must never find in the image they run: hidden tests, answers, the gradebook.
FORBIDDEN_IN_IMAGE = ("course", "solutions", ".git", ".venv")


def copy_problems(dockerfile: str, dockerignore: str, root: Path) -> list[str]:
    problems = []
    for sources, _dest, line in copies(dockerfile):
        for source in sources:
            clean = source.strip("/") or "."
            top = PurePosixPath(clean).parts[0] if clean != "." else "."
            if clean == "." or top in FORBIDDEN_IN_IMAGE:
                problems.append(f"line {line}: COPY {source} puts {clean} into the image trainees run "
                                f"(never copy {', '.join(FORBIDDEN_IN_IMAGE)} or the whole repository)")
                continue
            if not (root / clean).exists():
                problems.append(f"line {line}: COPY {source}: no such file or folder in the repository")
            elif ignored(clean, dockerignore):
                problems.append(f"line {line}: COPY {source}: Dockerfile.dockerignore leaves it out of the "
                                "build context (add a '!' line for it)")
    return problems


def repo_path(image_path: str, dockerfile: str) -> str | None:
    """The repository path that a COPY puts at ``image_path`` in the image, else None."""
    best: tuple[int, str] | None = None
    for sources, dest, _line in copies(dockerfile):
        if len(sources) != 1:
            continue
        source = sources[0].rstrip("/")
        dest_dir = dest.rstrip("/")
        if image_path == dest_dir:
            candidate = source
        elif dest.endswith("/") and image_path.startswith(dest_dir + "/"):
            candidate = source + image_path[len(dest_dir):]
        else:
            continue
        if best is None or len(dest_dir) > best[0]:
            best = (len(dest_dir), candidate)
    return best[1] if best else None


def last_user(dockerfile: str) -> str | None:
    users = [i.args for i in instructions(dockerfile) if i.keyword == "USER"]
    return users[-1] if users else None


# --- values.yaml --------------------------------------------------------------------------------

#: Keys whose value is a secret: such a key may hold a placeholder only.
SECRET_KEY = re.compile(r"secret|token|passw|api_?key|cookie|private", re.IGNORECASE)
#: A literal that looks like a generated secret: 24+ letters and digits, with both in it.
SECRET_VALUE = re.compile(r"(?<![A-Za-z0-9_])(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}")


def _leaves(node: Any, path: str = ""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, f"{path}[{index}]")
    else:
        yield path, node


def secret_problems(values: Any) -> list[str]:
    """Secret literals in a values file: a secret-named key with a literal, or a token-like string."""
    problems = []
    for path, value in _leaves(values):
        key = re.split(r"[.\[]", path)[-1]
        names_a_secret = SECRET_KEY.search(key) and not key.lower().endswith(("url", "claim", "name"))
        if names_a_secret and value not in (None, "") and not str(value).startswith("PLACEHOLDER"):
            problems.append(f"{path}: a secret written into the values; put it in a Kubernetes secret")
        elif isinstance(value, str):
            for token in SECRET_VALUE.findall(value):
                problems.append(f"{path}: '{token[:6]}…' looks like a secret; put it in a Kubernetes secret")
    return problems


_BYTES = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def byte_size(value: Any) -> int:
    """JupyterHub's memory size (an integer with an optional K, M, G or T suffix) in bytes.

    >>> byte_size("2G"), byte_size(512)
    (2147483648, 512)
    """
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)([KMGT]?)", str(value).strip())
    if not match:
        raise ValueError(f"{value!r} is not a memory size JupyterHub understands (e.g. 512M, 2G)")
    return int(float(match.group(1)) * _BYTES[match.group(2)])


def sizing_problems(values: Any) -> list[str]:
    """singleuser.memory / cpu: both set, positive, guarantee not above limit."""
    single = values.get("singleuser", {})
    problems = []
    memory, cpu = single.get("memory") or {}, single.get("cpu") or {}
    for what, section, parse in (("memory", memory, byte_size), ("cpu", cpu, float)):
        try:
            guarantee, limit = parse(section["guarantee"]), parse(section["limit"])
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"singleuser.{what}: guarantee and limit must both be set ({exc})")
            continue
        if not 0 < guarantee <= limit:
            problems.append(f"singleuser.{what}: guarantee {section['guarantee']} must be positive and "
                            f"not above the limit {section['limit']}")
    return problems
