"""A torchrun look-alike for the `torchrun` shape: real worker processes, torchrun's output.

torch itself cannot be installed here (no GPU, gigabytes), so `write_torch` writes the few
modules of `torch.distributed` that torchrun's traceback passes through, with the same
names, and a `bin/torchrun` console script. They really start the workers, prefix each
worker line with `[rankN]:`, log in torch's glog format (`W1130 12:00:00.000000 PID
path:line] ...`), send SIGTERM to the survivors and raise `ChildFailedError` with the table
torch prints. Set `FAIL_RANKS` to `0` (rank 0 dies, the rest wait) or `all`.
"""

from __future__ import annotations

from pathlib import Path

SOURCE = """\
import os, sys, time
from src.pipeline import run

if os.environ.get("FAIL_RANKS") == "all" or os.environ["RANK"] == "0":
    print(f"rank {os.environ['RANK']}: world size {os.environ['WORLD_SIZE']}", flush=True)
    run(int(os.environ["RANK"]))
time.sleep(60)
"""

_CONSOLE = """\
#!/usr/bin/python
# -*- coding: utf-8 -*-
import re
import sys
from torch.distributed.run import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
"""

_ERRORS = """\
import functools
import socket
import time

_RULE = "=" * 60
_THIN = "-" * 60


class ChildFailedError(Exception):
    def __init__(self, name, failures):
        self.name = name
        self.failures = failures
        super().__init__(self.format_msg())

    def format_msg(self):
        rank, pid, code = self.failures[0]
        return (
            f"\\n{_RULE}\\n{self.name} FAILED\\n{_THIN}\\nFailures:\\n  <NO_OTHER_FAILURES>\\n"
            f"{_THIN}\\nRoot Cause (first observed failure):\\n[0]:\\n"
            f"  time      : {time.strftime('%Y-%m-%d_%H:%M:%S')}\\n"
            f"  host      : {socket.gethostname()}\\n"
            f"  rank      : {rank} (local_rank: {rank})\\n"
            f"  exitcode  : {code} (pid: {pid})\\n"
            "  error_file: <N/A>\\n"
            "  traceback : To enable traceback see: "
            f"https://pytorch.org/docs/stable/elastic/errors.html\\n{_RULE}"
        )


def record(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper
"""

_API = """\
import os
import subprocess
import sys
import threading
import time

from torch.distributed.elastic.multiprocessing.errors import ChildFailedError


def glog(level, where, message):
    now = time.time()
    stamp = time.strftime("%m%d %H:%M:%S", time.localtime(now)) + f".{int(now % 1 * 1e6):06d}"
    sys.stderr.write(f"{level}{stamp} {os.getpid()} {where}] {message}\\n")
    sys.stderr.flush()


def _pump(rank, stream, lock):
    for line in iter(stream.readline, b""):
        with lock:
            sys.stderr.write(f"[rank{rank}]: " + line.decode("utf-8", "replace"))
            sys.stderr.flush()


def start_processes(nproc, args):
    lock = threading.Lock()
    procs, pumps = [], []
    for rank in range(nproc):
        env = dict(os.environ, RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(nproc))
        proc = subprocess.Popen([sys.executable, *args], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        pump = threading.Thread(target=_pump, args=(rank, proc.stdout, lock))
        pump.start()
        procs.append(proc)
        pumps.append(pump)
    while True:
        failed = [(r, p) for r, p in enumerate(procs) if p.poll() not in (None, 0)]
        if failed:
            break
        time.sleep(0.05)
    rank, proc = failed[0]
    time.sleep(0.3)
    for other in procs:
        if other.poll() is None:
            where = "torch/distributed/elastic/multiprocessing/api.py:897"
            glog("W", where, f"Sending process {other.pid} closing signal SIGTERM")
            other.terminate()
    for pump in pumps:
        pump.join()
    where = "torch/distributed/elastic/multiprocessing/api.py:869"
    glog("E", where, f"failed (exitcode: {proc.returncode}) local_rank: {rank} "
         f"(pid: {proc.pid}) of binary: {sys.executable}")
    return [(rank, proc.pid, proc.returncode)]


class elastic_launch:
    def __init__(self, nproc, entrypoint):
        self._nproc = nproc
        self._entrypoint = entrypoint

    def __call__(self, *args):
        return launch_agent(self._nproc, self._entrypoint, list(args))


def launch_agent(nproc, entrypoint, args):
    failures = start_processes(nproc, args)
    if failures:
        raise ChildFailedError(
            name=args[0],
            failures=failures,
        )
"""

_RUN = """\
import sys

from torch.distributed.elastic.multiprocessing.errors import record
from torch.distributed.launcher.api import elastic_launch, glog


def run(args):
    nproc = int(args[0].split("=", 1)[1])
    if nproc > 1:
        where = "torch/distributed/run.py:793"
        glog("W", where, "")
        glog("W", where, "*****************************************")
        glog("W", where, "Setting OMP_NUM_THREADS environment variable for each process to be "
             "1 in default, to avoid your system being overloaded, please further tune the "
             "variable for optimal performance in your application as needed. ")
        glog("W", where, "*****************************************")
    elastic_launch(
        nproc,
        sys.executable,
    )(*args[1:])


@record
def main(args=None):
    args = sys.argv[1:] if args is None else args
    run(args)
"""


def write_torch(env: Path) -> None:
    """torch.distributed's launch path under `env`, `bin/torchrun` beside it."""
    files = {
        "torch/distributed/elastic/multiprocessing/errors/__init__.py": _ERRORS,
        "torch/distributed/launcher/api.py": _API,
        "torch/distributed/run.py": _RUN,
    }
    for name, text in files.items():
        path = env / name
        folder = env
        for part in Path(name).parent.parts:
            folder = folder / part
            folder.mkdir(exist_ok=True)
            (folder / "__init__.py").touch()
        with path.open("a", encoding="utf-8") as out:
            out.write(text)
    (env.parent / "bin").mkdir(exist_ok=True)
    (env.parent / "bin" / "torchrun").write_text(_CONSOLE, encoding="utf-8")
