"""The container files agree with the code: services, commands, health checks and documented variables.

PyYAML is not a dependency, so docker-compose.yml is read with a small parser for the subset it uses
(block mappings and sequences, flow sequences of JSON strings, ``&anchor``, ``*alias``, ``<<`` merges).
Anything outside that subset fails loudly rather than being misread.
"""

import ast
import fnmatch
import json
import re
from functools import cache
from pathlib import Path

import pytest
from django.urls import resolve

from portal import views

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ["migrate", "web", "worker", "beat"]
SETTINGS_READ = re.compile(
    r"""\b(?:text|flag|integer|csv|required)\(\s*"([A-Z][A-Z0-9_]*)"|os\.environ(?:\.get\(|\[)\s*"([A-Z][A-Z0-9_]*)\""""
)
SUBSTITUTION = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?\}")
YAML_CONSTANTS = {"true": True, "false": False, "null": None, "~": None}
ASSIGNMENT = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def _yaml_lines(text: str) -> list[tuple[int, str]]:
    lines = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped and not stripped.startswith("#"):
            lines.append((len(raw) - len(raw.lstrip(" ")), stripped))
    return lines


def _yaml_scalar(raw: str, anchors: dict):
    if raw.startswith("*"):
        return anchors[raw[1:]]
    if raw.startswith(("[", '"')):
        return json.loads(raw)
    if raw.startswith("'"):
        return raw[1:-1]
    if raw in YAML_CONSTANTS:
        return YAML_CONSTANTS[raw]
    return int(raw) if re.fullmatch(r"-?[0-9]+", raw) else raw


def _yaml_sequence(lines, start: int, anchors: dict) -> tuple[list, int]:
    indent, items, i = lines[start][0], [], start
    while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
        items.append(_yaml_scalar(lines[i][1][2:].strip(), anchors))
        i += 1
    return items, i


def _yaml_block(lines, start: int, anchors: dict):
    if lines[start][1].startswith("- "):
        return _yaml_sequence(lines, start, anchors)
    indent, mapping, merged, i = lines[start][0], {}, {}, start
    while i < len(lines) and lines[i][0] == indent and not lines[i][1].startswith("- "):
        key, colon, rest = lines[i][1].partition(":")
        if not colon:
            raise ValueError(f"not a mapping entry: {lines[i][1]!r}")
        anchor, rest, i = None, rest.strip(), i + 1
        if rest.startswith("&"):
            anchor, rest = rest[1:], ""
        nested = i < len(lines) and (
            lines[i][0] > indent or (lines[i][0] == indent and lines[i][1].startswith("- "))
        )
        if rest:
            value = _yaml_scalar(rest, anchors)
        elif nested:
            value, i = _yaml_block(lines, i, anchors)
        else:
            value = None
        if anchor:
            anchors[anchor] = value
        if key == "<<":
            merged.update(value)
        else:
            mapping[key] = value
    return {**merged, **mapping}, i  # explicit keys win over merged ones


@cache
def compose() -> dict:
    lines = _yaml_lines((ROOT / "docker-compose.yml").read_text())
    document, end = _yaml_block(lines, 0, {})
    if end != len(lines):
        raise ValueError(f"unparsed compose line: {lines[end][1]!r}")
    return document


def _services() -> dict:
    return compose()["services"]


@cache
def env_example() -> dict[str, tuple[bool, str]]:
    """Variable -> (active, value); commented-out ``# NAME=value`` lines document optional ones."""
    entries = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = ASSIGNMENT.match(line)
        if match:
            entries[match[2]] = (match[1] is None, match[3])
    return entries


def _dockerfile() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, args = line.strip().partition(" ")
            instructions.append((keyword.upper(), " ".join(args.split())))
    return instructions


def _dockerfile_args(keyword: str) -> list[str]:
    return [args for found, args in _dockerfile() if found == keyword]


def _top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _exported(path: Path) -> tuple[str, ...]:
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    return ()


def _module_file(dotted: str) -> Path:
    base = ROOT.joinpath(*dotted.split("."))
    package = base / "__init__.py"
    return package if package.is_file() else base.with_suffix(".py")


def _command(service: str) -> list[str]:
    command = _services()[service].get("command")
    if command is None:  # the image's CMD
        return json.loads(_dockerfile_args("CMD")[-1])[-1].split()
    return command if isinstance(command, list) else command.split()


