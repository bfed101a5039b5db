"""Realistic synthetic registries for benchmarks: N valid plugins over a dozen categories.

Every plugin passes `site-gen check --strict` and has the shape of the starter plugins:
SKILL.md (front matter, Experiment Overview, Verified Workflow, Failed Attempts, Hyperparameters),
references/troubleshooting.md (headings that are the exact error, with a traceback),
references/experiment-log.md and one script. Output depends only on (n, seed): skill i is drawn
from its own `random.Random`, so a registry of 1,000 is the first 1,000 of a registry of 5,000.

Example: python -m benchmarks.generate --n 1000 --seed 0 /tmp/registry-1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

CATEGORIES: dict[str, tuple[str, ...]] = {
    "training": ("pretraining", "sft", "lora", "curriculum", "mixed-precision", "warmup"),
    "rlhf": ("grpo", "ppo", "dpo", "reward-model", "rloo", "kto"),
    "inference": ("vllm", "speculative-decoding", "kv-cache", "batching", "sglang", "paged-attn"),
    "retrieval": ("colbert", "dense-retrieval", "reranker", "bm25-hybrid", "faiss", "muvera"),
    "evaluation": ("lm-eval", "mmlu", "humaneval", "long-context", "judge-model", "calibration"),
    "data": ("dedup", "tokenized-shards", "packing", "filtering", "synthetic-data", "webdataset"),
    "distributed": ("fsdp", "deepspeed-zero3", "tensor-parallel", "pipeline", "nccl", "megatron"),
    "quantization": ("awq", "gptq", "fp8", "int4", "bitsandbytes", "smoothquant"),
    "tokenization": ("bpe", "sentencepiece", "vocab-extension", "chat-template", "byte-fallback"),
    "optimization": ("adamw", "lion", "muon", "lr-schedule", "grad-clipping", "weight-decay"),
    "multimodal": ("vision-encoder", "clip", "llava", "audio-encoder", "video-frames", "siglip"),
    "kernels": ("triton", "flash-attention", "cuda-graphs", "torch-compile", "fused-adam", "jax"),
}
ADJECTIVES = (
    "stable", "fast", "sharded", "low-memory", "long-context", "multi-node", "streaming", "robust",
    "cheap", "deterministic", "elastic", "offline", "async", "fused", "packed", "resumable",
    "small-batch", "large-vocab", "bf16", "fp16", "chunked", "overlapped", "cached", "hybrid",
)  # fmt: skip
SUBJECTS = (
    "gemma-3-12b", "llama-3-8b", "qwen2-7b", "mistral-7b", "phi-3-mini", "olmo-7b", "t5-base",
    "bert-large", "vit-b16", "whisper-small", "deepseek-v2-lite", "mixtral-8x7b", "gpt2-xl",
    "smollm-1b", "e5-base", "bge-m3", "starcoder2-3b", "falcon-7b", "pythia-1b", "qwen2-vl-2b",
)  # fmt: skip
MODELS = (
    "google/gemma-3-12b-it", "meta-llama/Meta-Llama-3-8B", "Qwen/Qwen2-7B-Instruct",
    "mistralai/Mistral-7B-v0.3", "microsoft/Phi-3-mini-4k-instruct", "allenai/OLMo-7B",
    "google-t5/t5-base", "google-bert/bert-large-uncased", "google/vit-base-patch16-224",
    "openai/whisper-small", "deepseek-ai/DeepSeek-V2-Lite", "mistralai/Mixtral-8x7B-v0.1",
    "openai-community/gpt2-xl", "HuggingFaceTB/SmolLM-1.7B", "intfloat/e5-base-v2",
    "BAAI/bge-m3", "bigcode/starcoder2-3b", "tiiuae/falcon-7b", "EleutherAI/pythia-1b",
    "Qwen/Qwen2-VL-2B-Instruct",
)  # fmt: skip
HARDWARE = (
    "A100-SXM4-80GB x 8", "A100-PCIE-40GB x 4", "H100-SXM5-80GB x 8", "H100 PCIe x 2",
    "L40S x 4", "RTX 4090 x 2", "A10G x 1", "V100-SXM2-32GB x 8", "TPU v4-32", "MI250X x 8",
    "RTX 3090 x 1", "L4 x 8", "GH200 x 4", "A6000 x 2", "TPU v5e-8", "T4 x 1",
)  # fmt: skip
AUTHORS = (
    "Hojin Yang", "Priya Raman", "Lukas Becker", "Mei Tanaka", "Omar Haddad", "Sofia Rossi",
    "Daniel Kim", "Amara Okafor", "Jonas Lindqvist", "Ana Souza", "Wei Zhang", "Elena Petrova",
    "Tomás García", "Yuki Sato", "Noah Cohen", "Fatima Zahra", "Ivan Horvat", "Chloé Martin",
)  # fmt: skip
NOUNS = (
    "loss", "gradient", "scheduler", "optimizer", "checkpoint", "shard", "rollout", "reward",
    "tokenizer", "collator", "sampler", "buffer", "adapter", "embedding", "projection", "router",
    "expert", "attention", "cache", "prefix", "logits", "mask", "position", "rotary", "norm",
    "residual", "manifest", "index", "corpus", "query", "passage", "label", "margin", "temperature",
    "entropy", "baseline", "advantage", "ratio", "clip", "warmup", "decay", "momentum", "variance",
    "activation", "kernel", "stream", "queue", "worker", "replica", "bucket", "partition", "chunk",
    "window", "stride", "padding", "vocab", "template", "prompt", "completion", "judge", "metric",
    "histogram", "outlier", "scale", "zero-point", "group", "block", "tile", "warp", "register",
)  # fmt: skip
VERBS = (
    "load", "merge", "split", "pack", "gather", "scatter", "reduce", "flush", "sync", "shard",
    "warm", "prune", "score", "rank", "fuse", "cast", "patch", "rebuild", "resume", "probe",
    "calibrate", "stream", "collate", "filter", "dedupe", "bucket", "rotate", "freeze", "unfreeze",
)  # fmt: skip
DATASETS = (
    "openwebtext", "c4-en", "fineweb-edu", "the-stack-v2", "gsm8k", "math-500", "ultrachat-200k",
    "hh-rlhf", "ms-marco", "beir-nq", "hotpotqa", "mmlu", "humaneval", "mbpp", "librispeech",
    "coco-captions", "laion-400m-subset", "wikitext-103", "slimpajama-6b", "alpaca-cleaned",
)  # fmt: skip


@dataclass(frozen=True)
class ErrorCase:
    """One troubleshooting entry: the exact error, its traceback and the fix."""

    library: str
    message: str
    traceback: str
    cause: str
    fix_lang: str
    fix: str
    attempt: str
    lesson: str


def _site(lib: str) -> str:
    return f"/opt/conda/lib/python3.11/site-packages/{lib}"


# Each template: library, message, frames (file, line, function, code), cause, fix, attempt, lesson.
# `{...}` fields are drawn per entry in `_values`, so messages differ across skills.
_TEMPLATES: tuple[dict[str, object], ...] = (
    {
        "lib": "torch",
        "msg": "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate {gib:.2f} GiB. GPU {gpu} has a total capacity of 79.15 GiB of which {free:.2f} GiB is free.",
        "frames": [
            ("train.py", "{line}", "train_step", "loss = model(**batch).loss"),
            (_site("torch") + "/nn/modules/module.py", "1747", "_call_impl", "return forward_call(*args, **kwargs)"),
            (_site("transformers") + "/models/llama/modeling_llama.py", "{line2}", "forward", "attn_weights = torch.matmul(query_states, key_states.transpose(2, 3))"),
        ],
        "cause": "Activations for a micro-batch of {batch} sequences of {seq} tokens do not fit next to the optimizer state; eager attention materialises the full score matrix.",
        "fix_lang": "python",
        "fix": "model.gradient_checkpointing_enable()\nmodel.config.use_cache = False\n# halve the micro-batch, keep the global batch with accumulation\nargs.per_device_train_batch_size = {half}\nargs.gradient_accumulation_steps *= 2",
        "attempt": "Micro-batch {batch} at {seq} tokens",
        "lesson": "Enable gradient checkpointing and use micro-batch {half} with accumulation",
    },
    {
        "lib": "NCCL",
        "msg": "torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/NCCLUtils.hpp:{line}, unhandled system error, NCCL version 2.{nccl}.3",
        "frames": [
            ("launch.py", "{line2}", "main", "dist.init_process_group(backend='nccl')"),
            (_site("torch") + "/distributed/c10d_logger.py", "83", "wrapper", "return func(*args, **kwargs)"),
            (_site("torch") + "/distributed/distributed_c10d.py", "1520", "init_process_group", "default_pg, _ = _new_process_group_helper("),
        ],
        "cause": "The nodes picked the docker bridge interface for the NCCL socket; rank {rank} could not reach rank 0 over it.",
        "fix_lang": "bash",
        "fix": "export NCCL_SOCKET_IFNAME={iface}\nexport NCCL_IB_DISABLE=0\nexport NCCL_DEBUG=INFO   # confirm 'NET/IB' in the log\ntorchrun --nnodes {nodes} --nproc-per-node 8 launch.py",
        "attempt": "Default NCCL interface selection on {nodes} nodes",
        "lesson": "Pin NCCL_SOCKET_IFNAME={iface}; check NCCL_DEBUG=INFO output first",
    },
    {
        "lib": "NCCL",
        "msg": "[rank{rank}]:[E ProcessGroupNCCL.cpp:{line}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum={seqnum}, OpType=ALLREDUCE, NumelIn={numel}, NumelOut={numel}, Timeout(ms)=600000) ran for 600{ms} milliseconds before timing out.",
        "frames": [
            ("train.py", "{line2}", "evaluate", "metrics = gather_metrics(preds)"),
            (_site("accelerate") + "/accelerator.py", "2450", "gather", "return gather(tensor)"),
            (_site("torch") + "/distributed/distributed_c10d.py", "2288", "all_reduce", "work = group.allreduce([tensor], opts)"),
        ],
        "cause": "Only rank 0 ran the evaluation branch, so the other ranks waited in an all-reduce that rank 0 never joined.",
        "fix_lang": "python",
        "fix": "# every rank must enter the same collectives in the same order\nif step % eval_every == 0:\n    metrics = evaluate(model, eval_loader)   # on all ranks\n    if accelerator.is_main_process:\n        log(metrics)",
        "attempt": "Evaluation only on the main process",
        "lesson": "Run collectives on every rank; log on rank 0 only",
    },
    {
        "lib": "CUDA",
        "msg": "RuntimeError: CUDA error: an illegal memory access was encountered",
        "frames": [
            ("model.py", "{line}", "forward", "out = {fn}(hidden, self.weight, self.bias)"),
            (_site("torch") + "/_ops.py", "1116", "__call__", "return self._op(*args, **(kwargs or {{}}))"),
        ],
        "cause": "The custom kernel indexed past the end of a tensor whose last dimension ({dim}) is not a multiple of the block size {block}.",
        "fix_lang": "bash",
        "fix": "CUDA_LAUNCH_BLOCKING=1 python train.py   # the traceback now points at the real kernel\ncompute-sanitizer --tool memcheck python repro_{fn}.py",
        "attempt": "Custom `{fn}` kernel with hidden size {dim}",
        "lesson": "Pad to a multiple of {block} or mask the tail; debug with CUDA_LAUNCH_BLOCKING=1",
    },
    {
        "lib": "transformers",
        "msg": "ValueError: Asking to pad but the tokenizer does not have a padding token. Please select a token to use as `pad_token` `(tokenizer.pad_token = tokenizer.eos_token e.g.)` or add a new pad token via `tokenizer.add_special_tokens({{'pad_token': '[PAD]'}})`.",
        "frames": [
            ("prepare.py", "{line}", "encode", "batch = tokenizer(texts, padding=True, truncation=True, max_length={seq})"),
            (_site("transformers") + "/tokenization_utils_base.py", "3055", "__call__", "encodings = self._call_one(text=text, text_pair=text_pair, **all_kwargs)"),
            (_site("transformers") + "/tokenization_utils_base.py", "2790", "_get_padding_truncation_strategies", "raise ValueError("),
        ],
        "cause": "{model} ships without a pad token; batching with padding=True needs one.",
        "fix_lang": "python",
        "fix": "tokenizer.pad_token = tokenizer.eos_token\ntokenizer.padding_side = '{side}'\nmodel.config.pad_token_id = tokenizer.pad_token_id",
        "attempt": "Batch tokenization with `padding=True` on the stock tokenizer",
        "lesson": "Set pad_token = eos_token and padding_side='{side}'",
    },
    {
        "lib": "transformers",
        "msg": "RuntimeError: Error(s) in loading state_dict for {cls}: size mismatch for model.embed_tokens.weight: copying a param with shape torch.Size([{vocab}, {dim}]) from checkpoint, the shape in current model is torch.Size([{vocab2}, {dim}]).",
        "frames": [
            ("resume.py", "{line}", "load", "model.load_state_dict(torch.load(ckpt_path), strict=True)"),
            (_site("torch") + "/nn/modules/module.py", "2584", "load_state_dict", "raise RuntimeError("),
        ],
        "cause": "The checkpoint was saved after adding {added} special tokens; the fresh model still has the base vocabulary.",
        "fix_lang": "python",
        "fix": "tokenizer = AutoTokenizer.from_pretrained(ckpt_dir)\nmodel.resize_token_embeddings(len(tokenizer), pad_to_multiple_of=64)\nmodel.load_state_dict(torch.load(ckpt_path), strict=True)",
        "attempt": "Resume from step {step} with the base tokenizer",
        "lesson": "Load the tokenizer saved with the checkpoint and resize embeddings first",
    },
    {
        "lib": "vLLM",
        "msg": "ValueError: The model's max seq len ({seq2}) is larger than the maximum number of tokens that can be stored in KV cache ({kv}). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.",
        "frames": [
            ("serve.py", "{line}", "build_engine", "llm = LLM(model='{model}', max_model_len={seq2})"),
            (_site("vllm") + "/engine/llm_engine.py", "{line2}", "_initialize_kv_caches", "self.model_executor.initialize_cache(num_gpu_blocks, num_cpu_blocks)"),
            (_site("vllm") + "/worker/worker.py", "505", "raise_if_cache_size_invalid", "raise ValueError("),
        ],
        "cause": "With gpu_memory_utilization={util} the weights leave room for only {kv} KV-cache tokens.",
        "fix_lang": "bash",
        "fix": "vllm serve {model} \\\n    --max-model-len {kv_fit} \\\n    --gpu-memory-utilization 0.92 \\\n    --enable-chunked-prefill",
        "attempt": "max_model_len {seq2} at gpu_memory_utilization {util}",
        "lesson": "Cap max_model_len at {kv_fit} or raise utilization to 0.92",
    },
    {
        "lib": "vLLM",
        "msg": "RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {{'EngineCore_{rank}': 1}}",
        "frames": [
            ("rollout.py", "{line}", "start", "engine = AsyncLLMEngine.from_engine_args(engine_args)"),
            (_site("vllm") + "/v1/engine/core_client.py", "{line2}", "wait_for_engine_startup", "raise RuntimeError("),
        ],
        "cause": "A previous run's engine process still held {gib:.1f} GiB on the same GPU, so the new engine core died while profiling memory.",
        "fix_lang": "bash",
        "fix": "nvidia-smi --query-compute-apps=pid,used_memory --format=csv\nkill <pid>   # only the stale engine, by PID\ntrap 'kill $ENGINE_PID' EXIT",
        "attempt": "Restarting the rollout engine without cleanup",
        "lesson": "Kill the stale engine by PID and trap EXIT in launch scripts",
    },
    {
        "lib": "deepspeed",
        "msg": "AssertionError: Check batch related parameters. train_batch_size is not equal to micro_batch_per_gpu * gradient_acc_step * world_size {tbs} != {mb} * {ga} * {world}",
        "frames": [
            ("train.py", "{line}", "main", "engine, optim, _, _ = deepspeed.initialize(model=model, config='ds_zero3.json')"),
            (_site("deepspeed") + "/runtime/config.py", "{line2}", "_batch_assertion", "assert train_batch == micro_batch * grad_acc * self.world_size, ("),
        ],
        "cause": "ds_zero3.json hard-codes train_batch_size={tbs} while the job ran on {world} GPUs.",
        "fix_lang": "json",
        "fix": '{{\n  "train_batch_size": "auto",\n  "train_micro_batch_size_per_gpu": {mb},\n  "gradient_accumulation_steps": "auto",\n  "zero_optimization": {{"stage": 3, "overlap_comm": true}}\n}}',
        "attempt": "Fixed train_batch_size {tbs} in the DeepSpeed config",
        "lesson": "Use \"auto\" and let the launcher derive it from the world size",
    },
    {
        "lib": "deepspeed",
        "msg": "RuntimeError: The size of tensor a ({dim}) must match the size of tensor b (0) at non-singleton dimension 1",
        "frames": [
            ("eval.py", "{line}", "score", "logits = engine.module.lm_head(hidden)"),
            (_site("torch") + "/nn/modules/linear.py", "125", "forward", "return F.linear(input, self.weight, self.bias)"),
        ],
        "cause": "Under ZeRO-3 the lm_head weight is partitioned; calling the submodule directly skips the gather hook, so the local shard is empty.",
        "fix_lang": "python",
        "fix": "import deepspeed\nwith deepspeed.zero.GatheredParameters(engine.module.lm_head.weight, modifier_rank=None):\n    logits = engine.module.lm_head(hidden)",
        "attempt": "Calling `lm_head` directly under ZeRO-3",
        "lesson": "Wrap direct submodule calls in zero.GatheredParameters",
    },
    {
        "lib": "datasets",
        "msg": "datasets.exceptions.DatasetGenerationError: An error occurred while generating the dataset",
        "frames": [
            ("prepare.py", "{line}", "build", "ds = load_dataset('json', data_files='{dataset}/*.jsonl', split='train')"),
            (_site("datasets") + "/builder.py", "{line2}", "_prepare_split_single", "raise DatasetGenerationError(\"An error occurred while generating the dataset\") from e"),
        ],
        "cause": "Shard {shard} of {dataset} has a `{field}` field that is a string in some rows and a list in others; Arrow cannot merge the schemas.",
        "fix_lang": "python",
        "fix": "from datasets import Features, Value, Sequence\nfeatures = Features({{'text': Value('string'), '{field}': Sequence(Value('string'))}})\nds = load_dataset('json', data_files=files, features=features, split='train')",
        "attempt": "Schema inference over {shards} JSONL shards",
        "lesson": "Pass explicit Features; normalise `{field}` to a list upstream",
    },
    {
        "lib": "datasets",
        "msg": "OSError: [Errno 28] No space left on device: '/root/.cache/huggingface/datasets/{dataset}/default/0.0.0/cache-{hexid}.arrow'",
        "frames": [
            ("prepare.py", "{line}", "tokenize_all", "ds = ds.map(tokenize, batched=True, num_proc={procs})"),
            (_site("datasets") + "/arrow_writer.py", "{line2}", "write_table", "self.pa_writer.write_table(pa_table, writer_batch_size)"),
        ],
        "cause": "`map` with num_proc={procs} writes one cache file per process into the home volume, which had {free:.0f} GB free.",
        "fix_lang": "bash",
        "fix": "export HF_DATASETS_CACHE=/scratch/$USER/hf-datasets\ndf -h /scratch   # keep 3x the tokenized size free",
        "attempt": "Tokenizing {dataset} into the default cache",
        "lesson": "Point HF_DATASETS_CACHE at scratch storage",
    },
    {
        "lib": "tokenizers",
        "msg": "Exception: data did not match any variant of untagged enum ModelWrapper at line {line} column {col}",
        "frames": [
            ("load.py", "{line2}", "get_tokenizer", "tok = AutoTokenizer.from_pretrained('{model}')"),
            (_site("transformers") + "/tokenization_utils_fast.py", "115", "__init__", "fast_tokenizer = TokenizerFast.from_file(fast_tokenizer_file)"),
        ],
        "cause": "tokenizer.json was written by tokenizers 0.{tok_new}, which the installed 0.{tok_old} cannot parse.",
        "fix_lang": "bash",
        "fix": "pip install -U 'tokenizers>=0.{tok_new}' 'transformers>=4.{tf}'\npython -c \"import tokenizers; print(tokenizers.__version__)\"",
        "attempt": "Loading a tokenizer saved by a newer tokenizers release",
        "lesson": "Upgrade tokenizers to 0.{tok_new}+ on every node",
    },
    {
        "lib": "tokenizers",
        "msg": "thread '<unnamed>' panicked at src/models/bpe/trainer.rs:{line}:{col}: attempt to add with overflow",
        "frames": [
            ("train_tokenizer.py", "{line2}", "train", "tokenizer.train_from_iterator(batches(), trainer=trainer, length={docs})"),
            (_site("tokenizers") + "/implementations/base_tokenizer.py", "408", "train_from_iterator", "self._tokenizer.train_from_iterator("),
        ],
        "cause": "Pair counts overflowed on {docs} documents with min_frequency=0 and a vocab of {vocab}.",
        "fix_lang": "python",
        "fix": "trainer = BpeTrainer(vocab_size={vocab}, min_frequency=2,\n                     limit_alphabet=1000, show_progress=False)\ntokenizer.train_from_iterator(batches(), trainer=trainer)",
        "attempt": "BPE training with min_frequency=0",
        "lesson": "Use min_frequency=2 and limit_alphabet=1000",
    },
    {
        "lib": "jax",
        "msg": "jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying to allocate {bytes} bytes.",
        "frames": [
            ("train_jax.py", "{line}", "main", "state, metrics = p_train_step(state, batch)"),
            (_site("jax") + "/_src/pjit.py", "{line2}", "_pjit_call_impl_python", "return compiled.unsafe_call(*args), compiled"),
        ],
        "cause": "The parameters were replicated instead of sharded: the mesh axis 'fsdp' was not used in the partition spec.",
        "fix_lang": "python",
        "fix": "from jax.sharding import Mesh, NamedSharding, PartitionSpec as P\nmesh = Mesh(jax.devices(), ('fsdp',))\nparams = jax.device_put(params, NamedSharding(mesh, P('fsdp', None)))",
        "attempt": "Replicated params on {hw}",
        "lesson": "Shard parameters over the 'fsdp' mesh axis",
    },
    {
        "lib": "jax",
        "msg": "jax.errors.ConcretizationTypeError: Abstract tracer value encountered where concrete value is expected: traced array with shape int32[]",
        "frames": [
            ("model_jax.py", "{line}", "__call__", "for i in range(num_layers_{fn}):"),
            (_site("jax") + "/_src/core.py", "{line2}", "__index__", "raise ConcretizationTypeError(self, context)"),
        ],
        "cause": "A Python loop bound came from a traced argument inside jit.",
        "fix_lang": "python",
        "fix": "train_step = jax.jit(train_step, static_argnames=('num_layers',))\n# or use jax.lax.fori_loop for a traced bound",
        "attempt": "Looping over a traced layer count",
        "lesson": "Mark it static_argnames or use lax.fori_loop",
    },
    {
        "lib": "triton",
        "msg": "triton.runtime.errors.OutOfResources: out of resource: shared memory, Required: {smem}, Hardware limit: 101376. Reducing block sizes or `num_stages` may help.",
        "frames": [
            ("kernels/{fn}.py", "{line}", "{fn}", "_{fn}_kernel[grid](x, y, out, N, BLOCK_M={block}, BLOCK_N={block2}, num_stages={stages})"),
            (_site("triton") + "/runtime/jit.py", "{line2}", "run", "kernel = self.compile(src, target=target, options=options.__dict__)"),
        ],
        "cause": "BLOCK_M={block}, BLOCK_N={block2} with num_stages={stages} needs more shared memory than the {hw} has per SM.",
        "fix_lang": "python",
        "fix": "@triton.autotune(configs=[\n    triton.Config({{'BLOCK_M': 64, 'BLOCK_N': 64}}, num_stages=2, num_warps=4),\n    triton.Config({{'BLOCK_M': 128, 'BLOCK_N': 32}}, num_stages=3, num_warps=4),\n], key=['N'])",
        "attempt": "Fixed tile {block}x{block2} with {stages} stages",
        "lesson": "Autotune tiles and stages per GPU; shared memory differs by arch",
    },
    {
        "lib": "torch.compile",
        "msg": "torch._dynamo.exc.Unsupported: call_function BuiltinVariable(print) [ConstantVariable(str)] {{}}",
        "frames": [
            ("model.py", "{line}", "forward", "print('{noun} stats', x.mean())"),
            (_site("torch") + "/_dynamo/symbolic_convert.py", "{line2}", "call_function", "unimplemented(f\"call_function {{fn}} {{args}} {{kwargs}}\")"),
        ],
        "cause": "A debug print inside forward caused a graph break; with fullgraph=True that is an error.",
        "fix_lang": "python",
        "fix": "torch._logging.set_logs(graph_breaks=True)\nmodel = torch.compile(model, fullgraph=True, mode='max-autotune')\n# log stats outside the compiled region",
        "attempt": "`fullgraph=True` with debug prints in forward",
        "lesson": "Remove side effects from forward; find breaks with TORCH_LOGS=graph_breaks",
    },
    {
        "lib": "flash-attn",
        "msg": "RuntimeError: FlashAttention only supports Ampere GPUs or newer.",
        "frames": [
            ("model.py", "{line}", "attention", "out = flash_attn_func(q, k, v, causal=True)"),
            (_site("flash_attn") + "/flash_attn_interface.py", "{line2}", "_flash_attn_forward", "out, softmax_lse, S_dmask, rng_state = flash_attn_cuda.fwd("),
        ],
        "cause": "The job landed on a V100/T4 node; FlashAttention-2 kernels need sm80+.",
        "fix_lang": "python",
        "fix": "major, _ = torch.cuda.get_device_capability()\nattn_impl = 'flash_attention_2' if major >= 8 else 'sdpa'\nmodel = AutoModelForCausalLM.from_pretrained(name, attn_implementation=attn_impl)",
        "attempt": "flash_attention_2 on a mixed GPU pool",
        "lesson": "Choose sdpa below compute capability 8.0",
    },
    {
        "lib": "bitsandbytes",
        "msg": "RuntimeError: CUDA Setup failed despite GPU being available. Please run the following command to get more information: python -m bitsandbytes",
        "frames": [
            ("quantize.py", "{line}", "load_4bit", "model = AutoModelForCausalLM.from_pretrained('{model}', quantization_config=bnb_config)"),
            (_site("bitsandbytes") + "/cextension.py", "{line2}", "<module>", "raise RuntimeError("),
        ],
        "cause": "The container had CUDA {cuda} runtime libraries but bitsandbytes looked for libcudart.so.{cuda_old}.",
        "fix_lang": "bash",
        "fix": "pip install -U 'bitsandbytes>=0.{bnb}'\nexport BNB_CUDA_VERSION={cuda_nodot}\npython -m bitsandbytes   # must print SUCCESS",
        "attempt": "bitsandbytes from the base image",
        "lesson": "Upgrade bitsandbytes to match the CUDA runtime",
    },
    {
        "lib": "peft",
        "msg": "ValueError: Target modules {{'{mod1}', '{mod2}'}} not found in the base model. Please check the target modules and try again.",
        "frames": [
            ("lora.py", "{line}", "wrap", "model = get_peft_model(model, LoraConfig(r={r}, target_modules=['{mod1}', '{mod2}']))"),
            (_site("peft") + "/tuners/tuners_utils.py", "{line2}", "inject_adapter", "raise ValueError("),
        ],
        "cause": "{model} names its projections differently from the Llama layout the config was copied from.",
        "fix_lang": "python",
        "fix": "names = {{n.split('.')[-1] for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)}}\nprint(sorted(names))\nconfig = LoraConfig(r={r}, lora_alpha={alpha}, target_modules='all-linear')",
        "attempt": "LoRA target_modules copied from a Llama recipe",
        "lesson": "List Linear module names first, or use target_modules='all-linear'",
    },
    {
        "lib": "accelerate",
        "msg": "ValueError: Expected a cuda device, but got: cpu",
        "frames": [
            ("train.py", "{line}", "main", "model, optimizer, loader = accelerator.prepare(model, optimizer, loader)"),
            (_site("accelerate") + "/accelerator.py", "{line2}", "prepare_model", "raise ValueError("),
        ],
        "cause": "CUDA_VISIBLE_DEVICES was set to an empty string by the scheduler wrapper, so torch saw no GPU.",
        "fix_lang": "bash",
        "fix": "echo \"CUDA_VISIBLE_DEVICES='$CUDA_VISIBLE_DEVICES'\"\npython -c 'import torch; print(torch.cuda.device_count())'\naccelerate launch --num_processes {world} train.py",
        "attempt": "Launching through the cluster wrapper script",
        "lesson": "Print CUDA_VISIBLE_DEVICES and device_count at start-up",
    },
    {
        "lib": "numerics",
        "msg": "RuntimeError: Function 'LogSoftmaxBackward0' returned nan values in its 0th output.",
        "frames": [
            ("train.py", "{line}", "train_step", "loss.backward()"),
            (_site("torch") + "/_tensor.py", "581", "backward", "torch.autograd.backward("),
            (_site("torch") + "/autograd/graph.py", "825", "_engine_run_backward", "return Variable._execution_engine.run_backward("),
        ],
        "cause": "fp16 logits overflowed at step {step} once the learning rate reached {lr}; the log-softmax of inf is nan.",
        "fix_lang": "python",
        "fix": "torch.autograd.set_detect_anomaly(True)   # found it; turn off again after\nargs.bf16, args.fp16 = True, False\nargs.max_grad_norm = 1.0\nargs.learning_rate = {lr_fix}",
        "attempt": "fp16 with lr {lr}",
        "lesson": "Switch to bf16, clip at 1.0, lower lr to {lr_fix}",
    },
    {
        "lib": "faiss",
        "msg": "RuntimeError: Error in virtual void faiss::IndexIVF::train(idx_t, const float*): Error: 'n >= nlist' failed: not enough training points ({npoints}) for {nlist} centroids",
        "frames": [
            ("index.py", "{line}", "build_index", "index.train(embeddings[:{npoints}])"),
            (_site("faiss") + "/class_wrappers.py", "{line2}", "replacement_train", "self.train_c(n, swig_ptr(x))"),
        ],
        "cause": "IVF with nlist={nlist} needs at least 39 * nlist training vectors; the sample had {npoints}.",
        "fix_lang": "python",
        "fix": "nlist = int(4 * math.sqrt(len(embeddings)))\nsample = embeddings[rng.choice(len(embeddings), 39 * nlist, replace=False)]\nindex.train(sample)",
        "attempt": "IVF{nlist} trained on {npoints} vectors",
        "lesson": "Train on >= 39 * nlist vectors; nlist ~ 4 * sqrt(N)",
    },
    {
        "lib": "safetensors",
        "msg": "safetensors_rust.SafetensorError: Error while deserializing header: HeaderTooLarge",
        "frames": [
            ("load.py", "{line}", "load_shard", "state = load_file('{path}/model-000{shard:02d}-of-000{shards:02d}.safetensors')"),
            (_site("safetensors") + "/torch.py", "{line2}", "load_file", "with safe_open(filename, framework=\"pt\", device=device) as f:"),
        ],
        "cause": "The shard was a Git LFS pointer file, not the weights: the clone skipped `git lfs pull`.",
        "fix_lang": "bash",
        "fix": "head -c 200 model-000{shard:02d}-of-000{shards:02d}.safetensors   # 'version https://git-lfs...' means a pointer\ngit lfs install && git lfs pull\nhuggingface-cli download {model} --local-dir {path}",
        "attempt": "Loading weights from a plain git clone",
        "lesson": "Download with huggingface-cli or run git lfs pull",
    },
    {
        "lib": "wandb",
        "msg": "wandb.errors.CommError: Run initialization has timed out after 90.0 sec. Please try increasing the timeout with the `init_timeout` setting: `wandb.init(settings=wandb.Settings(init_timeout=120))`.",
        "frames": [
            ("train.py", "{line}", "setup_logging", "run = wandb.init(project='{project}', name=run_name)"),
            (_site("wandb") + "/sdk/wandb_init.py", "{line2}", "init", "raise CommError("),
        ],
        "cause": "Compute nodes have no outbound network; only the login node does.",
        "fix_lang": "bash",
        "fix": "export WANDB_MODE=offline\n# after the run, from the login node:\nwandb sync wandb/offline-run-*",
        "attempt": "Online W&B logging from compute nodes",
        "lesson": "Log offline and sync from the login node",
    },
)  # fmt: skip


def _values(rng: random.Random, model: str, hw: str, dataset: str, fn: str) -> dict[str, object]:
    """Per-entry numbers and names for the templates' fields."""
    batch = rng.choice((8, 16, 32, 64))
    seq2 = rng.choice((32768, 65536, 131072))
    kv = rng.randrange(9000, seq2 - 1000, 16)
    block = rng.choice((64, 128, 256))
    world = rng.choice((2, 4, 8, 16, 32))
    mb = rng.choice((1, 2, 4))
    ga = rng.choice((2, 4, 8, 16))
    shards = rng.randrange(2, 30)
    lr = rng.choice(("3e-4", "5e-4", "1e-3", "2e-4"))
    return {
        "gib": rng.uniform(0.5, 24.0),
        "free": rng.uniform(0.1, 3.0),
        "gpu": rng.randrange(8),
        "line": rng.randrange(20, 900),
        "line2": rng.randrange(100, 3000),
        "col": rng.randrange(1, 120),
        "batch": batch,
        "half": batch // 2,
        "seq": rng.choice((1024, 2048, 4096, 8192, 16384)),
        "seq2": seq2,
        "kv": kv,
        "kv_fit": (kv // 1024) * 1024,
        "util": rng.choice((0.7, 0.8, 0.85, 0.9)),
        "rank": rng.randrange(1, 64),
        "nodes": rng.choice((2, 4, 8)),
        "iface": rng.choice(("ib0", "eth1", "ens5", "bond0", "enp65s0")),
        "nccl": rng.choice((18, 19, 20, 21)),
        "seqnum": rng.randrange(1000, 900000),
        "numel": rng.randrange(1, 10**8),
        "ms": rng.randrange(10, 999),
        "dim": rng.choice((768, 1024, 2048, 3072, 4096, 5120)),
        "block": block,
        "block2": rng.choice((32, 64, 128)),
        "stages": rng.choice((3, 4, 5)),
        "smem": rng.randrange(110000, 260000, 256),
        "vocab": rng.choice((32000, 32128, 50257, 128256, 151936, 256000)),
        "vocab2": rng.choice((32000, 50257, 128000, 151643)),
        "added": rng.randrange(2, 300),
        "step": rng.randrange(100, 90000),
        "tbs": rng.choice((64, 128, 256, 512)),
        "mb": mb,
        "ga": ga,
        "world": world,
        "shard": rng.randrange(1, shards + 1),
        "shards": shards,
        "field": rng.choice(("tags", "answers", "labels", "choices", "images", "meta")),
        "procs": rng.choice((8, 16, 32, 64)),
        "hexid": "".join(rng.choice("0123456789abcdef") for _ in range(16)),
        "tok_new": rng.choice((19, 20, 21)),
        "tok_old": rng.choice((13, 14, 15)),
        "tf": rng.choice((40, 42, 44, 46)),
        "docs": rng.randrange(10**6, 10**9),
        "bytes": rng.randrange(10**9, 8 * 10**10),
        "smem_hw": hw,
        "cuda": rng.choice(("12.1", "12.4", "12.6")),
        "cuda_old": rng.choice(("11.8", "11.7")),
        "cuda_nodot": rng.choice(("121", "124", "126")),
        "bnb": rng.choice((43, 44, 45)),
        "mod1": rng.choice(("q_proj", "query_key_value", "c_attn", "Wqkv", "qkv_proj")),
        "mod2": rng.choice(("v_proj", "dense", "c_proj", "out_proj", "o_proj")),
        "r": rng.choice((8, 16, 32, 64)),
        "alpha": rng.choice((16, 32, 64, 128)),
        "lr": lr,
        "lr_fix": rng.choice(("1e-4", "5e-5", "2e-5")),
        "npoints": rng.randrange(1000, 60000),
        "nlist": rng.choice((1024, 4096, 16384, 65536)),
        "path": f"/scratch/models/{model.split('/')[-1].lower()}",
        "project": f"{dataset}-{fn.replace('_', '-')}",
        "side": rng.choice(("left", "right")),
        "cls": rng.choice(("LlamaForCausalLM", "Qwen2ForCausalLM", "MistralForCausalLM")),
        "noun": rng.choice(NOUNS),
        "model": model,
        "hw": hw,
        "dataset": dataset,
        "fn": fn,
    }


def _error_case(
    rng: random.Random, template: dict[str, object], values: dict[str, object]
) -> ErrorCase:
    def fill(text: object) -> str:
        return str(text).format(**values)

    message = fill(template["msg"])
    frames = template["frames"]
    assert isinstance(frames, list)
    lines = ["Traceback (most recent call last):"]
    for file, line, function, code in frames:
        lines.append(f'  File "{fill(file)}", line {fill(line)}, in {fill(function)}')
        lines.append(f"    {fill(code)}")
    lines.append(message)
    if str(template["lib"]) in ("NCCL", "CUDA"):
        lines.append("CUDA kernel errors might be asynchronously reported at some other API call.")
    return ErrorCase(
        library=str(template["lib"]),
        message=message,
        traceback="\n".join(lines),
        cause=fill(template["cause"]),
        fix_lang=str(template["fix_lang"]),
        fix=fill(template["fix"]),
        attempt=fill(template["attempt"]),
        lesson=fill(template["lesson"]),
    )


@dataclass(frozen=True)
class SkillSpec:
    """Everything one synthetic plugin's files are rendered from."""

    category: str
    name: str
    topic: str
    author: str
    date: dt.date
    model: str
    hardware: str
    dataset: str
    goal: str
    functions: tuple[str, ...]
    errors: tuple[ErrorCase, ...]
    failed: tuple[tuple[str, str, str], ...]
    params: tuple[tuple[str, str], ...]
    script: str
    description: str
    rng_words: tuple[str, ...]


def _identifier(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}_{rng.choice(NOUNS)}".replace("-", "_")


def _spec(index: int, seed: int) -> SkillSpec:
    rng = random.Random(f"{seed}:{index}")
    categories = sorted(CATEGORIES)
    category = categories[index % len(categories)]
    topic = rng.choice(CATEGORIES[category])
    subject = rng.choice(SUBJECTS)
    name = f"{topic}-{rng.choice(ADJECTIVES)}-{subject}-{index:05d}"
    model = MODELS[SUBJECTS.index(subject)]
    hardware = rng.choice(HARDWARE)
    dataset = rng.choice(DATASETS)
    functions = tuple(dict.fromkeys(_identifier(rng) for _ in range(6)))
    n_errors = rng.randint(3, 5)
    templates = rng.sample(_TEMPLATES, n_errors)
    errors = tuple(
        _error_case(rng, t, _values(rng, model, hardware, dataset, functions[0])) for t in templates
    )
    failed = tuple(
        (e.attempt, f"`{_short(e.message)}`", e.lesson)
        for e in errors[: rng.randint(3, len(errors))]
    )
    goal = (
        f"Make {topic.replace('-', ' ')} on {model} {rng.choice(ADJECTIVES).replace('-', ' ')} "
        f"on {hardware} with {dataset}, and record every {rng.choice(NOUNS)} failure on the way"
    )
    params = (
        ("learning_rate", rng.choice(("1e-5", "2e-5", "5e-5", "1e-4", "3e-4"))),
        ("per_device_train_batch_size", str(rng.choice((1, 2, 4, 8)))),
        ("gradient_accumulation_steps", str(rng.choice((4, 8, 16)))),
        ("max_seq_length", str(rng.choice((1024, 2048, 4096, 8192)))),
        ("warmup_ratio", rng.choice(("0.01", "0.03", "0.05"))),
        ("weight_decay", rng.choice(("0.0", "0.01", "0.1"))),
        ("seed", str(rng.randrange(10000))),
        (f"{rng.choice(NOUNS).replace('-', '_')}_{rng.choice(NOUNS).replace('-', '_')}", str(rng.randrange(1, 512))),
    )  # fmt: skip
    libs = ", ".join(dict.fromkeys(e.library for e in errors))
    scenarios = ", ".join(
        f"({i}) When encountering {_short(e.message, 70)!r}" for i, e in enumerate(errors[:3], 2)
    )
    description = (
        f"{topic.replace('-', ' ').capitalize()} recipe for {model} on {dataset}. "
        f"Usage scenarios: (1) When running {topic} with {libs}, {scenarios}. "
        f"Verified on {model.split('/')[-1]}, {hardware}."
    )
    rng_words = tuple(rng.choice(NOUNS) for _ in range(12))
    return SkillSpec(
        category=category,
        name=name,
        topic=topic,
        author=rng.choice(AUTHORS),
        date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(600)),
        model=model,
        hardware=hardware,
        dataset=dataset,
        goal=goal,
        functions=functions,
        errors=errors,
        failed=failed,
        params=params,
        script=f"{functions[0]}.py",
        description=description.replace('"', "'"),
        rng_words=rng_words,
    )


