"""The part of the Helm charts' values that deploy/k8s uses, as JSON schemas (written for this project).

The charts themselves cannot be downloaded in CI, so their ``values.schema.json`` is not at hand.
These schemas state, for every key that ``values.yaml`` and ``ngshare-values.yaml`` set, the type or
the allowed values that the chart documents:

- ``jupyterhub`` chart (Zero to JupyterHub) **4.4.0**, whose hub image runs JupyterHub **5.5.0**,
  KubeSpawner 7.0.0 and oauthenticator 17.4.0 (``jupyterhub/values.schema.yaml`` of that release);
- LibreTexts' ``ngshare`` chart **0.6.0** (``helmchart/ngshare/values.yaml``, which has no schema).

Every object covered says ``additionalProperties: false``, so a misspelt key fails here, as it
fails the real chart where the chart is strict. Some levels are stricter than the chart, which
passes them through unchecked: the ``hub.config`` sections used here list the traits of
JupyterHub 5.5 / oauthenticator 17.4 that this project sets, ``hub.services.*`` lists
JupyterHub's service keys, ``extraEnv`` takes the dict form only (a value or a ``secretKeyRef``)
and ``singleuser.networkPolicy.egress`` the rule shapes used here. A key this project starts to
use must be added here, from the chart's documentation, with its documented type.

Check a values file by hand::

    python deploy/k8s/schema.py deploy/k8s/values.yaml
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

#: The chart release the values are written for, and the JupyterHub version of its hub image:
#: the image (deploy/k8s/Dockerfile) must install the same JupyterHub.
CHART = "jupyterhub"
CHART_VERSION = "4.4.0"
CHART_JUPYTERHUB = "5.5.0"
NGSHARE_CHART_VERSION = "0.6.0"

_STR = {"type": "string"}
_BOOL = {"type": "boolean"}
_STR_LIST = {"type": "array", "items": _STR}


def _obj(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties, **extra}


#: A Kubernetes EnvVar without its name (the charts' ``extraEnv`` dict form): a value or a secret.
_ENV_VALUE = {
    "oneOf": [
        {"type": "string"},
        _obj({"valueFrom": _obj({"secretKeyRef": _obj({"name": _STR, "key": _STR}, required=["name", "key"])},
                                required=["secretKeyRef"])}, required=["valueFrom"]),
    ]
}
_EXTRA_ENV = {"type": "object", "additionalProperties": _ENV_VALUE}

#: One egress rule of a NetworkPolicy (the chart passes ``networkPolicy.egress`` through as a list).
_EGRESS_RULE = _obj({
    "to": {"type": "array", "items": _obj({"podSelector": _obj({"matchLabels": {
        "type": "object", "additionalProperties": _STR}}), "ipBlock": _obj({"cidr": _STR})})},
    "ports": {"type": "array", "items": _obj({"port": {"type": ["integer", "string"]},
                                              "protocol": {"enum": ["TCP", "UDP", "SCTP"]}})},
})

_SERVICE = _obj({
    # documented by the chart
    "name": _STR, "admin": _BOOL, "command": {"type": ["string", "array"]}, "url": _STR,
    "api_token": {"type": ["string", "null"]}, "apiToken": {"type": ["string", "null"]},
    # JupyterHub 5.5's Service keys used here
    "oauth_no_confirm": _BOOL, "display": _BOOL,
})

_HUB_CONFIG = _obj({
    "JupyterHub": _obj({"authenticator_class": _STR, "admin_access": _BOOL}),
    "Authenticator": _obj({"admin_users": _STR_LIST, "allowed_users": _STR_LIST, "allow_all": _BOOL}),
    "GenericOAuthenticator": _obj({
        "client_id": _STR, "oauth_callback_url": _STR, "authorize_url": _STR, "token_url": _STR,
        "userdata_url": _STR, "login_service": _STR, "username_claim": _STR, "scope": _STR_LIST,
        "allowed_groups": _STR_LIST, "admin_groups": _STR_LIST,
    }),
})

VALUES_SCHEMA: dict[str, Any] = _obj({
    "hub": _obj({
        "config": _HUB_CONFIG,
        "services": {"type": "object", "additionalProperties": _SERVICE},
        "extraEnv": _EXTRA_ENV,
        "extraConfig": {"type": "object", "additionalProperties": _STR},
    }),
    "singleuser": _obj({
        "image": _obj({"name": _STR, "tag": _STR,
                       "pullPolicy": {"enum": [None, "", "IfNotPresent", "Always", "Never"]},
                       "pullSecrets": {"type": "array"}}, required=["name", "tag"]),
        "uid": {"type": ["integer", "null"]},
        "fsGid": {"type": ["integer", "null"]},
        "cmd": {"type": ["array", "string", "null"]},
        "defaultUrl": {"type": ["string", "null"]},
        "startTimeout": {"type": ["integer", "null"]},
        "memory": _obj({"limit": {"type": ["number", "string", "null"]},
                        "guarantee": {"type": ["number", "string", "null"]}}),
        "cpu": _obj({"limit": {"type": ["number", "null"]}, "guarantee": {"type": ["number", "null"]}}),
        "storage": _obj({
            "type": {"enum": ["dynamic", "static", "none"]},
            "capacity": {"type": ["string", "null"]},
            "homeMountPath": _STR,
            "dynamic": _obj({"storageClass": {"type": ["string", "null"]},
                             "storageAccessModes": {"type": "array", "items": {"type": ["string", "null"]}}}),
        }, required=["type", "homeMountPath"]),
        "extraEnv": _EXTRA_ENV,
        "lifecycleHooks": _obj({"postStart": {"type": "object"}, "preStop": {"type": "object"}}),
        "networkPolicy": _obj({"enabled": _BOOL, "egress": {"type": "array", "items": _EGRESS_RULE}}),
    }),
    "cull": _obj({
        "enabled": _BOOL,
        "users": {"type": ["boolean", "null"]},
        "adminUsers": {"type": ["boolean", "null"]},
        "removeNamedServers": {"type": ["boolean", "null"]},
        "timeout": {"type": ["integer", "null"]},
        "every": {"type": ["integer", "null"]},
        "concurrency": {"type": ["integer", "null"]},
        "maxAge": {"type": ["integer", "null"]},
    }, required=["enabled"]),
})

_QUANTITY = {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$"}

NGSHARE_SCHEMA: dict[str, Any] = _obj({
    "ngshare": _obj({"admins": _STR_LIST, "hub_api_url": _STR, "hub_base_url": _STR,
                     "hub_api_token": _STR, "debug": _BOOL, "upgrade_db": _BOOL}),
    "deployment": _obj({"resources": _obj({"requests": _obj({"cpu": _QUANTITY, "memory": _QUANTITY}),
                                           "limits": _obj({"cpu": _QUANTITY, "memory": _QUANTITY})})}),
    "pvc": _obj({"storage": _QUANTITY, "storageClassName": _STR,
                 "accessModes": {"type": "array", "items": {"enum": ["ReadWriteOnce", "ReadWriteMany"]}}}),
})


def errors(values: Any, schema: dict[str, Any] = VALUES_SCHEMA) -> list[str]:
    """Every way ``values`` breaks ``schema``, as "where: what" lines (empty when it fits)."""
    import jsonschema

    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
            for e in sorted(validator.iter_errors(values), key=lambda e: list(map(str, e.absolute_path)))]


def main(argv: list[str]) -> int:
    import yaml

    for name in argv or [str(Path(__file__).with_name("values.yaml"))]:
        path = Path(name)
        schema = NGSHARE_SCHEMA if path.name.startswith("ngshare") else VALUES_SCHEMA
        found = errors(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
        print(f"{path}: {'ok' if not found else 'does not fit the chart'}")
        for line in found:
            print(f"  {line}")
        if found:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