def _healthcheck_python(test: list[str]) -> str:
    return test[test.index("-c") + 1]


def test_compose_services_match_the_stack():
    assert set(_services()) == {"migrate", "web", "worker", "beat", "postgres", "redis"}


@pytest.mark.parametrize("service", APP_SERVICES, ids=APP_SERVICES)
def test_app_service_environment_points_at_compose_services(service):
    config = _services()[service]

    environment = config["environment"]

    assert config["env_file"] == ".env"
    assert environment["DJANGO_ENV"] == "production"
    assert re.fullmatch(
        r"postgres://portal:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432/portal", environment["DATABASE_URL"]
    )
    assert environment["REDIS_URL"] == "redis://redis:6379/0"


@pytest.mark.parametrize("service", ["web", "worker", "beat"], ids=["web", "worker", "beat"])
def test_app_service_depends_on_healthy_postgres_and_redis(service):
    depends_on = _services()[service]["depends_on"]

    assert depends_on["postgres"] == {"condition": "service_healthy"}
    assert depends_on["redis"] == {"condition": "service_healthy"}


@pytest.mark.parametrize("service", ["web", "worker"], ids=["web", "worker"])
def test_app_service_waits_for_migrate_to_complete(service):
    assert _services()[service]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


def test_migrate_service_runs_once():
    migrate = _services()["migrate"]

    assert _command("migrate") == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"


def test_long_running_services_healthy_or_waiting_for_healthy_ones():
    long_running = {name: config for name, config in _services().items() if config.get("restart") != "no"}

    unwatched = []
    for name, config in long_running.items():
        check = config.get("healthcheck") or {}
        conditions = {dependency["condition"] for dependency in (config.get("depends_on") or {}).values()}
        waits = bool(conditions) and conditions <= {"service_healthy", "service_completed_successfully"}
        if not (check.get("test") and not check.get("disable")) and not waits:
            unwatched.append(name)

    assert set(long_running) == {"web", "worker", "beat", "postgres", "redis"}
    assert unwatched == []


def test_healthy_conditions_name_services_with_healthchecks():
    awaited = {
        name
        for config in _services().values()
        for name, dependency in (config.get("depends_on") or {}).items()
        if dependency["condition"] == "service_healthy"
    }

    assert awaited == {"postgres", "redis"}
    for name in awaited:
        assert _services()[name]["healthcheck"]["test"]


@pytest.mark.parametrize(
    ("service", "image", "probe"),
    [("postgres", "postgres:16", "pg_isready"), ("redis", "redis:7", "redis-cli ping")],
    ids=["postgres", "redis"],
)
def test_backing_service_pinned_and_probed(service, image, probe):
    config = _services()[service]

    assert config["image"] == image
    assert probe in " ".join(config["healthcheck"]["test"])
    assert config["volumes"]


def test_redis_appends_to_its_volume():
    redis = _services()["redis"]

    assert " ".join(redis["command"]).endswith("--appendonly yes")
    assert [volume.split(":")[1] for volume in redis["volumes"]] == ["/data"]


def test_named_volumes_declared_at_top_level():
    used = {
        volume.split(":")[0]
        for config in _services().values()
        for volume in config.get("volumes") or []
        if not volume.startswith((".", "/"))
    }

    assert used == set(compose()["volumes"])


def test_web_media_folder_on_a_volume():
    var_dir = _services()["web"]["environment"]["PORTAL_VAR_DIR"]

    targets = [volume.split(":")[1] for volume in _services()["web"]["volumes"]]

    assert f"{var_dir}/media" in targets


def test_beat_schedule_file_on_a_volume():
    schedule = next(arg for arg in _command("beat") if arg.startswith("--schedule="))
    targets = [volume.split(":")[1] for volume in _services()["beat"]["volumes"]]

    assert str(Path(schedule.split("=", 1)[1]).parent) in targets


def test_web_command_serves_the_wsgi_application():
    module, _, attribute = next(arg for arg in _command("web") if ":" in arg).partition(":")

    assert _command("web")[:2] == ["exec", "gunicorn"]
    assert attribute in _top_level_names(_module_file(module))


