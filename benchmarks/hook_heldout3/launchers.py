"""Look-alikes of two launchers that cannot run here, each starting the real process.

There is no SLURM cluster and no Docker daemon on this machine, so `write_launchers` puts two
small console scripts in `bin/` that run the user's command for real and print what their
namesakes print around it:

- `srun`: SLURM's step launcher with `--label` (every line of task N prefixed `N: `), task
  ids in `SLURM_PROCID`, the job id and node name in `SLURM_JOB_ID` / `SLURMD_NODENAME`;
  when a task fails, `srun: error: NODE: task N: Exited with exit code C`, the other tasks
  killed with `slurmstepd`'s `*** STEP ... CANCELLED AT ... ***` line;
- `docker`: `docker compose up [--timestamps] SERVICE` (the `[+] Running` header,
  `SERVICE-1  | ` before every line, then an RFC 3339 timestamp with nanoseconds when
  asked, `SERVICE-1 exited with code C`), running the command in the `DOCKER_CMD`
  environment variable as the service's entrypoint would.
"""

from __future__ import annotations

from pathlib import Path

_SRUN = """\
import os, subprocess, sys, threading, time

args = sys.argv[1:]
ntasks = 1
while args and args[0].startswith("-"):
    flag = args.pop(0)
    if flag.startswith("--ntasks=") or flag.startswith("-n"):
        ntasks = int(flag.split("=", 1)[1] if "=" in flag else (flag[2:] or args.pop(0)))
job, node = os.environ["SLURM_JOB_ID"], os.environ["SLURMD_NODENAME"]
lock = threading.Lock()


def pump(task, stream):
    for line in iter(stream.readline, b""):
        with lock:
            sys.stdout.write(f"{task}: " + line.decode("utf-8", "replace"))
            sys.stdout.flush()


procs, pumps = [], []
for task in range(ntasks):
    env = dict(os.environ, SLURM_PROCID=str(task), SLURM_LOCALID=str(task),
               SLURM_NTASKS=str(ntasks), SLURM_STEP_ID="0")
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    pumps.append(threading.Thread(target=pump, args=(task, proc.stdout)))
    pumps[-1].start()
    procs.append(proc)
while all(p.poll() in (None, 0) for p in procs) and any(p.poll() is None for p in procs):
    time.sleep(0.05)
failed = [(t, p) for t, p in enumerate(procs) if p.poll() not in (None, 0)]
if failed:
    task, proc = failed[0]
    code = proc.returncode
    with lock:
        if code < 0:
            print(f"srun: error: {node}: task {task}: Killed", flush=True)
        else:
            print(f"srun: error: {node}: task {task}: Exited with exit code {code}", flush=True)
        print(f"srun: Terminating StepId={job}.0", flush=True)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
        if any(p.poll() is None for p in procs):
            print(f"slurmstepd: error: *** STEP {job}.0 ON {node} CANCELLED AT {stamp} ***",
                  flush=True)
    for other in procs:
        if other.poll() is None:
            other.terminate()
for pump in pumps:
    pump.join()
sys.exit(1 if failed else 0)
"""

_DOCKER = """\
import os, shlex, subprocess, sys, time


def stamp():
    now = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1e9):09d}Z"


args = sys.argv[1:]
command = shlex.split(os.environ["DOCKER_CMD"])
service = args[-1]
project = os.path.basename(os.getcwd())
print("[+] Running 2/2")
print(f" \\u2714 Network {project}_default      Created")
print(f" \\u2714 Container {project}-{service}-1  Created")
print(f"Attaching to {service}-1")
if "--timestamps" in args:
    prefix = lambda: f"{service}-1  | {stamp()} "
else:
    prefix = lambda: f"{service}-1  | "
sys.stdout.flush()
proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
for line in iter(proc.stdout.readline, b""):
    sys.stdout.write(prefix() + line.decode("utf-8", "replace"))
    sys.stdout.flush()
code = proc.wait()
code = code if code >= 0 else 128 - code
print(f"{service}-1 exited with code {code}")
sys.exit(code)
"""


def write_launchers(bin_dir: Path, python: str) -> None:
    """`bin_dir/srun` and `bin_dir/docker`, run by `python`."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    for name, source in (("srun", _SRUN), ("docker", _DOCKER)):
        path = bin_dir / name
        path.write_text(f"#!{python}\n{source}", encoding="utf-8")
        path.chmod(0o755)
