"""Record ML failures in five everyday shapes, run for real, as the hook's shape dev sets.

    .venv/bin/python -m benchmarks.hook_dev.collect_shapes

Covered (`shapes.yaml`): every troubleshooting entry of the dev registry whose quoted error
names an exception is raised by a library call (`shape_scripts.FAILING`, numbers in the
message changed as another run changes them) and that call is run in each shape:

- pytest: a test calls it (default report, `-q`, `--tb=short`, `-v`, `--tb=line`);
- subprocess: a sweep script runs a child that calls it (`subprocess.run(check=True)`,
  `check_call`, captured stderr printed then re-raised, captured stderr logged by the sweep);
- torchrun: one rank of a torchrun-like launcher calls it (`shape_scripts.LAUNCHER`), plus
  ranks SIGKILLed the way the host's OOM killer does it (the host-OOM entry's case);
- logger: a loop catches it and calls `logger.exception(...)` (four formats; then exit 1,
  re-raise, or go on and exit 0, which the hook reads as a successful command's output);
- tqdm: a training loop under a real tqdm bar calls it.

Noise (`shapes_noise.yaml`): the same shapes failing with everyday mistakes (a KeyError, a
missing file, an assertion, a rank that exits 1 or aborts without a word): the hook must stay
silent. Output is stdout and stderr merged through one pipe, as Claude Code gets them, with
`Exit code N` on top when the command failed.
"""

from __future__ import annotations

import builtins
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from benchmarks.hook_dev import shape_scripts as s
from benchmarks.hook_heldout.collect import _NAMED, _Dumper, _entries, _message
from benchmarks.lookup_dev import dev_registry
from site_gen import urls

HERE = Path(__file__).resolve().parent
SHAPES = ("pytest", "subprocess", "torchrun", "logger", "tqdm")

NOISE_BODIES = [
    'config = {"lr": 3e-4}\nreturn config["learning_rate"] * batch["labels"][0]',
    'with open("data/train.jsonl") as lines:\n    return len(lines.readlines())',
    'assert len(batch["input_ids"]) == 8, "batch size mismatch"',
    'return batch["input_ids"].shape',
    "import utils_local\nreturn utils_local.loss(batch)",
    'return sum(batch["labels"]) / len([])',
    "return json.loads('{\"lr\": 3e-4,}')",
    'return int(os.environ.get("WORLD_SIZE_OVERRIDE", "two"))',
    'return batch["input_ids"][10]',
]
"""Everyday mistakes as real code: KeyError, FileNotFoundError, AssertionError,
AttributeError, ModuleNotFoundError, ZeroDivisionError, JSONDecodeError, ValueError,
IndexError."""


def _raising(error: str, rng: random.Random) -> tuple[str, str] | None:
    """`failing.py`'s definitions and body that raise an entry's quoted error."""
    named = _NAMED.match(error.strip().splitlines()[0])
    if not named:
        return None
    module, name = named.group(1).rstrip("."), named.group(2)
    if not module and hasattr(builtins, name):
        define = f"Failure = {name}"
    else:
        define = f"Failure = type({name!r}, (Exception,), {{'__module__': {module!r}}})"
    return f"{define}\nMESSAGE = {_message(named.group(3), rng)!r}", "raise Failure(MESSAGE)"