@pytest.mark.parametrize("service", ["worker", "beat"], ids=["worker", "beat"])
def test_celery_command_names_the_portal_app(service):
    command = _command(service)
    package = command[command.index("-A") + 1]

    init = _module_file(package)

    assert command[0] == "celery"
    assert "app" in _top_level_names(ROOT / package / "celery.py")
    assert "celery_app" in _top_level_names(init)
    assert "celery_app" in _exported(init)


def test_manage_py_exists_for_migrate():
    assert (ROOT / _command("migrate")[1]).is_file()


def test_dockerfile_cmd_runs_gunicorn_sync_workers():
    cmd = json.loads(_dockerfile_args("CMD")[-1])[-1]

    assert "gunicorn portal.wsgi:application" in cmd
    assert "--worker-class sync" in cmd
    assert "${WEB_CONCURRENCY:-" in cmd


def test_dockerfile_healthcheck_requests_healthz():
    healthcheck = _dockerfile_args("HEALTHCHECK")[-1]

    url = re.search(r"http://127\.0\.0\.1:8000(/\w+)", healthcheck)[1]

    assert "CMD python -c" in healthcheck
    assert resolve(url).func is views.healthz


def test_web_healthcheck_same_probe_as_the_image():
    dockerfile_code = re.search(r'CMD python -c "(.*)"$', _dockerfile_args("HEALTHCHECK")[-1])[1]

    assert _healthcheck_python(_services()["web"]["healthcheck"]["test"]) == dockerfile_code


def test_dockerfile_installs_hashed_lock_and_runs_unprivileged():
    runs = _dockerfile_args("RUN")

    assert _dockerfile_args("FROM") == ["python:3.12-slim"]
    assert any("pip install --require-hashes -r requirements/base.lock" in run for run in runs)
    assert _dockerfile_args("USER")[-1] not in {"root", "0"}
    assert _dockerfile_args("EXPOSE") == ["8000"]


def test_dockerfile_build_secret_only_in_the_collectstatic_step():
    collectstatic = [run for run in _dockerfile_args("RUN") if "collectstatic" in run]

    assert len(collectstatic) == 1
    assert "DJANGO_ENV=production" in collectstatic[0]
    assert "DJANGO_SECRET_KEY=" in collectstatic[0]
    assert not any("DJANGO_SECRET_KEY" in env for env in _dockerfile_args("ENV") + _dockerfile_args("ARG"))


def test_dockerignore_keeps_the_lock_and_drops_local_state():
    patterns = [line for line in (ROOT / ".dockerignore").read_text().splitlines() if line and line[0] != "#"]

    assert {".env", ".venv", "var", ".git"} <= set(patterns)
    for kept in ["requirements", "requirements/base.lock", "manage.py", "portal"]:
        assert not any(fnmatch.fnmatch(kept, pattern) for pattern in patterns), kept


@pytest.mark.parametrize("filename", ["docker-compose.yml", "Dockerfile"])
def test_substituted_variables_documented_in_env_example(filename):
    used = SUBSTITUTION.findall((ROOT / filename).read_text())

    assert used
    for name, operator in used:
        assert name in env_example(), name
        if not operator.lstrip(":").startswith("-"):  # no default: compose needs it set in .env
            assert env_example()[name][0], f"{name} has no default, so .env.example must set it"


def test_settings_variables_documented_in_env_example():
    read = {
        name
        for path in sorted((ROOT / "portal" / "settings").glob("*.py"))
        for match in SETTINGS_READ.findall(path.read_text())
        for name in match
        if name
    }

    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ENV"} <= read
    assert sorted(read - set(env_example())) == []


def test_env_example_holds_no_secrets():
    assert env_example()["DJANGO_SECRET_KEY"] == (True, "")
    assert env_example()["POSTGRES_PASSWORD"] == (True, "")


def test_env_example_explains_every_variable():
    blocks = (ROOT / ".env.example").read_text().split("\n\n")

    for block in blocks:
        lines = block.strip().splitlines()
        variables = [line for line in lines if ASSIGNMENT.match(line)]
        prose = [line for line in lines if line.startswith("#") and not ASSIGNMENT.match(line)]
        if not variables:
            continue
        assert len(variables) == 1, variables
        assert prose, variables[0]
        assert variables[0].split("=", 1)[1] or "e.g." in block, variables[0]
