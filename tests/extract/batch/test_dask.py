"""The Dask executor on a LocalCluster gives the records and manifest of a local run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from declform.extract.batch.command import run_batch
from declform.extract.batch.executors import DaskExecutor
from declform.extract.batch.options import BatchOptions
from declform.extract.cli import main
from tests.extract.batch.kit import inline, read_records, sample_inputs

distributed = pytest.importorskip("distributed")


def _pages(out: Path) -> dict[str, Any]:
    manifest = json.loads((out / ".declform" / "manifest.json").read_text(encoding="utf-8"))
    return {Path(i["path"]).name: (i["status"], i["outputs"], i["pages"]) for i in manifest["inputs"]}


def test_a_dask_run_gives_the_records_of_a_local_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sample_inputs(tmp_path / "in")
    local, dask, cli = tmp_path / "local", tmp_path / "dask", tmp_path / "cli"
    assert run_batch([str(folder)], local, BatchOptions(), inline()) == 0
    # threads in this process: starts in a second, runs the very code a remote worker runs
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        executor = DaskExecutor(client=client)
        assert executor.capacity == 4
        assert run_batch([str(folder)], dask, BatchOptions(), executor) == 0
        # the command line pointed at the scheduler; then again: the manifest says all is done
        argv = ["extract", str(folder), "--out", str(cli), "--json-log",
                "--executor", "dask", "--scheduler", cluster.scheduler_address]
        assert main(argv) == 0
        capsys.readouterr()
        assert main(argv) == 0
        summary = json.loads(capsys.readouterr().out.splitlines()[-1])
        assert summary["skipped"] == 4 and summary["pages_read"] == 0
    assert read_records(cli) == read_records(local)
    assert read_records(dask) == read_records(local) and read_records(local)
    assert _pages(dask) == _pages(local)
