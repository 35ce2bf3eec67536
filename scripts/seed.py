"""Fills a Prefect server with demo data using Prefect's own client and real flow runs.

Usage: PREFECT_API_URL=http://127.0.0.1:PORT/api python seed.py [--profile minimal|demo|worker|blocks]

minimal: two real flow runs (completed, failed), for quick tests.
blocks:  block types of our own, one nesting the other (`warehouse` holds a
         `warehouse-credentials`, whose token is a secret), and two saved credentials.
worker:  minimal, plus a process pool `worker-pool` with deployments a real worker runs:
         `configurable` (parameters of every kind, schema enforced), `sleepy` (runs
         long) and `fragile` (fails).
demo:    completed, failed, retried and subflow runs with task runs and logs; a process
         work pool with queues (one paused) and a worker, a pool whose worker went quiet, a
         paused pool; deployments with cron, interval and rrule schedules; runs
         put in the other states (running, pending, paused, cancelled, crashed, late).
Prints a JSON summary of what it made on its last line.
"""

import argparse
import asyncio
import json
import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import demo_flows  # noqa: E402
from prefect import get_client  # noqa: E402
from prefect.blocks.system import Secret  # noqa: E402
from prefect.client.schemas.actions import (  # noqa: E402
    DeploymentScheduleCreate,
    GlobalConcurrencyLimitCreate,
    VariableCreate,
    WorkPoolCreate,
)
from prefect.client.schemas.schedules import (  # noqa: E402
    CronSchedule,
    IntervalSchedule,
    RRuleSchedule,
)
from prefect.states import State, StateType  # noqa: E402

POOL = "demo-pool"
QUIET_POOL = "quiet-pool"
PAUSED_POOL = "paused-pool"
# The quiet pool's worker promised a heartbeat every 2 s and then stopped: after 3 missed
# beats (6 s) it counts as offline and its pool as not ready.
QUIET_INTERVAL_SECONDS = 2


def run_flows(profile: str) -> dict:
    made = {"completed": 0, "failed": 0}
    demo_flows.etl(rows=3)
    made["completed"] += 1
    state = demo_flows.fragile(return_state=True)
    assert state.is_failed(), state
    made["failed"] += 1
    if profile == "demo":
        demo_flows.report(days=2)
        demo_flows.retrying()
        demo_flows.etl(rows=8)
        made["completed"] += 5  # report + 2 subflows + retrying + etl
    return made


async def make_pools() -> None:
    """Pools first, so the quiet pool's worker has gone quiet by the time the seed ends."""
    async with get_client() as client:
        await client.create_work_pool(
            WorkPoolCreate(name=POOL, type="process", description="Demo process pool"),
            overwrite=True,
        )
        await client.create_work_queue(
            name="critical", work_pool_name=POOL, priority=1, concurrency_limit=2
        )
        await client.create_work_queue(
            name="backfill", work_pool_name=POOL, priority=10, is_paused=True
        )
        await client.create_work_pool(
            WorkPoolCreate(name=QUIET_POOL, type="process", description="Its worker went quiet"),
            overwrite=True,
        )
        await client.send_worker_heartbeat(
            QUIET_POOL, "quiet-worker", heartbeat_interval_seconds=QUIET_INTERVAL_SECONDS
        )
        await client.create_work_pool(
            WorkPoolCreate(
                name=PAUSED_POOL, type="process", is_paused=True, concurrency_limit=4
            ),
            overwrite=True,
        )


