"""The programs `collect_shapes.py` runs: one failing library call, five ways of running it.

`failing.py` holds the failure (an entry's quoted error raised as its own exception type, or
an everyday mistake as real code); each shape's driver calls `failing.train_step` the way a
researcher's command would: a pytest test, a sweep script's `subprocess` child, ranks under a
torchrun-like launcher, a loop that logs the exception, a tqdm training loop.

The launcher stands in for `python -m torch.distributed.run` (torch is not installed here):
real worker processes, their lines prefixed `[rankN]:` as torchrun >= 2.2 prints them, the
elastic agent's log lines in its two formats (`E1130 ... api.py:869] failed (exitcode: 1)
...` and the older `ERROR:torch.distributed.elastic.multiprocessing.api:failed ...`), then
`ChildFailedError` raised through torchrun's frames with the report torch formats (the
`_MSG_FORMAT_TEMPLATE` / `_FAILURE_FORMAT_TEMPLATE` layout of
`torch/distributed/elastic/multiprocessing/errors/__init__.py`); with `@record` the rank's
traceback is in the report, without it a link to the docs.
"""

from __future__ import annotations

FAILING = """\
import json
import os
import sys

{define}


def forward(batch):
{body}


def train_step(step):
    batch = {{"input_ids": [step] * 4, "labels": [step] * 4}}
    return forward(batch)
"""
"""The library call that fails; `{body}` is indented code (a raise, or an everyday bug)."""


def failing_module(define: str, body: str) -> str:
    indented = "\n".join("    " + line for line in body.splitlines())
    return FAILING.format(define=define, body=indented)


PYTEST_TEST = """\
from failing import train_step


def test_tokenizer_roundtrip():
    assert "abc".upper().lower() == "abc"


def test_train_step_loss_is_finite():
    loss = train_step(3)
    assert loss == loss
"""

PYTEST_ARGS = [[], ["-q"], ["--tb=short"], ["-v"], ["-q", "--tb=line"]]
"""pytest's usual ways of being run: default report, quiet, short tracebacks, verbose, one
line per failure."""

CHILD = """\
from failing import train_step

print("run: lr=3e-4 seed=0", flush=True)
for step in range(1, 4):
    print(f"step {step} loss {2.5 / step:.3f}", flush=True)
train_step(4)
"""

SWEEP = [
    # the child's stderr goes straight to the terminal, then the parent's traceback
    """\
import subprocess
import sys

for lr in ["3e-4"]:
    print(f"launching run lr={lr}", flush=True)
    subprocess.run([sys.executable, "train.py", "--lr", lr], check=True)
""",
    """\
import subprocess
import sys

print("sweep: 1 config", flush=True)
subprocess.check_call([sys.executable, "train.py"])
""",
    # captured, the parent prints the child's stderr and re-raises
    """\
import subprocess
import sys

try:
    subprocess.run([sys.executable, "train.py"], check=True, capture_output=True, text=True)
except subprocess.CalledProcessError as exc:
    print(exc.stdout, end="")
    print(exc.stderr, file=sys.stderr, end="")
    raise
""",
    # captured, the sweep logs the child's stderr and goes on, then exits 1
    """\
import logging
import subprocess
import sys

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
failed = 0
for lr in ["1e-4", "3e-4"]:
    logging.info("run lr=%s", lr)
    try:
        subprocess.run(
            [sys.executable, "train.py", "--lr", lr], check=True, capture_output=True, text=True
        )
    except subprocess.CalledProcessError as exc:
        failed += 1
        logging.error("run lr=%s failed (exit %d):\\n%s", lr, exc.returncode, exc.stderr)
sys.exit(f"{failed} of 2 runs failed")
""",
]

WORKER = """\
import json
import os
import sys
import time
import traceback

rank = int(os.environ["RANK"])
print(f"rank {{rank}}: model loaded, starting training", flush=True)
if rank != int(os.environ["FAILING_RANK"]):
    time.sleep(60)
    sys.exit(0)
try:
{body}
except Exception as exc:
    if os.environ.get("TORCHELASTIC_ERROR_FILE"):  # what torch's @record writes
        with open(os.environ["TORCHELASTIC_ERROR_FILE"], "w") as out:
            data = {{"py_callstack": traceback.format_exc(), "timestamp": str(int(time.time()))}}
            json.dump({{"message": {{"message": f"{{type(exc).__name__}}: {{exc}}",
                                    "extraInfo": data}}}}, out)
    raise
"""
"""A rank: the failing one runs `{body}` (indented), the others wait to be terminated."""

