#!/usr/bin/env bash
# Remakes docs/tensorboard_scalars.png and docs/tensorboard_graph.png: trains the MNIST MLP with
# examples/tensorboard_mnist.py, serves the logs with the real TensorBoard on 127.0.0.1, and
# photographs two dashboards with headless Chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
logs=$(mktemp -d)
port=${PORT:-6124}
.venv/bin/python examples/tensorboard_mnist.py --epochs 5 --logdir "$logs"
.venv/bin/python -m tensorboard.main --logdir "$logs" --host 127.0.0.1 --port "$port" --load_fast false &
server=$!
trap 'kill $server; rm -rf "$logs"' EXIT
until curl -sf "http://127.0.0.1:$port/data/runs" | grep -q validation; do sleep 1; done
run=$(ls "$logs")
shoot() {  # shoot <file> <width,height> <url fragment>
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$2" \
    --virtual-time-budget=20000 --screenshot="$1" "http://127.0.0.1:$port/#$3"
}
shoot docs/tensorboard_scalars.png 1400,820 "scalars&tagFilter=epoch_(loss%7Caccuracy)&_smoothingWeight=0"
shoot docs/tensorboard_graph.png 1150,640 "graphs&run=$run%2Ftrain"
