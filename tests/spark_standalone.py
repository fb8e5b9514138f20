"""A Spark standalone cluster on this machine for tests and benchmarks: one master and one
worker (PySpark's own `spark-class`), bound to 127.0.0.1 on free ports, stopped by `stop()`
(or leaving the `with` block) even after a failure. Nothing listens beyond loopback.

    with Standalone(tmp / "cluster", cores=2) as cluster:
        kith("batch", ..., "--master", cluster.url)
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def spark_class() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent / "bin" / "spark-class"


class Standalone:
    def __init__(self, work: Path, cores: int = 2, memory: str = "3g"):
        self.work, self.cores, self.memory = Path(work), cores, memory
        self.procs: list[subprocess.Popen] = []
        self.port, self.ui = free_port(), free_port()
        self.url = f"spark://{LOOPBACK}:{self.port}"

    def _start(self, name: str, *args) -> None:
        env = dict(os.environ, SPARK_LOCAL_IP=LOOPBACK, SPARK_MASTER_HOST=LOOPBACK,
                   SPARK_LOG_DIR=str(self.work / "logs"), SPARK_WORKER_DIR=str(self.work / "w"))
        log = open(self.work / f"{name}.log", "wb")  # noqa: SIM115 - lives with the process
        self.procs.append(subprocess.Popen([str(spark_class()), *map(str, args)], env=env,
                                           stdout=log, stderr=subprocess.STDOUT,
                                           stdin=subprocess.DEVNULL, start_new_session=True))

    def _status(self) -> dict | None:
        try:
            with urllib.request.urlopen(f"http://{LOOPBACK}:{self.ui}/json/", timeout=2) as r:
                return json.load(r)
        except OSError:
            return None

    def start(self, timeout: float = 90.0) -> Standalone:
        self.work.mkdir(parents=True, exist_ok=True)
        atexit.register(self.stop)  # also when the test run ends without its teardown
        self._start("master", "org.apache.spark.deploy.master.Master", "--host", LOOPBACK,
                    "--port", self.port, "--webui-port", self.ui)
        self._start("worker", "org.apache.spark.deploy.worker.Worker", self.url,
                    "--host", LOOPBACK, "--port", free_port(), "--webui-port", free_port(),
                    "--cores", self.cores, "--memory", self.memory,
                    "--work-dir", self.work / "w")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self._status()
            if status and status.get("aliveworkers", 0) >= 1:
                return self
            if any(p.poll() is not None for p in self.procs):
                break
            time.sleep(0.5)
        self.stop()
        logs = {p.name: p.read_text(errors="replace")[-2000:] for p in self.work.glob("*.log")}
        raise RuntimeError(f"the standalone Spark cluster did not start: {logs}")

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.procs.clear()

    def executor_logs(self, tail: int | None = 3000) -> str:
        """Every executor's stderr: its last `tail` characters each (what a failing test
        shows), or all of it (tail=None) to look for what an executor did at start-up."""
        return "\n".join(p.read_text(errors="replace")[-tail if tail else 0:]
                         for p in sorted((self.work / "w").glob("app-*/*/stderr")))

    def __enter__(self) -> Standalone:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