def _short(message: str, limit: int = 90) -> str:
    """The head of an error message, safe inside a table cell and a code span."""
    text = message.replace("|", "/").replace("`", "'")
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _heading_span(message: str) -> str:
    """An inline code span holding `message` (double ticks when it holds a tick)."""
    return f"`` {message} ``" if "`" in message else f"`{message}`"


def render_skill(spec: SkillSpec) -> str:
    """SKILL.md in the starter plugins' format."""
    fm = (
        f"---\nname: {spec.name}\ndescription: {json.dumps(spec.description)}\nlicense: MIT\n"
        f'metadata:\n  author: {spec.author}\n  date: "{spec.date.isoformat()}"\n---\n'
    )
    f0, f1, f2 = spec.functions[0], spec.functions[1 % len(spec.functions)], spec.functions[-1]
    words = spec.rng_words
    overview = (
        f"# {spec.name} - Research Notes\n\n## Experiment Overview\n\n"
        "| Item | Details |\n|------|---------|\n"
        f"| **Date** | {spec.date.isoformat()} |\n| **Researcher** | {spec.author} |\n"
        f"| **Goal** | {spec.goal} |\n| **Model** | {spec.model} |\n"
        f"| **Environment** | {spec.hardware}, {', '.join(dict.fromkeys(e.library for e in spec.errors))} |\n"
        f"| **Dataset** | {spec.dataset} |\n"
        f"| **Outcome** | Stable run after {len(spec.failed)} failed attempts; `{f0}` and `{f1}` are the fixes that mattered |\n\n"
        f"The {words[0]} and {words[1]} handling is where this setup differs from the default "
        f"{spec.topic} recipe: `{f2}` runs before the {words[2]} is built, so a {words[3]} "
        f"mismatch shows up at start-up instead of after hours of training.\n\n---\n\n"
    )
    steps = [
        (
            "Prepare the environment",
            "bash",
            f"python -m venv .venv && . .venv/bin/activate\npip install -r requirements.txt\n"
            f"python scripts/{spec.script} --check   # validates {words[4]} and {words[5]} settings",
        ),
        (
            f"Build the {words[6]} pipeline",
            "python",
            f"from pipeline import {f0}, {f1}\n\nstate = {f0}('{spec.model}', dataset='{spec.dataset}')\n"
            f"state = {f1}(state, {words[7].replace('-', '_')}_size={spec.params[1][1]})",
        ),
        (
            "Launch",
            "bash",
            f"CUDA_VISIBLE_DEVICES=0,1,2,3 torchrun --nproc-per-node 4 scripts/{spec.script} \\\n"
            f"    --model {spec.model} --dataset {spec.dataset} \\\n"
            f"    --lr {spec.params[0][1]} --seq {spec.params[3][1]}",
        ),
    ]
    workflow = "## Verified Workflow\n\n"
    for number, (title, lang, code) in enumerate(steps, 1):
        workflow += f"### Step {number}: {title}\n\n```{lang}\n{code}\n```\n\n"
    workflow += (
        f"Healthy run: the {words[8]} curve falls within the first 200 steps and no rank logs "
        f"a {words[9]} warning.\n\n---\n\n"
    )
    failed = (
        "## Failed Attempts (Very Important!)\n\n"
        "| Attempt | Why it Failed | Lesson Learned |\n|---------|---------------|----------------|\n"
        + "".join(f"| {a} | {w} | {lesson} |\n" for a, w, lesson in spec.failed)
        + "\n---\n\n"
    )
    hyper = (
        "## Hyperparameters\n\n```yaml\n# verified config (copy-paste ready)\n"
        f"model: {spec.model}\ndataset: {spec.dataset}\n"
        + "".join(f"{k}: {v}\n" for k, v in spec.params)
        + "```\n\n---\n\n"
    )
    insights = (
        "## Key Insights\n\n"
        + "".join(f"- {lesson} ({a.lower()} did not work).\n" for a, _, lesson in spec.failed)
        + f"- Read the {words[10]} log before the trainer traceback: it fails first.\n\n---\n\n"
    )
    refs = (
        "## References\n\n"
        "- [Experiment log](../../references/experiment-log.md)\n"
        "- [Troubleshooting](../../references/troubleshooting.md)\n"
        f"- [scripts/{spec.script}](../../scripts/{spec.script}) - the launcher used above\n"
    )
    return fm + "\n" + overview + workflow + failed + hyper + insights + refs


