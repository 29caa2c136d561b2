"""The production shape in infra/ says what the portal really takes (issue #14, item 5).

No container runtime or cluster here: the files are read as data and held to the code they configure
(every PORTAL_* name is a real setting, every `portal` argument a real option), and HAProxy checks its
own configuration.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.config import Settings

ROOT = Path(__file__).resolve().parents[1]
INFRA = ROOT / "infra"
SETTINGS = {name.upper() for name in Settings.model_fields}
SECRET_WORDS = re.compile(r"PASSWORD|SECRET_KEY$|SECRET_ACCESS_KEY|TOKEN$|AGE_IDENTITY$|DATABASE_URL")


def setting_names(env: dict[str, Any]) -> set[str]:
    return {k.removeprefix("PORTAL_") for k in env if k.startswith("PORTAL_")}


def serve_options() -> set[str]:
    out = subprocess.run(
        [str(ROOT / ".venv/bin/portal"), "serve", "--help"], capture_output=True, text=True, check=True
    ).stdout
    return set(re.findall(r"--[a-z][a-z-]+", out))


def k8s_objects() -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((INFRA / "k8s/kustomization.yaml").read_text())
    docs: list[dict[str, Any]] = []
    for name in kustomization["resources"]:
        docs.extend(d for d in yaml.safe_load_all((INFRA / "k8s" / name).read_text()) if d)
    return docs


def by_kind(kind: str, name: str) -> dict[str, Any]:
    return next(o for o in k8s_objects() if o["kind"] == kind and o["metadata"]["name"] == name)


def portal_container(deployment: dict[str, Any]) -> dict[str, Any]:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    return next(c for c in containers if c["image"] == "portal")


# ---- Kubernetes ---------------------------------------------------------------------------------------


def test_api_deployment_probes_health_and_readiness():
    api = portal_container(by_kind("Deployment", "portal-api"))
    assert api["livenessProbe"]["httpGet"]["path"] == "/api/v1/health"
    assert api["readinessProbe"]["httpGet"]["path"] == "/api/v1/ready"
    assert by_kind("Deployment", "portal-api")["spec"]["replicas"] >= 2
    # The API never migrates on start: the Job does, once.
    assert "--no-migrate" in api["args"]
    job = by_kind("Job", "portal-migrate")
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["portal", "db", "upgrade"]
    assert portal_container(by_kind("Deployment", "portal-worker"))["args"] == ["portal", "worker"]


def test_portal_arguments_are_real_options():
    api = portal_container(by_kind("Deployment", "portal-api"))
    flags = {a for a in api["args"] if a.startswith("--")}
    assert flags and flags <= serve_options(), flags - serve_options()


def test_config_map_holds_real_settings_and_no_secret():
    data = by_kind("ConfigMap", "portal-config")["data"]
    names = setting_names(data)
    assert names <= SETTINGS, names - SETTINGS
    leaked = {n for n in names if SECRET_WORDS.search(n)}
    assert leaked == set(), f"secrets belong in the Secret, not the ConfigMap: {leaked}"
    # Several hosts: a production start refuses anything but procrastinate jobs and keys from settings.
    assert data["PORTAL_MULTI_HOST"] == "true" and data["PORTAL_JOBS_BACKEND"] == "procrastinate"


def test_secrets_come_from_the_secret_as_files():
    data = by_kind("ConfigMap", "portal-config")["data"]
    api = by_kind("Deployment", "portal-api")
    mounts = {m["name"]: m["mountPath"] for m in portal_container(api)["volumeMounts"]}
    volumes = {v["name"]: v for v in api["spec"]["template"]["spec"]["volumes"]}
    secret_dir = mounts["secret-files"]
    assert volumes["secret-files"]["secret"]["secretName"] == "portal-secrets"
    files = {f"{secret_dir}/{item['path']}" for item in volumes["secret-files"]["secret"]["items"]}
    assert {data["PORTAL_SECRET_KEY_FILE"], data["PORTAL_METRICS_TOKEN_FILE"]} <= files


def test_pods_run_unprivileged_on_a_read_only_root():
    for name in ("portal-api", "portal-worker"):
        spec = by_kind("Deployment", name)["spec"]["template"]["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["automountServiceAccountToken"] is False
        c = portal_container(by_kind("Deployment", name))
        assert c["securityContext"]["readOnlyRootFilesystem"] is True
        assert c["securityContext"]["capabilities"]["drop"] == ["ALL"]
    # The image's user is the uid the pods run as.
    assert "--uid 10001" in (INFRA / "Dockerfile").read_text()


# ---- compose ------------------------------------------------------------------------------------------


def compose() -> dict[str, Any]:
    return yaml.safe_load((INFRA / "docker-compose.yml").read_text())


def test_compose_has_the_production_shape():
    services = compose()["services"]
    assert {"proxy", "api", "worker", "migrate", "db", "s3", "clamav", "keycloak"} <= set(services)
    assert services["api"]["deploy"]["replicas"] == 2
    assert services["api"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    # The API believes X-Forwarded-For from the proxy's fixed address only.
    proxy_ip = services["proxy"]["networks"]["portal"]["ipv4_address"]
    assert services["api"]["environment"]["PORTAL_TRUSTED_PROXIES"] == proxy_ip
    assert "--proxy-headers" in services["api"]["command"]
    assert {a for a in services["api"]["command"] if a.startswith("--")} <= serve_options()


def test_compose_settings_are_real_and_secrets_are_files():
    doc = compose()
    declared = set(doc["secrets"])
    for name, service in doc["services"].items():
        env = service.get("environment") or {}
        names = setting_names(env)
        assert names <= SETTINGS, (name, names - SETTINGS)
        # A secret's value is never written in the file: only a *_FILE path to a mounted secret.
        assert {n for n in names if SECRET_WORDS.search(n)} == set(), name
        for secret in service.get("secrets", []):
            assert (secret if isinstance(secret, str) else secret["source"]) in declared, (name, secret)


def test_the_env_example_names_real_settings():
    names = {
        line.split("=", 1)[0].removeprefix("PORTAL_")
        for line in (INFRA / "portal.env.example").read_text().splitlines()
        if line.startswith("PORTAL_")
    }
    assert names and names <= SETTINGS, names - SETTINGS


# ---- HAProxy ------------------------------------------------------------------------------------------


def test_haproxy_config_is_valid(tmp_path):
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        pytest.fail("haproxy missing: bash infra/scripts/ensure-system-deps.sh test")
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=t"]
    subprocess.run(
        [*openssl, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    pem = tmp_path / "tls.pem"
    pem.write_bytes(cert.read_bytes() + key.read_bytes())
    config = (INFRA / "haproxy/haproxy.cfg").read_text()
    assert "/etc/haproxy/tls.pem" in config and "option forwardfor" in config
    assert "del-header X-Forwarded-For" in config  # a client's own header never passes through
    checked = tmp_path / "haproxy.cfg"
    checked.write_text(config.replace("/etc/haproxy/tls.pem", str(pem)))
    r = subprocess.run([haproxy, "-c", "-f", checked], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
