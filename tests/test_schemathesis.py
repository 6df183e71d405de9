"""Schemathesis against the app's own OpenAPI schema, in process (ASGI): every GET operation,
and with the write token the POST ones, with generated valid and invalid parameters and bodies.
No answer may be a server error, and every answer must match the schema's response shapes.

A small store (two articles of our own, ingested through the API) gives the reads something
to find; URL ingest gets a mock transport and a resolver, so nothing touches the network.
"""
from __future__ import annotations

import shutil
import tempfile
import warnings
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from overture.store import Store  # noqa: E402
from overture.web import create_app  # noqa: E402

TOKEN = "schemathesis-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EXAMPLES = 50  # per operation (schemathesis adds its coverage cases); the module runs in about half a minute

# Written for these tests.
ARTICLES = [
    "Ceasefire talk in the capital\n\nKYIV, April 2 (Wire) - Ukrainian President Volodymyr Zelensky said on "
    "Monday he was open to talks with Russia if troops withdrew first.\n",
    "Moscow answers\n\nMOSCOW, April 3 (Wire) - Kremlin spokesman Dmitry Peskov said on Tuesday that Russia "
    "rejected talks under those conditions.\n",
]


# Built at import: schemathesis's lazy loader (`schemathesis.pytest.from_fixture`) fails under
# pytest 9 (it sets `request.node._nodeid`), so the schema comes from the app itself.
_DIR = Path(tempfile.mkdtemp(prefix="overture-schemathesis-"))
STORE = Store(f"sqlite:///{_DIR / 'st.db'}")
APP = create_app(STORE, write_token=TOKEN)  # the pipeline comes from the session fixture, below
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
CALLS: list[tuple[str, int]] = []


@pytest.fixture(scope="module", autouse=True)
def filled(pipeline):
    writer = APP.state.writer
    writer.pipeline = pipeline
    writer.client = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(404)))
    writer.resolve = lambda host: ["93.184.216.34"]  # every name public; no DNS
    client = TestClient(APP)
    for text in ARTICLES:
        assert client.post("/api/ingest", json={"text": text}, headers=AUTH).status_code == 200
    yield
    writer.client.close()
    STORE.close()
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_gives_a_server_error(case):
    response = case.call(headers=AUTH)
    CALLS.append((case.operation.label, response.status_code))
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance], headers=AUTH)


def test_the_run_covered_every_operation_and_found_no_server_error():
    operations = {f"{method.upper()} {path}" for path, ops in schema.raw_schema["paths"].items() for method in ops}
    assert {op for op, _ in CALLS} == operations, "run this module whole"
    assert not [c for c in CALLS if c[1] >= 500]
    per_operation = {op: sum(1 for o, _ in CALLS if o == op) for op in sorted(operations)}
    print(f"\nschemathesis: {len(CALLS)} calls over {len(operations)} operations {per_operation}, "
          f"statuses {sorted({s for _, s in CALLS})}")
