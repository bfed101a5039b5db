"""Regenerate tests/vectors/tokenize.json from the Python tokenizer (then review the diff).

.venv/bin/python tests/vectors/make_tokenize_vectors.py
"""

from __future__ import annotations

import json
from pathlib import Path

from site_gen.search import tokenize

INPUTS = [
    "",
    "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB",
    "torch.OutOfMemoryError: CUDA out of memory. GPU 3 has a total capacity of 79.10 GiB",
    "[rank3]: torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1970",
    "[rank0]:[E1108 14:22:31.402117 1291 ProcessGroupNCCL.cpp:616] [Rank 5] Watchdog caught collective operation timeout",
    "ERROR 11-08 14:22:31 engine.py:123] Engine background task failed",
    'INFO:     127.0.0.1:53422 - "POST /update_flattened_params/ HTTP/1.1" 404 Not Found',
    "2024-11-08 14:22:31,123 - INFO - Saving checkpoint to /home/u/ckpt/step_500",
    "[2025-01-10 03:14:22,556] [WARNING] [stage3.py:2114:step] 3 pytorch allocator cache flushes",
    "W0305 10:11:02.118000 7716 torch/_dynamo/convert_frame.py:844] [0/8] torch._dynamo hit config.recompile_limit (8)",
    "(VllmWorkerProcess pid=41822) ERROR 01-20 08:51:33 multiproc_worker_utils.py:236] RuntimeError: Cannot re-initialize CUDA",
    '  File "/opt/conda/lib/python3.11/site-packages/swift/trainers/rlhf_trainer/rollout_mixin.py", line 401, in _move_model_to_vllm',
    "TypeError: ChatCompletionResponse.__init__() got an unexpected keyword argument 'service_tier'",
    "AttributeError: 'dict' object has no attribute 'message'",
    "ImportError: /x/flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so: undefined symbol: _ZN3c104cuda9SetDeviceEi",
    "HTTPError at 0x7f3a2b1c4d50, id 3f1e0a4b5c6d7e8f90a1b2c3, uuid 123e4567-e89b-12d3-a456-426614174000",
    "bf16 fp16 a100 h100 int8 4bit 80gb 32k 1e-4 3.5x rank12 gpu0 cuda:1 layer_12",
    "flash-attn flash_attn FlashAttention2 cuDNN HTTPServer getXMLHttpRequest",
    "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 122. GiB for an array with shape (500000, 65536)",
    "c10::Error terminate called after throwing an instance of 'c10::DistBackendError'",
    "\x1b[31mERROR\x1b[0m: loss is nan \u2014 caf\u00e9 \u2192 na\u00efve\tTabs\u00a0nbsp",
    "the processes were killed because they use too many resources; does this not exist?",
    "https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/main/config.json C:\\Users\\me\\run.py:12",
    'Traceback (most recent call last):\n  File "train.py", line 3, in <module>\n    main()\nValueError: bad value',
    "[rank1]: Traceback (most recent call last):\r\n[rank1]:   File \"/a/b.py\", line 9, in f\r\n[rank1]:     x = y\r\n[rank1]: KeyError: 'x'",
    "INFO 03-14 09:12:01 api_server.py:212] vLLM API server version 0.7.2\nwarning: something odd\n~~~~\n^^^^^\n----",
    "    at Object.<anonymous> (/srv/app.js:10:5)\n#0 0x00007f in foo\nframe #3: c10::detail::torchCheckFail",
    "Segmentation fault (core dumped)\nKilled\nFAILED: build.o\nerror: subprocess-exited-with-error",
    # a launcher's labels (`srun --label`, `docker compose up`) come off when 3 lines carry one
    "[2026-11-30 19:56:36] job 2381408 on gpu-node017\n0: Traceback (most recent call last):\n"
    '0:   File "/lustre/u/train.py", line 9, in <module>\n0:     main()\n'
    "1: [rank1] step 3 loss 2.31\n0: torch.OutOfMemoryError: CUDA out of memory.\n"
    "srun: error: gpu-node017: task 0: Exited with exit code 1",
    "Attaching to trainer-1\ntrainer-1  | Traceback (most recent call last):\n"
    'trainer-1  |   File "/app/train.py", line 4, in <module>\n'
    "trainer-1  |     load_dataset(name)\n"
    "trainer-1  | datasets.exceptions.DatasetNotFoundError: Dataset 'x/y' doesn't exist\n"
    "trainer-1 exited with code 1",
    "0: only two lines\n1: carry a label\nsrun: error: n1: task 0: Exited with exit code 1",
    "0: only two lines\n1: carry a label\nand no launcher says a task failed",
    "step 1\n0: Rate limit exceeded\nsrun: error: dgx03: task 0: Exited with exit code 1\n"
    "slurmstepd: error: *** STEP 77.0 ON dgx03 CANCELLED AT 2026-11-30T19:59:30 ***",
    "INFO     | a.b:run:12 - start\nWARNING  | a.b:run:13 - slow\nERROR    | a.b:run:14 - Rate "
    "limit exceeded\nERROR    | a.b:run:15 - giving up",
]


def vectors() -> list[dict[str, object]]:
    out = []
    for text in INPUTS:
        weights, focus = tokenize.query_terms(text)
        out.append(
            {
                "input": text,
                "tokens": tokenize.tokens(text),
                "lines": [[line.weight, list(line.tokens)] for line in tokenize.lines(text)],
                "weights": dict(sorted(weights.items())),
                "focus": sorted(focus),
            }
        )
    return out


if __name__ == "__main__":
    path = Path(__file__).with_name("tokenize.json")
    path.write_text(json.dumps(vectors(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {path}")