def render_troubleshooting(spec: SkillSpec) -> str:
    """references/troubleshooting.md: headings that are the exact error."""
    out = [
        f"# Troubleshooting: {spec.name}\n\nError → solution mappings for {spec.topic} on "
        f"{spec.model} ({spec.hardware}).\n"
    ]
    for error in spec.errors:
        out.append(
            f"\n## {_heading_span(error.message)}\n\n"
            f"**Symptom:** The {error.library} run stops with this traceback:\n\n"
            f"```text\n{error.traceback}\n```\n\n"
            f"**Cause:** {error.cause}\n\n"
            f"**Fix:**\n\n```{error.fix_lang}\n{error.fix}\n```\n"
        )
    return "".join(out)


def render_experiment_log(spec: SkillSpec) -> str:
    """references/experiment-log.md with an Issues section, like the starter plugins."""
    out = [
        f"# Experiment Log: {spec.name}\n\n## {spec.date.isoformat()}\n\n### Objective\n\n{spec.goal}.\n\n"
        f"### Environment\n\n* **GPU:** {spec.hardware}\n* **Model:** {spec.model}\n"
        f"* **Dataset:** {spec.dataset}\n\n-----\n\n### Issues Encountered and Solutions\n"
    ]
    for number, (attempt, _, lesson) in enumerate(spec.failed, 1):
        error = spec.errors[number - 1]
        out.append(
            f"\n#### Issue {number}: {attempt.replace('`', '')}\n\n"
            f"* **Symptom:** {_heading_span(error.message)}\n"
            f"* **Cause:** {error.cause}\n* **Solution:** {lesson}.\n"
        )
    out.append(
        "\n-----\n\n### Results\n\n| Configuration | Result |\n|---------------|--------|\n"
        + "".join(f"| {a} | failed: {w} |\n" for a, w, _ in spec.failed)
        + "| final config (see SKILL.md) | stable |\n"
    )
    return "".join(out)