WORKER_RAISES = "from failing import train_step\ntrain_step(1)"
WORKER_KILLED = "import signal\nos.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does"
WORKER_EXITS = "print('eval: no checkpoint found', flush=True)\nsys.exit(1)"

LAUNCHER = """\
import json
import linecache
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from datetime import datetime

NPROC, FAILING_RANK, NEW_LOGS, PREFIX, RECORD = {nproc}, {failing_rank}, {new_logs}, {prefix}, {record}
SITE = "/opt/conda/lib/python3.11/site-packages/torch/distributed"


class GlogFormatter(logging.Formatter):
    # torch's format since 2.4: each line behind `W1130 17:40:03.404000 PID path.py:LINE] `

    LINES = {{"torch.distributed.run": 793, "torch.distributed.elastic.multiprocessing.api": 869}}

    def format(self, record):
        when = datetime.fromtimestamp(record.created)
        path = record.name.replace(".", "/") + ".py"
        head = f"{{record.levelname[0]}}{{when:%m%d %H:%M:%S.%f}} {{os.getpid()}} {{path}}:{{self.LINES[record.name]}}] "
        return "\\n".join(head + line for line in record.getMessage().split("\\n"))


handler = logging.StreamHandler(sys.stderr)
if NEW_LOGS:
    handler.setFormatter(GlogFormatter())
else:
    handler.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
logging.getLogger("torch").addHandler(handler)
logging.getLogger("torch").setLevel(logging.INFO)
log = logging.getLogger("torch.distributed.elastic.multiprocessing.api")
if NPROC > 1:
    logging.getLogger("torch.distributed.run").warning(
        "\\n" + "*" * 41 + "\\nSetting OMP_NUM_THREADS environment variable for each "
        "process to be 1 in default, to avoid your system being overloaded, please "
        "further tune the variable for optimal performance in your application as "
        "needed. \\n" + "*" * 41)


def relay(rank, stream):
    for line in iter(stream.readline, b""):
        text = line.decode("utf-8", "replace")
        sys.stderr.write((f"[rank{{rank}}]:" if PREFIX else "") + text)
        sys.stderr.flush()


procs, threads = [], []
for rank in range(NPROC):
    env = dict(os.environ, RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(NPROC),
               FAILING_RANK=str(FAILING_RANK))
    if RECORD:
        env["TORCHELASTIC_ERROR_FILE"] = f"error-{{rank}}.json"
    proc = subprocess.Popen([sys.executable, "worker.py"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    procs.append(proc)
    threads.append(threading.Thread(target=relay, args=(rank, proc.stdout)))
    threads[-1].start()
failed = procs[FAILING_RANK]
code = failed.wait()
for rank, proc in enumerate(procs):
    if proc is not failed:
        log.warning("Sending process %s closing signal SIGTERM", proc.pid)
        proc.send_signal(signal.SIGTERM)
        proc.wait()
for thread in threads:
    thread.join()
log.error("failed (exitcode: %s) local_rank: %s (pid: %s) of binary: %s", code, FAILING_RANK,
          failed.pid, sys.executable)

if code < 0:
    message = f"Signal {{-code}} ({{signal.Signals(-code).name}}) received by PID {{failed.pid}}"
elif RECORD and os.path.exists(f"error-{{FAILING_RANK}}.json"):
    with open(f"error-{{FAILING_RANK}}.json") as data:
        message = json.load(data)["message"]["extraInfo"]["py_callstack"].replace("\\n", "\\n  ")
else:
    message = "To enable traceback see: https://pytorch.org/docs/stable/elastic/errors.html"
failure = "\\n".join([
    f"[0]:",
    f"  time      : {{datetime.now().isoformat(sep='_', timespec='seconds')}}",
    f"  host      : {{socket.gethostname()}}",
    f"  rank      : {{FAILING_RANK}} (local_rank: {{FAILING_RANK}})",
    f"  exitcode  : {{code}} (pid: {{failed.pid}})",
    f"  error_file: {{f'error-{{FAILING_RANK}}.json' if RECORD else '<N/A>'}}",
    f"  traceback : {{message}}",
])
width = min(max(len(line) for line in failure.splitlines()), 60)
report = "\\n".join(["", "=" * width, "train.py FAILED", "-" * width, "Failures:",
                    "  <NO_OTHER_FAILURES>", "-" * width, "Root Cause (first observed failure):",
                    failure, "=" * width])
ChildFailedError = type("ChildFailedError", (Exception,),
                        {{"__module__": "torch.distributed.elastic.multiprocessing.errors"}})

# torchrun's own frames, as its traceback shows them
FRAMES = [
    ("/opt/conda/bin/torchrun", "<module>", "sys.exit(main())"),
    (SITE + "/elastic/multiprocessing/errors/__init__.py", "wrapper", "return f(*args, **kwargs)"),
    (SITE + "/run.py", "main", "run(args)"),
    (SITE + "/run.py", "run", "elastic_launch("),
    (SITE + "/launcher/api.py", "__call__", "return launch_agent(self._config, self._entrypoint, list(args))"),
    (SITE + "/launcher/api.py", "launch_agent", "raise ChildFailedError("),
]
space = {{"ChildFailedError": ChildFailedError, "REPORT": report}}
files = {{path: ["\\n"] * (2 * len(FRAMES) + 2) for path, _, _ in FRAMES}}
for n, (path, function, source) in enumerate(FRAMES):
    files[path][2 * n + 1] = "    " + source + "\\n"  # the line its frame shows
for path, lines in files.items():
    linecache.cache[path] = (1, None, lines, path)
for n, (path, function, source) in reversed(list(enumerate(FRAMES))):
    body = "raise ChildFailedError(REPORT)" if n == len(FRAMES) - 1 else f"_{{n + 1}}()"
    exec(compile("\\n" * (2 * n) + f"def _{{n}}():\\n    {{body}}\\n", path, "exec"), space)
    made = space[f"_{{n}}"]
    made.__code__ = made.__code__.replace(co_name=function)  # `<module>`, `__call__`
try:
    space["_0"]()
except ChildFailedError as exc:  # shown from torchrun's own frames on, as torchrun shows it
    traceback.print_exception(exc.with_traceback(exc.__traceback__.tb_next))
    sys.exit(1)
"""

