"""Records the JSON of every endpoint the dashboard uses from a real, seeded Prefect server.

Usage: PREFECT_API_URL=http://127.0.0.1:PORT/api python capture_fixtures.py OUT_DIR

Writes OUT_DIR/<name>.json (the body exactly as the server sent it) and
OUT_DIR/manifest.json: the Prefect version and, per fixture, the request and the Rust type
that must decode it (tests/schemas_fixtures.rs reads it). Any failed request fails the run.
Run it through `make fixtures`, which starts and seeds the server with the test harness.
"""

import json
import os
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

API = os.environ["PREFECT_API_URL"].rstrip("/")
OUT = Path(sys.argv[1])
CLIENT_ID = "capture-" + uuid.uuid4().hex[:8]
http = httpx.Client(timeout=60)
headers = {}
manifest = {"fixtures": {}}


def call(method, path, body=None, base=API):
    response = http.request(method, base + path, json=body, headers=headers)
    if response.status_code >= 300:
        sys.exit(f"{method} {path} -> HTTP {response.status_code}: {response.text[:500]}")
    return response


def record(name, rust_type, method, path, body=None, base=API):
    response = call(method, path, body, base)
    (OUT / f"{name}.json").write_text(response.text)
    manifest["fixtures"][name] = {
        "type": rust_type,
        "method": method,
        "path": path,
        "body": body,
    }
    return response.json()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    version = call("GET", "/admin/version").json()
    manifest["prefect_version"] = version
    record("health", "bool", "GET", "/health")
    record("admin_version", "String", "GET", "/admin/version")
    csrf = http.get(f"{API}/csrf-token", params={"client": CLIENT_ID})
    if csrf.status_code == 200:
        (OUT / "csrf_token.json").write_text(csrf.text)
        manifest["fixtures"]["csrf_token"] = {
            "type": "CsrfToken", "method": "GET", "path": "/csrf-token?client=…", "body": None,
        }
        headers["Prefect-Csrf-Token"] = csrf.json()["token"]
        headers["Prefect-Csrf-Client"] = CLIENT_ID
    base_ui = API[: -len("/api")] if API.endswith("/api") else API
    record("ui_settings", "UISettings", "GET", "/ui-settings", base=base_ui)

    now = datetime.now(timezone.utc)
    window = {
        "history_start": (now - timedelta(days=1)).isoformat(),
        "history_end": (now + timedelta(hours=1)).isoformat(),
        "history_interval_seconds": 3600.0,
    }
    flows = record("flows_filter", "Vec<Flow>", "POST", "/flows/filter", {"sort": "NAME_ASC"})
    record("flows_paginate", "Paginated<Flow>", "POST", "/flows/paginate", {"page": 1, "limit": 10})
    runs = record("flow_runs_filter", "Vec<FlowRun>", "POST", "/flow_runs/filter",
                  {"sort": "EXPECTED_START_TIME_DESC", "limit": 200})
    record("flow_runs_paginate", "Paginated<FlowRun>", "POST", "/flow_runs/paginate",
           {"sort": "START_TIME_DESC", "page": 1, "limit": 5,
            "flow_runs": {"parent_task_run_id": {"is_null_": True}}})
    record("flow_runs_count", "i64", "POST", "/flow_runs/count", {})
    record("flow_runs_history", "Vec<HistoryResponse>", "POST", "/flow_runs/history", window)
    record("task_runs_history", "Vec<HistoryResponse>", "POST", "/task_runs/history", window)
    flow_ids_by_name = {f["name"]: f["id"] for f in flows}
    parent = next(r for r in runs if r["flow_id"] == flow_ids_by_name["report"])
    etl = next(r for r in runs if r["flow_id"] == flow_ids_by_name["etl"]
               and r["parent_task_run_id"] is None and r["state_type"] == "COMPLETED")
    record("flow_run", "FlowRun", "GET", f"/flow_runs/{parent['id']}")
    graph = record("flow_run_graph", "Graph", "GET", f"/flow_runs/{parent['id']}/graph-v2")
    tasks_graph = record("flow_run_graph_tasks", "Graph", "GET", f"/flow_runs/{etl['id']}/graph-v2")
    kinds = {node["kind"] for _, node in graph["nodes"] + tasks_graph["nodes"]}
    assert kinds == {"flow-run", "task-run"}, f"graphs should hold both node kinds: {kinds}"
    record("flow_run_states", "Vec<State>", "GET", f"/flow_run_states/?flow_run_id={etl['id']}")
    late = next(r for r in runs if r["state_name"] == "Late")
    record("flow_run_late", "FlowRun", "GET", f"/flow_runs/{late['id']}")
    task_runs = record("task_runs_filter", "Vec<TaskRun>", "POST", "/task_runs/filter", {"limit": 50})
    record("task_runs_paginate", "Paginated<TaskRunResponse>", "POST", "/task_runs/paginate",
           {"page": 1, "limit": 10})
    record("task_run", "TaskRun", "GET", f"/task_runs/{task_runs[0]['id']}")
    record("ui_task_run", "UITaskRun", "GET", f"/ui/task_runs/{task_runs[0]['id']}")
    record("logs_filter", "Vec<Log>", "POST", "/logs/filter",
           {"logs": {"flow_run_id": {"any_": [r["id"] for r in runs]}}, "sort": "TIMESTAMP_ASC", "limit": 200})
    deployments = record("deployments_filter", "Vec<Deployment>", "POST", "/deployments/filter", {})
    record("deployments_paginate", "Paginated<Deployment>", "POST", "/deployments/paginate",
           {"page": 1, "limit": 10, "sort": "NAME_ASC"})
    record("deployment", "Deployment", "GET", f"/deployments/{deployments[0]['id']}")
    record("deployment_schedules", "Vec<DeploymentSchedule>", "GET",
           f"/deployments/{deployments[0]['id']}/schedules")
    pools = record("work_pools_filter", "Vec<WorkPool>", "POST", "/work_pools/filter", {})
    pool = next(p for p in pools if p["name"] == "demo-pool")
    record("work_pool", "WorkPool", "GET", "/work_pools/demo-pool")
    queues = record("work_queues_filter", "Vec<WorkQueue>", "POST", "/work_pools/demo-pool/queues/filter", {})
    record("work_queue", "WorkQueue", "GET", f"/work_queues/{queues[0]['id']}")
    record("work_queue_status", "WorkQueueStatusDetail", "GET", f"/work_queues/{queues[0]['id']}/status")
    record("workers_filter", "Vec<Worker>", "POST", "/work_pools/demo-pool/workers/filter", {})
    record("concurrency_limits_filter", "Vec<ConcurrencyLimit>", "POST", "/concurrency_limits/filter", {})
    record("global_concurrency_limits_filter", "Vec<GlobalConcurrencyLimitResponse>", "POST",
           "/v2/concurrency_limits/filter", {})
    flow_ids = [f["id"] for f in flows]
    record("ui_flows_next_runs", "NextRunsByFlow", "POST", "/ui/flows/next-runs", {"flow_ids": flow_ids})
    record("ui_flows_count_deployments", "CountById", "POST", "/ui/flows/count-deployments", {"flow_ids": flow_ids})
    record("ui_flow_runs_count_task_runs", "CountById", "POST", "/ui/flow_runs/count-task-runs",
           {"flow_run_ids": [r["id"] for r in runs]})
    record("ui_flow_runs_history", "Vec<SimpleFlowRun>", "POST", "/ui/flow_runs/history",
           {"sort": "EXPECTED_START_TIME_DESC", "limit": 1000})
    record("ui_task_runs_dashboard_counts", "Vec<TaskRunCount>", "POST", "/ui/task_runs/dashboard/counts",
           {"task_runs": {"start_time": {"after_": (now - timedelta(days=1)).isoformat()}}})
    record("ui_task_runs_count", "CountByState", "POST", "/ui/task_runs/count", {})
    record("events_filter", "EventPage", "POST", "/events/filter",
           {"filter": {"occurred": {"since": (now - timedelta(days=1)).isoformat()}}, "limit": 50})
    record("events_count_by_event", "Vec<EventCount>", "POST", "/events/count-by/event",
           {"filter": {"occurred": {"since": (now - timedelta(days=1)).isoformat()}}})
    record("variables_filter", "Vec<Variable>", "POST", "/variables/filter", {})
    record("artifacts_filter", "Vec<Artifact>", "POST", "/artifacts/filter", {})
    record("artifacts_latest_filter", "Vec<ArtifactCollection>", "POST", "/artifacts/latest/filter", {})
    record("block_types_filter", "Vec<BlockType>", "POST", "/block_types/filter", {"limit": 5})
    record("block_schemas_filter", "Vec<BlockSchema>", "POST", "/block_schemas/filter", {"limit": 5})
    record("block_documents_filter", "Vec<BlockDocument>", "POST", "/block_documents/filter", {})
    pending = next(r for r in runs if r["state_type"] == "PENDING")
    record("flow_run_set_state", "OrchestrationResult", "POST", f"/flow_runs/{pending['id']}/set_state",
           {"state": {"type": "CANCELLED", "name": "Cancelled", "message": "captured"}, "force": True})
    assert pool["status"] in ("READY", "NOT_READY", "PAUSED"), pool
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print(json.dumps({"prefect_version": version, "fixtures": len(manifest["fixtures"])}))


if __name__ == "__main__":
    main()