def render_script(spec: SkillSpec) -> str:
    """scripts/<function>.py: a small launcher that reads like the real ones."""
    body = "".join(
        f"\n\ndef {fn}(state: dict, **kwargs: object) -> dict:\n"
        f'    """Step {i} of the {spec.topic} pipeline."""\n'
        f"    state = dict(state, **kwargs)\n    state['{fn}'] = True\n    return state\n"
        for i, fn in enumerate(spec.functions, 1)
    )
    return (
        f'"""Launcher for {spec.name}: {spec.topic} on {spec.model}."""\n\n'
        "import argparse\n" + body + "\n\ndef main() -> None:\n"
        "    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('--check', action='store_true')\n"
        f"    parser.add_argument('--model', default='{spec.model}')\n"
        f"    parser.add_argument('--dataset', default='{spec.dataset}')\n"
        "    args = parser.parse_args()\n    state: dict = {'model': args.model}\n"
        + "".join(f"    state = {fn}(state)\n" for fn in spec.functions)
        + "    print(state)\n\n\nif __name__ == '__main__':\n    main()\n"
    )


def plugin_files(index: int, seed: int = 0) -> dict[str, str]:
    """Files of synthetic plugin `index`, keyed by registry-relative path."""
    spec = _spec(index, seed)
    base = f"plugins/{spec.category}/{spec.name}"
    manifest = {
        "name": spec.name,
        "version": "1.0.0",
        "description": spec.description,
        "author": {"name": spec.author},
        "keywords": sorted({spec.topic, spec.category, *(e.library.lower() for e in spec.errors)}),
        "skills": "./skills",
    }
    return {
        f"{base}/.claude-plugin/plugin.json": json.dumps(manifest, indent=2) + "\n",
        f"{base}/skills/{spec.name}/SKILL.md": render_skill(spec),
        f"{base}/references/troubleshooting.md": render_troubleshooting(spec),
        f"{base}/references/experiment-log.md": render_experiment_log(spec),
        f"{base}/scripts/{spec.script}": render_script(spec),
    }


def generate_registry(root: Path, n: int, seed: int = 0) -> None:
    """Write N synthetic plugins under `root/plugins/` (replacing what was there)."""
    plugins = root / "plugins"
    if plugins.exists():
        shutil.rmtree(plugins)
    made: set[Path] = set()
    for index in range(n):
        for rel, text in plugin_files(index, seed).items():
            path = root / rel
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("out", type=Path, help="registry root to write (plugins/ is replaced)")
    parser.add_argument("--n", type=int, default=1000, help="number of skills")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    generate_registry(args.out, args.n, args.seed)
    print(f"wrote {args.n} plugins to {args.out / 'plugins'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
