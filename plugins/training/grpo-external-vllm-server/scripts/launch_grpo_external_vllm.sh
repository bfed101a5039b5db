#!/bin/bash
# GRPO (ms-swift) with an external `vllm serve` server.
# vLLM on GPUs 6,7 (TP=2), training on GPUs 1,2,3,4 (4 processes, DeepSpeed ZeRO2).
# Run scripts/patch_ms_swift.py once before the first launch.
#
#   DATASET=<dataset> REWARD_FUNCS=<reward fn> bash launch_grpo_external_vllm.sh [extra swift args...]
set -euo pipefail

MODEL="${MODEL:-google/gemma-3-12b-it}"
PORT="${PORT:-8000}"
VLLM_GPUS="${VLLM_GPUS:-6,7}"
TRAIN_GPUS="${TRAIN_GPUS:-1,2,3,4}"
NPROC="${NPROC:-4}"
OUTPUT_DIR="${OUTPUT_DIR:-output/grpo-gemma-3-12b-it}"
LOG_DIR="${LOG_DIR:-logs}"
: "${DATASET:?set DATASET to your GRPO dataset}"
: "${REWARD_FUNCS:?set REWARD_FUNCS to your reward function(s)}"

mkdir -p "$LOG_DIR"

if [ ! -f zero2.json ]; then
  cat > zero2.json <<'JSON'
{
  "bf16": {"enabled": "auto"},
  "zero_optimization": {
    "stage": 2,
    "overlap_comm": true,
    "contiguous_gradients": true,
    "reduce_bucket_size": "auto",
    "allgather_bucket_size": 5e8
  },
  "gradient_accumulation_steps": "auto",
  "gradient_clipping": "auto",
  "train_batch_size": "auto",
  "train_micro_batch_size_per_gpu": "auto"
}
JSON
fi

VLLM_PID=""
cleanup() {
  # Always stop the server we started, so GPUs 6,7 are free for the next run.
  if [ -n "$VLLM_PID" ] && kill -0 "$VLLM_PID" 2>/dev/null; then
    echo "Stopping vLLM server (pid $VLLM_PID)"
    kill "$VLLM_PID" 2>/dev/null || true
    wait "$VLLM_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

# --served-model-name default: ms-swift requests the model as 'default'.
CUDA_VISIBLE_DEVICES="$VLLM_GPUS" vllm serve "$MODEL" \
    --host 0.0.0.0 \
    --port "$PORT" \
    --served-model-name default \
    --tensor-parallel-size 2 \
    --gpu-memory-utilization 0.9 \
    --dtype bfloat16 \
    --trust-remote-code \
    > "$LOG_DIR/vllm_server.log" 2>&1 &
VLLM_PID=$!
echo "vLLM server pid $VLLM_PID, log $LOG_DIR/vllm_server.log"

for _ in $(seq 1 180); do
  if curl -sf "http://127.0.0.1:${PORT}/health" > /dev/null; then break; fi
  if ! kill -0 "$VLLM_PID" 2>/dev/null; then
    echo "vLLM server exited during startup; see $LOG_DIR/vllm_server.log" >&2
    exit 1
  fi
  sleep 5
done
curl -sf "http://127.0.0.1:${PORT}/v1/models" | grep -q '"default"' || {
  echo "server is up but does not serve model 'default'" >&2; exit 1; }

# --vllm_skip_weight_sync true: mandatory with standard `vllm serve`.
CUDA_VISIBLE_DEVICES="$TRAIN_GPUS" NPROC_PER_NODE="$NPROC" \
swift rlhf \
    --rlhf_type grpo \
    --model "$MODEL" \
    --use_vllm true \
    --vllm_mode server \
    --vllm_server_host 127.0.0.1 \
    --vllm_server_port "$PORT" \
    --vllm_skip_weight_sync true \
    --train_type full \
    --torch_dtype bfloat16 \
    --deepspeed zero2.json \
    --dataset "$DATASET" \
    --reward_funcs $REWARD_FUNCS \
    --output_dir "$OUTPUT_DIR" \
    "$@" 2>&1 | tee "$LOG_DIR/train.log"
