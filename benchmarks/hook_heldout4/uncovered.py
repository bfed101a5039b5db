"""Real ML failures for held-out set v4: each script is run as `python NAME.py` (CPU only)
in a venv with torch, transformers, datasets, pandas, polars, pyarrow, scikit-learn,
safetensors and omegaconf; the Hugging Face ones offline (`HF_HUB_OFFLINE=1`, an empty
cache), as on a cluster node without internet. A script whose output holds an error any of
the three registries quotes is dropped by `collect.py`."""

from __future__ import annotations

_HF = "import os\nos.environ['HF_HUB_OFFLINE'] = '1'\nos.environ['HF_HOME'] = 'hf-cache'\n"

SCRIPTS: dict[str, str] = {
    # pandas
    "pd-merge-validate": "import pandas as pd\nleft = pd.DataFrame({'id': [1, 1, 2], 'x': [1, 2, 3]})\nright = pd.DataFrame({'id': [1, 2], 'y': [4, 5]})\nprint(left.merge(right, on='id', validate='one_to_one'))\n",
    "pd-read-csv-usecols": "import pandas as pd\nopen('labels.csv', 'w').write('path,label\\na.png,cat\\nb.png,dog\\n')\nframe = pd.read_csv('labels.csv', usecols=['path', 'split'])\n",
    "pd-astype-int-nan": "import pandas as pd\nframe = pd.DataFrame({'tokens': [12.0, None, 40.0]})\nframe['tokens'] = frame['tokens'].astype(int)\n",
    "pd-pivot-duplicates": "import pandas as pd\nruns = pd.DataFrame({'seed': [0, 0, 1], 'metric': ['acc', 'acc', 'acc'], 'value': [0.8, 0.81, 0.79]})\nprint(runs.pivot(index='seed', columns='metric', values='value'))\n",
    "pd-concat-axis-len": "import pandas as pd\nimport numpy as np\nfeatures = pd.DataFrame(np.zeros((4, 3)))\nfeatures['label'] = pd.Series([1, 0, 1]).values\n",
    "pd-to-datetime": "import pandas as pd\nlog = pd.DataFrame({'ts': ['2024-03-01 10:00', 'step 400', '2024-03-01 10:05']})\nlog['ts'] = pd.to_datetime(log['ts'], format='%Y-%m-%d %H:%M')\n",
    "pd-parquet-engine-schema": "import pandas as pd\npd.DataFrame({'a': [1, 2]}).to_parquet('part-0.parquet')\npd.DataFrame({'a': ['x', 'y']}).to_parquet('part-1.parquet')\nimport pyarrow.dataset as ds\nprint(ds.dataset(['part-0.parquet', 'part-1.parquet']).to_table())\n",
    "pd-qcut-duplicates": "import pandas as pd\nscores = pd.Series([0, 0, 0, 0, 0, 1, 2])\nprint(pd.qcut(scores, q=4))\n",
    "pd-json-lines-trailing": 'import pandas as pd\nopen(\'preds.jsonl\', \'w\').write(\'{"id": 1, "p": 0.3}\\n{"id": 2, "p": 0.9}\\n{"id": 3, "p": \\n\')\nprint(pd.read_json(\'preds.jsonl\', lines=True))\n',
    # polars
    "pl-column-not-found": "import polars as pl\nframe = pl.DataFrame({'prompt': ['a', 'b'], 'response': ['c', 'd']})\nprint(frame.select(pl.col('completion').str.len_chars()))\n",
    "pl-strict-cast": "import polars as pl\nframe = pl.DataFrame({'reward': ['0.5', 'n/a', '1.0']})\nprint(frame.with_columns(pl.col('reward').cast(pl.Float64, strict=True)))\n",
    "pl-concat-schema": "import polars as pl\na = pl.DataFrame({'step': [1, 2], 'loss': [0.5, 0.4]})\nb = pl.DataFrame({'step': [3], 'loss': ['nan']})\nprint(pl.concat([a, b]))\n",
    "pl-join-dtype": "import polars as pl\nlabels = pl.DataFrame({'id': ['1', '2'], 'y': [0, 1]})\nfeats = pl.DataFrame({'id': [1, 2], 'x': [0.1, 0.2]})\nprint(feats.join(labels, on='id'))\n",
    "pl-read-csv-ragged": "import polars as pl\nopen('metrics.csv', 'w').write('step,loss,acc\\n1,0.5,0.7\\n2,0.4\\n3,0.3,0.8,extra\\n')\nprint(pl.read_csv('metrics.csv'))\n",
    "pl-shape-mismatch": "import polars as pl\nframe = pl.DataFrame({'text': ['a', 'b', 'c']})\nframe = frame.with_columns(pl.Series('label', [0, 1]))\n",
    # pyarrow
    "pa-table-lengths": "import pyarrow as pa\ntable = pa.table({'input_ids': [[1, 2], [3]], 'labels': [[1, 2]]})\n",
    "pa-parquet-missing": "import pyarrow.parquet as pq\ntable = pq.read_table('shards/train-00000-of-00032.parquet')\n",
    "pa-cast-overflow": "import pyarrow as pa\nimport pyarrow.compute as pc\narr = pa.array([1, 300, 70000], type=pa.int64())\nprint(pc.cast(arr, pa.int16()))\n",
    "pa-ipc-not-arrow": "import pyarrow as pa\nopen('cache.arrow', 'wb').write(b'PK\\x03\\x04 not arrow at all')\nreader = pa.ipc.open_file('cache.arrow')\n",
    "pa-struct-field": "import pyarrow as pa\nrows = pa.array([{'a': 1}, {'a': 'two'}])\n",
    # numpy / scipy
    "np-linalg-singular": "import numpy as np\ncov = np.ones((3, 3))\nprint(np.linalg.inv(cov))\n",
    "np-axis-error": "import numpy as np\nlogits = np.zeros((8, 10))\nprint(np.argmax(logits, axis=2))\n",
    "np-load-pickle": "import numpy as np\nnp.save('embeddings.npy', np.array([{'id': 1}], dtype=object))\nprint(np.load('embeddings.npy'))\n",
    "np-memmap-size": "import numpy as np\nopen('tokens.bin', 'wb').write(b'\\x00' * 10)\narr = np.memmap('tokens.bin', dtype=np.uint16, mode='r', shape=(8,))\n",
    "np-choice-p": "import numpy as np\nrng = np.random.default_rng(0)\nprint(rng.choice(4, size=2, p=[0.5, 0.3, 0.1, 0.2]))\n",
    "scipy-optimize-bounds": "import numpy as np\nfrom scipy.optimize import minimize\nprint(minimize(lambda x: (x ** 2).sum(), x0=np.array([1.0, 2.0]), bounds=[(0, 1)]))\n",
    # scikit-learn
    "sk-stratify-one": "from sklearn.model_selection import train_test_split\nX = list(range(10))\ny = [0] * 9 + [1]\ntrain_test_split(X, y, test_size=0.2, stratify=y)\n",
    "sk-feature-names": "import pandas as pd\nfrom sklearn.linear_model import LinearRegression\ntrain = pd.DataFrame({'age': [1, 2, 3], 'bmi': [20, 22, 25]})\nmodel = LinearRegression().fit(train, [1, 2, 3])\nprint(model.predict(pd.DataFrame({'bmi': [21], 'age': [2]})[['bmi']]))\n",
    "sk-kfold-splits": "from sklearn.model_selection import StratifiedKFold\nfor fold in StratifiedKFold(n_splits=5).split([[0]] * 6, [0, 0, 0, 0, 1, 1]):\n    print(fold)\n",
    "sk-label-unseen": "from sklearn.preprocessing import LabelEncoder\nenc = LabelEncoder().fit(['cat', 'dog'])\nprint(enc.transform(['cat', 'bird']))\n",
    "sk-onehot-unknown": "from sklearn.preprocessing import OneHotEncoder\nenc = OneHotEncoder().fit([['en'], ['de']])\nprint(enc.transform([['fr']]))\n",
    "sk-roc-one-class": "from sklearn.metrics import roc_auc_score\nprint(roc_auc_score([1, 1, 1], [0.2, 0.8, 0.5]))\n",
    "sk-pipeline-param": "from sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler\nfrom sklearn.svm import SVC\npipe = make_pipeline(StandardScaler(), SVC())\npipe.set_params(svm__C=10)\n",
    "sk-gridsearch-scoring": "from sklearn.model_selection import GridSearchCV\nfrom sklearn.tree import DecisionTreeClassifier\nGridSearchCV(DecisionTreeClassifier(), {'max_depth': [2]}, scoring='f1_weighted_macro').fit([[0], [1]] * 5, [0, 1] * 5)\n",
    "sk-pca-components": "import numpy as np\nfrom sklearn.decomposition import PCA\nPCA(n_components=16).fit(np.random.rand(10, 8))\n",
    # torch (CPU)
    "torch-embedding-index": "import torch\nemb = torch.nn.Embedding(100, 16)\nids = torch.tensor([[5, 17, 100]])\nprint(emb(ids).shape)\n",
    "torch-view-contiguous": "import torch\nx = torch.randn(4, 8, 16).transpose(1, 2)\nprint(x.view(4, -1).shape)\n",
    "torch-backward-twice": "import torch\nw = torch.randn(3, requires_grad=True)\nloss = (w.exp() * 2).sum()\nloss.backward()\nloss.backward()\n",
    "torch-inplace-grad": "import torch\nx = torch.randn(5, requires_grad=True)\ny = x.sigmoid()\ny.mul_(2)\ny.sum().backward()\n",
    "torch-scalar-grad": "import torch\nmodel = torch.nn.Linear(4, 2)\nout = model(torch.randn(8, 4))\nout.backward()\n",
    "torch-batchnorm-one": "import torch\nbn = torch.nn.BatchNorm1d(32)\nbn.train()\nprint(bn(torch.randn(1, 32)))\n",
    "torch-stack-sizes": "import torch\nfrom torch.utils.data import DataLoader\nitems = [torch.zeros(12), torch.zeros(12), torch.zeros(9)]\nfor batch in DataLoader(items, batch_size=3):\n    print(batch.shape)\n",
    "torch-state-dict-keys": "import torch\nsource = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))\ntarget = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Linear(4, 2))\ntarget.load_state_dict(source.state_dict())\n",
    "torch-load-weights-only": "import torch, argparse\ntorch.save({'model': {}, 'args': argparse.Namespace(lr=0.1)}, 'ckpt.pt')\nstate = torch.load('ckpt.pt')\n",
    "torch-dtype-long-float": "import torch\nlayer = torch.nn.Linear(3, 1)\nprint(layer(torch.tensor([[1, 2, 3]])))\n",
    "torch-cat-dims": "import torch\nhidden = torch.randn(2, 5, 64)\nextra = torch.randn(2, 64)\nprint(torch.cat([hidden, extra], dim=1).shape)\n",
    "torch-optimizer-empty": "import torch\nmodel = torch.nn.Linear(4, 4)\nfor p in model.parameters():\n    p.requires_grad_(False)\nopt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-3)\n",
    "torch-conv-channels": "import torch\nconv = torch.nn.Conv2d(3, 16, 3)\nimages = torch.randn(2, 224, 224, 3)\nprint(conv(images).shape)\n",
    "torch-mse-broadcast-nan": "import torch\npred = torch.randn(8, 1, requires_grad=True)\ntarget = torch.full((8,), float('nan'))\nloss = torch.nn.functional.mse_loss(pred.squeeze(-1), target)\nassert torch.isfinite(loss), f'loss is {loss.item()} at step 0'\n",
    "torch-multinomial": "import torch\nprobs = torch.tensor([[0.0, 0.0, 0.0]])\nprint(torch.multinomial(probs, 1))\n",
    "torch-jit-script": "import torch\n\n\nclass Head(torch.nn.Module):\n    def forward(self, x, mask=None):\n        return x if mask is None else x * mask\n\n\nscripted = torch.jit.script(Head())\nprint(scripted(torch.ones(2), mask=torch.ones(2)))\nprint(scripted(torch.ones(2), 'yes'))\n",
    "torch-onnx-missing": "import torch\nmodel = torch.nn.Linear(4, 2)\ntorch.onnx.export(model, (torch.randn(1, 4),), 'model.onnx', dynamo=False)\n",
    # safetensors / transformers / datasets
    "st-shared-tensors": "import torch\nfrom safetensors.torch import save_file\nw = torch.randn(10, 4)\nsave_file({'embed.weight': w, 'lm_head.weight': w}, 'model.safetensors')\n",
    "st-header-bad": "from safetensors.torch import load_file\nopen('adapter_model.safetensors', 'wb').write(b'version https://git-lfs.github.com/spec/v1\\noid sha256:abc\\n')\nprint(load_file('adapter_model.safetensors'))\n",
    "hf-tokenizer-offline": _HF
    + "from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained('google-bert/bert-base-cased')\n",
    "hf-local-no-config": _HF
    + "import os\nos.makedirs('checkpoints/final', exist_ok=True)\nopen('checkpoints/final/pytorch_model.bin', 'wb').close()\nfrom transformers import AutoModel\nmodel = AutoModel.from_pretrained('checkpoints/final')\n",
    "hf-config-unknown-type": _HF
    + "import json, os\nos.makedirs('export', exist_ok=True)\njson.dump({'model_type': 'mamba3', 'hidden_size': 64}, open('export/config.json', 'w'))\nfrom transformers import AutoConfig\nprint(AutoConfig.from_pretrained('export'))\n",
    "hf-pipeline-task": _HF
    + "from transformers import pipeline\nclf = pipeline('sentiment-analysis-v2')\n",
    "ds-load-offline": _HF
    + "from datasets import load_dataset\nds = load_dataset('openai/gsm8k', 'main', split='train')\n",
    "ds-from-dict-lengths": "from datasets import Dataset\nds = Dataset.from_dict({'question': ['a', 'b', 'c'], 'answer': ['x', 'y']})\n",
    "ds-remove-columns": "from datasets import Dataset\nds = Dataset.from_dict({'text': ['a b', 'c d']})\nds = ds.map(lambda row: {'n': len(row['text'])}, remove_columns=['content'])\n",
    "ds-csv-split-missing": "from datasets import load_dataset\nopen('train.csv', 'w').write('text,label\\nhi,1\\n')\nds = load_dataset('csv', data_files={'train': 'train.csv'}, split='validation')\n",
    "ds-map-batched-lengths": "from datasets import Dataset\nds = Dataset.from_dict({'text': ['a b c', 'd e']})\nds = ds.map(lambda batch: {'chunks': [w for t in batch['text'] for w in t.split()]}, batched=True)\n",
    "ds-select-range": "from datasets import Dataset\nds = Dataset.from_dict({'x': list(range(50))})\nprint(ds.select(range(1000)))\n",
    # configs and plumbing
    "omegaconf-missing": "from omegaconf import OmegaConf\ncfg = OmegaConf.create({'model': {'name': '???', 'layers': 12}})\nprint(cfg.model.name)\n",
    "omegaconf-struct": "from omegaconf import OmegaConf\ncfg = OmegaConf.structured({'lr': 0.1, 'epochs': 3})\nOmegaConf.set_struct(cfg, True)\ncfg.warmup_ratio = 0.03\n",
    "omegaconf-interp": "from omegaconf import OmegaConf\ncfg = OmegaConf.create({'paths': {'out': '${oc.env:RUN_ROOT}/runs'}})\nprint(cfg.paths.out)\n",
    "yaml-tab-config": "import yaml\nyaml.safe_load('trainer:\\n\\tlr: 0.001\\n  epochs: 3\\n')\n",
    "json-nan-metrics": "import json\njson.dumps({'val_loss': float('nan')}, allow_nan=False)\n",
    "argparse-bool-choice": "import argparse\nparser = argparse.ArgumentParser(prog='train.py')\nparser.add_argument('--precision', choices=['fp32', 'bf16', 'fp16'], required=True)\nparser.parse_args(['--precision', 'bfloat16'])\n",
    "pickle-lambda-collate": "import pickle\ncollate = lambda batch: batch\npickle.dumps({'collate_fn': collate})\n",
}