def _files(shape: str, variant: int, body: str) -> tuple[dict[str, str], list[str]]:
    """The driver files of one shape (besides `failing.py`) and the command to run."""
    py = [sys.executable]
    if shape == "pytest":
        test = s.PYTEST_TEST if body != "assert" else s.PYTEST_TEST.replace("== loss", "< 0.5")
        args = s.PYTEST_ARGS[variant % len(s.PYTEST_ARGS)]
        return {"test_train.py": test}, [*py, "-m", "pytest", "-p", "no:cacheprovider", *args]
    if shape == "subprocess":
        return {"train.py": s.CHILD, "sweep.py": s.SWEEP[variant % len(s.SWEEP)]}, [
            *py,
            "sweep.py",
        ]
    if shape == "torchrun":
        worker = {"killed": s.WORKER_KILLED, "exits": s.WORKER_EXITS, "abort": "os.abort()"}
        code = worker.get(body, s.WORKER_RAISES)
        launcher = s.LAUNCHER.format(
            nproc=1 + variant % 2 + (variant % 3 == 0),
            failing_rank=variant % 2,
            new_logs=variant % 3 != 2,
            prefix=variant % 4 != 3,
            record=variant % 2 == 1,
        )
        indented = "\n".join("    " + line for line in code.splitlines())
        return {"worker.py": s.WORKER.format(body=indented), "torchrun.py": launcher}, [
            *py,
            "torchrun.py",
        ]
    if shape == "logger":
        script = s.LOGGER.format(
            form=s.LOG_FORMATS[variant % len(s.LOG_FORMATS)],
            name="root" if variant % 2 else "__main__",
            ending=s.LOG_ENDINGS[variant % len(s.LOG_ENDINGS)],
        )
        return {"train.py": script}, [*py, "train.py"]
    return {"train.py": s.TQDM[variant % len(s.TQDM)]}, [*py, "train.py"]


def run_shape(shape: str, variant: int, define: str, body: str) -> str | None:
    """The hook's text for one run (`Exit code N` on top when it failed), or None when the
    run printed nothing that could be read."""
    files, command = _files(shape, variant, body)
    library = 'return 2.5 / batch["input_ids"][0]' if body == "assert" else body
    files["failing.py"] = s.failing_module(define, library)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, text in files.items():
            (folder / name).write_text(text)
        env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("PYTHONUNBUFFERED", None)
        done = subprocess.run(
            command,
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            timeout=120,
            check=False,
        )
    text = done.stdout.decode("utf-8", "replace")  # bytes: text mode would turn \r into \n
    text = text.replace(tmp, "/home/user/project").replace(sys.prefix, "/opt/conda")
    text = text.replace(sys.base_prefix, "/usr").rstrip("\n")
    if not text.strip():
        return None
    return f"Exit code {done.returncode}\n{text}" if done.returncode else text


def covered() -> list[dict[str, Any]]:
    rng = random.Random(3)
    cases = []
    for number, item in enumerate(_entries(dev_registry())):
        raising = _raising(item["error"], rng)
        if raising is None:
            continue
        for shape in SHAPES:
            text = run_shape(shape, number, *raising)
            if text is not None:
                case = {"id": f"{shape}-{number}", "shape": shape, "skill": item["skill"]}
                cases.append({**case, "url": item["url"], "error": text})
    host_oom = _entry_url("exitcode: -9")
    for variant in range(3):
        text = run_shape("torchrun", variant, "", "killed")
        if text is not None:
            case = {"id": f"torchrun-oom-{variant}", "shape": "torchrun"}
            cases.append({**case, "skill": "cuda-oom-long-context", "url": host_oom, "error": text})
    return cases


def _entry_url(quoted: str) -> str:
    """The link of the dev registry's entry whose error quotes `quoted`."""
    return next(
        urls.entry(plugin.name, entry.anchor)
        for plugin in dev_registry()
        for entry in plugin.all_troubleshooting
        if any(quoted in error for error in entry.errors)
    )


def noise() -> list[dict[str, Any]]:
    cases = []
    extra = {"pytest": ["assert"], "torchrun": ["exits", "abort"]}
    for shape in SHAPES:
        bodies = NOISE_BODIES[: 6 if shape != "pytest" else 9] + extra.get(shape, [])
        for variant, body in enumerate(bodies):
            text = run_shape(shape, variant, "", body)
            if text is not None:
                cases.append({"id": f"{shape}-noise-{variant}", "shape": shape, "error": text})
    return cases


def _write(name: str, header: str, cases: list[dict[str, Any]]) -> None:
    text = yaml.dump(cases, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    (HERE / name).write_text(f"# {header}\n" + text)
    print(f"{name}: {len(cases)} cases")


def main() -> None:
    _write("shapes.yaml", "Dev registry entries raised for real in five shapes.", covered())
    _write("shapes_noise.yaml", "Everyday mistakes in the same shapes: stay silent.", noise())


if __name__ == "__main__":
    main()