async def make_deployments() -> dict:
    async with get_client() as client:
        etl_id = await client.create_flow_from_name("etl")
        report_id = await client.create_flow_from_name("report")
        common = dict(path=str(HERE), work_pool_name=POOL)
        now = datetime.now(timezone.utc)
        hourly = await client.create_deployment(
            flow_id=etl_id,
            name="etl-hourly",
            entrypoint="demo_flows.py:etl",
            work_queue_name="default",
            tags=["etl", "prod"],
            description="Loads the **warehouse** every hour.",
            parameters={"rows": 10},
            schedules=[
                DeploymentScheduleCreate(
                    schedule=CronSchedule(cron="0 * * * *", timezone="Europe/Berlin")
                )
            ],
            **common,
        )
        await client.create_deployment(
            flow_id=etl_id,
            name="etl-every-10m",
            entrypoint="demo_flows.py:etl",
            work_queue_name="critical",
            tags=["etl"],
            schedules=[
                DeploymentScheduleCreate(
                    schedule=IntervalSchedule(interval=timedelta(minutes=10), anchor_date=now)
                )
            ],
            **common,
        )
        await client.create_deployment(
            flow_id=report_id,
            name="weekly-report",
            entrypoint="demo_flows.py:report",
            work_queue_name="backfill",
            tags=["reporting"],
            paused=True,
            schedules=[
                DeploymentScheduleCreate(
                    schedule=RRuleSchedule(rrule="FREQ=WEEKLY;BYDAY=MO;BYHOUR=9", timezone="UTC")
                )
            ],
            **common,
        )
        # Runs in the states real flows rarely stop in, set through the API like an operator would.
        states = [
            (StateType.RUNNING, "Running", None),
            (StateType.PENDING, "Pending", None),
            (StateType.PAUSED, "Paused", None),
            (StateType.CANCELLED, "Cancelled", None),
            (StateType.CRASHED, "Crashed", None),
            (StateType.CANCELLING, "Cancelling", None),
            (StateType.SCHEDULED, "Late", now - timedelta(minutes=30)),
        ]
        for state_type, name, scheduled in states:
            run = await client.create_flow_run_from_deployment(hourly, tags=["seeded"])
            details = {"scheduled_time": scheduled} if scheduled else {}
            if state_type == StateType.CANCELLING:
                # A run is cancelled while running; one that never started goes straight to
                # Cancelled on the server.
                await client.set_flow_run_state(run.id, State(type=StateType.RUNNING), force=True)
            await client.set_flow_run_state(
                run.id,
                State(type=state_type, name=name, state_details=details),
                force=True,
            )
        # The rest of what a lived-in server has: a variable, concurrency limits, a block.
        await client.create_variable(
            VariableCreate(name="warehouse_config", value={"schema": "analytics"}, tags=["etl"])
        )
        await client.create_concurrency_limit(tag="database", concurrency_limit=5)
        await client.create_global_concurrency_limit(
            GlobalConcurrencyLimitCreate(name="warehouse-writes", limit=3)
        )
        # One worker heartbeat and poll, as a worker would: the pool, its default queue and the
        # deployments on it become READY (they go NOT_READY again once it stays quiet).
        await client.send_worker_heartbeat(POOL, "seed-worker", heartbeat_interval_seconds=30)
        await client.get_scheduled_flow_runs_for_work_pool(POOL, work_queue_names=["default"])
    await Secret(value="not-a-real-secret").save("warehouse-password", overwrite=True)
    return {"deployments": 3, "work_pools": 3, "state_runs": len(states)}


async def make_blocks() -> dict:
    """Block types registered as a library registers them: a block nesting another."""
    from pydantic import SecretStr

    from prefect.blocks.core import Block

    class WarehouseCredentials(Block):
        _block_type_name = "Warehouse Credentials"
        user: str
        token: SecretStr

    class Warehouse(Block):
        _block_type_name = "Warehouse"
        _description = "Where the pipelines load to.\n\nA second paragraph the catalog leaves out."
        host: str
        port: int = 5432
        credentials: WarehouseCredentials

    await Warehouse.aregister_type_and_schema()
    made = {}
    for name, token in [("etl-creds", "tok-etl-in-clear"), ("spare-creds", "tok-spare-in-clear")]:
        made[name] = str(await WarehouseCredentials(user=name, token=token).asave(name))
    return {"blocks": made}


WORKER_POOL = "worker-pool"


async def make_worker_deployments() -> dict:
    """Deployments for a real process worker started in `scripts/` (entrypoints resolve there)."""
    from prefect.utilities.callables import parameter_schema

    async with get_client() as client:
        await client.create_work_pool(
            WorkPoolCreate(name=WORKER_POOL, type="process", description="Run by the test worker"),
            overwrite=True,
        )
        made = {}
        for function, enforce in [
            (demo_flows.configurable, True),
            (demo_flows.sleepy, False),
            (demo_flows.fragile, False),
        ]:
            flow_id = await client.create_flow_from_name(function.name)
            made[function.name] = str(
                await client.create_deployment(
                    flow_id=flow_id,
                    name=function.name,
                    entrypoint=f"demo_flows.py:{function.fn.__name__}",
                    path=str(HERE),
                    work_pool_name=WORKER_POOL,
                    work_queue_name="default",
                    parameter_openapi_schema=parameter_schema(function).model_dump_for_openapi(),
                    enforce_parameter_schema=enforce,
                )
            )
    return {"worker_deployments": made}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", choices=["minimal", "demo", "worker", "blocks"], default="demo")
    args = parser.parse_args()
    if not os.environ.get("PREFECT_API_URL"):
        sys.exit("seed.py: set PREFECT_API_URL to the server to fill")
    if args.profile == "blocks":
        print(json.dumps({"profile": args.profile, **asyncio.run(make_blocks())}))
        return
    if args.profile == "demo":
        asyncio.run(make_pools())
    summary = {"profile": args.profile, "flow_runs": run_flows(args.profile)}
    if args.profile == "demo":
        summary.update(asyncio.run(make_deployments()))
    if args.profile == "worker":
        summary.update(asyncio.run(make_worker_deployments()))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
