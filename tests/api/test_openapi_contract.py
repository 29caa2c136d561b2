"""What the OpenAPI document promises integrators about its operations (issue #21)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

OPERATION_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def operations(app: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op) for path, item in app.openapi()["paths"].items() for method, op in item.items()
    ]


def test_operation_ids_are_short_unique_and_carry_no_path(app):
    ids = [op["operationId"] for _, _, op in operations(app)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for path, method, op in operations(app):
        oid = op["operationId"]
        assert OPERATION_ID.match(oid) and len(oid) <= 32, (method, path, oid)
        # A generated id spells the path and method (`login_api_v1_auth_login_post`): none here.
        assert "api_v1" not in oid and "well_known" not in oid, (method, path, oid)


def test_operation_ids_are_the_ones_clients_were_generated_with(app):
    ids = {(method, path): op["operationId"] for path, method, op in operations(app)}
    assert ids[("get", "/api/v1/cases")] == "list_cases"
    assert ids[("post", "/api/v1/cases")] == "create_case"
    assert ids[("post", "/api/v1/cases/{case_id}/submit")] == "submit_case"
    assert ids[("get", "/api/v1/review/queue")] == "review_queue"
    assert ids[("options", "/api/v1/cases/{case_id}/uploads/{upload_id}")] == "tus_options_upload"
