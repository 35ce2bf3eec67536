"""Demo flows for the dashboard's demo and test data.

They are real Prefect flows: `seed.py` runs them against the server, and the demo worker
runs the deployments made from them (entrypoint `demo_flows.py:<function>`).
"""

import os
import time
from datetime import datetime
from enum import Enum

from prefect import flow, get_run_logger, task
from pydantic import BaseModel
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run, task_run


@task
def extract(rows: int) -> list[int]:
    get_run_logger().info("extracting %d rows", rows)
    return list(range(rows))


@task(retries=2, retry_delay_seconds=0)
def flaky_fetch(rows: list[int]) -> list[int]:
    """Fails on its first attempt, so the run shows a retry."""
    if task_run.run_count < 2:
        raise ConnectionError("source timed out (attempt %d)" % task_run.run_count)
    return rows


@task
def transform(rows: list[int]) -> int:
    total = sum(rows)
    get_run_logger().debug("sum of %d rows is %d", len(rows), total)
    return total


@task
def load(total: int) -> int:
    get_run_logger().warning("loaded total %d into the warehouse", total)
    create_table_artifact(key="etl-load", table=[{"metric": "total", "value": total}])
    return total


@flow(name="etl")
def etl(rows: int = 5, pause: float = 0.0) -> int:
    data = extract(rows)
    data = flaky_fetch(data)
    total = transform(data)
    if pause:
        time.sleep(pause)
    return load(total)


@flow(name="report")
def report(days: int = 2) -> int:
    """A parent flow with one subflow run per day."""
    get_run_logger().info("building report for %d days", days)
    total = sum(etl(rows=days + i) for i in range(days))
    create_markdown_artifact(key="daily-report", markdown=f"# Report\n\nTotal: **{total}**")
    return total


@flow(name="fragile")
def fragile() -> None:
    get_run_logger().error("upstream API returned 503")
    raise RuntimeError("upstream API returned 503")


@flow(name="retrying", retries=1, retry_delay_seconds=0)
def retrying() -> str:
    """Fails its first run and completes on the flow-level retry."""
    if flow_run.run_count < 2:
        raise ValueError("first attempt fails on purpose")
    return "ok"


class Mode(str, Enum):
    fast = "fast"
    thorough = "thorough"


class Window(BaseModel):
    days: int = 1
    label: str = "daily"


@flow(name="configurable")
def configurable(
    name: str,
    count: int = 3,
    ratio: float = 0.5,
    dry_run: bool = False,
    mode: Mode = Mode.fast,
    window: Window = Window(days=7),
    labels: list[str] = [],
    since: datetime | None = None,
) -> dict:
    """Parameters of every kind the custom-run form handles; returns what it was given."""
    got = {
        "name": name,
        "count": count,
        "ratio": ratio,
        "dry_run": dry_run,
        "mode": mode.value,
        "window": window.model_dump(),
        "labels": labels,
        "since": since.isoformat() if since else None,
    }
    get_run_logger().info("configured with %s", got)
    return got


@flow(name="sleepy")
def sleepy(seconds: int = 600, pidfile: str = "") -> None:
    """Runs long, writing its process id where told, so a test can see the worker kill it."""
    if pidfile:
        with open(pidfile, "w") as out:
            out.write(str(os.getpid()))
    time.sleep(seconds)