LOG_FORMATS = [
    "%(levelname)s:%(name)s:%(message)s",  # logging.basicConfig's default
    "%(asctime)s %(levelname)s %(name)s: %(message)s",
    "%(asctime)s - %(name)s - %(levelname)s - %(message)s",
    "[%(asctime)s][%(name)s][%(levelname)s] - %(message)s",  # Hydra's
]
LOG_ENDINGS = ["sys.exit(1)", "raise", "pass"]
"""After `logger.exception`: exit 1, re-raise (the traceback is printed twice), go on (exit 0:
the hook reads it as a successful command's output)."""

LOGGER = """\
import logging
import sys

from failing import train_step

logging.basicConfig(level=logging.INFO, format={form!r})
logger = logging.getLogger({name!r})
for step in range(1, 4):
    logger.info("step %d loss %.3f", step, 2.5 / step)
try:
    train_step(4)
except Exception:
    logger.exception("Training failed at step %d", 4)
    {ending}
logger.info("saving last checkpoint to checkpoints/last.pt")
"""

TQDM = [
    # the error inside the loop, the bar left mid-line
    """\
import time

from tqdm import tqdm

from failing import train_step

for step in tqdm(range(200), desc="train"):
    time.sleep(0.002)
    if step == 57:
        train_step(step)
""",
    # a postfix with the loss and tqdm.write lines between redraws
    """\
import time

from tqdm import tqdm

from failing import train_step

bar = tqdm(range(200), desc="epoch 1")
for step in bar:
    time.sleep(0.002)
    bar.set_postfix(loss=f"{2.5 / (step + 1):.4f}", lr="3e-4")
    if step % 50 == 0:
        tqdm.write(f"step {step}: eval loss {2.0 / (step + 1):.3f}")
    if step == 120:
        train_step(step)
""",
    # the first epoch's bar completes, the second epoch dies; print() is block-buffered
    """\
import time

from tqdm import tqdm

from failing import train_step

print("loading dataset: 12800 examples")
for epoch in range(2):
    for step in tqdm(range(100), desc=f"epoch {epoch}"):
        time.sleep(0.002)
        if epoch == 1 and step == 30:
            train_step(step)
    print(f"epoch {epoch} done, loss 1.23")
""",
    # checkpoint shards, then a bar in a `with` block (closed before the traceback)
    """\
import time

from tqdm import tqdm

from failing import train_step

for shard in tqdm(range(4), desc="Loading checkpoint shards"):
    time.sleep(0.05)
print("model loaded", flush=True)
with tqdm(total=100, unit="it") as bar:
    for step in range(100):
        time.sleep(0.002)
        bar.update(1)
        if step == 70:
            train_step(step)
""",
]
